/**
 * `cutover run ID [--until STAGE:STATE] [--timeout S]`: runs a project in the
 * foreground with progress, and `cutover project status ID`. Ctrl-C (or
 * SIGTERM) pauses the project with a checkpoint; reaching the target with
 * more automatic work ahead pauses it too, so that nothing is left running
 * without a host.
 */

import { AppError } from '../../../src-shared/errors';
import type { IncrementalStatus, ProjectDetail, ProjectRunnerInfo, StageId, StageStatus, TableCopy, VerificationOverview } from '../../../src-shared/model';
import { REPLAY_STATE_LABELS } from '../../../src-shared/model';
import { isRunStatus, PROJECT_STATUS_LABELS, PROJECT_STATUSES, projectStatusText, runnerNote, STAGE_LABELS, STAGE_STATUS_LABELS, STAGE_STATUSES, STAGES } from '../../../src-shared/model';
import { formatName } from '../../../src-shared/settings/object-names';
import type { RunEnd } from '../../core/orchestrator/project-runner';
import { optionalString, parse, UsageError } from '../args';
import type { CliContext } from '../context';
import { findProject } from '../context';
import { printJson, printLines, printTable, shortTime } from '../output';

const RUN_USAGE = 'cutover run ID [--until STAGE:STATE] [--timeout SECONDS]';
const PROGRESS_ORDER: StageStatus[] = ['not_started', 'running', 'monitoring', 'completed'];

export interface Target {
  stage: StageId;
  status: StageStatus;
}

