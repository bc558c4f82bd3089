/**
 * Modifying the objects of a running project (F-17, seed 001: Modifying and
 * Integrating). Removed tables leave the replay at once (it restarts without
 * them; their destination tables stay). Added tables:
 *
 * 1. Modifying: the Store is restarted so that it captures their databases,
 *    and the source position is recorded once it has stopped (every change
 *    to them after that position is in the change log). Their schema is
 *    created and they are copied in chunks, as the full copy does, while the
 *    project's replay goes on without them.
 * 2. Integrating: the project's replay is held at its checkpoint C; a
 *    catch-up replay of the added tables alone applies, in safe mode, every
 *    change to them from the recorded position up to C (what the copy
 *    already holds is applied again idempotently, as after the full copy);
 *    then they join the project's replay, which goes on from C.
 *
 * Every step is recorded in the state database or on the destination, so a
 * run that ends in the middle (pause, crash) takes the modification up again
 * where it stood: the copy from its chunks, the catch-up from its own
 * checkpoint (or from the start, idempotently).
 */

import { AppError, toErrorData } from '../../../../src-shared/errors';
import type { ResolvedRunObject } from '../../../../src-shared/contract/units/probe';
import type { ObjectChanges } from '../../../../src-shared/contract/ipc';
import type { IncrSyncConfig } from '../../../../src-shared/contract/units/incr-sync';
import type { ComponentKind, QualifiedName } from '../../../../src-shared/model';
import { COMPONENT_LABELS } from '../../../../src-shared/model';
import { catchUpStreamId } from '../../../../src-shared/model/incremental';
import type { ObjectModification } from '../../../../src-shared/model/modification';
import { formatName, parseExactName, parseRule, sameName } from '../../../../src-shared/settings/object-names';
import { startSession } from '../../workers/worker-session';
import type { RunContext } from '../run-context';
import type { EndpointFlavours } from '../run-objects';
import { resolveRun } from '../run-objects';
import { binlogPosition } from './capture';
import { runFullStage } from './full-stage';
import { replayConfig, replayTables } from './incremental-stage';
import { runSchemaStage } from './schema-stage';
import { forwardStream } from './stream';


const list = (names: QualifiedName[]) => names.map(formatName).join(', ');

function invalid(message: string, details: string[] = [], workaround?: string): AppError {
  return new AppError({ code: 'invalid_input', message, details, workaround });
}

/** The migrated tables a request removes; every name must be one. */
function tablesToRemove(context: RunContext, names: string[]): QualifiedName[] {
  const migrated = context.services.objects.list(context.projectId).filter((o) => o.kind === 'table' && !o.removed);
  const problems: string[] = [];
  const removed: QualifiedName[] = [];
  for (const text of names) {
    const parsed = parseExactName(text);
    const table = parsed.ok ? migrated.find((o) => sameName(o.source, parsed.value)) : undefined;
    if (!parsed.ok) problems.push(`remove "${text}": ${parsed.error}`);
    else if (!table) problems.push(`remove "${text}": the project does not migrate this table`);
    else if (!removed.some((r) => sameName(r, table.source))) removed.push(table.source);
  }
  if (problems.length) throw invalid(`Cannot remove ${problems.length === 1 ? 'a table' : `${problems.length} tables`}: ${problems[0]}`, problems, 'Name each table by its source name, as `database.table`, from the project\'s migration objects.');
  return removed;
}

/** The tables the rules add: resolved on the source, minus those the project migrates already. */
async function tablesToAdd(context: RunContext, rules: string[]): Promise<ResolvedRunObject[]> {
  if (rules.length === 0) return [];
  const problems = rules.flatMap((text) => {
    const parsed = parseRule(text);
    return parsed.ok ? [] : [`add "${text}": ${parsed.error}`];
  });
  if (problems.length) throw invalid(`Cannot add tables: ${problems[0]}`, problems, 'Write each as `database.table`, with `*` or `?` to match several, or `src.table=dst.table` to rename.');
  const existing = context.services.objects.list(context.projectId);
  const resolved = await resolveRun(context, { include: rules, exclude: context.project.objects.exclude, tables: [] });
  const tables = resolved.objects.filter((o) => o.kind === 'table');
  const removedBefore = tables.filter((o) => existing.some((e) => e.removed && sameName(e.source, o.source)));
  if (removedBefore.length) {
    throw invalid(`${list(removedBefore.map((o) => o.source))} ${removedBefore.length === 1 ? 'was' : 'were'} removed from this project; a removed table cannot be added back.`, [], 'Clone the project to migrate it again.');
  }
  const added = tables.filter((o) => !existing.some((e) => sameName(e.source, o.source)));
  const clash = added.filter((o) => existing.some((e) => !e.removed && sameName(e.target, o.target)));
  if (clash.length) {
    throw invalid(`The destination table ${formatName(clash[0].target)} already receives another table of this project.`, [], 'Rename it in the rule (`src.table=dst.other`).');
  }
  if (added.length === 0) {
    throw invalid(`The rules match no table the project does not migrate yet (${rules.join(', ')}).`, [], 'Check the names on the source; tables already migrated are not added twice.');
  }
  return added;
}

