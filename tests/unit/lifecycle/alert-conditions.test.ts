/** What raises an alert: latency over the threshold (held or not), a replay not applying for longer than the interruption threshold, a copy or verification standing still. */

import { expect, it } from 'vitest';
import { alertConditions } from '../../../src-shared/lifecycle/alert-conditions';
import type { ReplayHealth } from '../../../src-shared/model';

const T = { latencyMs: 30_000, interruptionMs: 60_000 };
const health = (over: Partial<ReplayHealth>): ReplayHealth => ({ state: 'caught-up', reason: null, latencyMs: 100, live: true, readingAgeMs: 500, ...over });
const kinds = (replay: ReplayHealth | null, copy: number | null = null, verify: number | null = null) => alertConditions({ replay, copyStillMs: copy, verificationStillMs: verify }, T).map((c) => c.kind);

it('alerts on latency at the threshold, live or grown while held', () => {
  expect(kinds(health({}))).toEqual([]);
  expect(kinds(health({ state: 'catching-up', latencyMs: 30_000 }))).toEqual(['latency']);
  expect(kinds(health({ state: 'paused-by-you', latencyMs: 45_000, live: false, readingAgeMs: 44_000 }))).toEqual(['latency']);
});

it('alerts on an interruption only once it has lasted, never for a hold or a first start', () => {
  expect(kinds(health({ state: 'reconnecting', latencyMs: 100 + 59_000, live: false, readingAgeMs: 59_000 }))).toEqual(['latency']);
  expect(kinds(health({ state: 'failed', reason: 'denied', latencyMs: 100 + 61_000, live: false, readingAgeMs: 61_000 }))).toEqual(['latency', 'interruption']);
  expect(kinds(health({ state: 'paused-by-you', latencyMs: 100 + 61_000, live: false, readingAgeMs: 61_000 }))).toEqual(['latency']);
  expect(kinds(health({ state: 'starting', latencyMs: null, live: false, readingAgeMs: null }))).toEqual([]);
  expect(kinds(health({ state: 'no-reading', latencyMs: null, live: false, readingAgeMs: null }))).toEqual([]);
});

it('alerts on a copy or a verification that stands still past the interruption threshold', () => {
  expect(kinds(null, 59_000, 0)).toEqual([]);
  expect(kinds(null, 60_000, 61_000)).toEqual(['copy-stall', 'verification-stall']);
});
