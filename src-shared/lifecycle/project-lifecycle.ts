/**
 * The one table that says which action is allowed in which project status
 * (F-15, F-16, seeds 000/003). The UI enables buttons from it, batch dialogs
 * pick qualifying projects with it, and the back end refuses with it.
 */

import type { ProjectStatus } from '../model/project';
import { PROJECT_STATUS_LABELS, PROJECT_STATUSES } from '../model/project';
import type { StageId, StageState } from '../model/stage';

/** Actions a user asks for. */
export const USER_ACTIONS = [
  'start',
  'pause',
  'resume',
  'release',
  'delete',
  'clone',
  'edit',
  'modifyParams',
  'modifyObjects',
  'modifyRunningObjects',
  'modifyAlert',
  'changeDataSource',
  'precheck',
  'enterSwitchover',
  'startSwitchover',
  'skipVerification',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/** Transitions the orchestrator makes on its own. */
export const SYSTEM_EVENTS = ['fail', 'complete', 'finishRelease', 'beginModify', 'beginIntegrate', 'finishIntegrate'] as const;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

export type ProjectTransition = UserAction | SystemEvent;

interface Rule {
  from: readonly ProjectStatus[];
  /** `same`: the status does not change; `deleted`: the project is gone. */
  to: ProjectStatus | 'same' | 'deleted';
  /** Extra condition on the stages, with the reason shown when it fails. */
  guard?: (facts: ProjectFacts) => string | null;
}

export interface ProjectFacts {
  status: ProjectStatus;
  stages: Pick<StageState, 'stage' | 'status'>[];
}


function stageStatus(facts: ProjectFacts, stage: StageId) {
  return facts.stages.find((s) => s.stage === stage)?.status ?? null;
}

function inVerification(facts: ProjectFacts): string | null {
  const status = stageStatus(facts, 'verification');
  if (status === null) return 'the project has no full verification';
  if (status === 'not_started') return 'full verification has not started';
  if (status === 'completed' || status === 'skipped') return 'full verification is already over';
  if (stageStatus(facts, 'switchover') && stageStatus(facts, 'switchover') !== 'not_started') return 'the project is in forward switchover';
  return null;
}

/**
 * Forward switchover starts once every stage before it is done: verification
 * completed (or skipped), or, without verification, the full copy completed and
 * the incremental sync caught up (Monitoring).
 */
function readyForSwitchover(facts: ProjectFacts): string | null {
  if (stageStatus(facts, 'switchover') !== 'not_started') return 'the project is already in forward switchover';
  const verification = stageStatus(facts, 'verification');
  if (verification !== null) return verification === 'completed' || verification === 'skipped' ? null : 'full verification is not completed';
  for (const stage of ['schema', 'full'] as const) {
    const status = stageStatus(facts, stage);
    if (status !== null && status !== 'completed' && status !== 'skipped') return `${stage === 'schema' ? 'schema' : 'full'} migration is not completed`;
  }
  const incremental = stageStatus(facts, 'incremental');
  if (incremental !== null && incremental !== 'monitoring') return 'incremental synchronization has not caught up (Monitoring)';
  return null;
}

/**
 * Tables are added to or removed from a running project (F-17) once the copy
 * is over and its replay runs, and never under a running verification or a
 * switchover (they would check or fence a table still being copied).
 */
function canModifyRunning(facts: ProjectFacts): string | null {
  const incremental = stageStatus(facts, 'incremental');
  if (incremental === null) return 'the project has no incremental synchronization';
  if (incremental !== 'running' && incremental !== 'monitoring') return 'incremental synchronization is not running yet';
  for (const stage of ['schema', 'full'] as const) {
    const status = stageStatus(facts, stage);
    if (status !== null && status !== 'completed' && status !== 'skipped') return `${stage === 'schema' ? 'schema' : 'full'} migration is not completed`;
  }
  if (stageStatus(facts, 'verification') === 'running') return 'full verification is running';
  const switchover = stageStatus(facts, 'switchover');
  if (switchover !== null && switchover !== 'not_started') return 'the project is in forward switchover';
  return null;
}

function inSwitchover(facts: ProjectFacts): string | null {
  const status = stageStatus(facts, 'switchover');
  return status === 'running' ? null : 'the project is not in forward switchover';
}

export const PROJECT_TRANSITIONS: Record<ProjectTransition, Rule> = {
  start: { from: ['not_started'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused', 'failed'], to: 'running' },
  release: { from: ['paused', 'failed', 'completed'], to: 'releasing' },
  delete: { from: ['not_started', 'released'], to: 'deleted' },
  clone: { from: PROJECT_STATUSES, to: 'same' },
  edit: { from: ['not_started'], to: 'same' },
  modifyParams: { from: ['not_started', 'paused', 'failed'], to: 'same' },
  modifyObjects: { from: ['not_started'], to: 'same' },
  modifyRunningObjects: { from: ['running'], to: 'same', guard: canModifyRunning },
  modifyAlert: { from: ['not_started', 'running', 'paused', 'failed'], to: 'same' },
  changeDataSource: { from: ['not_started', 'paused', 'failed'], to: 'same' },
  precheck: { from: ['not_started', 'paused', 'failed'], to: 'same' },
  enterSwitchover: { from: ['running'], to: 'same', guard: readyForSwitchover },
  startSwitchover: { from: ['running'], to: 'same', guard: inSwitchover },
  skipVerification: { from: ['running', 'paused', 'failed'], to: 'same', guard: inVerification },
  fail: { from: ['running', 'modifying', 'integrating', 'releasing'], to: 'failed' },
  complete: { from: ['running'], to: 'completed' },
  finishRelease: { from: ['releasing'], to: 'released' },
  beginModify: { from: ['running'], to: 'modifying' },
  beginIntegrate: { from: ['modifying'], to: 'integrating' },
  finishIntegrate: { from: ['integrating'], to: 'running' },
};

export const USER_ACTION_LABELS: Record<UserAction, string> = {
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  release: 'Release',
  delete: 'Delete',
  clone: 'Clone',
  edit: 'Edit',
  modifyParams: 'Modify Parameters',
  modifyObjects: 'Modify Objects',
  modifyRunningObjects: 'Add or Remove Tables',
  modifyAlert: 'Modify Alert Settings',
  changeDataSource: 'Change Data Source',
  precheck: 'Precheck',
  enterSwitchover: 'Enter Forward Switchover',
  startSwitchover: 'Start Forward Switchover',
  skipVerification: 'Skip Full Verification',
};

export interface Verdict {
  allowed: boolean;
  /** Why not, in words for the user. */
  reason?: string;
}

export function checkTransition(transition: ProjectTransition, facts: ProjectFacts): Verdict {
  const rule = PROJECT_TRANSITIONS[transition];
  if (!rule.from.includes(facts.status)) {
    const allowedIn = rule.from.map((s) => PROJECT_STATUS_LABELS[s]).join(', ');
    return { allowed: false, reason: `not possible while the project is ${PROJECT_STATUS_LABELS[facts.status]} (only when ${allowedIn})` };
  }
  const blocked = rule.guard?.(facts);
  return blocked ? { allowed: false, reason: blocked } : { allowed: true };
}

export function canPerform(action: UserAction, facts: ProjectFacts): boolean {
  return checkTransition(action, facts).allowed;
}

/** The status after a transition; throws when it is not allowed. */
export function nextStatus(transition: ProjectTransition, facts: ProjectFacts): ProjectStatus | 'deleted' {
  const verdict = checkTransition(transition, facts);
  if (!verdict.allowed) throw new Error(`${transition}: ${verdict.reason}`);
  const to = PROJECT_TRANSITIONS[transition].to;
  return to === 'same' ? facts.status : to;
}

export function allowedActions(facts: ProjectFacts): UserAction[] {
  return USER_ACTIONS.filter((action) => canPerform(action, facts));
}

/**
 * Reverify and correction (F-33): once verification has run to an end (or
 * was paused, or failed), and until the project enters the forward
 * switchover; never after a skip, which only a clone undoes.
 */
export function checkVerificationRerun(facts: ProjectFacts): Verdict {
  const status = stageStatus(facts, 'verification');
  const switchover = stageStatus(facts, 'switchover');
  if (status === null) return { allowed: false, reason: 'not possible: the project has no full verification' };
  if (switchover && switchover !== 'not_started') return { allowed: false, reason: 'not possible: the project is in forward switchover' };
  if (status === 'skipped') return { allowed: false, reason: 'not possible: full verification was skipped (only a clone can verify again)' };
  if (status !== 'completed' && status !== 'failed' && status !== 'paused') {
    return { allowed: false, reason: `possible once full verification has finished (it is ${status === 'running' ? 'running' : 'not started'})` };
  }
  if (facts.status !== 'running' && facts.status !== 'paused' && facts.status !== 'failed') return { allowed: false, reason: `not possible while the project is ${PROJECT_STATUS_LABELS[facts.status]}` };
  return { allowed: true };
}
