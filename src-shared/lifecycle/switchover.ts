/**
 * The forward switchover as a step machine (F-34, seed 001 "Forward
 * switchover"): the seed's eight steps in order, steps 3 and 8 only with
 * reverse incremental; Retry and Skip as in the seed (Skip only where the
 * seed offers it, and only after a second confirmation that shows the
 * seed's warning); Cancel until the point of no return. Pure: the host
 * journals every event it applies (what it meant to do, what came of it,
 * the facts it measured, when) and, after a crash, resumes from the state
 * the journal gives: a step found running is run again, so every step must
 * be idempotent.
 */

import type { MigrationType } from '../model/project';
import type { SwitchoverStepId, SwitchoverStepStatus } from '../model/stage';
import type { Facts, StepRecord } from '../model/switchover';
import { SWITCHOVER_STEP_LABELS } from '../model/stage';
import { switchoverStepsFor } from './migration-types';
import type { Verdict } from './project-lifecycle';

/**
 * Stopping forward synchronization is the point of no return: until that
 * step starts, Cancel restores everything (the source writable, forward sync
 * running); once it has started, the switchover can only be finished or
 * rolled back. Without incremental synchronization, processing the objects
 * (constraints added, hidden keys dropped) is.
 */
export const POINTS_OF_NO_RETURN: readonly SwitchoverStepId[] = ['stop-forward-sync', 'process-objects'];

/** What a step needs of the user, and what Skip warns of (null: the step cannot be skipped). */
export interface StepRule {
  /** The step stops for the user's confirmation before it can succeed. */
  confirms: boolean;
  skipWarning: string | null;
}

export const STEP_RULES: Record<SwitchoverStepId, StepRule> = {
  // Nothing runs in the background: the user's Start begins it and it succeeds at once.
  start: { confirms: false, skipWarning: null },
  precheck: {
    confirms: false,
    skipWarning: 'If you skip the switchover precheck, data loss may occur in the destination database, or reverse incremental synchronization may fail. Proceed with caution.',
  },
  'start-destination-store': { confirms: false, skipWarning: null },
  // The write fence and the proof of drain are what make the switchover safe: never skipped.
  'confirm-writes-stopped': { confirms: true, skipWarning: null },
  'confirm-timestamp-synced': { confirms: false, skipWarning: null },
  'stop-forward-sync': {
    confirms: false,
    skipWarning:
      'Skip only after you have confirmed that forward synchronization has stopped. Otherwise, data in the source database may be unexpectedly written to the destination database. Proceed with caution.',
  },
  'process-objects': {
    confirms: false,
    skipWarning: 'Skipped objects (constraints, hidden columns and their indexes, AUTO_INCREMENT values, source triggers and foreign keys) must then be processed by hand. Proceed with caution.',
  },
  'start-reverse': {
    confirms: false,
    skipWarning: 'Without reverse incremental synchronization, writes on the destination do not reach the source: there is no way back after this. Proceed with caution.',
  },
};

export type StepEvent =
  /** The host is about to do the step's work (journaled before it starts, with what it must remember, such as what the fence will change). */
  | { kind: 'begin'; step: SwitchoverStepId; facts?: Facts }
  /** The step did what it can and waits for the user's confirmation. */
  | { kind: 'wait'; step: SwitchoverStepId; facts?: Facts }
  /** The user confirmed a waiting step. */
  | { kind: 'confirm'; step: SwitchoverStepId }
  | { kind: 'succeed'; step: SwitchoverStepId; facts?: Facts }
  | { kind: 'fail'; step: SwitchoverStepId; error: string; facts?: Facts }
  /** The user asked to run a failed step again. */
  | { kind: 'retry'; step: SwitchoverStepId }
  /** The user skipped a step; `confirmed` is the second confirmation, after the warning was shown. */
  | { kind: 'skip'; step: SwitchoverStepId; confirmed: boolean }
  /** The user cancelled the switchover (before the point of no return). */
  | { kind: 'cancel' }
  /** What the user decided about one part of a failed step (an item of Process database objects run, skipped or marked complete): its facts merge, its state stays. */
  | { kind: 'note'; step: SwitchoverStepId; facts: Facts };

export function initialSteps(types: readonly MigrationType[]): StepRecord[] {
  return switchoverStepsFor(types).map((step) => ({ step, status: 'pending', startedAt: null, endedAt: null, error: null, facts: {} }));
}

const FINISHED: readonly SwitchoverStepStatus[] = ['succeeded', 'skipped'];

/** The step the switchover is at: the first one not finished; null once every step is. */
export function currentStep(steps: readonly StepRecord[]): StepRecord | null {
  return steps.find((s) => !FINISHED.includes(s.status)) ?? null;
}

export function isFinished(steps: readonly StepRecord[]): boolean {
  return currentStep(steps) === null;
}

/** The project's point of no return: the first of POINTS_OF_NO_RETURN it has. */
export function pointOfNoReturn(steps: readonly StepRecord[]): StepRecord | null {
  return steps.find((s) => POINTS_OF_NO_RETURN.includes(s.step)) ?? null;
}

/** True once the point of no return has started. */
export function pastPointOfNoReturn(steps: readonly StepRecord[]): boolean {
  const point = pointOfNoReturn(steps);
  return point !== null && point.status !== 'pending';
}