function parseTarget(text: string): Target {
  const [stage, status] = text.split(':');
  if (!(STAGES as readonly string[]).includes(stage) || !(STAGE_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--until must be STAGE:STATE with STAGE one of ${STAGES.join(', ')} and STATE one of ${STAGE_STATUSES.join(', ')} (for example full:completed)\nusage: ${RUN_USAGE}`);
  }
  return { stage: stage as StageId, status: status as StageStatus };
}

export function reached(project: ProjectDetail, target: Target): boolean {
  const status = project.stages.find((s) => s.stage === target.stage)?.status;
  if (!status) return false;
  if (status === target.status) return true;
  const want = PROGRESS_ORDER.indexOf(target.status);
  return want >= 0 && PROGRESS_ORDER.indexOf(status) > want;
}

export interface StatusReport {
  id: string;
  name: string;
  status: string;
  /** Who runs a Running project: this process, another one, or none (interrupted). */
  runner: ProjectRunnerInfo | null;
  stages: { stage: StageId; status: StageStatus; progress: number | null; startedAt: string | null; endedAt: string | null; durationMs: number | null }[];
  tables: TableCopy[];
  schema: { total: number; created: number; exists: number; failed: number; skipped: number; removed: number; pending: number };
  /** Incremental synchronization, for projects that have it: latency, the Store's position and the replay checkpoint. */
  incremental: IncrementalStatus | null;
  /** Full verification, for projects that have it: the summary and each table's result. */
  verification: VerificationOverview | null;
  /** The forward switchover, for projects that have it: each step (`id`, `state`, `facts`), where it is, and whether it is past the point of no return. */
  switchover: { current: string | null; pastPointOfNoReturn: boolean; steps: { id: string; state: string; facts: Record<string, unknown>; error: string | null }[] } | null;
  /** Reverse incremental, for projects that have it: latency, the reverse Store's position and the reverse replay's checkpoint (on the source). */
  reverse: IncrementalStatus | null;
}

export async function statusReport(context: CliContext, id: string): Promise<StatusReport> {
  const project = await context.call('projects/get', { id });
  const tables = await context.call('full/tables', { id });
  const objects = await context.call('schema/objects', { id });
  const incremental = project.types.includes('incremental') ? await context.call('incremental/status', { id }) : null;
  const verification = project.types.includes('verification') ? await context.call('verification/overview', { id }) : null;
  const switchover = project.switchover.length ? await context.call('switchover/status', { id }) : null;
  const reverse = project.types.includes('reverse') ? await context.call('reverse/status', { id }) : null;
  const count = (status: string) => objects.filter((o) => o.status === status).length;
  return {
    id: project.id,
    name: project.name,
    status: project.status,
    runner: project.runner,
    stages: project.stages.map((s) => ({
      stage: s.stage,
      status: s.status,
      progress: s.progress,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      durationMs: s.startedAt ? (s.endedAt ? Date.parse(s.endedAt) : Date.now()) - Date.parse(s.startedAt) : null,
    })),
    tables,
    schema: {
      total: objects.length,
      created: count('created'),
      exists: count('exists'),
      failed: count('failed'),
      skipped: count('skipped'),
      removed: count('removed'),
      pending: count('pending') + count('running'),
    },
    incremental,
    verification,
    switchover: switchover && {
      current: switchover.current,
      pastPointOfNoReturn: switchover.pastPointOfNoReturn,
      steps: switchover.steps.map((s) => ({ id: s.step, state: s.status, facts: s.facts, error: s.error })),
    },
    reverse,
  };
}

function bar(progress: number | null, width = 20): string {
  if (progress === null) return ' '.repeat(width + 2);
  const filled = Math.round(Math.max(0, Math.min(1, progress)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function progressLines(report: StatusReport): string[] {
  const status = PROJECT_STATUSES.find((s) => s === report.status);
  const lines = [`${report.name} (${report.id}): ${status ? projectStatusText({ status, runner: report.runner }) : report.status}`];
  const note = runnerNote(report.runner);
  if (note && report.runner?.state !== 'here') lines.push(`  ${note}`);
  for (const stage of report.stages) {
    let detail = '';
    if (stage.stage === 'schema' && report.schema.total) detail = `${report.schema.created + report.schema.exists}/${report.schema.total} objects${report.schema.failed ? `, ${report.schema.failed} failed` : ''}`;
    if (stage.stage === 'full' && report.tables.length) {
      const rows = report.tables.reduce((n, t) => n + t.rowsCopied, 0);
      const done = report.tables.filter((t) => t.status === 'completed').length;
      detail = `${rows.toLocaleString('en-US')} rows, ${done}/${report.tables.length} tables`;
    }
    const stream = stage.stage === 'incremental' ? report.incremental : stage.stage === 'reverse' ? report.reverse : null;
    if (stream) {
      const { checkpoint, failedDdl, health } = stream;
      const latencyMs = health.latencyMs;
      const seconds = latencyMs === null ? null : (latencyMs / 1000).toFixed(latencyMs < 10_000 ? 2 : 0);
      detail = [
        REPLAY_STATE_LABELS[health.state],
        seconds === null ? null : health.live ? `latency ${seconds} s` : `latency at least ${seconds} s (last reading ${Math.round((health.readingAgeMs ?? 0) / 1000)} s ago)`,
        health.reason,
        checkpoint ? `replayed to ${checkpoint.file}:${checkpoint.pos}` : null,
        failedDdl ? `failed DDL: ${failedDdl.statement}` : null,
      ]
        .filter(Boolean)
        .join(', ');
    }
    if (stage.stage === 'verification' && report.verification) {
      const { summary } = report.verification;
      const c = summary.counts;
      detail = `${summary.verified + summary.unverifiable}/${summary.tables} tables, ${summary.inconsistent} inconsistent (${c.sourceOnly + c.destinationOnly + c.mismatch} rows)`;
    }
    const percent = stage.progress === null ? '' : `${Math.floor(stage.progress * 100)}%`.padStart(4);
    lines.push(`  ${STAGE_LABELS[stage.stage].padEnd(28)} ${STAGE_STATUS_LABELS[stage.status].padEnd(11)} ${bar(stage.progress)} ${percent} ${detail}`.trimEnd());
  }
  return lines;
}

/** Progress on a terminal redraws in place; into a file or pipe it is a line every few seconds, when it changed. */
function progressPrinter(): { show(lines: string[], final?: boolean): void; end(): void } {
  const tty = process.stdout.isTTY === true;
  let drawn = 0;
  let last = '';
  let lastAt = 0;
  return {
    show(lines, final = false) {
      const text = lines.join('\n');
      if (tty) {
        if (drawn) process.stdout.write(`\x1b[${drawn}A\x1b[0J`);
        process.stdout.write(text + '\n');
        drawn = lines.length;
      } else if (text !== last && (final || Date.now() - lastAt >= 5000)) {
        process.stdout.write(text + '\n');
        last = text;
        lastAt = Date.now();
      }
    },
    end() {
      drawn = 0;
    },
  };
}

/** How a foreground run ended: the run's end, and why this process asked it to stop, if it did. */
export interface ForegroundEnd {
  end: RunEnd;
  stopReason: 'signal' | 'timeout' | 'target' | null;
  signalCode: number;
  report: StatusReport;
}

/**
 * Runs a project in this process until its run ends or `target` is reached
 * (then it pauses, so that nothing is left running without a host), with
 * progress on the terminal; Ctrl-C and SIGTERM pause it at a checkpoint.
 */
/** Runs the project in this process (start, resume, or pick up a Running one); resolves when the run ends. */
export function runHere(context: CliContext, project: ProjectDetail): Promise<RunEnd> {
  const { orchestrator } = context.core.services;
  if (project.status === 'not_started') return orchestrator.start(project.id);
  if (project.status === 'paused' || project.status === 'failed') return orchestrator.resume(project.id);
  if (isRunStatus(project.status)) return orchestrator.attach(project.id);
  throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" is ${PROJECT_STATUS_LABELS[project.status]}; only Not Started, Paused, Failed or Running (Modifying, Integrating) projects can run.` });
}

export async function runInForeground(context: CliContext, project: ProjectDetail, target: Target | null, timeoutSeconds: number | null): Promise<ForegroundEnd> {
  const { orchestrator } = context.core.services;
  const done = runHere(context, project);

  const printer = context.json ? null : progressPrinter();
  let stopReason: ForegroundEnd['stopReason'] = null;
  let signalCode = 0;
  const stop = (reason: 'signal' | 'timeout' | 'target') => {
    if (stopReason) return;
    stopReason = reason;
    void orchestrator.pause(project.id).catch(() => undefined);
  };
  const onSignal = (code: number) => () => {
    signalCode = code;
    stop('signal');
  };
  const onInt = onSignal(130);
  const onTerm = onSignal(143);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const timeout = timeoutSeconds !== null ? setTimeout(() => stop('timeout'), timeoutSeconds * 1000) : null;
  const ticker = setInterval(() => {
    void (async () => {
      const report = await statusReport(context, project.id);
      printer?.show(progressLines(report));
      if (target && !stopReason && reached(await context.call('projects/get', { id: project.id }), target)) stop('target');
    })().catch(() => undefined);
  }, 1000);

  let end: RunEnd;
  try {
    end = await done;
  } finally {
    clearInterval(ticker);
    if (timeout) clearTimeout(timeout);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  const report = await statusReport(context, project.id);
  printer?.show(progressLines(report), true);
  printer?.end();
  if (end.kind === 'lost') throw new AppError({ code: 'lease_lost', message: end.error, workaround: 'Follow the project in the process that runs it now.' });
  return { end, stopReason, signalCode, report };
}

/** The exit code of a run that did not reach its target: why, in one line. */
export function unreached(project: ProjectDetail, run: ForegroundEnd, target: Target | null, timeoutSeconds: number | null): number {
  const what = target ? `${target.stage}:${target.status}` : 'the end';
  if (run.stopReason === 'signal') {
    process.stderr.write(`cutover: interrupted; project "${project.name}" is paused at its last checkpoint. Run it again to continue.\n`);
    return run.signalCode;
  }
  if (run.stopReason === 'timeout') throw new AppError({ code: 'timeout', message: `${timeoutSeconds} s passed before ${what}; the project is paused at its last checkpoint.` });
  const { end } = run;
  if (end.kind === 'failed') throw new AppError({ code: 'worker_failed', message: `${end.stage ? `${STAGE_LABELS[end.stage]} failed: ` : ''}${end.error}` });
  if (end.kind === 'paused') throw new AppError({ code: 'not_allowed', message: `The project was paused before ${what}.` });
  if (target && end.kind === 'waiting') throw new AppError({ code: 'not_allowed', message: `The project stopped at ${end.stage ? STAGE_LABELS[end.stage] : 'its last stage'}, which needs you, before ${what}.` });
  return 0;
}

export function parseTimeout(text: string | undefined, usage: string): number | null {
  if (text === undefined) return null;
  if (!/^\d{1,9}$/.test(text)) throw new UsageError(`--timeout must be a whole number of seconds\nusage: ${usage}`);
  return Number(text);
}

export async function run(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { until: { type: 'string' }, timeout: { type: 'string' } }, RUN_USAGE, { min: 1, max: 1 });
  const untilText = optionalString(parsed, 'until');
  const target = untilText ? parseTarget(untilText) : null;
  const timeoutSeconds = parseTimeout(optionalString(parsed, 'timeout'), RUN_USAGE);
  const project = await findProject(context, parsed.positionals[0]);
  if (target && !project.stages.some((s) => s.stage === target.stage)) {
    throw new UsageError(`project "${project.name}" has no ${STAGE_LABELS[target.stage]} stage (its stages: ${project.stages.map((s) => s.stage).join(', ')})`);
  }
  const ran = await runInForeground(context, project, target, timeoutSeconds);
  if (context.json) printJson({ end: ran.end, ...ran.report });
  const finalProject = await context.call('projects/get', { id: project.id });
  // Pausing at the target moves the stage on to Paused: the target counts as reached when it was seen.
  if (target && (ran.stopReason === 'target' || reached(finalProject, target))) {
    if (!context.json) printLines([`Reached ${target.stage}:${target.status}.${finalProject.status === 'paused' ? ' The project is paused; run it again to continue.' : ''}`]);
    return 0;
  }
  const code = unreached(project, ran, target, timeoutSeconds);
  if (code !== 0) return code;
  if (!context.json && ran.end.kind === 'waiting') printLines([ran.end.stage ? `Waiting for you at ${STAGE_LABELS[ran.end.stage]}.` : 'All stages done.']);
  return 0;
}

export async function status(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover project status ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const report = await statusReport(context, project.id);
  if (context.json) {
    printJson(report);
    return 0;
  }
  printLines(progressLines(report));
  if (report.tables.length) {
    printLines(['']);
    printTable(
      ['SOURCE', 'DESTINATION', 'STATUS', 'ROWS', 'ESTIMATED', 'ERROR'],
      report.tables.map((t) => [formatName(t.source), formatName(t.target), t.status, String(t.rowsCopied), t.rowsEstimated === null ? '-' : String(t.rowsEstimated), t.error ?? '']),
    );
  }
  const stamps = report.stages.filter((s) => s.startedAt).map((s) => `  ${STAGE_LABELS[s.stage]}: ${shortTime(s.startedAt)} → ${shortTime(s.endedAt)}`);
  if (stamps.length) printLines(['', ...stamps]);
  return 0;
}
