/**
 * A server's binlog as incremental synchronization sees it: its current
 * position, and the errors that mean the binlog a position needs is gone.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { AppError } from '../../src-shared/errors';
import type { BinlogPosition } from '../../src-shared/model/incremental';

/** `SHOW MASTER STATUS` was renamed `SHOW BINARY LOG STATUS` in MySQL 8.2 and removed in 8.4. */
async function statusRow(connection: Connection): Promise<RowDataPacket | undefined> {
  try {
    const [rows] = await connection.query<RowDataPacket[]>('SHOW MASTER STATUS');
    return rows[0];
  } catch (error) {
    if ((error as { errno?: number }).errno !== 1064) throw error;
    const [rows] = await connection.query<RowDataPacket[]>('SHOW BINARY LOG STATUS');
    return rows[0];
  }
}

/** The position after the last committed transaction, with the GTID state there (MariaDB: gtid_binlog_pos; MySQL: executed set). */
export async function currentPosition(connection: Connection): Promise<BinlogPosition> {
  const row = await statusRow(connection);
  if (!row?.File) {
    throw new AppError({
      code: 'invalid_input',
      message: 'The source has no binary log, so its changes cannot be captured.',
      workaround: 'Start the server with log_bin, binlog_format=ROW and binlog_row_image=FULL (the precheck lists every setting).',
    });
  }
  let gtid: string | null = row.Executed_Gtid_Set ? String(row.Executed_Gtid_Set).replace(/\s/g, '') : null;
  if (gtid === null) {
    try {
      const [rows] = await connection.query<RowDataPacket[]>('SELECT @@GLOBAL.gtid_binlog_pos AS pos');
      gtid = rows[0]?.pos ? String(rows[0].pos) : null;
    } catch {
      // Not MariaDB: no GTID position to record.
    }
  }
  return { file: String(row.File), pos: Number(row.Position), gtid: gtid || null };
}

/**
 * Replication error 1236 ("Could not find first log file name in binary
 * log index file", "log event entry exceeded max_allowed_packet", ...) and
 * MariaDB's 1945/1955 for GTIDs the server no longer has.
 */
export function isPurgedBinlogError(error: unknown): boolean {
  const e = error as { errno?: number; code?: string; message?: string };
  if (e.errno === 1945 || e.errno === 1955) return true;
  if (e.errno === 1236 || e.code === 'ER_MASTER_FATAL_ERROR_READING_BINLOG') {
    return /could not find|purged|first log file|not found/i.test(e.message ?? '');
  }
  return false;
}

export function purgedBinlogError(position: BinlogPosition, detail: string): AppError {
  return new AppError({
    code: 'binlog_purged',
    message: `The source no longer has the binlog this project needs (from ${position.file}:${position.pos}): ${detail}. Changes made since then cannot be replayed.`,
    workaround:
      'Keep binlogs longer on the source (binlog_expire_logs_seconds or expire_logs_days) and do not leave projects paused past that. ' +
      'This project cannot continue safely: release it, then clone it to migrate again from a fresh copy.',
  });
}
