/**
 * Errors after which the same statement can simply be run again on a new
 * connection: the connection broke, the server restarted, a lock conflict.
 * Anything else (bad data, missing table, no privilege) is a real failure.
 */

const TRANSIENT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
]);

/** Client-side errors 2006 (server has gone away) and 2013 (lost connection during query). */
const TRANSIENT_ERRNOS = new Set([1040, 1053, 1205, 1213, 1317, 1927, 2006, 2013]);

export function isTransient(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; fatal?: boolean; message?: string };
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  if (e.errno && TRANSIENT_ERRNOS.has(e.errno)) return true;
  return /Can't add new command when connection is in closed state|Connection lost|closed state/i.test(e.message ?? '');
}

export function describeSqlError(error: unknown): string {
  const e = error as { code?: string; errno?: number; sqlMessage?: string; message?: string };
  return e.sqlMessage ? `${e.sqlMessage} (${e.code ?? e.errno})` : (e.message ?? String(error));
}
