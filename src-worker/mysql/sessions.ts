/**
 * Session settings for data-path connections. Reads return every value as the
 * raw bytes the server stores (no character set conversion) in UTC; writes
 * accept exactly those bytes back: zero dates and explicit zeros in
 * AUTO_INCREMENT columns are kept, truncation is an error, never silent.
 */

import type { Connection } from 'mysql2/promise';
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
  return connection;
}
