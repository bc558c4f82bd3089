/**
 * Incremental synchronization stages (F-32, and F-35 in reverse): Incr-Sync
 * replays the change log the Store keeps filling, through the object
 * settings (in reverse, each migrated table back onto its source table). The stage goes
 * Running → Monitoring once latency is within the alert level's threshold
 * (and stays there, as in OMS). It ends only when paused or failed: a DDL
 * the destination refuses fails it, with the statement kept for Skip or
 * Retry; a Store that fails fails it too.
 */

import type { IncrSyncConfig, ReplayTable } from '../../../../src-shared/contract/units/incr-sync';
import type { QualifiedName } from '../../../../src-shared/model';
import { COMPONENT_LABELS } from '../../../../src-shared/model';
import type { BinlogPosition } from '../../../../src-shared/model/incremental';
import { monitoringThresholdMs } from '../../../../src-shared/model/incremental';
import { nowIso } from '../../ids';
import type { ComponentHandle } from '../component-runner';
import { runComponent } from '../component-runner';
import type { RunContext } from '../run-context';
import type { EndpointFlavours } from '../run-objects';
import { changeLogPath } from './capture';
import type { StageOutcome } from './outcome';
import type { SyncStream } from './stream';

const nameKey = (name: QualifiedName) => `${name.database}\u0000${name.table}`;

/** Tables of a modification that is not over: they join the project's replay only once their catch-up has reached it (F-17). */
export function tablesBeingAdded(context: RunContext): Set<string> {
  return new Set((context.services.modifications.open(context.projectId)?.added ?? []).map(nameKey));
}

/**
 * The tables the forward replay writes, and those it must pass over (skipped
 * or removed, and tables being added until their catch-up joins them).
 */
export function replayTables(context: RunContext): { tables: ReplayTable[]; skipped: QualifiedName[]; adding: ReplayTable[] } {
  const { services, projectId } = context;
  const objects = services.objects.list(projectId).filter((o) => o.kind === 'table');
  const notMigrated = new Set(
    services.schema
      .objects(projectId)
      .filter((o) => o.kind === 'table' && (o.status === 'skipped' || o.status === 'removed'))
      .map((o) => nameKey(o.source)),
  );
  const beingAdded = tablesBeingAdded(context);
  const isSkipped = (o: (typeof objects)[number]) => o.removed || o.copy.status === 'skipped' || notMigrated.has(nameKey(o.source));
  const replayed = (o: (typeof objects)[number]): ReplayTable => ({ source: o.source, target: o.target, columns: o.columns, where: o.where, snapshot: o.checkpoint?.snapshot ?? null });
  const migrated = objects.filter((o) => !isSkipped(o));
  return {
    tables: migrated.filter((o) => !beingAdded.has(nameKey(o.source))).map(replayed),
    skipped: objects.filter((o) => isSkipped(o) || beingAdded.has(nameKey(o.source))).map((o) => o.source),
    adding: migrated.filter((o) => beingAdded.has(nameKey(o.source))).map(replayed),
  };
}

/** The reverse replay's tables: each migrated table back onto its source table, every row (row filters and snapshots belong to the forward copy). */
function reverseTables(context: RunContext): ReplayTable[] {
  return replayTables(context).tables.map((t) => ({ source: t.target, target: t.source, columns: t.columns, where: null, snapshot: null }));
}

/** Where a first reverse replay starts: after what the destination had written when the forward replay drained the source (the switchover's step 5). */
function reverseStartAfter(context: RunContext): BinlogPosition | null {
  const facts = context.services.switchoverSteps.steps(context.projectId).find((s) => s.step === 'confirm-timestamp-synced')?.facts ?? {};
  return typeof facts.reverseFile === 'string' && typeof facts.reversePos === 'number' ? { file: facts.reverseFile, pos: facts.reversePos, gtid: null } : null;
}

