/**
 * When Rehearse and Roll Back to the Source are allowed: the pages offer
 * them from these verdicts, and the host refuses with the same reasons.
 */
import type { ProjectFacts, Verdict } from './project-lifecycle';
import { isUnderway } from './switchover';
import { PROJECT_STATUS_LABELS } from '../model/project';
import { STAGE_STATUS_LABELS } from '../model/stage';
import type { StepRecord } from '../model/switchover';

function running(project: ProjectFacts): Verdict {
  return project.status === 'running' ? { allowed: true } : { allowed: false, reason: `not possible while the project is ${PROJECT_STATUS_LABELS[project.status]} (only when Running)` };
}

/** The switchover timed on the live pair: while the project runs, before the switchover has begun (it would time the fenced pair). */
export function rehearseVerdict(project: ProjectFacts, steps: readonly StepRecord[]): Verdict {
  const verdict = running(project);
  if (!verdict.allowed) return verdict;
  return isUnderway(steps) ? { allowed: false, reason: 'possible only before the forward switchover starts (or after a Cancel)' } : verdict;
}

/** Back to the source (a project with reverse incremental): while reverse incremental runs, which carries the destination's writes back. */
export function rollbackVerdict(project: ProjectFacts): Verdict {
  // A stage that has not run yet may not be stored: it is Not Started.
  const reverse = project.stages.find((s) => s.stage === 'reverse')?.status ?? 'not_started';
  const verdict = running(project);
  if (!verdict.allowed) return verdict;
  if (reverse !== 'running' && reverse !== 'monitoring') return { allowed: false, reason: `possible only while reverse incremental runs (it is ${STAGE_STATUS_LABELS[reverse]})` };
  return verdict;
}
