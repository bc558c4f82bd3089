/**
 * The switchover's work on the servers: the write fence, the write
 * transactions still open, the drain token on the source; Process database
 * objects on the destination. Every operation can run again
 * after a crash with the same effect: read_only is set (or restored) to a
 * value, accounts are locked (or unlocked) by name, the token is a REPLACE
 * of the project's one row.
 *
 * - read-only fence: `read_only` (and, where the server has it,
 *   `super_read_only`, which stops SUPER accounts too) is turned on; what it
 *   was is returned for the lift.
 * - accounts fence: the listed application accounts are locked and their
 *   sessions ended, so their open transactions roll back.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Account, OpenTransaction, ReadOnlyState, SwitchoverConfig, SwitchoverResult } from '../../src-shared/contract/units/switchover';
import { AppError } from '../../src-shared/errors';
import { META_DATABASE } from '../../src-shared/model/incremental';
import type { QualifiedName } from '../../src-shared/model/objects';
import { currentPosition } from '../mysql/binlog';
import { connect } from '../mysql/connect';
import { quoteIdentifier, quoteName } from '../mysql/quote';
import { openWriter } from '../mysql/sessions';
import { describeSqlError } from '../mysql/transient';
import type { Unit } from '../runtime/unit';
import { triggersOn } from './precheck/object-checks';

const TOKEN_TABLE = `${quoteIdentifier(META_DATABASE)}.${quoteIdentifier('switchover_token')}`;

async function rows<T>(connection: Connection, sql: string, values: unknown[] = []): Promise<T[]> {
  const [result] = await connection.query<RowDataPacket[]>(sql, values);
  return result as T[];
}

const on = (value: unknown) => value === 1 || value === '1' || String(value).toUpperCase() === 'ON';

export async function readOnlyState(connection: Connection): Promise<ReadOnlyState> {
  const found = await rows<{ Variable_name: string; Value: string }>(connection, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'super_read_only')");
  const value = (name: string) => found.find((r) => r.Variable_name.toLowerCase() === name)?.Value;
  const superReadOnly = value('super_read_only');
  return { readOnly: on(value('read_only')), superReadOnly: superReadOnly === undefined ? null : on(superReadOnly) };
}

async function setReadOnly(connection: Connection, state: ReadOnlyState): Promise<void> {
  // super_read_only implies read_only, and read_only OFF turns super_read_only off: set them in that order.
  if (state.superReadOnly === false) await connection.query('SET GLOBAL super_read_only = OFF');
  await connection.query(`SET GLOBAL read_only = ${state.readOnly ? 'ON' : 'OFF'}`);
  if (state.superReadOnly === true) await connection.query('SET GLOBAL super_read_only = ON');
}

const accountName = (a: Account, connection: Connection) => `${connection.escape(a.user)}@${connection.escape(a.host)}`;

/** Write transactions of other sessions still open (they hold changes the fence must not let through). */
export async function openTransactions(connection: Connection): Promise<OpenTransaction[]> {
  const found = await rows<{ thread: number; user: string | null; host: string | null; started: Date | string | null; modified: number; query: string | null }>(
    connection,
    `SELECT t.trx_mysql_thread_id AS thread, p.USER AS user, p.HOST AS host, t.trx_started AS started, t.trx_rows_modified AS modified, t.trx_query AS query
     FROM information_schema.INNODB_TRX t LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
     WHERE t.trx_mysql_thread_id <> CONNECTION_ID() AND (t.trx_rows_modified > 0 OR t.trx_rows_locked > 0)
     ORDER BY t.trx_started`,
  );
  return found.map((t) => ({
    thread: Number(t.thread),
    account: `${t.user ?? '?'}@${(t.host ?? '?').replace(/:\d+$/, '')}`,
    startedAt: t.started === null ? null : t.started instanceof Date ? t.started.toISOString() : String(t.started),
    rowsModified: Number(t.modified),
    query: t.query === null ? null : String(t.query).slice(0, 500),
  }));
}

/** Ends the sessions of these threads; a thread already gone is not an error. */
async function endThreads(connection: Connection, threads: number[]): Promise<number[]> {
  const ended: number[] = [];
  for (const thread of threads) {
    try {
      await connection.query(`KILL CONNECTION ${Math.floor(thread)}`);
      ended.push(thread);
    } catch (error) {
      // ER_NO_SUCH_THREAD: it ended by itself.
      if ((error as { errno?: number }).errno !== 1094) throw error;
    }
  }
  return ended;
}

