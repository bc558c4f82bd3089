/**
 * `cutover switchover status|precheck` (F-34): the forward switchover's
 * steps with what each measured, and the switchover precheck run on demand
 * (exit 1 when a check fails).
 */

import { AppError } from '../../../src-shared/errors';
import { SWITCHOVER_STEP_LABELS } from '../../../src-shared/model';
import { parse } from '../args';
import type { CliContext } from '../context';
import { findProject } from '../context';
import { printCheck, printJson, printLines, printTable, shortTime } from '../output';

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

export const switchoverCommands = { status, precheck };
