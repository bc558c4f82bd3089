/**
 * Full migration stage (F-31): one supervised Full-Import worker copies every
 * table that is not yet completed, then builds its indexes. Checkpoints land
 * in the state database as they come, so a restarted worker (or host)
 * resumes at the first unfinished chunk of each table.
 */

import { cpus } from 'node:os';
import type { CopyTable } from '../../../../src-shared/contract/units/full-import';
import type { ConcurrencyLevel, QualifiedName } from '../../../../src-shared/model';
import { formatName, parseExactName, sameName } from '../../../../src-shared/settings/object-names';
import { objectId } from '../../state/repos/run-objects-repo';
import { runComponent } from '../component-runner';
import type { RunContext } from '../run-context';
import type { EndpointFlavours } from '../run-objects';
import type { StageOutcome } from './outcome';

/**
 * Chunk pipelines per concurrency level; each holds one source and one
 * destination connection. Smooth is one pipeline, gentle on the source. Fast
 * is two per core of this machine, at least 4 and at most 8: measured on two
 * cores with both servers local, 4 pipelines copy 20% faster than 2 and 8 no
 * faster than 4.
 */
export function fullSlots(level: ConcurrencyLevel, cores = cpus().length): number {
  switch (level) {
    case 'smooth':
      return 1;
    case 'normal':
      return Math.max(2, cores);
    case 'fast':
      return Math.min(8, Math.max(4, cores * 2));
  }
}

function sourceOf(id: string): QualifiedName {
  const parsed = parseExactName(id);
  if (!parsed.ok) throw new Error(`Unknown table id ${id}.`);
  return parsed.value;
}

export function fullStageProgress(context: RunContext): number | null {
  const tables = context.services.objects.list(context.projectId).filter((o) => o.kind === 'table' && !o.removed);
  const estimated = tables.reduce((n, t) => n + Math.max(t.rowsEstimated ?? 0, t.copy.rowsCopied), 0);
  if (tables.length === 0) return 1;
  const doneTables = tables.filter((t) => t.copy.status === 'completed').length;
  if (estimated === 0) return doneTables / tables.length;
  const copied = tables.reduce((n, t) => n + (t.copy.status === 'completed' ? Math.max(t.rowsEstimated ?? 0, t.copy.rowsCopied) : t.copy.rowsCopied), 0);
  return Math.min(doneTables === tables.length ? 1 : 0.99, copied / estimated);
}

/** `incremental`: a replay follows the copy (keyless tables are read in one snapshot, and every chunk is fenced). */
export function runFullStage(context: RunContext, flavours: EndpointFlavours, withSchema: boolean, incremental: boolean) {
  const { services, projectId } = context;
  const skippedTargets = withSchema
    ? services.schema.objects(projectId).filter((o) => o.kind === 'table' && (o.status === 'skipped' || o.status === 'removed')).map((o) => o.target)
    : [];

  const buildConfig = () => {
    const project = context.project;
    // Largest first: the long copies start early and the small tables fill the gaps, so the end has no long tail.
    const objects = services.objects
      .list(projectId)
      .filter((o) => o.kind === 'table' && !o.removed && o.copy.status !== 'completed')
      .sort((a, b) => (b.rowsEstimated ?? 0) - (a.rowsEstimated ?? 0));
    const copyable = objects.filter((o) => !skippedTargets.some((t) => sameName(t, o.target)));
    for (const skipped of objects.filter((o) => !copyable.includes(o))) {
      services.objects.setCopyStatus(projectId, skipped.source, 'skipped', null, null, null);
    }
    // A table that failed before is tried again now: it is no longer failed.
    for (const retried of copyable.filter((o) => o.copy.status === 'failed')) {
      services.objects.setCopyStatus(projectId, retried.source, 'not_started', null, null, null);
    }
    const indexes = services.schema.indexes(projectId).filter((i) => i.status !== 'created' && i.status !== 'removed');
    const attached = new Set<string>();
    const tables: CopyTable[] = copyable.map((o) => {
      // Indexes of a table fed by several sources are built once, after all of them: they ride on the first.
      const target = formatName(o.target);
      const mine = attached.has(target) ? [] : indexes.filter((i) => sameName(i.table, o.target)).map((i) => ({ id: i.id, ddl: i.ddl }));
      attached.add(target);
      return {
        id: objectId(o.source),
        source: o.source,
        target: o.target,
        columns: o.columns,
        where: o.where,
        key: o.key,
        rowsEstimated: o.rowsEstimated,
        checkpoint: o.checkpoint,
        resumed: o.copyStarted,
        indexes: mine,
      };
    });
    services.objects.markCopyStarted(projectId, copyable.map((o) => o.source), new Date().toISOString());
    const params = services.stages.componentParams(projectId, 'full-import');
    const level = (params.concurrency as ConcurrencyLevel | undefined) ?? project.options.fullConcurrency;
    return {
      ...context.serverPair(flavours),
      tables,
      slots: fullSlots(level),
      rpsLimit: project.options.rpsLimit,
      bytesPerSecondLimit: project.options.bytesPerSecondLimit,
      targetNotEmpty: project.options.targetNotEmpty,
      writeMode: 'auto' as const,
      snapshotKeyless: incremental,
      // `cutover_meta` on the destination is there with incremental synchronization, the one case where a late chunk could undo a replayed change.
      fence: incremental ? { projectId, epoch: context.epoch } : null,
    };
  };

  const now = () => new Date().toISOString();
  const handle = runComponent(context, 'full-import', 'full-import', buildConfig, {
    onEvent: (event) => {
      if (event.type === 'table') {
        const status = event.status === 'running' ? 'running' : event.status;
        services.objects.setCopyStatus(projectId, sourceOf(event.id), status, event.rowsCopied, event.error, event.status === 'completed' || event.status === 'failed' ? now() : null);
      } else {
        services.schema.setIndexStatus(projectId, event.id, event.status, event.error, now());
      }
      context.progress();
    },
    onCheckpoint: ({ table, checkpoint }) => services.objects.saveCheckpoint(projectId, sourceOf(table), checkpoint),
    onMetrics: context.metricsOf('full-import'),
  });

  const outcome = handle.done.then((result): StageOutcome => {
    if (result.kind === 'paused') return { kind: 'paused' };
    if (result.kind === 'failed') return { kind: 'failed', error: `Full-Import failed: ${result.error.message}` };
    if (result.result.paused) return { kind: 'paused' };
    const failed = services.objects.list(projectId).filter((o) => o.kind === 'table' && o.copy.status === 'failed');
    if (failed.length) {
      return {
        kind: 'failed',
        error: `${failed.length} table${failed.length === 1 ? '' : 's'} failed to copy, first ${formatName(failed[0].source)}: ${failed[0].copy.error ?? 'unknown error'}. Fix the cause and resume: completed tables are not copied again.`,
      };
    }
    return { kind: 'completed' };
  });
  return { outcome, pause: () => handle.pause() };
}