export function replayConfig(context: RunContext, flavours: EndpointFlavours, stream: SyncStream): IncrSyncConfig {
  const { services, projectId } = context;
  const project = context.project;
  const params = services.stages.componentParams(projectId, stream.replay);
  const connections = context.connections();
  const common = {
    projectId: stream.id,
    logPath: changeLogPath(services.host.home, stream.id),
    destination: connections[stream.writes],
    sourceFlavour: flavours[stream.reads],
    destinationFlavour: flavours[stream.writes],
    selection: project.objects,
    dmlTypes: project.options.dmlTypes,
    statistics: project.options.statistics,
    lanes: typeof params.applyConcurrency === 'number' ? params.applyConcurrency : project.options.applyConcurrency,
    skipChange: stream.repo.skipChange(projectId),
    epoch: context.epoch,
    catchUpTo: null,
  };
  if (stream.direction === 'reverse') {
    // DDL on the destination is not carried back: the source keeps the schema it had.
    return { ...common, source: null, tables: reverseTables(context), skipTables: [], ddlSync: false, safeUntil: null, startAfter: reverseStartAfter(context) };
  }
  const { tables, skipped } = replayTables(context);
  return {
    ...common,
    source: tables.some((t) => t.where) || project.objects.tables.some((t) => t.where) ? connections.source : null,
    tables,
    skipTables: skipped,
    ddlSync: project.options.ddlSync,
    safeUntil: stream.repo.safeUntil(projectId),
    startAfter: null,
  };
}

/** The replay of a stream (forward or reverse) over the change log its Store fills; it ends when paused, or fails with the Store. */
export function runIncrementalStage(context: RunContext, flavours: EndpointFlavours, capture: ComponentHandle<'store'>, stream: SyncStream) {
  const { services, projectId } = context;
  const repo = stream.repo;
  const handle = runComponent(context, stream.replay, 'incr-sync', () => replayConfig(context, flavours, stream), {
    onEvent: (event) => {
      switch (event.type) {
        case 'progress': {
          repo.setReplay(projectId, event);
          const stage = services.stages.get(projectId, stream.stage);
          const threshold = monitoringThresholdMs(context.project.options.alertLevel);
          if (stage?.status === 'running' && event.latencyMs !== null && event.latencyMs <= threshold) {
            services.stages.update(projectId, stream.stage, { status: 'monitoring' });
            services.logs.write('info', stream.replay, `Latency ${(event.latencyMs / 1000).toFixed(1)} s is within ${threshold / 1000} s: monitoring.`, projectId);
            context.changed();
          }
          context.progress();
          return;
        }
        case 'stats':
          repo.addStats(projectId, event.tables);
          context.progress();
          return;
        case 'ddl':
          repo.addDdl(projectId, event);
          if (event.outcome === 'failed') {
            repo.setFailedDdl(projectId, { changeId: event.changeId, database: event.database, statement: event.statement, error: event.detail ?? '', at: nowIso() });
          } else if (repo.status(projectId, false).failedDdl?.changeId === event.changeId) {
            repo.setFailedDdl(projectId, null);
            if (event.outcome === 'skipped') repo.setSkipChange(projectId, null);
          }
          context.changed();
          return;
      }
    },
    onMetrics: context.metricsOf(stream.replay),
  });

  const outcome = (async (): Promise<StageOutcome> => {
    // Whichever ends first: the replay, or the Store under it.
    const first = await Promise.race([handle.done.then((r) => ({ who: 'replay' as const, r })), capture.done.then((r) => ({ who: 'store' as const, r }))]);
    if (first.who === 'store') {
      handle.pause();
      await handle.done;
      if (first.r.kind === 'failed') return { kind: 'failed', error: `${COMPONENT_LABELS[stream.store]} failed: ${first.r.error.message}` };
      return { kind: 'paused' };
    }
    const result = first.r;
    if (result.kind === 'failed') return { kind: 'failed', error: `${COMPONENT_LABELS[stream.replay]} failed: ${result.error.message}` };
    return { kind: 'paused' };
  })();

  return { outcome, pause: () => handle.pause() };
}