/** True once any step has started: there is something for Cancel to undo. */
export function isUnderway(steps: readonly StepRecord[]): boolean {
  return steps.some((s) => s.status !== 'pending');
}

const label = (step: SwitchoverStepId) => `"${SWITCHOVER_STEP_LABELS[step]}"`;

/** Whether `event` may be applied now, and why not in words for the user. */
export function checkStepEvent(steps: readonly StepRecord[], event: StepEvent): Verdict {
  if (event.kind === 'cancel') {
    if (!isUnderway(steps)) return { allowed: false, reason: 'the switchover has not started' };
    if (isFinished(steps)) return { allowed: false, reason: 'the switchover is finished' };
    if (pastPointOfNoReturn(steps)) {
      return { allowed: false, reason: `${label(pointOfNoReturn(steps)!.step)} has started: the switchover can only be finished or rolled back` };
    }
    return { allowed: true };
  }
  const record = steps.find((s) => s.step === event.step);
  if (!record) return { allowed: false, reason: `this project's switchover has no step ${label(event.step)}` };
  // Items of a step that stopped, or that is done (manual work marked complete afterwards).
  if (event.kind === 'note') {
    return record.status === 'failed' || record.status === 'succeeded' ? { allowed: true } : { allowed: false, reason: `${label(event.step)} is ${record.status}: its items can be acted on once it has run` };
  }
  const current = currentStep(steps);
  if (!current) return { allowed: false, reason: 'the switchover is finished' };
  if (current.step !== event.step) return { allowed: false, reason: `the switchover is at ${label(current.step)}, not ${label(event.step)}` };
  const status = record.status;
  const expect = (allowed: readonly SwitchoverStepStatus[], doing: string): Verdict =>
    allowed.includes(status) ? { allowed: true } : { allowed: false, reason: `${label(event.step)} is ${status}: it cannot ${doing}` };
  switch (event.kind) {
    case 'begin':
      return expect(['pending', 'running'], 'begin');
    case 'wait':
      if (!STEP_RULES[event.step].confirms) return { allowed: false, reason: `${label(event.step)} does not wait for a confirmation` };
      return expect(['running'], 'wait for a confirmation');
    case 'confirm':
      return expect(['waiting'], 'be confirmed (it is not waiting for one)');
    case 'succeed':
      return expect(['running'], 'succeed');
    case 'fail':
      return expect(['running', 'waiting'], 'fail');
    case 'retry':
      return expect(['failed'], 'be retried (only a failed step can)');
    case 'skip': {
      const warning = STEP_RULES[event.step].skipWarning;
      if (warning === null) return { allowed: false, reason: `${label(event.step)} cannot be skipped` };
      if (status !== 'failed') return { allowed: false, reason: `${label(event.step)} is ${status}: only a failed step can be skipped` };
      if (!event.confirmed) return { allowed: false, reason: `confirm the skip: ${warning}` };
      return { allowed: true };
    }
  }
}

/** The steps after `event`, at time `at`; throws with the reason when the event is not allowed (check first). */
export function applyStepEvent(steps: readonly StepRecord[], event: StepEvent, at: string): StepRecord[] {
  const verdict = checkStepEvent(steps, event);
  if (!verdict.allowed) throw new Error(`Not possible: ${verdict.reason}.`);
  if (event.kind === 'cancel') return steps.map((s) => ({ step: s.step, status: 'pending', startedAt: null, endedAt: null, error: null, facts: {} }));
  return steps.map((s) => {
    if (s.step !== event.step) return s;
    const facts = 'facts' in event && event.facts ? { ...s.facts, ...event.facts } : s.facts;
    switch (event.kind) {
      case 'begin':
        return { ...s, status: 'running', startedAt: s.startedAt ?? at, endedAt: null, error: null, facts };
      case 'wait':
        return { ...s, status: 'waiting', facts };
      case 'confirm':
        return { ...s, status: 'running' };
      case 'succeed':
        return { ...s, status: 'succeeded', endedAt: at, error: null, facts };
      case 'fail':
        return { ...s, status: 'failed', endedAt: at, error: event.error, facts };
      case 'retry':
        return { ...s, status: 'running', endedAt: null, error: null };
      case 'skip':
        return { ...s, status: 'skipped', endedAt: at };
      case 'note':
        return { ...s, facts };
    }
  });
}

/**
 * What a host does with a switchover it finds on start (after a crash
 * too): `run` the current step's work (again, if it was running: steps are
 * idempotent), `wait` for the user (a step waiting for a confirmation, a
 * failed step waiting for Retry or Skip, or a switchover not started), or
 * nothing (`done`).
 */
export function resumeAction(steps: readonly StepRecord[]): { kind: 'run'; step: SwitchoverStepId } | { kind: 'wait'; step: SwitchoverStepId; why: 'confirm' | 'failed' | 'start' } | { kind: 'done' } {
  const current = currentStep(steps);
  if (!current) return { kind: 'done' };
  switch (current.status) {
    case 'running':
      return { kind: 'run', step: current.step };
    case 'waiting':
      return { kind: 'wait', step: current.step, why: 'confirm' };
    case 'failed':
      return { kind: 'wait', step: current.step, why: 'failed' };
    default:
      // Pending: the first step waits for the user's Start; later ones follow on their own.
      return current.step === 'start' ? { kind: 'wait', step: current.step, why: 'start' } : { kind: 'run', step: current.step };
  }
}
