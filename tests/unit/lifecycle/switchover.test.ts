/**
 * The forward switchover's step machine: the seed's steps in order (3 and 8
 * only with reverse), one step at a time, Retry and Skip as the seed has
 * them (Skip only where offered and only confirmed), Cancel until forward
 * sync is being stopped and never after, and what a restarted host does
 * with each state it finds.
 */

import { describe, expect, it } from 'vitest';
import type { StepEvent } from '../../../src-shared/lifecycle/switchover';
import type { StepRecord } from '../../../src-shared/model/switchover';
import { applyStepEvent, checkStepEvent, currentStep, initialSteps, isFinished, pastPointOfNoReturn, resumeAction, STEP_RULES } from '../../../src-shared/lifecycle/switchover';

const AT = '2026-12-05T10:00:00.000Z';

function run(steps: StepRecord[], events: StepEvent[]): StepRecord[] {
  return events.reduce((s, e) => applyStepEvent(s, e, AT), steps);
}

/** Every step of the project done straight through, up to (not including) `until`. */
function through(steps: StepRecord[], until?: string): StepRecord[] {
  let now = steps;
  for (const { step } of steps) {
    if (step === until) break;
    now = run(now, [{ kind: 'begin', step }]);
    if (STEP_RULES[step].confirms) now = run(now, [{ kind: 'wait', step }, { kind: 'confirm', step }]);
    now = run(now, [{ kind: 'succeed', step, facts: { at: step } }]);
  }
  return now;
}

