/**
 * Replication latency. With heartbeats: how long a heartbeat took from the
 * Store writing it on the source to its commit on the destination, and no
 * less than the age of the oldest heartbeat still waiting, or of the newest
 * one applied when no newer one got through. Without: the age of the oldest
 * change waiting, by its binlog event time (whole seconds, the source's clock).
 */

import type { ChangeLogReader } from '../../changelog/reader';

const HEARTBEAT_INTERVAL_MS = 1000;
/** Heartbeat mode lasts while heartbeats keep arriving. */
const HEARTBEAT_FRESH_MS = 10_000;

export class Latency {
  private measured: number | null = null;
  private lastBeat: number | null = null;
  private lastBeatSeenAt = 0;
  /** Source time the destination is synchronised to. */
  replayTimestamp: number | null = null;

  heartbeatApplied(beat: number, committedAt: number): void {
    this.measured = Math.max(0, committedAt - beat);
    this.lastBeat = beat;
    this.lastBeatSeenAt = committedAt;
    this.replayTimestamp = Math.max(this.replayTimestamp ?? 0, beat);
  }

  changeApplied(eventTs: number): void {
    this.replayTimestamp = Math.max(this.replayTimestamp ?? 0, eventTs);
  }

  get heartbeat(): boolean {
    return this.lastBeat !== null && Date.now() - this.lastBeatSeenAt < HEARTBEAT_FRESH_MS + HEARTBEAT_INTERVAL_MS;
  }

  current(reader: ChangeLogReader, appliedChangeId: number, now = Date.now()): number {
    if (this.lastBeat !== null) {
      const waiting = reader.heartbeatAfter(appliedChangeId);
      const stale = now - this.lastBeat - HEARTBEAT_INTERVAL_MS;
      return Math.max(this.measured ?? 0, waiting !== null ? now - waiting : 0, stale);
    }
    const pending = reader.firstPendingEventTs(appliedChangeId);
    return pending === null ? 0 : Math.max(0, now - pending);
  }
}
