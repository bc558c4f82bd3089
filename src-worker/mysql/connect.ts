/**
 * Opening MySQL-protocol connections, and turning every way that can fail into
 * an error that says what is wrong and what to do. Passwords never appear in
 * messages: only host, port and user do.
 */

import { readFileSync } from 'node:fs';
import type { Connection, ConnectionOptions } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { AppError } from '../../src-shared/errors';
import type { ConnectionConfig } from '../../src-shared/model/datasource';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface ConnectOptions {
  timeoutMs?: number;
  /** Overrides the data source's default database; null connects without one. */
  database?: string | null;
  /** Several statements per query (the replay sends a transaction's statements in one round trip). */
  multipleStatements?: boolean;
  /** The caller sends finished SQL only, never placeholder values (see finishedSqlOnly). */
  finishedSql?: boolean;
}

/**
 * The driver scans every statement for `?` placeholders even when no values
 * come with it; the replay's statements run to megabytes, so its connections
 * skip the scan, and refuse values rather than ignore them.
 */
function finishedSqlOnly(sql: string, values: unknown): string {
  if (Array.isArray(values) ? values.length > 0 : values !== undefined && values !== null) {
    throw new Error('This connection takes finished SQL only, without placeholder values.');
  }
  return sql;
}

function tlsOptions(config: ConnectionConfig): ConnectionOptions['ssl'] {
  switch (config.tls.mode) {
    case 'off':
      return undefined;
    case 'required':
      return { rejectUnauthorized: false };
    case 'verify': {
      if (!config.tls.caFile) return { rejectUnauthorized: true };
      try {
        return { rejectUnauthorized: true, ca: readFileSync(config.tls.caFile, 'utf8') };
      } catch (error) {
        throw new AppError({
          code: 'tls_failed',
          message: `Cannot read the CA file ${config.tls.caFile}: ${(error as Error).message}.`,
          workaround: 'Give the path of a PEM file with the CA certificate of the server.',
        });
      }
    }
  }
}

export function connectionOptions(config: ConnectionConfig, options: ConnectOptions = {}): ConnectionOptions {
  const database = options.database === undefined ? config.database : options.database;
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: database ?? undefined,
    connectTimeout: options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    ssl: tlsOptions(config),
    charset: 'utf8mb4_general_ci',
    multipleStatements: options.multipleStatements ?? false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    timezone: 'Z',
    queryFormat: options.finishedSql ? finishedSqlOnly : undefined,
  };
}

export async function connect(config: ConnectionConfig, options: ConnectOptions = {}): Promise<Connection> {
  try {
    const connection = await createConnection(connectionOptions(config, options));
    // Errors after connecting surface on the next query; an unhandled 'error' event must not kill the worker.
    connection.on('error', () => undefined);
    return connection;
  } catch (error) {
    throw describeConnectError(error, config);
  }
}

const TLS_CODES = new Set([
  'HANDSHAKE_NO_SSL_SUPPORT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Maps a driver or network error at connect time to an AppError. */
export function describeConnectError(error: unknown, config: Pick<ConnectionConfig, 'host' | 'port' | 'user' | 'database'>): AppError {
  if (error instanceof AppError) return error;
  const err = error as { code?: string; errno?: number; message?: string; sqlMessage?: string };
  const where = `${config.host}:${config.port}`;
  const code = err.code ?? '';
  const serverMessage = err.sqlMessage ?? err.message ?? String(error);
  if (code === 'ECONNREFUSED') {
    return new AppError({
      code: 'connection_refused',
      message: `Nothing accepts connections at ${where} (connection refused).`,
      workaround: 'Check the host and port, and that the server is running and listening on that address.',
      retryable: true,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError({ code: 'host_not_found', message: `The host name ${config.host} cannot be resolved.`, workaround: 'Check the spelling of the host, or use its IP address.' });
  }
  if (code === 'ETIMEDOUT' || code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
    return new AppError({
      code: 'timeout',
      message: `The server at ${where} did not answer in time.`,
      workaround: 'Check that the address is a MySQL-protocol server and that no firewall drops the traffic.',
      retryable: true,
    });
  }
  if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_HOST_NOT_PRIVILEGED' || err.errno === 1045) {
    return new AppError({
      code: 'auth_failed',
      message: `The server at ${where} refused user ${config.user}: ${serverMessage}`,
      workaround: 'Check the user name and password, and that the user may connect from this machine.',
    });
  }
  if (code === 'ER_BAD_DB_ERROR') {
    return new AppError({
      code: 'unknown_database',
      message: `The database ${config.database ?? ''} does not exist on ${where}.`,
      workaround: 'Correct the default database of the data source, or leave it empty.',
    });
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /ssl|tls|certificate/i.test(serverMessage)) {
    const noTls = code === 'HANDSHAKE_NO_SSL_SUPPORT';
    return new AppError({
      code: 'tls_failed',
      message: noTls ? `The server at ${where} does not support TLS.` : `TLS with ${where} failed: ${serverMessage}`,
      workaround: noTls
        ? 'Enable TLS on the server, or set TLS to off for this data source.'
        : 'Check the CA file and that the certificate matches the host name, or use TLS "required" to skip verification.',
    });
  }
  if (code === 'ECONNRESET' || code === 'PROTOCOL_CONNECTION_LOST' || code === 'EPIPE') {
    return new AppError({
      code: 'connect_failed',
      message: `The connection to ${where} was closed during the handshake.`,
      workaround: 'Check that the port belongs to a MySQL-protocol server and that it accepts connections from this machine.',
      retryable: true,
    });
  }
  return new AppError({ code: 'connect_failed', message: `Cannot connect to ${where}: ${serverMessage}`, retryable: true });
}
