/**
 * What a running project's alerts watch (F-40, seed "Alert settings"), as a
 * pure rule over what the host knows: the replay's health, and how long the
 * full copy's and verification's progress has stood still. Each condition
 * that holds names its alert kind and says why; the host raises an alert for
 * it, raises it again at the alert frequency while it holds, and resolves
 * it once it no longer holds.
 */

import type { ReplayHealth } from '../model/incremental';

export const ALERT_KINDS = ['latency', 'interruption', 'copy-stall', 'verification-stall', 'stage-failed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  latency: 'Replication latency',
  interruption: 'Component interrupted',
  'copy-stall': 'Full migration stalled',
  'verification-stall': 'Full verification stalled',
  'stage-failed': 'Stage failed',
};

/** An alert kind's label, or the kind itself when it is one this build does not know (written by a newer one). */
export function alertKindLabel(kind: string): string {
  return (ALERT_KIND_LABELS as Record<string, string | undefined>)[kind] ?? kind;
}

export interface AlertWatch {
  /** The replay that runs (forward or reverse), if any. */
  replay: ReplayHealth | null;
  /** How long the full copy / verification has run without its row count moving (ms), when it runs. */
  copyStillMs: number | null;
  verificationStillMs: number | null;
}

export interface Condition {
  kind: AlertKind;
  severity: 'critical' | 'warning';
  message: string;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Replay states in which nothing is applied through no choice of the user's. */
const INTERRUPTED = new Set(['failed', 'reconnecting', 'interrupted', 'no-reading']);

export function alertConditions(watch: AlertWatch, thresholds: { latencyMs: number; interruptionMs: number }): Condition[] {
  const found: Condition[] = [];
  const { replay } = watch;
  if (replay && replay.latencyMs !== null && replay.latencyMs >= thresholds.latencyMs) {
    found.push({ kind: 'latency', severity: 'warning', message: `Replication latency is ${seconds(replay.latencyMs)}, over the ${seconds(thresholds.latencyMs)} threshold.` });
  }
  // How long nothing was applied: since the last reading (a replay that never reported has no measure, and its stage's failure is alerted).
  if (replay && INTERRUPTED.has(replay.state) && replay.readingAgeMs !== null && replay.readingAgeMs >= thresholds.interruptionMs) {
    found.push({ kind: 'interruption', severity: 'critical', message: `The replay is ${replay.state === 'no-reading' ? 'not reporting' : replay.state}${replay.reason ? `: ${replay.reason}` : ''} (for ${seconds(replay.readingAgeMs ?? 0)}).` });
  }
  if (watch.copyStillMs !== null && watch.copyStillMs >= thresholds.interruptionMs) {
    found.push({ kind: 'copy-stall', severity: 'warning', message: `Full migration has copied no row for ${seconds(watch.copyStillMs)}.` });
  }
  if (watch.verificationStillMs !== null && watch.verificationStillMs >= thresholds.interruptionMs) {
    found.push({ kind: 'verification-stall', severity: 'warning', message: `Full verification has verified no row for ${seconds(watch.verificationStillMs)}.` });
  }
  return found;
}
