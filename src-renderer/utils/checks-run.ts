/**
 * Checks that come without a precheck run of their own (the switchover
 * precheck run on its own, a rehearsal's) as the run PrecheckResults shows:
 * running while `checks` is null, then with the verdict they add up to.
 */
import type { PrecheckCheck, PrecheckRun } from '../../src-shared/model/precheck';
import { summarizeChecks } from '../../src-shared/model/precheck';

export function checksRun(run: { id: string; projectId: string; startedAt: string }, checks: PrecheckCheck[] | null): PrecheckRun {
  if (checks === null) return { ...run, status: 'running', endedAt: null, checks: [], error: null };
  return { ...run, status: summarizeChecks(checks), endedAt: new Date().toISOString(), checks, error: null };
}
