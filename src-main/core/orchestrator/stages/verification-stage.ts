/**
 * Full verification stage (F-33): one supervised Full-Verification worker
 * verifies every copied table that is not verified yet (or that a reverify
 * asked for), beside the replay when the project has one. Results and
 * checkpoints land in the state database as they come, so a restarted
 * worker (or host) resumes at the first range of each table not verified.
 */

import type { VerifyConfig, VerifyTableTask } from '../../../../src-shared/contract/units/verify';
import type { ConcurrencyLevel, QualifiedName } from '../../../../src-shared/model';
import { monitoringThresholdMs } from '../../../../src-shared/model/incremental';
import { formatName, sameName } from '../../../../src-shared/settings/object-names';
import type { VerifyObject } from '../../state/repos/verify-repo';
import { runComponent } from '../component-runner';
import type { RunContext } from '../run-context';
import type { EndpointFlavours } from '../run-objects';
import type { StageOutcome } from './outcome';

/** A table stops after this many differences; the ones found are kept. */
export const DIFFERENCE_CAP = 10_000;
/** A table without a key whose digests differ is compared row by row in the hash buckets that differ, up to this many rows (held in memory). */
const KEYLESS_ROW_LIMIT = 250_000;
/** How long a difference seen while the replay runs waits for the replay to pass it before it is reported as suspect. */
const SUSPECT_WAIT_MS = 120_000;

/** Range pipelines per concurrency level, each a source and a destination session. */
export function verifySlots(level: ConcurrencyLevel): number {
  switch (level) {
    case 'smooth':
      return 1;
    case 'normal':
      return 2;
    case 'fast':
      return 4;
  }
}

interface Group extends VerifyObject {
  sources: QualifiedName[];
  members: { source: QualifiedName; where: string | null; columns: string[] | null; key: VerifyTableTask['key'] }[];
}

/** The verified objects: every copied table, grouped by destination (merged sources are verified together). */
export function verifyGroups(context: RunContext): Group[] {
  const { services, projectId } = context;
  const notMigrated = services.schema
    .objects(projectId)
    .filter((o) => o.kind === 'table' && (o.status === 'skipped' || o.status === 'removed'))
    .map((o) => o.target);
  const groups = new Map<string, Group>();
  for (const o of services.objects.list(projectId)) {
    if (o.kind !== 'table' || o.removed || o.copy.status === 'skipped' || notMigrated.some((t) => sameName(t, o.target))) continue;
    const id = formatName(o.target);
    const group = groups.get(id) ?? { id, target: o.target, sources: [], members: [], rowsEstimated: 0, keyColumns: o.key?.map((k) => k.name) ?? null };
    group.sources.push(o.source);
    group.members.push({ source: o.source, where: o.where, columns: o.columns, key: o.key });
    group.rowsEstimated = (group.rowsEstimated ?? 0) + Math.max(o.rowsEstimated ?? 0, o.copy.rowsCopied);
    groups.set(id, group);
  }
  return [...groups.values()];
}

export function verificationProgress(context: RunContext): number | null {
  const summary = context.services.verify.summary(context.projectId);
  if (summary.tables === 0) return 1;
  const done = summary.verified + summary.unverifiable;
  if (done === summary.tables) return 1;
  if (summary.rowsEstimated === 0) return done / summary.tables;
  return Math.min(0.99, summary.rowsVerified / summary.rowsEstimated);
}

export function runVerificationStage(context: RunContext, flavours: EndpointFlavours) {
  const { services, projectId } = context;
  const groups = verifyGroups(context);
  services.verify.sync(projectId, groups);
  // Changes the replay applies after this point may not be verified: the switchover verifies their tables again.
  const checkpoint = services.incremental.status(projectId, false).checkpoint;
  if (checkpoint && !services.incremental.verifyFrom(projectId)) services.incremental.setVerifyFrom(projectId, { file: checkpoint.file, pos: checkpoint.pos, gtid: checkpoint.gtid });

  const buildConfig = (): VerifyConfig => {
    const project = context.project;
    const byId = new Map(groups.map((g) => [g.id, g]));
    const tables: VerifyTableTask[] = services.verify.pending(projectId).flatMap((t) => {
      const group = byId.get(t.id);
      if (!group) return [];
      const first = group.members[0];
      return [
        {
          id: t.id,
          target: group.target,
          sources: group.members.map((m) => ({ source: m.source, where: m.where })),
          columns: first.columns,
          key: first.key,
          rowsEstimated: group.rowsEstimated,
          checkpoint: t.recordsOnly ? null : t.checkpoint,
          records: t.recordsOnly ? services.verify.differenceKeys(projectId, t.id) : null,
          differencesSoFar: t.recordsOnly ? 0 : services.verify.differenceCount(projectId, t.id),
        },
      ];
    });
    const params = services.stages.componentParams(projectId, 'full-verification');
    const level = (params.concurrency as ConcurrencyLevel | undefined) ?? project.options.verifyConcurrency;
    const replaying = project.types.includes('incremental');
    return {
      ...context.serverPair(flavours),
      tables,
      slots: verifySlots(level),
      rpsLimit: project.options.rpsLimit,
      differenceCap: DIFFERENCE_CAP,
      keylessRowLimit: KEYLESS_ROW_LIMIT,
      replay: replaying
        ? { projectId, lagLimitMs: Math.max(30_000, monitoringThresholdMs(project.options.alertLevel)), waitCapMs: SUSPECT_WAIT_MS }
        : null,
    };
  };

  const handle = runComponent(context, 'full-verification', 'verify', buildConfig, {
    onEvent: (event) => {
      switch (event.type) {
        case 'table':
          if (event.status === 'running') services.verify.update(projectId, event.id, { status: 'running', rowsVerified: event.rowsVerified, ...(event.columns ? { columns: event.columns } : {}) });
          else if (event.status === 'verified') services.verify.finishVerified(projectId, event.id, event.rowsVerified);
          else services.verify.update(projectId, event.id, { status: event.status, rowsVerified: event.rowsVerified, reason: event.reason, recordsOnly: false });
          context.changed();
          break;
        case 'differences':
          services.verify.record(projectId, event.id, event.state, event.rows);
          break;
        case 'resolved':
          services.verify.resolve(projectId, event.id, event.keys);
          break;
      }
      context.progress();
    },
    onCheckpoint: ({ table, checkpoint }) => services.verify.saveCheckpoint(projectId, table, checkpoint),
    onMetrics: context.metricsOf('full-verification'),
  });

  const outcome = handle.done.then((result): StageOutcome => {
    if (result.kind === 'paused') return { kind: 'paused' };
    if (result.kind === 'failed') return { kind: 'failed', error: `Full-Verification failed: ${result.error.message}` };
    if (result.result.paused) return { kind: 'paused' };
    const failed = services.verify.tables(projectId).filter((t) => t.status === 'failed');
    if (failed.length) {
      return {
        kind: 'failed',
        error: `${failed.length} table${failed.length === 1 ? '' : 's'} could not be verified, first ${failed[0].id}: ${failed[0].reason ?? 'unknown error'}. Fix the cause and resume: verified tables are not verified again.`,
      };
    }
    return { kind: 'completed' };
  });
  return { outcome, pause: () => handle.pause() };
}