async function lockAccounts(connection: Connection, accounts: Account[], lock: boolean): Promise<void> {
  for (const account of accounts) {
    try {
      await connection.query(`ALTER USER ${accountName(account, connection)} ACCOUNT ${lock ? 'LOCK' : 'UNLOCK'}`);
    } catch (error) {
      throw new AppError({
        code: 'invalid_input',
        message: `Could not ${lock ? 'lock' : 'unlock'} the account '${account.user}'@'${account.host}': ${describeSqlError(error)}.`,
        workaround: lock ? 'Check the account name (user and host as SELECT user, host FROM mysql.user lists them), and that Cutover\'s account may ALTER USER (CREATE USER privilege).' : 'Unlock it by hand: ALTER USER … ACCOUNT UNLOCK.',
      });
    }
  }
}

async function sessionsOf(connection: Connection, accounts: Account[]): Promise<number[]> {
  if (accounts.length === 0) return [];
  const users = [...new Set(accounts.map((a) => a.user))];
  const found = await rows<{ id: number; user: string; host: string }>(
    connection,
    `SELECT ID AS id, USER AS user, HOST AS host FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND USER IN (${users.map(() => '?').join(', ')})`,
    users,
  );
  // A session's host is matched against each account's host pattern ('%' and '_' wildcards), as the server does.
  const matches = (pattern: string, host: string) => new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('%', '.*').replaceAll('_', '.')}$`, 'i').test(host);
  return found.filter((s) => accounts.some((a) => a.user === s.user && matches(a.host, String(s.host).replace(/:\d+$/, '')))).map((s) => Number(s.id));
}

async function fence(connection: Connection, config: Extract<SwitchoverConfig, { op: 'fence' }>): Promise<SwitchoverResult> {
  let previous: ReadOnlyState | null = null;
  let endedSessions = 0;
  if (config.mode === 'read-only') {
    previous = await readOnlyState(connection);
    await setReadOnly(connection, { readOnly: true, superReadOnly: previous.superReadOnly === null ? null : true });
  } else {
    if (config.accounts.length === 0) throw new AppError({ code: 'invalid_input', message: 'The accounts fence needs the application accounts to lock.', workaround: "List them, as 'user'@'host'." });
    await lockAccounts(connection, config.accounts, true);
    endedSessions = (await endThreads(connection, await sessionsOf(connection, config.accounts))).length;
  }
  return { op: 'fence', previous, endedSessions, position: await currentPosition(connection), openTransactions: await openTransactions(connection) };
}

async function token(connection: Connection, projectId: string, value: string): Promise<SwitchoverResult> {
  await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(META_DATABASE)}`);
  await connection.query(`CREATE TABLE IF NOT EXISTS ${TOKEN_TABLE} (project_id VARCHAR(64) NOT NULL PRIMARY KEY, token VARCHAR(64) NOT NULL, written_at DATETIME(6) NOT NULL)`);
  try {
    await connection.query(`REPLACE INTO ${TOKEN_TABLE} (project_id, token, written_at) VALUES (?, ?, UTC_TIMESTAMP(6))`, [projectId, value]);
  } catch (error) {
    throw new AppError({
      code: 'not_allowed',
      message: `Could not write the drain token on the source: ${describeSqlError(error)}.`,
      workaround: "Cutover's source account must write while the source is read-only: GRANT READ_ONLY ADMIN (MariaDB) or SUPER (MySQL), or use the accounts fence.",
    });
  }
  // Autocommit: the position after the token's transaction.
  return { op: 'token', position: await currentPosition(connection) };
}

/**
 * Process database objects on the destination: each statement on its own
 * (a failure is reported and the others still run), then each AUTO_INCREMENT
 * counter raised to at least the source's next value (never lowered). The
 * source is fenced by then, so its counters no longer move.
 */
