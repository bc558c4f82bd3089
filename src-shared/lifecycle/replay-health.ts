/**
 * How a replay (forward, or reverse incremental) really stands, for every
 * page, the list, the CLI and the API alike. The latency is the replay's own
 * measurement only while it runs and has reported recently; otherwise
 * nothing is being applied while the source goes on, so the latency is the
 * last reading plus the time since it, growing, and the state says why
 * (paused by you, failed with the reason, reconnecting, not run by any
 * process). "Caught up" is said only of a live replay within the threshold.
 */

import type { ReplayHealth, ReplayReading, ReplayState } from '../model/incremental';
import type { ProjectStatus, RunnerState } from '../model/project';
import { isRunStatus } from '../model/project';
import type { ComponentState, StageStatus } from '../model/stage';

/** A running replay reports at least every second; a reading older than this is not live. */
export const LIVE_READING_MS = 10_000;

export interface ReplayFacts {
  status: Pick<ReplayReading, 'latencyMs' | 'latencyAt'>;
  stage: StageStatus;
  /** The replay component (Incr-Sync, or Incr-Sync (reverse)). */
  replay: Pick<ComponentState, 'status' | 'held' | 'error' | 'restarts'> | null;
  project: ProjectStatus;
  /** Who runs the project (null unless it is Running). */
  runner: RunnerState | null;
  /** Latency within which a live replay counts as caught up (the alert level's threshold). */
  thresholdMs: number;
}

export function replayHealth(facts: ReplayFacts, now = Date.now()): ReplayHealth {
  const { status, stage, replay } = facts;
  const readAt = status.latencyAt ? Date.parse(status.latencyAt) : NaN;
  const readingAgeMs = status.latencyMs !== null && Number.isFinite(readAt) ? Math.max(0, now - readAt) : null;
  const grown = status.latencyMs !== null && readingAgeMs !== null ? status.latencyMs + readingAgeMs : null;
  const standing = (state: ReplayState, reason: string | null): ReplayHealth => ({ state, reason, latencyMs: grown, live: false, readingAgeMs });

  if (stage === 'completed' || stage === 'skipped') return { state: 'stopped', reason: 'The stage is over: nothing replays any more.', latencyMs: null, live: false, readingAgeMs };
  if (stage === 'not_started' && (replay === null || replay.status === 'not_started')) return { state: 'not-started', reason: null, latencyMs: null, live: false, readingAgeMs };
  if (replay?.held && facts.project === 'integrating') return standing('paused', 'Held while the added tables catch up with it (Integrating); it goes on by itself.');
  if (replay?.held) return standing('paused-by-you', 'Held in component monitoring: start it there to catch up.');
  if (isRunStatus(facts.project) && facts.runner === 'interrupted') return standing('interrupted', 'No Cutover process runs the project: nothing is applied.');
  if (!isRunStatus(facts.project)) {
    if (facts.project === 'failed' || stage === 'failed') return standing('failed', replay?.error ?? 'The project failed.');
    return standing('paused', 'The project is paused.');
  }
  if (replay?.status === 'failed' || stage === 'failed') return standing('failed', replay?.error ?? 'The replay failed.');
  if ((replay?.restarts ?? 0) > 0 && replay?.status !== 'running') return standing('reconnecting', replay?.error ? `Restarting after: ${replay.error}` : 'Restarting.');
  if (replay?.status === 'starting') return standing('starting', null);
  if (replay?.status !== 'running') return standing('paused', 'The replay is not running.');
  if (readingAgeMs === null || readingAgeMs > LIVE_READING_MS) return standing('no-reading', readingAgeMs === null ? 'No latency measured yet.' : `No reading for ${Math.round(readingAgeMs / 1000)} s: it may be stuck.`);
  return { state: status.latencyMs! <= facts.thresholdMs ? 'caught-up' : 'catching-up', reason: null, latencyMs: status.latencyMs, live: true, readingAgeMs };
}
