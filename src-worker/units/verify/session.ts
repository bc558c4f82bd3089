/** The sessions verification reads through: UTC (TIMESTAMP values print the same on both servers whatever their time zones), no statement time limit. */

import type { Connection } from 'mysql2/promise';
import type { ConnectionConfig } from '../../../src-shared/model/datasource';
import { connect } from '../../mysql/connect';
import { liftStatementTimeouts } from '../../mysql/sessions';

export async function openVerifySession(config: ConnectionConfig): Promise<Connection> {
  const connection = await connect(config, { database: null });
  await connection.query("SET SESSION time_zone = '+00:00', net_write_timeout = 3600, net_read_timeout = 3600");
  await liftStatementTimeouts(connection);
  return connection;
}
