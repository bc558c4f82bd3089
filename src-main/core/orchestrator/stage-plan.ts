/**
 * A project's stages as data: what each needs before it starts, the
 * services it needs running beside it, and how it ends. The scheduler
 * (stage-scheduler.ts) starts every stage whose needs are met, so stages run
 * side by side; nothing here runs anything.
 */

import type { UnitName } from '../../../src-shared/contract/worker';
import type { MigrationType, StageId, StageStatus } from '../../../src-shared/model';

/** Components that serve several stages and run as long as any stage needing them runs. */
export type ServiceName = 'store' | 'reverse-store';

/**
 * - `completes`: ends on its own (schema, full copy);
 * - `continuous`: runs until the project pauses or a later stage stops it (the replay);
 * - `user`: waits for the user (the forward switchover's steps);
 * - `not-built`: this build does not run it yet; the project waits there.
 */
export type StageEnd = 'completes' | 'continuous' | 'user' | 'not-built';

/**
 * What must hold, beside the stages it comes after, for a stage to start the
 * first time (a stage that has run once resumes without it):
 * - `replay-caught-up`: the replay has caught up with the source (its stage
 *   is Monitoring), so what is checked is not a moving backlog;
 * - `reverse-requested`: the forward switchover has reached its step
 *   "Start reverse incremental" (forward sync stopped, objects processed);
 * - `objects-settled`: no table is being added to the running project
 *   (F-17): verification does not start on a table still being copied.
 */
export type StartCondition = 'replay-caught-up' | 'reverse-requested' | 'objects-settled';

export interface StageSpec {
  stage: StageId;
  /** Stages of the project that must be completed (or skipped) first. */
  after: StageId[];
  when: StartCondition[];
  services: ServiceName[];
  ends: StageEnd;
  /** The worker units the stage (and its services) start with: started ahead while the run prepares. */
  units: UnitName[];
}

const DONE: readonly StageStatus[] = ['completed', 'skipped'];

export function isDone(status: StageStatus): boolean {
  return DONE.includes(status);
}

/** The specs of the stages a project has, in their order. */
export function stagePlan(types: readonly MigrationType[], stages: readonly StageId[]): StageSpec[] {
  const incremental = types.includes('incremental');
  const present = (ids: StageId[]) => ids.filter((id) => stages.includes(id));
  const spec = (stage: StageId): StageSpec => {
    switch (stage) {
      case 'schema':
        return { stage, after: [], when: [], services: [], ends: 'completes', units: ['schema'] };
      case 'full':
        // Position first: the Store records the source position and captures from it before the first row is copied.
        return { stage, after: present(['schema']), when: [], services: incremental ? ['store'] : [], ends: 'completes', units: incremental ? ['store', 'full-import'] : ['full-import'] };
      case 'incremental':
        return { stage, after: present(['schema', 'full']), when: [], services: ['store'], ends: 'continuous', units: ['store', 'incr-sync'] };
      case 'verification':
        // Beside the replay, which keeps running through it.
        return {
          stage,
          after: present(['schema', 'full']),
          when: incremental && stages.includes('incremental') ? ['replay-caught-up', 'objects-settled'] : [],
          services: [],
          ends: 'completes',
          units: ['verify'],
        };
      case 'switchover':
        return { stage, after: present(['schema', 'full', 'verification']), when: [], services: [], ends: 'user', units: [] };
      case 'reverse':
        // Started by the switchover's last step, once forward sync has ended; it runs on after the switchover completes.
        return { stage, after: present(['schema', 'full', 'incremental', 'verification']), when: ['reverse-requested'], services: ['reverse-store'], ends: 'continuous', units: ['store', 'incr-sync'] };
    }
  };
  return stages.map(spec);
}

/** Stages that can start now: not done, not running, what they come after done, their conditions met (the first time), and run by this build. */
export function startable(
  plan: readonly StageSpec[],
  status: (stage: StageId) => StageStatus,
  running: ReadonlySet<StageId>,
  met: (condition: StartCondition) => boolean = () => true,
): StageSpec[] {
  return plan.filter(
    (s) =>
      (s.ends === 'completes' || s.ends === 'continuous') &&
      !running.has(s.stage) &&
      !isDone(status(s.stage)) &&
      s.after.every((a) => isDone(status(a))) &&
      (status(s.stage) !== 'not_started' || s.when.every(met)),
  );
}

/** Where a project waits once nothing runs: the first stage not done, or null when every stage is. */
export function waitingAt(plan: readonly StageSpec[], status: (stage: StageId) => StageStatus): StageId | null {
  return plan.find((s) => !isDone(status(s.stage)))?.stage ?? null;
}
