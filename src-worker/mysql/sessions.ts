/**
 * Session settings for data-path connections. Reads return every value as the
 * raw bytes the server stores (no character set conversion) in UTC; writes
 * accept exactly those bytes back: zero dates and explicit zeros in
 * AUTO_INCREMENT columns are kept, truncation is an error, never silent.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { ConnectionConfig } from '../../src-shared/model/datasource';
import { connect } from './connect';

export const WRITE_SQL_MODE = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES,NO_ENGINE_SUBSTITUTION';

export async function openReader(config: ConnectionConfig): Promise<Connection> {
  const connection = await connect(config, { database: null });
  // net_write_timeout: the server may wait for us while a slow destination holds back the stream.
  await connection.query("SET SESSION time_zone = '+00:00', character_set_results = 'binary', net_write_timeout = 3600, net_read_timeout = 3600");
  return connection;
}

export async function openWriter(config: ConnectionConfig): Promise<Connection> {
  const connection = await connect(config, { database: null });
  await connection.query(`SET SESSION time_zone = '+00:00', sql_mode = '${WRITE_SQL_MODE}', foreign_key_checks = 0, net_read_timeout = 3600`);
  await liftStatementTimeouts(connection);
  return connection;
}

/** A day, in the microseconds OceanBase counts its timeouts in. */
const OCEANBASE_DAY_US = 86_400_000_000;

/**
 * OceanBase ends a statement after 10 seconds by default (ob_query_timeout): an index built after a large copy, or
 * a replayed transaction of many rows, would be cut off. Cutover's writing sessions there get a day instead; other
 * servers have no such limit.
 */
export async function liftStatementTimeouts(connection: Connection): Promise<void> {
  const [rows] = await connection.query<RowDataPacket[]>("SHOW VARIABLES LIKE 'ob_query_timeout'");
  if (rows.length === 0) return;
  await connection.query(`SET SESSION ob_query_timeout = ${OCEANBASE_DAY_US}, ob_trx_timeout = ${OCEANBASE_DAY_US}, ob_trx_idle_timeout = ${OCEANBASE_DAY_US}`);
}
