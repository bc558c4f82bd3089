/**
 * Change capture for incremental synchronization (F-32): before the first
 * row of the full copy, the source's binlog position is recorded; the Store
 * then captures from it into the project's change log, alongside the full
 * copy and then the replay, until the project pauses. Reverse incremental
 * (F-35) captures the destination's binlog the same way, from the position
 * recorded at the switchover's step 3, into a change log of its own.
 */

import { join } from 'node:path';
import type { BinlogPosition } from '../../../../src-shared/model/incremental';
import { parseRule } from '../../../../src-shared/settings/object-names';
import { AppError } from '../../../../src-shared/errors';
import { runUnit } from '../../workers/run-unit';
import type { ComponentHandle } from '../component-runner';
import { runComponent } from '../component-runner';
import type { RunContext } from '../run-context';
import type { EndpointFlavours } from '../run-objects';
import type { Side, SyncStream } from './stream';

const PROBE_TIMEOUT_MS = 60_000;

/** Where a project's change log lives: under the state directory, one file per project. */
export function changeLogPath(home: string, projectId: string): string {
  return join(home, 'changelog', `${projectId}.db`);
}

/**
 * The replication server id the Store presents to the source: stable per
 * project, in a range replicas rarely use (2^31 and up), so that two
 * projects reading one source never collide.
 */
export function storeServerId(projectId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < projectId.length; i++) {
    h ^= projectId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return 0x80000000 + ((h >>> 0) % 0x7ffffff0) + 1;
}

export async function binlogPosition(context: RunContext, side: Side): Promise<BinlogPosition> {
  const connection = context.connections()[side];
  const result = await runUnit(context.launcher, 'probe', { op: 'position', connection }, { timeoutMs: PROBE_TIMEOUT_MS });
  if (result.op !== 'position') throw new AppError({ code: 'worker_failed', message: 'The probe worker answered the wrong question.' });
  return result.position;
}

/**
 * Source databases whose row changes the Store captures: those of the
 * resolved tables and of every rule naming a database; null (all) when a
 * rule's database part has a wildcard.
 */
export function capturedDatabases(context: RunContext): string[] | null {
  const { services, projectId } = context;
  const databases = new Set(services.objects.list(projectId).map((o) => o.source.database));
  for (const text of context.project.objects.include) {
    const rule = parseRule(text);
    if (!rule.ok) continue;
    if (rule.value.database.wildcard) return null;
    databases.add(rule.value.database.text);
  }
  return [...databases];
}

/** Destination databases the reverse Store captures: those of the migrated tables. */
function reverseDatabases(context: RunContext): string[] {
  const databases = [...new Set(context.services.objects.list(context.projectId).filter((o) => o.kind === 'table' && !o.removed).map((o) => o.target.database))];
  if (databases.length === 0) throw new AppError({ code: 'not_allowed', message: 'Reverse incremental has no migrated table to capture.' });
  return databases;
}

/** The Store of a stream: it captures from the position recorded for it (taken now, the first time) until the run pauses. */
export async function startCapture(context: RunContext, flavours: EndpointFlavours, stream: SyncStream): Promise<ComponentHandle<'store'>> {
  const { services, projectId } = context;
  let start = stream.repo.startPosition(projectId);
  if (!start) {
    start = await binlogPosition(context, stream.reads);
    stream.repo.setStartPosition(projectId, start);
    services.logs.write('info', stream.store, `Capture starts at the ${stream.reads}'s binlog position ${start.file}:${start.pos}${start.gtid ? ` (GTID ${start.gtid})` : ''}.`, projectId);
  }
  const recorded = start;
  return runComponent(
    context,
    stream.store,
    'store',
    () => {
      const project = context.project;
      const params = services.stages.componentParams(projectId, stream.store);
      return {
        projectId: stream.id,
        source: context.connections()[stream.reads],
        sourceFlavour: flavours[stream.reads],
        logPath: changeLogPath(services.host.home, stream.id),
        start: recorded,
        databases: stream.direction === 'forward' ? capturedDatabases(context) : reverseDatabases(context),
        serverId: storeServerId(stream.id),
        retentionHours: typeof params.retentionHours === 'number' ? params.retentionHours : project.options.storeRetentionHours,
        heartbeat: true,
        dropMarkedBy: stream.peerId,
        epoch: context.epoch,
      };
    },
    {
      onEvent: (event) => {
        stream.repo.setCapture(projectId, event.position, event.eventTs);
        context.progress();
      },
      onMetrics: context.metricsOf(stream.store),
    },
  );
}
