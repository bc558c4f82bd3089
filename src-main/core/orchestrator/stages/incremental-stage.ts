/**
 * Incremental synchronization stage (F-32): Incr-Sync replays the change log
 * the Store keeps filling, through the object settings. The stage goes
 * Running → Monitoring once latency is within the alert level's threshold
 * (and stays there, as in OMS). It ends only when paused or failed: a DDL
 * the destination refuses fails it, with the statement kept for Skip or
 * Retry; a Store that fails fails it too.
 */

import type { ReplayTable } from '../../../../src-shared/contract/units/incr-sync';
import { monitoringThresholdMs } from '../../../../src-shared/model/incremental';
import { nowIso } from '../../ids';
import type { ComponentHandle } from '../component-runner';
import { runComponent } from '../component-runner';
import type { RunContext } from '../run-context';
import type { EndpointFlavours } from '../run-objects';
import { changeLogPath } from './capture';
import type { StageOutcome } from './outcome';

export function replayTables(context: RunContext): { tables: ReplayTable[]; skipped: { database: string; table: string }[] } {
  const { services, projectId } = context;
  const objects = services.objects.list(projectId).filter((o) => o.kind === 'table');
  const notMigrated = new Set(
    services.schema
      .objects(projectId)
      .filter((o) => o.kind === 'table' && (o.status === 'skipped' || o.status === 'removed'))
      .map((o) => `${o.source.database}\u0000${o.source.table}`),
  );
  const isSkipped = (o: (typeof objects)[number]) => o.removed || o.copy.status === 'skipped' || notMigrated.has(`${o.source.database}\u0000${o.source.table}`);
  return {
    tables: objects
      .filter((o) => !isSkipped(o))
      .map((o) => ({ source: o.source, target: o.target, columns: o.columns, where: o.where, snapshot: o.checkpoint?.snapshot ?? null })),
    skipped: objects.filter(isSkipped).map((o) => o.source),
  };
}

export function runIncrementalStage(context: RunContext, flavours: EndpointFlavours, capture: ComponentHandle<'store'>) {
  const { services, projectId } = context;
  const handle = runComponent(
    context,
    'incr-sync',
    'incr-sync',
    () => {
      const project = context.project;
      const { tables, skipped } = replayTables(context);
      const params = services.stages.componentParams(projectId, 'incr-sync');
      const { source, destination } = context.connections();
      return {
        projectId,
        logPath: changeLogPath(services.host.home, projectId),
        destination,
        sourceFlavour: flavours.source,
        destinationFlavour: flavours.destination,
        source: tables.some((t) => t.where) || project.objects.tables.some((t) => t.where) ? source : null,
        tables,
        selection: project.objects,
        skipTables: skipped,
        dmlTypes: project.options.dmlTypes,
        ddlSync: project.options.ddlSync,
        statistics: project.options.statistics,
        lanes: typeof params.applyConcurrency === 'number' ? params.applyConcurrency : project.options.applyConcurrency,
        safeUntil: services.incremental.safeUntil(projectId),
        skipChange: services.incremental.skipChange(projectId),
        epoch: context.epoch,
      };
    },
    {
      onEvent: (event) => {
        switch (event.type) {
          case 'progress': {
            services.incremental.setReplay(projectId, event);
            const stage = services.stages.get(projectId, 'incremental');
            const threshold = monitoringThresholdMs(context.project.options.alertLevel);
            if (stage?.status === 'running' && event.latencyMs !== null && event.latencyMs <= threshold) {
              services.stages.update(projectId, 'incremental', { status: 'monitoring' });
              services.logs.write('info', 'incr-sync', `Latency ${(event.latencyMs / 1000).toFixed(1)} s is within ${threshold / 1000} s: monitoring.`, projectId);
              context.changed();
            }
            context.progress();
            return;
          }
          case 'stats':
            services.incremental.addStats(projectId, event.tables);
            context.progress();
            return;
          case 'ddl':
            services.incremental.addDdl(projectId, event);
            if (event.outcome === 'failed') {
              services.incremental.setFailedDdl(projectId, { changeId: event.changeId, database: event.database, statement: event.statement, error: event.detail ?? '', at: nowIso() });
            } else if (services.incremental.status(projectId, false).failedDdl?.changeId === event.changeId) {
              services.incremental.setFailedDdl(projectId, null);
              if (event.outcome === 'skipped') services.incremental.setSkipChange(projectId, null);
            }
            context.changed();
            return;
        }
      },
      onMetrics: context.metricsOf('incr-sync'),
    },
  );

  const outcome = (async (): Promise<StageOutcome> => {
    // Whichever ends first: the replay, or the Store under it.
    const first = await Promise.race([handle.done.then((r) => ({ who: 'replay' as const, r })), capture.done.then((r) => ({ who: 'store' as const, r }))]);
    if (first.who === 'store') {
      handle.pause();
      await handle.done;
      if (first.r.kind === 'failed') return { kind: 'failed', error: `Store failed: ${first.r.error.message}` };
      return { kind: 'paused' };
    }
    const result = first.r;
    if (result.kind === 'failed') return { kind: 'failed', error: `Incr-Sync failed: ${result.error.message}` };
    return { kind: 'paused' };
  })();

  return { outcome, pause: () => handle.pause() };
}