describe('switchover steps', () => {
  it('goes one step at a time, in order, keeping what each measured', () => {
    const steps = initialSteps(['schema', 'full', 'incremental', 'reverse']);
    expect(checkStepEvent(steps, { kind: 'begin', step: 'precheck' })).toEqual({ allowed: false, reason: 'the switchover is at "Start forward switchover", not "Switchover precheck"' });
    const done = through(steps);
    expect(isFinished(done)).toBe(true);
    expect(done.every((s) => s.status === 'succeeded' && s.startedAt === AT && s.endedAt === AT)).toBe(true);
    expect(done.find((s) => s.step === 'precheck')!.facts).toEqual({ at: 'precheck' });
    expect(checkStepEvent(done, { kind: 'begin', step: 'start' }).reason).toBe('the switchover is finished');
  });

  it('waits for the confirmation that writes stopped, and refuses to skip it', () => {
    let steps = through(initialSteps(['schema', 'full', 'incremental']), 'confirm-writes-stopped');
    steps = run(steps, [{ kind: 'begin', step: 'confirm-writes-stopped' }]);
    expect(checkStepEvent(steps, { kind: 'succeed', step: 'confirm-writes-stopped' }).allowed).toBe(true);
    steps = run(steps, [{ kind: 'wait', step: 'confirm-writes-stopped', facts: { fence: 'read-only' } }]);
    expect(checkStepEvent(steps, { kind: 'succeed', step: 'confirm-writes-stopped' }).reason).toMatch(/is waiting: it cannot succeed/);
    expect(resumeAction(steps)).toEqual({ kind: 'wait', step: 'confirm-writes-stopped', why: 'confirm' });
    steps = run(steps, [{ kind: 'fail', step: 'confirm-writes-stopped', error: 'a write to shop.orders after the fence' }]);
    expect(checkStepEvent(steps, { kind: 'skip', step: 'confirm-writes-stopped', confirmed: true }).reason).toBe('"Confirm writes stopped at the source" cannot be skipped');
    expect(checkStepEvent(steps, { kind: 'wait', step: 'precheck' }).allowed).toBe(false);
    steps = run(steps, [{ kind: 'retry', step: 'confirm-writes-stopped' }]);
    expect(steps.find((s) => s.step === 'confirm-writes-stopped')).toMatchObject({ status: 'running', error: null, facts: { fence: 'read-only' } });
  });

  it('retries or skips a failed step; Skip only with the second confirmation, after the seed warning', () => {
    let steps = run(initialSteps(['schema', 'full', 'incremental']), [
      { kind: 'begin', step: 'start' },
      { kind: 'succeed', step: 'start' },
      { kind: 'begin', step: 'precheck' },
      { kind: 'fail', step: 'precheck', error: 'latency 40 s is over 15 s' },
    ]);
    expect(currentStep(steps)).toMatchObject({ step: 'precheck', status: 'failed', error: 'latency 40 s is over 15 s' });
    expect(resumeAction(steps)).toEqual({ kind: 'wait', step: 'precheck', why: 'failed' });
    const unconfirmed = checkStepEvent(steps, { kind: 'skip', step: 'precheck', confirmed: false });
    expect(unconfirmed.allowed).toBe(false);
    expect(unconfirmed.reason).toContain('data loss may occur in the destination database');
    steps = run(steps, [{ kind: 'skip', step: 'precheck', confirmed: true }]);
    expect(currentStep(steps)!.step).toBe('confirm-writes-stopped');
    expect(checkStepEvent(steps, { kind: 'retry', step: 'confirm-writes-stopped' }).reason).toMatch(/only a failed step can/);
  });

  it('cancels until forward sync is being stopped, back to the start; never after', () => {
    const before = run(through(initialSteps(['schema', 'full', 'incremental', 'reverse']), 'stop-forward-sync'), []);
    expect(pastPointOfNoReturn(before)).toBe(false);
    expect(checkStepEvent(before, { kind: 'cancel' })).toEqual({ allowed: true });
    const cancelled = applyStepEvent(before, { kind: 'cancel' }, AT);
    expect(cancelled).toEqual(initialSteps(['schema', 'full', 'incremental', 'reverse']));
    expect(checkStepEvent(cancelled, { kind: 'cancel' }).reason).toBe('the switchover has not started');

    const stopping = run(before, [{ kind: 'begin', step: 'stop-forward-sync' }]);
    expect(pastPointOfNoReturn(stopping)).toBe(true);
    expect(checkStepEvent(stopping, { kind: 'cancel' }).reason).toBe('"Stop forward synchronization" has started: the switchover can only be finished or rolled back');
    expect(() => applyStepEvent(stopping, { kind: 'cancel' }, AT)).toThrow(/Not possible: "Stop forward synchronization" has started/);
    // Without incremental synchronization there is no forward sync to stop: processing the objects is the point of no return.
    const copyOnly = through(initialSteps(['schema', 'full']), 'process-objects');
    expect(checkStepEvent(copyOnly, { kind: 'cancel' }).allowed).toBe(true);
    expect(checkStepEvent(run(copyOnly, [{ kind: 'begin', step: 'process-objects' }]), { kind: 'cancel' }).reason).toMatch(/"Process database objects" has started/);
  });

  it('takes notes on the items of a step that stopped or is done, keeping its state; never before it ran', () => {
    const types = ['schema', 'full', 'incremental', 'reverse'] as const;
    const note: StepEvent = { kind: 'note', step: 'process-objects', facts: { 'item:db.t trigger': 'completed' } };
    const before = through(initialSteps(types), 'process-objects');
    expect(checkStepEvent(before, note)).toEqual({ allowed: false, reason: '"Process database objects" is pending: its items can be acted on once it has run' });
    const failed = run(before, [{ kind: 'begin', step: 'process-objects', facts: { a: 1 } }, { kind: 'fail', step: 'process-objects', error: 'a trigger' }]);
    const noted = run(failed, [note]);
    expect(noted.find((s) => s.step === 'process-objects')).toMatchObject({ status: 'failed', error: 'a trigger', facts: { a: 1, 'item:db.t trigger': 'completed' } });
    const done = through(initialSteps(types));
    expect(run(done, [note]).find((s) => s.step === 'process-objects')?.status).toBe('succeeded');
  });

  it('tells a restarted host what to do with every state it may find', () => {
    const steps = initialSteps(['schema', 'full', 'incremental']);
    expect(resumeAction(steps)).toEqual({ kind: 'wait', step: 'start', why: 'start' });
    // A step found running was cut short by the crash: it runs again (steps are idempotent).
    const midway = run(through(steps, 'confirm-timestamp-synced'), [{ kind: 'begin', step: 'confirm-timestamp-synced' }]);
    expect(resumeAction(midway)).toEqual({ kind: 'run', step: 'confirm-timestamp-synced' });
    expect(applyStepEvent(midway, { kind: 'begin', step: 'confirm-timestamp-synced' }, '2026-12-05T11:00:00.000Z').find((s) => s.step === 'confirm-timestamp-synced')!.startedAt).toBe(AT);
    // The next step, pending, follows on its own.
    const next = run(midway, [{ kind: 'succeed', step: 'confirm-timestamp-synced' }]);
    expect(resumeAction(next)).toEqual({ kind: 'run', step: 'stop-forward-sync' });
    expect(resumeAction(through(steps))).toEqual({ kind: 'done' });
  });
});
