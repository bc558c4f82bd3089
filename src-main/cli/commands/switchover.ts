/**
 * `cutover switchover status|precheck|run|cancel` (F-34): the forward
 * switchover's steps with what each measured; the switchover precheck run on
 * demand (exit 1 when a check fails); the whole switchover driven in this
 * process to its end (exit 0 when done, 1 with the failed step); Cancel
 * before the point of no return.
 */

import { AppError } from '../../../src-shared/errors';
import type { FenceMode, SwitchoverOverview } from '../../../src-shared/model';
import { FENCE_MODES, SWITCHOVER_STEP_LABELS } from '../../../src-shared/model';
import { optionalString, parse, UsageError } from '../args';
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

const RUN_USAGE = 'cutover switchover run ID [--fence read-only|accounts|manual] [--accounts user@host,...] --yes [--end-transactions] [--timeout S] [--json]';
const POLL_MS = 250;
/** How long `run` lets the replay catch up before the precheck judges its latency (10 minutes). */
const CATCH_UP_POLLS = 2400;

function stepLine(overview: SwitchoverOverview): string[] {
  return overview.steps.map((s) => `${s.status.padEnd(9)} ${SWITCHOVER_STEP_LABELS[s.step]}${s.error ? `: ${s.error}` : ''}`);
}

/** Drives the switchover here to its end: the project runs in this process (its replay is drained and stopped here). */
async function run(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(
    args,
    { fence: { type: 'string' }, accounts: { type: 'string' }, yes: { type: 'boolean' }, 'end-transactions': { type: 'boolean' }, timeout: { type: 'string' } },
    RUN_USAGE,
    { min: 1, max: 1 },
  );
  const fence = (optionalString(parsed, 'fence') ?? 'read-only') as FenceMode;
  if (!(FENCE_MODES as readonly string[]).includes(fence)) throw new UsageError(`--fence must be one of ${FENCE_MODES.join(', ')}\nusage: ${RUN_USAGE}`);
  if (parsed.values.yes !== true) throw new UsageError(`the switchover stops writes on the source and, past its point of no return, forward synchronization: add --yes to confirm\nusage: ${RUN_USAGE}`);
  const timeoutSeconds = parseTimeout(optionalString(parsed, 'timeout'), RUN_USAGE);
  const project = await findProject(context, parsed.positionals[0]);
  const { switchover, orchestrator } = context.core.services;
  const replay = async () => (await context.call('projects/get', { id: project.id })).stages.find((s) => s.stage === 'incremental')?.status;
  if (!orchestrator.isRunningHere(project.id) && project.types.includes('incremental') && (await replay()) !== 'completed') {
    // The replay runs here, and the switchover's precheck waits for it to have caught up.
    void runHere(context, project).catch(() => undefined);
    for (let i = 0; i < CATCH_UP_POLLS && !['monitoring', 'completed'].includes((await replay()) ?? ''); i++) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  let overview = await context.call('switchover/status', { id: project.id });
  if (overview.steps.every((s) => s.status === 'pending')) overview = await context.call('switchover/start', { id: project.id, fence, accounts: optionalString(parsed, 'accounts') ?? '' });
  else switchover.drive(project.id);
  const deadline = timeoutSeconds === null ? Infinity : Date.now() + timeoutSeconds * 1000;
  for (;;) {
    overview = await context.call('switchover/status', { id: project.id });
    const current = overview.steps.find((s) => s.step === overview.current);
    if (!current || current.status === 'failed' || Date.now() > deadline) break;
    if (current.step === 'confirm-writes-stopped' && current.status === 'waiting') {
      overview = await context.call('switchover/confirm', { id: project.id, endTransactions: parsed.values['end-transactions'] === true });
      continue;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (context.json) printJson(overview);
  else printLines(stepLine(overview));
  const current = overview.steps.find((s) => s.step === overview.current);
  if (!current) return 0;
  const how = overview.pastPointOfNoReturn ? 'it can only be finished (fix, then run again) or rolled back' : 'cutover switchover cancel lifts the fence';
  throw new AppError({
    code: 'not_allowed',
    message: current.status === 'failed' ? `the switchover stopped at "${SWITCHOVER_STEP_LABELS[current.step]}": ${current.error ?? 'failed'}` : `timed out at "${SWITCHOVER_STEP_LABELS[current.step]}"`,
    workaround: `Run it again to retry from there; ${how}.`,
  });
}

async function cancel(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover switchover cancel ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const overview = await context.call('switchover/cancel', { id: project.id });
  if (context.json) printJson(overview);
  else printLines(['Cancelled: the fence is lifted, the source is writable, and forward synchronization runs on.']);
  return 0;
}

export const switchoverCommands = { status, precheck, run, cancel };