/**
 * Checks a request against the running project and records it, all or
 * nothing: the added tables become run objects (kept out of the replay until
 * they join it), the removed ones are marked removed, the project's rules
 * say so, and the modification is open (or, removing only, completed).
 */
export async function planModification(context: RunContext, request: ObjectChanges): Promise<ObjectModification> {
  const { services, projectId } = context;
  const project = context.project;
  services.projects.assertAllowed(project, 'modifyRunningObjects');
  if (request.add.length === 0 && request.remove.length === 0) throw invalid('Name at least one table to add or to remove.');
  for (const kind of ['store', 'incr-sync'] as const) {
    if (services.stages.isHeld(projectId, kind)) {
      throw new AppError({ code: 'not_allowed', message: `${COMPONENT_LABELS[kind]} is paused in component monitoring.`, workaround: 'Start it there, then modify the objects.' });
    }
  }
  const removed = tablesToRemove(context, request.remove);
  const added = await tablesToAdd(context, request.add);
  const objects = {
    ...project.objects,
    include: [...project.objects.include, ...request.add.filter((r) => !project.objects.include.includes(r))],
    exclude: [...project.objects.exclude, ...removed.map(formatName).filter((r) => !project.objects.exclude.includes(r))],
  };
  const modification = services.modifications.transaction(() => {
    services.projects.setRunningObjects(projectId, objects);
    services.objects.insertAll(projectId, added);
    const migrated = services.objects.list(projectId);
    for (const name of removed) services.objects.setRemoved(projectId, migrated.find((o) => sameName(o.source, name))!.target, true);
    if (added.length) services.projects.transition(projectId, 'beginModify');
    return services.modifications.create(projectId, { status: added.length ? 'modifying' : 'completed', rules: request.add, added: added.map((o) => o.source), removed });
  });
  if (removed.length) services.logs.write('info', 'host', `Removed from the replay: ${list(removed)}. Their destination tables stay as they are.`, projectId);
  if (added.length) services.logs.write('info', 'host', `Adding ${added.length} table${added.length === 1 ? '' : 's'}: ${list(added.map((o) => o.source))}.`, projectId);
  context.changed();
  return modification;
}

/**
 * Holds a component of the run at its checkpoint (as a pause of it alone
 * does) and lets it go again: the modification holds the Store while the
 * start position is taken and the replay while the catch-up runs.
 */
class ComponentHold {
  constructor(
    private readonly context: RunContext,
    private readonly kind: ComponentKind,
    private readonly stopped: () => boolean,
  ) {}

  /** Resolves once the component has stopped its worker; false when the run stops first. */
  async hold(): Promise<boolean> {
    const control = await this.control();
    if (!control) return false;
    this.context.services.stages.setHeld(this.context.projectId, this.kind, true);
    await control.hold();
    return true;
  }

  release(): void {
    const { services, projectId } = this.context;
    if (!services.stages.isHeld(projectId, this.kind)) return;
    services.stages.setHeld(projectId, this.kind, false);
    this.context.components.get(this.kind)?.release();
  }

  /** The running component; it starts with its stage, which may start after the modification. */
  private async control() {
    for (;;) {
      const control = this.context.components.get(this.kind);
      if (control || this.stopped()) return control ?? null;
      await this.context.sleep(100);
    }
  }
}

export class ModificationRun {
  private stopped = false;
  /** What runs now (the copy, the catch-up), for a stop. */
  private current: { pause(): void } | null = null;
  private readonly store: ComponentHold;
  private readonly replay: ComponentHold;

  constructor(
    private readonly context: RunContext,
    private readonly flavours: EndpointFlavours,
  ) {
    this.store = new ComponentHold(context, 'store', () => this.stopped);
    this.replay = new ComponentHold(context, 'incr-sync', () => this.stopped);
  }

  /** The run is pausing: what runs checkpoints and stops; the modification goes on at the next run. */
  stop(): void {
    this.stopped = true;
    this.current?.pause();
  }

