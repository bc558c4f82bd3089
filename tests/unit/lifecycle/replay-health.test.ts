/**
 * A replay's health as every page, list, the CLI and the API show it: the
 * live latency only from a live replay's recent reading; otherwise the last
 * reading grown by the time since, and a state that says why.
 */

import { expect, it } from 'vitest';
import type { ReplayFacts } from '../../../src-shared/lifecycle/replay-health';
import { replayHealth } from '../../../src-shared/lifecycle/replay-health';

const NOW = Date.parse('2026-12-05T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const running = { status: 'running' as const, held: false, error: null, restarts: 0 };
const facts = (over: Partial<ReplayFacts>): ReplayFacts => ({
  status: { latencyMs: 20, latencyAt: ago(500) },
  stage: 'monitoring',
  replay: running,
  project: 'running',
  runner: 'here',
  thresholdMs: 30_000,
  ...over,
});

it('is caught up, or catching up, only when live and recently measured', () => {
  expect(replayHealth(facts({}), NOW)).toEqual({ state: 'caught-up', reason: null, latencyMs: 20, live: true, readingAgeMs: 500 });
  expect(replayHealth(facts({ status: { latencyMs: 45_000, latencyAt: ago(200) } }), NOW)).toMatchObject({ state: 'catching-up', latencyMs: 45_000, live: true });
  expect(replayHealth(facts({ status: { latencyMs: 20, latencyAt: ago(54_000) } }), NOW)).toMatchObject({ state: 'no-reading', latencyMs: 54_020, live: false, reason: 'No reading for 54 s: it may be stuck.' });
});

it('grows the latency and says why when the replay is not applying', () => {
  const grown = { latencyMs: 20 + 54_000, live: false };
  expect(replayHealth(facts({ status: { latencyMs: 20, latencyAt: ago(54_000) }, replay: { ...running, status: 'paused', held: true } }), NOW)).toMatchObject({ state: 'paused-by-you', ...grown });
  expect(replayHealth(facts({ status: { latencyMs: 20, latencyAt: ago(54_000) }, replay: { ...running, status: 'failed', error: 'Access denied' } }), NOW)).toMatchObject({ state: 'failed', reason: 'Access denied', ...grown });
  expect(replayHealth(facts({ status: { latencyMs: 20, latencyAt: ago(54_000) }, replay: { ...running, status: 'starting', restarts: 2, error: 'connection lost' } }), NOW)).toMatchObject({ state: 'reconnecting', reason: 'Restarting after: connection lost', ...grown });
  expect(replayHealth(facts({ status: { latencyMs: null, latencyAt: null }, replay: { ...running, status: 'starting' } }), NOW)).toMatchObject({ state: 'starting', latencyMs: null });
  expect(replayHealth(facts({ status: { latencyMs: 20, latencyAt: ago(54_000) }, project: 'paused', runner: null, stage: 'paused' }), NOW)).toMatchObject({ state: 'paused', ...grown });
  expect(replayHealth(facts({ status: { latencyMs: 20, latencyAt: ago(54_000) }, runner: 'interrupted' }), NOW)).toMatchObject({ state: 'interrupted', ...grown });
  // Held while added tables catch up with it (F-17): paused, and saying it goes on by itself.
  expect(replayHealth(facts({ project: 'integrating', replay: { ...running, status: 'paused', held: true } }), NOW)).toMatchObject({ state: 'paused', reason: expect.stringMatching(/Integrating/) });
  expect(replayHealth(facts({ project: 'modifying' }), NOW).state).toBe('caught-up');
  // Still held while the stage says Monitoring: never "caught up".
  expect(replayHealth(facts({ replay: { ...running, status: 'paused', held: true } }), NOW).state).toBe('paused-by-you');
});

it('has no latency before the replay started or once its stage is over', () => {
  expect(replayHealth(facts({ stage: 'not_started', replay: null, status: { latencyMs: null, latencyAt: null } }), NOW)).toEqual({ state: 'not-started', reason: null, latencyMs: null, live: false, readingAgeMs: null });
  expect(replayHealth(facts({ stage: 'completed' }), NOW)).toMatchObject({ state: 'stopped', latencyMs: null });
});
