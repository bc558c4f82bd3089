/**
 * `cutover switchover status|precheck|rehearse|run|retry|skip|cancel|objects|rollback` (F-34): the forward
 * switchover's steps with what each measured; the switchover precheck run on
 * demand (exit 1 when a check fails); the whole switchover driven in this
 * process to its end (exit 0 when done, 1 with the failed step); Cancel
 * before the point of no return; the rollback after reverse incremental ran
 * (also `cutover rollback`).
 */

import { AppError } from '../../../src-shared/errors';
import { STEP_RULES } from '../../../src-shared/lifecycle/switchover';
import type { FenceMode, ProjectDetail, SwitchoverOverview, SwitchoverStepId } from '../../../src-shared/model';
import { FENCE_MODES, OBJECT_ITEM_ACTIONS, SWITCHOVER_STEP_LABELS, SWITCHOVER_STEPS } from '../../../src-shared/model';
import { optionalString, parse, requireString, UsageError } from '../args';
import type { CliContext } from '../context';
import { findProject } from '../context';
import { printCheck, printJson, printLines, printTable, shortTime } from '../output';
import { parseTimeout, runHere } from './run';

async function status(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover switchover status ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const overview = await context.call('switchover/status', { id: project.id });
  if (context.json) {
    printJson({ current: overview.current, pastPointOfNoReturn: overview.pastPointOfNoReturn, steps: overview.steps.map((s) => ({ id: s.step, state: s.status, facts: s.facts, error: s.error, startedAt: s.startedAt, endedAt: s.endedAt })), journal: overview.journal });
    return 0;
  }
  printTable(
    ['STEP', 'STATE', 'STARTED', 'ENDED', 'FACTS / ERROR'],
    overview.steps.map((s) => [SWITCHOVER_STEP_LABELS[s.step], s.status, shortTime(s.startedAt), shortTime(s.endedAt), s.error ?? Object.entries(s.facts).map(([k, v]) => `${k}=${String(v)}`).join(' ')]),
  );
  printLines([
    overview.current === null ? 'The switchover is finished.' : `At: ${SWITCHOVER_STEP_LABELS[overview.current]}.`,
    ...(overview.pastPointOfNoReturn ? ['Past the point of no return: the switchover can only be finished or rolled back.'] : []),
  ]);
  return 0;
}

async function precheck(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover switchover precheck ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const { checks } = await context.call('switchover/precheck', { id: project.id });
  const failed = checks.filter((c) => c.state === 'fail').length;
  if (context.json) printJson({ checks });
  else {
    for (const check of checks) printCheck(check);
    printLines(['', `Switchover precheck: ${checks.length} checks, ${failed} failed, ${checks.filter((c) => c.state === 'warn').length} warning(s).`]);
  }
  if (failed) throw new AppError({ code: 'not_allowed', message: `switchover precheck failed: ${failed} check(s) failed.`, workaround: 'Fix what the FAIL lines say, then run it again.' });
  return 0;
}

const RUN_USAGE = 'cutover switchover run ID [--fence read-only|accounts|manual] [--accounts user@host,...] [--fence-timeout S] --yes [--end-transactions] [--timeout S] [--json]';
const POLL_MS = 250;
/** How long `run` lets the replay catch up before the precheck judges its latency (10 minutes). */
const CATCH_UP_POLLS = 2400;

function stepLines(overview: SwitchoverOverview): string[] {
  return overview.steps.map((s) => `${s.status.padEnd(9)} ${SWITCHOVER_STEP_LABELS[s.step]}${s.error ? `: ${s.error}` : ''}`);
}

/** The replay runs in this process while the switchover drains and stops it (unless forward sync is over already). */
async function runProjectHere(context: CliContext, project: ProjectDetail): Promise<void> {
  const replay = async () => (await context.call('projects/get', { id: project.id })).stages.find((s) => s.stage === 'incremental')?.status;
  if (context.core.services.orchestrator.isRunningHere(project.id) || !project.types.includes('incremental') || (await replay()) === 'completed') return;
  // The switchover's precheck waits for the replay to have caught up.
  void runHere(context, project).catch(() => undefined);
  for (let i = 0; i < CATCH_UP_POLLS && !['monitoring', 'completed'].includes((await replay()) ?? ''); i++) await new Promise((r) => setTimeout(r, POLL_MS));
}

