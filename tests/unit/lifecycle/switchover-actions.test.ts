/** When Rehearse and Roll Back to the Source are allowed, for the pages and the host alike. */

import { expect, it } from 'vitest';
import { initialSteps } from '../../../src-shared/lifecycle/switchover';
import { rehearseVerdict, rollbackVerdict } from '../../../src-shared/lifecycle/switchover-actions';
import type { StageState } from '../../../src-shared/model';

const stages = (reverse: StageState['status']) => [
  { stage: 'incremental' as const, status: 'completed' as const },
  { stage: 'reverse' as const, status: reverse },
];

it('rehearses only a running project whose switchover has not begun', () => {
  const steps = initialSteps(['schema', 'full', 'incremental', 'reverse']);
  expect(rehearseVerdict({ status: 'running', stages: [] }, steps)).toEqual({ allowed: true });
  expect(rehearseVerdict({ status: 'paused', stages: [] }, steps)).toEqual({ allowed: false, reason: 'not possible while the project is Paused (only when Running)' });
  const begun = steps.map((s) => (s.step === 'start' ? { ...s, status: 'succeeded' as const } : s));
  expect(rehearseVerdict({ status: 'running', stages: [] }, begun).allowed).toBe(false);
});

it('rolls back only while reverse incremental runs in a running project', () => {
  expect(rollbackVerdict({ status: 'running', stages: stages('monitoring') })).toEqual({ allowed: true });
  expect(rollbackVerdict({ status: 'running', stages: stages('running') })).toEqual({ allowed: true });
  expect(rollbackVerdict({ status: 'running', stages: stages('not_started') })).toEqual({ allowed: false, reason: 'possible only while reverse incremental runs (it is Not Started)' });
  expect(rollbackVerdict({ status: 'paused', stages: stages('paused') }).allowed).toBe(false);
  expect(rollbackVerdict({ status: 'completed', stages: stages('completed') }).allowed).toBe(false);
});
