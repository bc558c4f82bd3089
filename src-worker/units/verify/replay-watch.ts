/**
 * Where the replay that runs beside verification stands, read from its
 * checkpoint on the destination (`cutover_meta.replay_checkpoint`, committed
 * with the changes it covers): whether it has passed a source position, and
 * how far behind the source it is.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { compareBinlogPositions, META_DATABASE } from '../../../src-shared/model/incremental';
import { currentPosition } from '../../mysql/binlog';

const POLL_MS = 250;

export interface ReplayPoint {
  file: string;
  pos: number;
  /** Source time of the last change applied (epoch ms), if known. */
  eventTs: number | null;
}

/** The point every lane of the replay has passed: the lowest lane's; null before the replay has applied anything. */
export async function replayPoint(destination: Connection, projectId: string): Promise<ReplayPoint | null> {
  let rows: RowDataPacket[];
  try {
    [rows] = await destination.query<RowDataPacket[]>(
      `SELECT binlog_file, binlog_pos, change_id, event_ts FROM \`${META_DATABASE}\`.\`replay_checkpoint\` WHERE project_id = ? ORDER BY change_id LIMIT 1`,
      [projectId],
    );
  } catch (error) {
    // No replay has run on this destination yet.
    if ((error as { errno?: number }).errno === 1146 || (error as { errno?: number }).errno === 1049) return null;
    throw error;
  }
  const row = rows[0];
  if (!row || String(row.binlog_file) === '') return null;
  return { file: String(row.binlog_file), pos: Number(row.binlog_pos), eventTs: row.event_ts === null ? null : Number(row.event_ts) };
}

export class ReplayWatch {
  constructor(
    private readonly projectId: string,
    private readonly lagLimitMs: number,
  ) {}

  /** True when the replay has applied everything the source had committed at `position`. */
  async passed(destination: Connection, position: BinlogPosition): Promise<boolean> {
    const point = await replayPoint(destination, this.projectId);
    return point !== null && compareBinlogPositions(point, position) >= 0;
  }

  /**
   * Waits until the replay has passed `position`, at most `capMs`; false when
   * it did not (the replay is paused, or far behind). `aborted` ends the wait early.
   */
  async waitPassed(destination: Connection, position: BinlogPosition, capMs: number, aborted: () => boolean): Promise<boolean> {
    const deadline = Date.now() + capMs;
    for (;;) {
      if (await this.passed(destination, position)) return true;
      if (Date.now() >= deadline || aborted()) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * How far the replay is behind the source, in ms: 0 once it has applied all
   * the source has committed; otherwise the age of the last change it applied
   * (0 when unknown: nothing applied yet, or no time recorded).
   */
  async lagMs(source: Connection, destination: Connection): Promise<number> {
    const now = await currentPosition(source);
    const point = await replayPoint(destination, this.projectId);
    if (point === null) return 0;
    if (compareBinlogPositions(point, now) >= 0) return 0;
    return point.eventTs === null ? 0 : Math.max(0, Date.now() - point.eventTs);
  }

  /** Waits while the replay is further behind than the limit, so that verification never adds to a backlog; returns the lag it waited out. */
  async waitForReplay(source: Connection, destination: Connection, aborted: () => boolean): Promise<number> {
    let worst = 0;
    for (;;) {
      const lag = await this.lagMs(source, destination);
      if (lag <= this.lagLimitMs || aborted()) return worst;
      worst = Math.max(worst, lag);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