/** Drives the steps here until the switchover is finished (exit 0), a step fails or the time is up (exit 1 with the step); confirms the fence with `--yes`. */
async function driveToEnd(context: CliContext, projectId: string, options: { endTransactions: boolean; timeoutSeconds: number | null }): Promise<number> {
  const deadline = options.timeoutSeconds === null ? Infinity : Date.now() + options.timeoutSeconds * 1000;
  let overview: SwitchoverOverview;
  for (;;) {
    overview = await context.call('switchover/status', { id: projectId });
    const current = overview.steps.find((s) => s.step === overview.current);
    if (!current || current.status === 'failed' || Date.now() > deadline) break;
    if (current.step === 'confirm-writes-stopped' && current.status === 'waiting') {
      await context.call('switchover/confirm', { id: projectId, endTransactions: options.endTransactions });
      continue;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (context.json) printJson(overview);
  else printLines(stepLines(overview));
  const current = overview.steps.find((s) => s.step === overview.current);
  if (!current) return 0;
  const how = overview.pastPointOfNoReturn ? 'it can only be finished: fix the cause, then cutover switchover retry (or skip)' : 'cutover switchover cancel lifts the fence';
  throw new AppError({
    code: 'not_allowed',
    message: current.status === 'failed' ? `the switchover stopped at "${SWITCHOVER_STEP_LABELS[current.step]}": ${current.error ?? 'failed'}` : `timed out at "${SWITCHOVER_STEP_LABELS[current.step]}"`,
    workaround: `Fix the cause, then: cutover switchover retry ${projectId} --step ${current.step}; ${how}.`,
  });
}

/** Drives the switchover here to its end: the project runs in this process (its replay is drained and stopped here). */
async function run(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(
    args,
    { fence: { type: 'string' }, accounts: { type: 'string' }, 'fence-timeout': { type: 'string' }, yes: { type: 'boolean' }, 'end-transactions': { type: 'boolean' }, timeout: { type: 'string' } },
    RUN_USAGE,
    { min: 1, max: 1 },
  );
  const fence = (optionalString(parsed, 'fence') ?? 'read-only') as FenceMode;
  if (!(FENCE_MODES as readonly string[]).includes(fence)) throw new UsageError(`--fence must be one of ${FENCE_MODES.join(', ')}\nusage: ${RUN_USAGE}`);
  if (parsed.values.yes !== true) throw new UsageError(`the switchover stops writes on the source and, past its point of no return, forward synchronization: add --yes to confirm\nusage: ${RUN_USAGE}`);
  const timeoutSeconds = parseTimeout(optionalString(parsed, 'timeout'), RUN_USAGE);
  const fenceTimeout = parseTimeout(optionalString(parsed, 'fence-timeout'), RUN_USAGE);
  if (fenceTimeout !== null && (fenceTimeout < 5 || fenceTimeout > 86_400)) throw new UsageError(`--fence-timeout must be between 5 and 86400 seconds\nusage: ${RUN_USAGE}`);
  const project = await findProject(context, parsed.positionals[0]);
  await runProjectHere(context, project);
  const overview = await context.call('switchover/status', { id: project.id });
  if (overview.steps.every((s) => s.status === 'pending')) await context.call('switchover/start', { id: project.id, fence, accounts: optionalString(parsed, 'accounts') ?? '', fenceTimeoutSeconds: fenceTimeout ?? undefined });
  else context.core.services.switchover.drive(project.id);
  return driveToEnd(context, project.id, { endTransactions: parsed.values['end-transactions'] === true, timeoutSeconds });
}

const STEP_USAGE = (verb: string) => `cutover switchover ${verb} ID --step STEP${verb === 'skip' ? ' --yes' : ''} [--end-transactions] [--timeout S] [--json]`;

/** Retry or Skip a failed step, then drive on here to the end. */
async function stepAction(verb: 'retry' | 'skip', args: string[], context: CliContext): Promise<number> {
  const usage = STEP_USAGE(verb);
  const parsed = parse(args, { step: { type: 'string' }, yes: { type: 'boolean' }, 'end-transactions': { type: 'boolean' }, timeout: { type: 'string' } }, usage, { min: 1, max: 1 });
  const step = requireString(parsed, 'step', usage);
  if (!(SWITCHOVER_STEPS as readonly string[]).includes(step)) throw new UsageError(`--step must be one of ${SWITCHOVER_STEPS.join(', ')}\nusage: ${usage}`);
  const timeoutSeconds = parseTimeout(optionalString(parsed, 'timeout'), usage);
  const project = await findProject(context, parsed.positionals[0]);
  if (verb === 'skip' && parsed.values.yes !== true) {
    const warning = STEP_RULES[step as SwitchoverStepId].skipWarning;
    throw new UsageError(`${warning ?? 'This step cannot be skipped.'} Add --yes to skip it.\nusage: ${usage}`);
  }
  await runProjectHere(context, project);
  if (verb === 'retry') await context.call('switchover/retry', { id: project.id, step: step as SwitchoverStepId });
  else await context.call('switchover/skip', { id: project.id, step: step as SwitchoverStepId, confirmed: true });
  return driveToEnd(context, project.id, { endTransactions: parsed.values['end-transactions'] === true, timeoutSeconds });
}

async function cancel(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover switchover cancel ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const overview = await context.call('switchover/cancel', { id: project.id });
  if (context.json) printJson(overview);
  else printLines(['Cancelled: the fence is lifted, the source is writable, and forward synchronization runs on.']);
  return 0;
}

/** Rehearses here: the project runs in this process (its replay is timed here). */
async function rehearse(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover switchover rehearse ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  await runProjectHere(context, project);
  const rehearsal = await context.call('switchover/rehearse', { id: project.id });
  if (context.json) {
    printJson(rehearsal);
    return 0;
  }
  printTable(
    ['PART', 'TIME', 'HOW', 'DETAIL'],
    rehearsal.parts.map((p) => [p.part, `${(p.ms / 1000).toFixed(1)} s`, p.how, p.detail]),
  );
  const failed = rehearsal.checks.filter((c) => c.state === 'fail');
  printLines([
    '',
    `Expected write downtime, from the fence to reverse incremental (or the end), not counting your confirmation: ${(rehearsal.downtimeMs / 1000).toFixed(1)} s.`,
    failed.length ? `The switchover precheck fails now: ${failed.map((c) => `${c.title}: ${c.detail}`).join('; ')}` : `The switchover precheck passes (${rehearsal.checks.length} checks).`,
  ]);
  return 0;
}

/** Process database objects item by item: the list, or one item run, skipped or marked complete. */
async function objects(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover switchover objects ID [--item ITEM --run|--skip|--complete] [--json]';
  const parsed = parse(args, { item: { type: 'string' }, run: { type: 'boolean' }, skip: { type: 'boolean' }, complete: { type: 'boolean' } }, usage, { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const item = optionalString(parsed, 'item');
  const actions = OBJECT_ITEM_ACTIONS.filter((a) => parsed.values[a] === true);
  if ((item === undefined) !== (actions.length === 0) || actions.length > 1) throw new UsageError(`give --item with one of --run, --skip, --complete (or neither, to list)\nusage: ${usage}`);
  const items = item ? await context.call('switchover/objectAction', { id: project.id, item, action: actions[0] }) : await context.call('switchover/objects', { id: project.id });
  if (context.json) printJson(items);
  else printTable(['ITEM', 'STATE', 'ACTION'], items.map((i) => [i.id, i.state, i.action]));
  return 0;
}

const ROLLBACK_USAGE = 'cutover rollback ID --yes [--json]';

/** Rolls back to the source: runs the project here (its reverse replay is drained here), then the rollback. */
export async function rollback(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { yes: { type: 'boolean' } }, ROLLBACK_USAGE, { min: 1, max: 1 });
  if (parsed.values.yes !== true) {
    throw new UsageError(`the rollback makes the destination read-only and sends the applications back to the source: add --yes to confirm\nusage: ${ROLLBACK_USAGE}`);
  }
  const project = await findProject(context, parsed.positionals[0]);
  const reverse = async () => (await context.call('projects/get', { id: project.id })).stages.find((s) => s.stage === 'reverse')?.status;
  if (!context.core.services.orchestrator.isRunningHere(project.id) && project.status === 'running') {
    void runHere(context, project).catch(() => undefined);
    for (let i = 0; i < CATCH_UP_POLLS && !['running', 'monitoring', 'failed'].includes((await reverse()) ?? ''); i++) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const report = await context.call('switchover/rollback', { id: project.id, confirmed: true });
  if (context.json) printJson(report);
  else {
    printLines([
      `Rolled back ${project.name}: ${report.rowsBack} row change(s) flowed back from the destination (drained in ${(report.drainMs / 1000).toFixed(1)} s), ${report.countersRaised} AUTO_INCREMENT counter(s) raised.`,
      'The source takes writes again; the destination stays read-only.',
    ]);
  }
  return 0;
}

export const switchoverCommands = {
  status,
  precheck,
  run,
  retry: (args: string[], context: CliContext) => stepAction('retry', args, context),
  skip: (args: string[], context: CliContext) => stepAction('skip', args, context),
  cancel,
  objects,
  rehearse,
  rollback,
};
