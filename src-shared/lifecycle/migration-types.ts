/**
 * Which migration types may be combined (the dependencies OMS enforces) and
 * which stages a combination runs.
 */

import type { MigrationType } from '../model/project';
import { MIGRATION_TYPES, MIGRATION_TYPE_LABELS } from '../model/project';
import type { ComponentKind, StageId, SwitchoverStepId } from '../model/stage';
import { SWITCHOVER_STEPS } from '../model/stage';

/** A type that needs another: full verification compares copied data; reverse replays after a forward sync. */
export const TYPE_REQUIRES: Partial<Record<MigrationType, MigrationType>> = {
  verification: 'full',
  reverse: 'incremental',
};

const MOVES_SOMETHING: MigrationType[] = ['schema', 'full', 'incremental'];

export function validateTypes(types: readonly MigrationType[]): string[] {
  const problems: string[] = [];
  if (new Set(types).size !== types.length) problems.push('a migration type is listed twice');
  if (!types.some((t) => MOVES_SOMETHING.includes(t))) {
    problems.push('choose at least one of Schema Migration, Full Migration or Incremental Synchronization');
  }
  for (const type of types) {
    const needed = TYPE_REQUIRES[type];
    if (needed && !types.includes(needed)) {
      problems.push(`${MIGRATION_TYPE_LABELS[type]} needs ${MIGRATION_TYPE_LABELS[needed]}`);
    }
  }
  return problems;
}

/** Turns a type on or off and keeps the set consistent, as the wizard's checkboxes do. */
export function toggleType(types: readonly MigrationType[], type: MigrationType, on: boolean): MigrationType[] {
  const set = new Set(types);
  if (on) {
    set.add(type);
    const needed = TYPE_REQUIRES[type];
    if (needed) set.add(needed);
  } else {
    set.delete(type);
    for (const [dependent, needed] of Object.entries(TYPE_REQUIRES)) {
      if (needed === type) set.delete(dependent as MigrationType);
    }
  }
  return MIGRATION_TYPES.filter((t) => set.has(t));
}

/** Stages in the order they run; forward switchover is always the last forward stage. */
export function stagesFor(types: readonly MigrationType[]): StageId[] {
  const stages: StageId[] = [];
  if (types.includes('schema')) stages.push('schema');
  if (types.includes('full')) stages.push('full');
  if (types.includes('incremental')) stages.push('incremental');
  if (types.includes('verification')) stages.push('verification');
  stages.push('switchover');
  if (types.includes('reverse')) stages.push('reverse');
  return stages;
}

export function sortTypes(types: readonly MigrationType[]): MigrationType[] {
  return MIGRATION_TYPES.filter((t) => types.includes(t));
}

/** Components that carry the stages (F-23), in display order. */
export function componentsFor(types: readonly MigrationType[]): ComponentKind[] {
  const kinds: ComponentKind[] = [];
  if (types.includes('incremental')) kinds.push('store');
  if (types.includes('full')) kinds.push('full-import');
  if (types.includes('incremental')) kinds.push('incr-sync');
  if (types.includes('verification')) kinds.push('full-verification');
  if (types.includes('reverse')) kinds.push('reverse-store', 'reverse-incr-sync');
  return kinds;
}

/** Forward switchover steps vary with the types (seed 003): no sync, no sync steps; no reverse, no reverse steps. */
export function switchoverStepsFor(types: readonly MigrationType[]): SwitchoverStepId[] {
  const incremental = types.includes('incremental');
  const reverse = types.includes('reverse');
  return SWITCHOVER_STEPS.filter((step) => {
    switch (step) {
      case 'start-destination-store':
      case 'start-reverse':
        return reverse;
      case 'confirm-writes-stopped':
      case 'confirm-timestamp-synced':
      case 'stop-forward-sync':
        return incremental;
      default:
        return true;
    }
  });
}
