/**
 * The switchover's latency check, judged by the host: within 15 s, from a
 * fresh reading, with Incr-Sync running; never "fine" from a stale figure or
 * a paused replay.
 */

import { describe, expect, it } from 'vitest';
import type { RunServices } from '../../../src-main/core/orchestrator/run-context';
import { SwitchoverService } from '../../../src-main/core/services/switchover';
import type { SwitchoverRepo } from '../../../src-main/core/state/repos/switchover-repo';
import type { Orchestrator } from '../../../src-main/core/orchestrator/orchestrator';

const NOW = Date.parse('2026-12-05T10:00:00.000Z');

function service(state: { types?: string[]; replay?: { status: string; held: boolean } | null; latencyMs?: number | null; ageMs?: number }): SwitchoverService {
  const services = {
    projects: {
      require: () => ({ name: 'p', types: state.types ?? ['schema', 'full', 'incremental'] }),
      detail: () => ({ components: state.replay === null ? [] : [{ kind: 'incr-sync', ...(state.replay ?? { status: 'running', held: false }) }] }),
    },
    incremental: {
      status: () => ({ latencyMs: state.latencyMs === undefined ? 800 : state.latencyMs, latencyAt: new Date(NOW - (state.ageMs ?? 1000)).toISOString() }),
    },
  } as unknown as RunServices;
  return new SwitchoverService(services, {} as SwitchoverRepo, {} as Orchestrator);
}

describe('switchover latency check', () => {
  it('passes within 15 s from a fresh reading of a running replay', () => {
    expect(service({}).latencyCheck('p', NOW)).toMatchObject({ state: 'success', detail: 'Latency 0.8 s is within 15 s.' });
    expect(service({ latencyMs: 15_000 }).latencyCheck('p', NOW).state).toBe('success');
  });

  it('fails over 15 s, on a stale reading, without a reading, and with the replay paused or stopped', () => {
    expect(service({ latencyMs: 15_001 }).latencyCheck('p', NOW)).toMatchObject({ state: 'fail', detail: 'Latency 15.0 s is over 15 s.' });
    expect(service({ ageMs: 45_000 }).latencyCheck('p', NOW)).toMatchObject({ state: 'fail', detail: 'The last latency reading is 45 s old: the replay may be stuck.' });
    expect(service({ latencyMs: null }).latencyCheck('p', NOW)).toMatchObject({ state: 'fail', detail: 'No latency has been measured yet.' });
    expect(service({ replay: { status: 'running', held: true } }).latencyCheck('p', NOW).detail).toBe('Incr-Sync is paused: its latency is not being measured and grows.');
    expect(service({ replay: { status: 'failed', held: false } }).latencyCheck('p', NOW).detail).toBe("Incr-Sync is not running (Failed): nothing replays the source's changes.");
  });

  it('has nothing to wait for without incremental synchronization', () => {
    expect(service({ types: ['schema', 'full'], replay: null }).latencyCheck('p', NOW).state).toBe('success');
  });
});
