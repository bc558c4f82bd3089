/** Display formatting only: dates, durations, sizes. No rules about what the values mean. */

import type { ReplayHealth } from '../../src-shared/model/incremental';
import { REPLAY_STATE_LABELS } from '../../src-shared/model/incremental';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2025-01-31 14:05:09` in local time (from an ISO string or epoch ms), or "-" when there is no value. */
export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `1h 02m 03s`, `4m 05s`, `12s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** Time between two instants; a span that has not ended runs up to `now`. */
export function formatSpan(start: string | null, end: string | null, now: number = Date.now()): string {
  if (!start) return '-';
  const from = new Date(start).getTime();
  const to = end ? new Date(end).getTime() : now;
  return formatDuration(to - from);
}

/**
 * Latency in seconds for lists and tables: `0.35 s`, `2.5 s`, `42 s`. Always in
 * seconds, as OMS shows it, so that a column reads at a glance; a negative value
 * (clocks apart by a little) reads as 0.
 */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  const s = Math.max(0, ms) / 1000;
  return `${s < 1 ? s.toFixed(2) : s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

/** A project's replay latency for lists: the live value, or, when nothing applies, "≥" the last reading grown since and why (the state). */
export function replayLatencyText(replay: ReplayHealth | null): string {
  if (!replay || replay.latencyMs === null) return replay && replay.state !== 'not-started' && replay.state !== 'stopped' ? REPLAY_STATE_LABELS[replay.state] : '-';
  return replay.live ? formatLatency(replay.latencyMs) : `≥ ${formatLatency(replay.latencyMs)}, ${REPLAY_STATE_LABELS[replay.state].toLowerCase()}`;
}

/**
 * Latency in the words of the OMS incremental page: `12 seconds`, rounded to
 * whole seconds; `0.35 seconds` under 10 s when it was measured in milliseconds
 * (heartbeats), since whole seconds would hide the difference there.
 */
export function formatLatencySeconds(ms: number, precise: boolean): string {
  const s = Math.max(0, ms) / 1000;
  return `${precise && s < 10 ? s.toFixed(2) : Math.round(s)} seconds`;
}

/** Whole seconds from an ISO time to `now`, never negative (the host's clock may be a little ahead). */
export function secondsSince(iso: string, now: number): number {
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? 0 : Math.max(0, Math.floor((now - t) / 1000));
}

/** 0..1 as a whole percentage for progress bars. */
export function toPercent(progress: number | null | undefined): number {
  if (progress === null || progress === undefined || !Number.isFinite(progress)) return 0;
  return Math.max(0, Math.min(100, Math.round(progress * 100)));
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-';
  return n.toLocaleString('en-US');
}

/**
 * Time taken by something that may still run: up to its end, up to `now` while
 * it runs, and "-" when it stopped without a recorded end (paused, failed before
 * finishing), since counting on would be wrong.
 */
export function formatRunSpan(start: string | null, end: string | null, running: boolean, now: number = Date.now()): string {
  if (!start) return '-';
  if (end) return formatSpan(start, end);
  return running ? formatSpan(start, null, now) : '-';
}

export { alertKindLabel } from '../../src-shared/lifecycle/alert-conditions';