async function objects(config: Extract<SwitchoverConfig, { op: 'objects' }>): Promise<SwitchoverResult> {
  const destination = await openWriter(config.destination);
  const source = await connect(config.source, { database: null });
  try {
    const statements: { id: string; error: string | null }[] = [];
    for (const statement of config.statements) {
      try {
        await destination.query(statement.sql);
        statements.push({ id: statement.id, error: null });
      } catch (error) {
        statements.push({ id: statement.id, error: describeSqlError(error) });
      }
    }
    const next = async (connection: Connection, name: QualifiedName) =>
      (await rows<{ n: number | string | null }>(connection, 'SELECT AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [name.database, name.table]))[0]?.n ?? null;
    const counters: { target: QualifiedName; from: number | null; to: number | null; error: string | null }[] = [];
    for (const counter of config.counters) {
      try {
        const [wanted, current] = await Promise.all([next(source, counter.source), next(destination, counter.target)]);
        const from = current === null ? null : Number(current);
        if (wanted === null || (from !== null && from >= Number(wanted))) {
          counters.push({ target: counter.target, from, to: from, error: null });
          continue;
        }
        await destination.query(`ALTER TABLE ${quoteName(counter.target)} AUTO_INCREMENT = ${Number(wanted)}`);
        counters.push({ target: counter.target, from, to: Number(wanted), error: null });
      } catch (error) {
        counters.push({ target: counter.target, from: null, to: null, error: describeSqlError(error) });
      }
    }
    return { op: 'objects', statements, counters };
  } finally {
    await Promise.all([destination, source].map((c) => c.end().catch(() => undefined)));
  }
}

/** What Process database objects lists of the source: triggers on migrated tables (each with its CREATE), and routines, events, sequences of migrated databases. */
async function inventory(connection: Connection, config: Extract<SwitchoverConfig, { op: 'inventory' }>): Promise<SwitchoverResult> {
  const empty = { op: 'inventory' as const, triggers: [], routines: [], events: [], sequences: [] };
  if (config.databases.length === 0) return empty;
  const triggers = [];
  for (const t of await triggersOn(connection, config.tables)) {
    const [create] = await rows<{ 'SQL Original Statement': string }>(connection, `SHOW CREATE TRIGGER ${quoteName({ database: t.db, table: t.name })}`);
    triggers.push({ database: t.db, name: t.name, table: t.tbl, create: String(create?.['SQL Original Statement'] ?? '') });
  }
  const list = `(${config.databases.map(() => '?').join(', ')})`;
  const routines = await rows<{ database: string; name: string; type: string }>(
    connection,
    `SELECT ROUTINE_SCHEMA AS \`database\`, ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN ${list} ORDER BY 1, 2`,
    config.databases,
  );
  const events = await rows<{ database: string; name: string }>(connection, `SELECT EVENT_SCHEMA AS \`database\`, EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN ${list} ORDER BY 1, 2`, config.databases);
  const sequences = await rows<{ database: string; name: string }>(
    connection,
    `SELECT TABLE_SCHEMA AS \`database\`, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_TYPE = 'SEQUENCE' AND TABLE_SCHEMA IN ${list} ORDER BY 1, 2`,
    config.databases,
  );
  const text = <T extends Record<string, unknown>>(r: T) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])) as { [K in keyof T]: string };
  return { op: 'inventory', triggers, routines: routines.map(text), events: events.map(text), sequences: sequences.map(text) };
}

/** Cutover's tables in cutover_meta that hold rows per stream (project, or project's reverse stream). */
const META_TABLES = ['replay_checkpoint', 'writer_fence', 'heartbeat', 'switchover_token'];

/** Removes the streams' rows from each server's cutover_meta; a table that does not exist there has none. */
async function forget(config: Extract<SwitchoverConfig, { op: 'forget' }>): Promise<SwitchoverResult> {
  const servers: { side: 'source' | 'destination'; removed: number; error: string | null }[] = [];
  for (const side of ['source', 'destination'] as const) {
    let connection: Connection | null = null;
    try {
      connection = await connect(config[side], { database: null });
      let removed = 0;
      for (const table of META_TABLES) {
        try {
          const [result] = await connection.query(`DELETE FROM ${quoteIdentifier(META_DATABASE)}.${quoteIdentifier(table)} WHERE project_id IN (?)`, [config.streamIds]);
          removed += (result as { affectedRows: number }).affectedRows;
        } catch (error) {
          // ER_NO_SUCH_TABLE, ER_BAD_DB_ERROR: nothing of Cutover's there.
          if (![1146, 1049].includes((error as { errno?: number }).errno ?? 0)) throw error;
        }
      }
      servers.push({ side, removed, error: null });
    } catch (error) {
      servers.push({ side, removed: 0, error: describeSqlError(error) });
    } finally {
      await connection?.end().catch(() => undefined);
    }
  }
  return { op: 'forget', servers };
}

export const switchoverUnit: Unit<'switchover'> = {
  async run(config) {
    if (config.op === 'objects') return objects(config);
    if (config.op === 'forget') return forget(config);
    const connection = await connect(config.source, { database: null });
    try {
      switch (config.op) {
        case 'fence':
          return await fence(connection, config);
        case 'lift':
          if (config.previous) await setReadOnly(connection, config.previous);
          await lockAccounts(connection, config.accounts, false);
          return { op: 'lift' };
        case 'transactions':
          return { op: 'transactions', openTransactions: await openTransactions(connection) };
        case 'end-transactions':
          return { op: 'end-transactions', ended: await endThreads(connection, config.threads) };
        case 'token':
          return await token(connection, config.projectId, config.token);
        case 'state':
          return { op: 'state', readOnly: await readOnlyState(connection), position: await currentPosition(connection) };
        case 'inventory':
          return await inventory(connection, config);
      }
    } finally {
      await connection.end().catch(() => undefined);
    }
  },
};
