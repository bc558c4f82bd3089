/**
 * Change capture for incremental synchronization (F-32): before the first
 * row of the full copy, the source's binlog position is recorded; the Store
 * then captures from it into the project's change log, alongside the full
 * copy and then the replay, until the project pauses.
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

export async function binlogPosition(context: RunContext, side: 'source' | 'destination'): Promise<BinlogPosition> {
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

export async function startCapture(context: RunContext, flavours: EndpointFlavours): Promise<ComponentHandle<'store'>> {
  const { services, projectId } = context;
  let start = services.incremental.startPosition(projectId);
  if (!start) {
    start = await binlogPosition(context, 'source');
    services.incremental.setStartPosition(projectId, start);
    services.logs.write('info', 'store', `Capture starts at the source's binlog position ${start.file}:${start.pos}${start.gtid ? ` (GTID ${start.gtid})` : ''}.`, projectId);
  }
  const recorded = start;
  return runComponent(
    context,
    'store',
    'store',
    () => {
      const project = context.project;
      const params = services.stages.componentParams(projectId, 'store');
      return {
        projectId,
        source: context.connections().source,
        sourceFlavour: flavours.source,
        logPath: changeLogPath(services.host.home, projectId),
        start: recorded,
        databases: capturedDatabases(context),
        serverId: storeServerId(projectId),
        retentionHours: typeof params.retentionHours === 'number' ? params.retentionHours : project.options.storeRetentionHours,
        heartbeat: true,
        epoch: context.epoch,
      };
    },
    {
      onEvent: (event) => {
        services.incremental.setCapture(projectId, event.position, event.eventTs);
        context.progress();
      },
      onMetrics: context.metricsOf('store'),
    },
  );
}
