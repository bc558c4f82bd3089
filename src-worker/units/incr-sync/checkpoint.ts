/**
 * The replay checkpoint on the destination: `cutover_meta.replay_checkpoint`,
 * one row per apply lane. A lane updates its row in the same transaction as
 * the changes it applies, so after any crash the rows say exactly what was
 * committed:
 * - every change up to the lowest row's change id is applied;
 * - changes after it up to the highest may be applied by some lanes only:
 *   they are applied again in safe mode, which is idempotent for tables with
 *   a key;
 * - changes of tables without a key always go to lane 0, so lane 0's row
 *   says exactly which of them are applied;
 * - a DDL is marked pending on lane 0 before it runs and all rows move past
 *   it after, so a DDL interrupted in between is run again (an "already
 *   done" answer then counts as applied).
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escape } from 'mysql2';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { CHECKPOINT_TABLE, META_DATABASE } from '../../../src-shared/model/incremental';

const TABLE = `\`${META_DATABASE}\`.\`${CHECKPOINT_TABLE}\``;

const SETUP = [
  `CREATE DATABASE IF NOT EXISTS \`${META_DATABASE}\``,
  `CREATE TABLE IF NOT EXISTS ${TABLE} (
     project_id  VARCHAR(64) NOT NULL,
     lane        SMALLINT UNSIGNED NOT NULL,
     log_id      VARCHAR(64) NOT NULL,
     change_id   BIGINT UNSIGNED NOT NULL,
     binlog_file VARCHAR(512) NOT NULL,
     binlog_pos  BIGINT UNSIGNED NOT NULL,
     gtid        TEXT NULL,
     event_ts    BIGINT NULL,
     ddl_pending BIGINT UNSIGNED NULL,
     updated_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
     PRIMARY KEY (project_id, lane)
   ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4`,
];

export interface CheckpointPoint extends BinlogPosition {
  changeId: number;
  eventTs: number | null;
}

export interface Recovered {
  /** No row yet: the replay of this project has never committed on this server. */
  fresh: boolean;
  /** Every change up to here is applied. */
  low: number;
  /** Changes after `low` up to here may be applied by some lanes (redo in safe mode). */
  high: number;
  /** Changes of keyless tables are applied exactly up to here. */
  lane0: number;
  /** A DDL that was started and may or may not have run. */
  ddlPending: number | null;
  /** The position of the highest row, for display until the first new commit. */
  point: CheckpointPoint | null;
}

export class ReplayCheckpoint {
  constructor(
    private readonly projectId: string,
    private readonly logId: string,
  ) {}

  async setup(connection: Connection): Promise<void> {
    for (const sql of SETUP) await connection.query(sql);
  }

  /** Reads the rows of this project; a checkpoint written from another change log is refused. */
  async recover(connection: Connection): Promise<Recovered> {
    const [rows] = await connection.query<RowDataPacket[]>(`SELECT * FROM ${TABLE} WHERE project_id = ? ORDER BY lane`, [this.projectId]);
    if (rows.length === 0) return { fresh: true, low: 0, high: 0, lane0: 0, ddlPending: null, point: null };
    const foreign = rows.find((r) => r.log_id !== this.logId);
    if (foreign) {
      throw new Error(
        `The destination's replay checkpoint for this project (${META_DATABASE}.replay_checkpoint) was written from another change log (${String(foreign.log_id)}); ` +
          'the local change log was replaced, so the replay cannot tell which changes are applied. Release the project and clone it to migrate again.',
      );
    }
    const ids = rows.map((r) => Number(r.change_id));
    const low = Math.min(...ids);
    // Only the lowest lane's point is applied everywhere; a lane added since has no position yet.
    const bottom = rows.find((r) => Number(r.change_id) === low && String(r.binlog_file) !== '');
    const lane0 = rows.find((r) => Number(r.lane) === 0);
    return {
      fresh: false,
      low,
      high: Math.max(...ids),
      lane0: lane0 ? Number(lane0.change_id) : low,
      ddlPending: lane0?.ddl_pending === null || lane0?.ddl_pending === undefined ? null : Number(lane0.ddl_pending),
      point: bottom
        ? {
            changeId: low,
            file: String(bottom.binlog_file),
            pos: Number(bottom.binlog_pos),
            gtid: bottom.gtid === null ? null : String(bottom.gtid),
            eventTs: bottom.event_ts === null ? null : Number(bottom.event_ts),
          }
        : null,
    };
  }

  /** Every change up to the returned one is committed by the replay of another stream id (held while this is asked). */
  async committedOf(connection: Connection, streamId: string): Promise<number> {
    const [rows] = await connection.query<RowDataPacket[]>(`SELECT MIN(change_id) AS low, COUNT(*) AS n FROM ${TABLE} WHERE project_id = ?`, [streamId]);
    if (!rows[0] || Number(rows[0].n) === 0) throw new Error(`The replay ${streamId} has no checkpoint on the destination to catch up with.`);
    return Number(rows[0].low);
  }

  /** Removes this replay's rows (a catch-up replay that got there). */
  forget(connection: Connection): Promise<unknown> {
    return connection.query(`DELETE FROM ${TABLE} WHERE project_id = ?`, [this.projectId]);
  }

  /** Lanes 0..count-1 have a row (new ones start at `low`); rows of lanes no longer used are dropped. */
  async prepareLanes(connection: Connection, count: number, low: number): Promise<void> {
    await connection.query(`DELETE FROM ${TABLE} WHERE project_id = ? AND lane >= ?`, [this.projectId, count]);
    for (let lane = 0; lane < count; lane++) {
      await connection.query(`INSERT IGNORE INTO ${TABLE} (project_id, lane, log_id, change_id, binlog_file, binlog_pos) VALUES (?, ?, ?, ?, '', 0)`, [
        this.projectId,
        lane,
        this.logId,
        low,
      ]);
    }
  }

  /** The statement a lane runs inside its transaction. */
  laneUpdate(lane: number, point: CheckpointPoint): string {
    return `UPDATE ${TABLE} SET ${this.assignments(point)} WHERE project_id = ${escape(this.projectId)} AND lane = ${lane}`;
  }

  /** Moves every lane to a point all of them have passed (after a round, or around a DDL). */
  allLanesUpdate(point: CheckpointPoint): string {
    return `UPDATE ${TABLE} SET ${this.assignments(point)}, ddl_pending = NULL WHERE project_id = ${escape(this.projectId)}`;
  }

  markDdlPending(changeId: number): string {
    return `UPDATE ${TABLE} SET ddl_pending = ${changeId} WHERE project_id = ${escape(this.projectId)} AND lane = 0`;
  }

  /**
   * A row never moves back, and its position always belongs to its change id:
   * the position columns change only when the change id advances (assignments
   * run left to right, so change_id comes last).
   */
  private assignments(point: CheckpointPoint): string {
    const advances = `change_id <= ${point.changeId}`;
    return [
      `binlog_file = IF(${advances}, ${escape(point.file)}, binlog_file)`,
      `binlog_pos = IF(${advances}, ${point.pos}, binlog_pos)`,
      `gtid = IF(${advances}, ${escape(point.gtid)}, gtid)`,
      `event_ts = IF(${advances}, ${point.eventTs === null ? 'NULL' : Math.round(point.eventTs)}, event_ts)`,
      `change_id = GREATEST(change_id, ${point.changeId})`,
    ].join(', ');
  }
}
