/**
 * Incremental synchronization (F-32): where the Store captures the source's
 * binlog, where the Incr-Sync replay stands, how far behind it is, and what
 * it replayed, table by table.
 */

import type { QualifiedName } from './objects';
import type { AlertLevel } from './options';
import { ALERT_THRESHOLDS } from './options';

/** Cutover's own schema on the endpoints: the heartbeat on the source, the replay checkpoint on the destination. */
export const META_DATABASE = 'cutover_meta';

/**
 * The replay checkpoint table in META_DATABASE. Every transaction an applier
 * commits updates its row there, so the row is also the transaction's
 * marker: a Store drops the transactions its peer applier wrote, and forward
 * and reverse replication never echo each other.
 */
export const CHECKPOINT_TABLE = 'replay_checkpoint';

/** The id under which the reverse stream (destination back to the source, F-35) writes its checkpoint, heartbeat and fence rows. */
export function reverseStreamId(projectId: string): string {
  return `${projectId}.reverse`;
}

/** The id of the replay that brings tables added to a running project up to the project's replay (F-17). */
export function catchUpStreamId(projectId: string): string {
  return `${projectId}.catchup`;
}

/** A point in a server's binlog: the file and the byte offset after a transaction, with its GTID when known. */
export interface BinlogPosition {
  file: string;
  pos: number;
  gtid: string | null;
}

/** What the replay has committed on the destination, up to and including `changeId` of the Store's change log. */
export interface ReplayCheckpoint extends BinlogPosition {
  changeId: number;
  /** Source time of the last replayed transaction (epoch ms; whole seconds when it came from the binlog). */
  eventTs: number | null;
}

export interface FailedDdl {
  changeId: number;
  database: string | null;
  statement: string;
  error: string;
  at: string;
}

/** How a replay really stands (computed by src-shared/lifecycle/replay-health.ts). */
export const REPLAY_STATES = ['not-started', 'starting', 'catching-up', 'caught-up', 'no-reading', 'paused-by-you', 'paused', 'failed', 'reconnecting', 'interrupted', 'stopped'] as const;
export type ReplayState = (typeof REPLAY_STATES)[number];

export const REPLAY_STATE_LABELS: Record<ReplayState, string> = {
  'not-started': 'Not started',
  starting: 'Starting',
  'catching-up': 'Catching up',
  'caught-up': 'Caught up',
  'no-reading': 'No recent reading',
  'paused-by-you': 'Paused by you',
  paused: 'Paused',
  failed: 'Failed',
  reconnecting: 'Reconnecting',
  interrupted: 'Interrupted',
  stopped: 'Stopped',
};

export interface ReplayHealth {
  state: ReplayState;
  /** Why, in words, when the replay is not applying (the failure, who paused it); null when it is. */
  reason: string | null;
  /** The latency now: measured while live, else the last reading plus the time since (null before any reading or once stopped for good). */
  latencyMs: number | null;
  /** True when `latencyMs` is a live measurement; false when it is the last reading grown by the time since. */
  live: boolean;
  /** How old the last reading is (ms), null when there is none. */
  readingAgeMs: number | null;
}

/** A replay's state as recorded: positions, the last latency reading and when it was taken. */
export interface ReplayReading {
  /** Where capture began: taken before the first row of the full copy. */
  startPosition: BinlogPosition | null;
  /** Where the Store has read the source's binlog to. */
  capturePosition: BinlogPosition | null;
  checkpoint: ReplayCheckpoint | null;
  latencyMs: number | null;
  /** When the latency was last measured (ISO time). */
  latencyAt: string | null;
  /** The source time the destination is synchronised to (epoch ms): the "current timestamp". */
  replayTimestamp: number | null;
  /** True when latency comes from heartbeats (milliseconds), false when from binlog event times (whole seconds). */
  heartbeat: boolean;
  /** True while changes are applied idempotently (after the full copy's window and after every restart). */
  safeMode: boolean;
  /** The DDL that stopped the replay, shown with Skip and Retry. */
  failedDdl: FailedDdl | null;
  statistics: boolean;
}

/** A replay as pages, the CLI and the API show it: the reading, and how it really stands now. */
export interface IncrementalStatus extends ReplayReading {
  health: ReplayHealth;
}

export interface SyncTableStats {
  source: QualifiedName;
  target: QualifiedName;
  inserts: number;
  updates: number;
  deletes: number;
  ddl: number;
}

export const DDL_OUTCOMES = ['applied', 'skipped', 'ignored', 'failed'] as const;
export type DdlOutcome = (typeof DDL_OUTCOMES)[number];
export const DDL_OUTCOME_LABELS: Record<DdlOutcome, string> = { applied: 'Applied', skipped: 'Skipped', ignored: 'Not synchronized', failed: 'Failed' };

export interface DdlRecord {
  id: number;
  changeId: number;
  database: string | null;
  statement: string;
  /** What was run on the destination, when it differs from the source statement. */
  applied: string | null;
  outcome: DdlOutcome;
  /** Why it was not synchronized, or the destination's error. */
  detail: string | null;
  at: string;
}

export const CHANGE_KINDS = ['insert', 'update', 'delete', 'ddl'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One captured change as the change-log browser shows it; values are display text (bytes as 0x hex). */
export interface ChangeLogEntry {
  id: number;
  kind: ChangeKind;
  database: string;
  table: string | null;
  /** Key values of the row (the after image, or the before image of a delete). */
  key: string[] | null;
  /** Source time of the event (epoch ms, whole seconds). */
  eventTs: number;
  file: string;
  pos: number;
  gtid: string | null;
  before: Record<string, string | null> | null;
  after: Record<string, string | null> | null;
  statement: string | null;
}

export interface ChangeLogPage {
  entries: ChangeLogEntry[];
  /** Pass as `beforeId` for the next (older) page; null when there is none. */
  nextBeforeId: number | null;
  /** Oldest and newest event times the log still holds (epoch ms). */
  oldestTs: number | null;
  newestTs: number | null;
}

/** Compares binlog positions by file sequence number, then offset. */
export function compareBinlogPositions(a: Pick<BinlogPosition, 'file' | 'pos'>, b: Pick<BinlogPosition, 'file' | 'pos'>): number {
  const seq = (file: string) => {
    const match = /\.(\d+)$/.exec(file);
    return match ? Number(match[1]) : 0;
  };
  const bySeq = seq(a.file) - seq(b.file);
  if (bySeq !== 0) return bySeq;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.pos - b.pos;
}

export function formatBinlogPosition(position: BinlogPosition | null): string {
  if (!position) return '-';
  return `${position.file}:${position.pos}${position.gtid ? ` (GTID ${position.gtid})` : ''}`;
}

/**
 * Incremental synchronization goes Running → Monitoring once latency is at
 * most the alert level's latency threshold (seed rule; it never goes back).
 * Without alerts, the Low protection threshold applies.
 */
export function monitoringThresholdMs(level: AlertLevel): number {
  return ALERT_THRESHOLDS[level === 'none' ? 'low' : level].latencySeconds * 1000;
}