  /** Restarts the project's replay with the tables it writes now (after a removal). */
  async restartReplay(): Promise<void> {
    if (await this.replay.hold()) this.replay.release();
  }

  /** Drives the open modification to its end; throws what failed it. Returns early when stopped. */
  async run(): Promise<void> {
    const { services, projectId } = this.context;
    let modification = services.modifications.open(projectId);
    if (!modification) return;
    this.enterStatus(modification);
    if (modification.status === 'modifying') {
      if (!(await this.modify(modification))) return;
      services.modifications.setStatus(modification.id, 'integrating');
      services.projects.transition(projectId, 'beginIntegrate');
      services.logs.write('info', 'host', 'The added tables are copied: integrating them with the replay.', projectId);
      this.context.changed();
      modification = services.modifications.get(modification.id)!;
    }
    if (!(await this.integrate(modification))) return;
    services.modifications.setStatus(modification.id, 'completed');
    services.projects.transition(projectId, 'finishIntegrate');
    services.logs.write('info', 'host', `Added ${list(modification.added)}: the replay applies their changes from here on.`, projectId);
    this.replay.release();
    this.context.changed();
  }

  /** The project shows where the modification stands (a resumed run starts Running). */
  private enterStatus(modification: ObjectModification): void {
    const { services, projectId } = this.context;
    let status = services.projects.require(projectId).status;
    if (status === 'running') status = services.projects.transition(projectId, 'beginModify').status;
    if (modification.status === 'integrating' && status === 'modifying') services.projects.transition(projectId, 'beginIntegrate');
    this.context.changed();
  }

  /** Capture from a recorded position, then the schema and the copy of the added tables; false when stopped. */
  private async modify(modification: ObjectModification): Promise<boolean> {
    const { services, projectId } = this.context;
    if (!modification.startPosition) {
      // Once the Store has stopped, its restart captures the added tables' databases from where it stood: nothing after this position is missed.
      if (!(await this.store.hold())) return false;
      const start = await binlogPosition(this.context, 'source');
      services.modifications.setStartPosition(modification.id, start);
      services.logs.write('info', 'store', `Capturing the added tables from ${start.file}:${start.pos}.`, projectId);
    }
    this.store.release();
    const added = (source: QualifiedName) => modification.added.some((a) => sameName(a, source));
    if (this.context.project.types.includes('schema')) {
      const schema = await runSchemaStage(this.context, this.flavours, added);
      if (schema.kind === 'failed') throw new AppError({ code: 'worker_failed', message: schema.error });
    }
    if (this.stopped) return false;
    const copy = runFullStage(this.context, this.flavours, this.context.project.types.includes('schema'), true);
    this.current = copy;
    const outcome = await copy.outcome;
    this.current = null;
    if (outcome.kind === 'failed') throw new AppError({ code: 'worker_failed', message: outcome.error });
    return outcome.kind === 'completed';
  }

  /** The catch-up of the added tables to the held replay; false when stopped. */
  private async integrate(modification: ObjectModification): Promise<boolean> {
    if (!(await this.replay.hold())) return false;
    const session = startSession(this.context.launcher, 'incr-sync', this.catchUpConfig(modification), {
      onLog: (level, message) => this.context.services.logs.write(level, 'incr-sync', `Catch-up of the added tables: ${message}`, this.context.projectId),
    });
    this.current = session;
    if (this.stopped) session.pause();
    try {
      const result = await session.done;
      return result.caughtUp;
    } finally {
      this.current = null;
    }
  }

  /** The forward replay's settings, for the added tables alone, from the recorded position to the held replay's checkpoint. */
  private catchUpConfig(modification: ObjectModification): IncrSyncConfig {
    const forward = replayConfig(this.context, this.flavours, forwardStream(this.context));
    if (!modification.startPosition) throw new AppError({ code: 'internal', message: 'The modification has no start position.' });
    const tables = replayTables(this.context).adding;
    return {
      ...forward,
      projectId: catchUpStreamId(this.context.projectId),
      source: tables.some((t) => t.where) ? this.context.connections().source : null,
      tables,
      // Only DDL on the added tables applies: nothing else is routed.
      selection: { include: [], exclude: [], tables: [] },
      skipTables: [],
      safeUntil: null,
      startAfter: modification.startPosition,
      skipChange: null,
      catchUpTo: this.context.projectId,
    };
  }
}

/** What a failed modification says: the project fails with it, and a resume takes the modification up again. */
export function modificationFailure(error: unknown): string {
  return `Adding tables failed: ${toErrorData(error).message} Resume the project to try again from where it stood.`;
}
