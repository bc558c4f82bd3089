/**
 * A project's fence on the destination: `cutover_meta.writer_fence`, one row
 * per writer (a Full-Import pipeline, a replay lane, the replay's own
 * bookkeeping) holding the lease epoch of the host that runs the project.
 *
 * - `claim` (when a worker starts) locks every row of the project, which
 *   waits for the transactions of older writers still in flight, and raises
 *   them to this worker's epoch. A row already at a newer epoch means this
 *   worker's host lost the project: it stops.
 * - `guard` is the first statement of each of a writer's transactions: a
 *   locking read of its own row. At a newer epoch the transaction is rolled
 *   back and the worker stops, so nothing a stale worker writes after a newer
 *   one claimed the project is ever committed.
 *
 * Only row locks are used (no shared locks), so every engine that speaks the
 * protocol behaves alike. DDL commits on its own and cannot be fenced this
 * way; it is guarded just before it runs.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escape } from 'mysql2';
import { AppError } from '../../src-shared/errors';
import { META_DATABASE } from '../../src-shared/model/incremental';

const TABLE = `\`${META_DATABASE}\`.\`writer_fence\``;

const SETUP = [
  `CREATE DATABASE IF NOT EXISTS \`${META_DATABASE}\``,
  `CREATE TABLE IF NOT EXISTS ${TABLE} (
     project_id VARCHAR(64) NOT NULL,
     writer     VARCHAR(64) NOT NULL,
     epoch      BIGINT UNSIGNED NOT NULL,
     PRIMARY KEY (project_id, writer)
   ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4`,
];

export function leaseLost(projectId: string, mine: number, newer: number): AppError {
  return new AppError({
    code: 'lease_lost',
    message: `A newer run of project ${projectId} (lease epoch ${newer}) writes to the destination now; this worker (epoch ${mine}) stops, and what it had not committed is rolled back.`,
    workaround: 'Follow the project in the Cutover process that runs it now.',
  });
}

export class WriterFence {
  constructor(
    readonly projectId: string,
    readonly epoch: number,
  ) {}

  /** Raises the project's fence to this epoch for `writers` (and every other writer of the project). */
  async claim(connection: Connection, writers: string[]): Promise<void> {
    for (const sql of SETUP) await connection.query(sql);
    await connection.query('START TRANSACTION');
    try {
      const [rows] = await connection.query<RowDataPacket[]>(`SELECT epoch FROM ${TABLE} WHERE project_id = ? FOR UPDATE`, [this.projectId]);
      const newest = rows.reduce((max, row) => Math.max(max, Number(row.epoch)), 0);
      if (newest > this.epoch) throw leaseLost(this.projectId, this.epoch, newest);
      await connection.query(`UPDATE ${TABLE} SET epoch = ? WHERE project_id = ?`, [this.epoch, this.projectId]);
      if (writers.length) {
        const values = writers.map((writer) => `(${escape(this.projectId)}, ${escape(writer)}, ${this.epoch})`).join(', ');
        await connection.query(`INSERT IGNORE INTO ${TABLE} (project_id, writer, epoch) VALUES ${values}`);
      }
      await connection.query('COMMIT');
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** The statement that opens each of a writer's transactions (after START TRANSACTION): a locking read of its row. */
  guardSql(writer: string): string {
    return `SELECT epoch FROM ${TABLE} WHERE project_id = ${escape(this.projectId)} AND writer = ${escape(writer)} FOR UPDATE`;
  }

  /** Checks the guard's rows; throws (the caller rolls back) when the writer's epoch is no longer the newest. */
  check(rows: unknown): void {
    const row = Array.isArray(rows) ? (rows[0] as { epoch?: unknown } | undefined) : undefined;
    const epoch = row?.epoch === undefined || row.epoch === null ? null : Number(row.epoch);
    if (epoch !== this.epoch) throw leaseLost(this.projectId, this.epoch, epoch ?? 0);
  }

  /** Starts a transaction on `connection` under the fence of `writer`. */
  async begin(connection: Connection, writer: string): Promise<void> {
    await connection.query('START TRANSACTION');
    try {
      const [rows] = await connection.query(this.guardSql(writer));
      this.check(rows);
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
