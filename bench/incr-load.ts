/**
 * The incremental benchmark's data and write load: three tables with primary
 * keys (one with secondary indexes), initial rows generated on the server,
 * a writer issuing a fixed mix of row changes (50% INSERT, 35% UPDATE, 15%
 * DELETE, each by primary key and each changing exactly one row) in small
 * transactions over several connections, paced to a target rate or as fast
 * as the server accepts, and an order-independent digest of every table to
 * compare two databases.
 */

import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { MariaDbServer } from '../tests/harness/mariadb';

export const LOAD_TABLES = ['accounts', 'orders', 'events'] as const;
type LoadTable = (typeof LOAD_TABLES)[number];

/** Share of the initial rows, and of the row changes, per table. */
const SHARES: Record<LoadTable, number> = { accounts: 0.3, orders: 0.5, events: 0.2 };
export const MIX = { insert: 0.5, update: 0.35, delete: 0.15 };

const SCHEMA = `
CREATE TABLE accounts (
  id         BIGINT NOT NULL PRIMARY KEY,
  email      VARCHAR(100) NOT NULL,
  balance    DECIMAL(14,2) NOT NULL,
  status     ENUM('active','frozen','closed') NOT NULL,
  flags      TINYINT UNSIGNED NOT NULL,
  note       VARCHAR(255) NULL,
  version    INT NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE orders (
  id         BIGINT NOT NULL PRIMARY KEY,
  account_id BIGINT NOT NULL,
  amount     DECIMAL(12,2) NOT NULL,
  state      ENUM('new','paid','shipped','cancelled') NOT NULL,
  items      SMALLINT NOT NULL,
  comment    TEXT NULL,
  version    INT NOT NULL,
  placed_at  DATETIME(3) NOT NULL,
  KEY ix_account (account_id),
  KEY ix_placed (placed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE events (
  id      BIGINT NOT NULL PRIMARY KEY,
  at      DATETIME(6) NOT NULL,
  kind    VARCHAR(20) NOT NULL,
  payload VARBINARY(255) NULL,
  version INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
`;

export type RowCounts = Record<LoadTable, number>;

/** Creates the database with its tables and `total` initial rows; returns the rows per table. */
export async function createLoadData(server: MariaDbServer, database: string, total: number): Promise<RowCounts> {
  const rows = Object.fromEntries(LOAD_TABLES.map((t) => [t, Math.max(1, Math.round(total * SHARES[t]))])) as RowCounts;
  await server.exec(`DROP DATABASE IF EXISTS ${database}; CREATE DATABASE ${database}; USE ${database}; ${SCHEMA}`);
  await server.exec(
    `INSERT INTO accounts SELECT seq, CONCAT('user', seq, '@example.com'), (seq * 7919 % 1000000) / 100, ELT(1 + seq % 3, 'active','frozen','closed'),
       seq % 256, IF(seq % 4 = 0, NULL, CONCAT('note ', seq)), 0, '2024-01-01' + INTERVAL seq SECOND FROM seq_1_to_${rows.accounts};
     INSERT INTO orders SELECT seq, 1 + seq % ${rows.accounts}, (seq * 104729 % 100000) / 100, ELT(1 + seq % 4, 'new','paid','shipped','cancelled'),
       1 + seq % 9, IF(seq % 3 = 0, NULL, CONCAT('order ', seq, ' ', REPEAT('x', seq % 60))), 0, '2024-01-01' + INTERVAL seq SECOND FROM seq_1_to_${rows.orders};
     INSERT INTO events SELECT seq, '2024-01-01' + INTERVAL seq * 1000 MICROSECOND, ELT(1 + seq % 4, 'view','click','buy','leave'),
       UNHEX(SHA2(seq, 256)), 0 FROM seq_1_to_${rows.events};
     ANALYZE TABLE accounts, orders, events;`,
    database,
  );
  return rows;
}

/** The committed keys, so that updates and deletes hit a row: random pick and removal in O(1). */
class KeyPool {
  private readonly ids: number[];
  private next: number;

  constructor(initial: number) {
    this.ids = Array.from({ length: initial }, (_, i) => i + 1);
    this.next = initial + 1;
  }

  /** A key no row ever had. */
  reserve(): number {
    return this.next++;
  }

  /** Only committed rows are picked: a REPLACE of a row another connection has yet to commit would insert it first. */
  committed(id: number): void {
    this.ids.push(id);
  }

  pick(): number | null {
    return this.ids.length ? this.ids[Math.floor(Math.random() * this.ids.length)] : null;
  }

  /** Taken out before the delete is sent, so that no other transaction picks it again. */
  take(): number | null {
    if (!this.ids.length) return null;
    const i = Math.floor(Math.random() * this.ids.length);
    const id = this.ids[i];
    this.ids[i] = this.ids[this.ids.length - 1];
    this.ids.pop();
    return id;
  }
}

const text = (n: number) => Math.random().toString(36).slice(2, 2 + n);

type Kind = 'insert' | 'update' | 'delete';

/** One row change, decided before it is written as SQL. */
interface Change {
  table: LoadTable;
  kind: Kind;
  id: number;
}

/** A row's values: a new row's (version 0), or all of an existing row's new values. */
function tuple(table: LoadTable, id: number, version = 0): string {
  switch (table) {
    case 'accounts':
      return `(${id}, 'user${id}@example.com', ${(Math.random() * 10000).toFixed(2)}, 'active', ${id % 256}, ${Math.random() < 0.25 ? 'NULL' : `'${text(20)}'`}, ${version}, NOW(6))`;
    case 'orders':
      return `(${id}, ${1 + (id % 1000)}, ${(Math.random() * 1000).toFixed(2)}, 'new', ${1 + (id % 9)}, ${Math.random() < 0.3 ? 'NULL' : `'${text(40)}'`}, ${version}, NOW(3))`;
    case 'events':
      return `(${id}, NOW(6), 'view', RANDOM_BYTES(${8 + (id % 56)}), ${version})`;
  }
}

/** Every update changes the row (version + 1): an update that changes nothing writes no row event. */
function assignments(table: LoadTable): string {
  switch (table) {
    case 'accounts':
      return `balance = balance + 1.25, flags = flags ^ 1, note = ${Math.random() < 0.2 ? 'NULL' : `'${text(30)}'`}, version = version + 1, updated_at = NOW(6)`;
    case 'orders':
      return `state = ELT(1 + version % 4, 'new','paid','shipped','cancelled'), amount = amount + 0.50, version = version + 1`;
    case 'events':
      return `payload = RANDOM_BYTES(8 + id % 56), kind = 'click', version = version + 1`;
  }
}

const keys = (ids: number[]) => (ids.length === 1 ? `= ${ids[0]}` : `IN (${ids.join(', ')})`);

/** One row change as an application writes it. */
function single(change: Change): string {
  const { table, kind, id } = change;
  if (kind === 'insert') return `INSERT INTO ${table} VALUES ${tuple(table, id)}`;
  if (kind === 'update') return `UPDATE ${table} SET ${assignments(table)} WHERE id = ${id}`;
  return `DELETE FROM ${table} WHERE id = ${id}`;
}

/**
 * The statements Incr-Sync sends for a stretch of changes (src-worker/units/incr-sync/sql.ts): per
 * table, one multi-row INSERT, one multi-row REPLACE of whole rows for the updates, one DELETE by
 * keys. Inserts go before updates before deletes; that changes nothing, as a transaction never
 * touches a row again after deleting it.
 */
function grouped(changes: Change[]): string[] {
  const statements: string[] = [];
  for (const table of LOAD_TABLES) {
    const ids = (kind: Kind) => changes.filter((c) => c.table === table && c.kind === kind).map((c) => c.id);
    const [inserts, updates, deletes] = [ids('insert'), ids('update'), ids('delete')];
    if (inserts.length) statements.push(`INSERT INTO ${table} VALUES ${inserts.map((id) => tuple(table, id)).join(', ')}`);
    if (updates.length) statements.push(`REPLACE INTO ${table} VALUES ${updates.map((id) => tuple(table, id, 1 + Math.floor(Math.random() * 1e6))).join(', ')}`);
    if (deletes.length) statements.push(`DELETE FROM ${table} WHERE id ${keys(deletes)}`);
  }
  return statements;
}

function pickTable(): LoadTable {
  const r = Math.random();
  return r < SHARES.accounts ? 'accounts' : r < SHARES.accounts + SHARES.orders ? 'orders' : 'events';
}

export interface WriterOptions {
  connections: number;
  rowsPerTransaction: number;
  /** Row changes per second over all connections; null writes as fast as the server accepts. */
  rate: number | null;
  /** The statements Incr-Sync would send for the same changes; otherwise one statement per row change. */
  grouped?: boolean;
}

export interface WriterStats {
  /** Row changes committed: the rows the server reported changed, or the changes a grouped transaction carried. */
  changes: number;
  transactions: number;
  /** Transactions run again after a deadlock or lock wait timeout. */
  retries: number;
  ms: number;
  /** The slowest transaction's round trip, and when (epoch ms) those over a second ended: a stall on the source shows in replication latency too. */
  slowestMs: number;
  slow: [number, number][];
}

const SLOW_MS = 1000;

/** A paced writer falls at most this far behind its schedule before it stops trying to make the time up. */
const MAX_DEBT_MS = 1000;
const RETRYABLE = new Set([1205, 1213]);

/** Writes the load into one database; the key pools persist across runs so that later runs update rows that exist. */
export class LoadWriter {
  private readonly pools: Record<LoadTable, KeyPool>;
  private running = false;
  private loops: Promise<void>[] = [];
  private stats: WriterStats = { changes: 0, transactions: 0, retries: 0, ms: 0, slowestMs: 0, slow: [] };
  private started = 0;
  private failure: unknown = null;

  constructor(
    private readonly server: MariaDbServer,
    private readonly database: string,
    initial: RowCounts,
  ) {
    this.pools = { accounts: new KeyPool(initial.accounts), orders: new KeyPool(initial.orders), events: new KeyPool(initial.events) };
  }

  start(options: WriterOptions): void {
    if (this.running) throw new Error('The writer is already running.');
    this.running = true;
    this.failure = null;
    this.stats = { changes: 0, transactions: 0, retries: 0, ms: 0, slowestMs: 0, slow: [] };
    this.started = performance.now();
    this.loops = Array.from({ length: options.connections }, (_, i) => this.loop(options, i));
  }

  /** Changes written so far in this run. */
  get written(): number {
    return this.stats.changes;
  }

  /** True once a connection failed; `stop` then throws its error. */
  get failed(): boolean {
    return this.failure !== null;
  }

  async stop(): Promise<WriterStats> {
    this.running = false;
    await Promise.all(this.loops);
    this.stats.ms = performance.now() - this.started;
    if (this.failure) throw this.failure;
    return { ...this.stats, slow: [...this.stats.slow] };
  }

  /** One row change: 50/35/15 insert/update/delete, an insert when the table has no row left to change. */
  private change(): Change {
    const table = pickTable();
    const pool = this.pools[table];
    const r = Math.random();
    if (r >= MIX.insert && r < MIX.insert + MIX.update) {
      const id = pool.pick();
      if (id !== null) return { table, kind: 'update', id };
    } else if (r >= MIX.insert + MIX.update) {
      const id = pool.take();
      if (id !== null) return { table, kind: 'delete', id };
    }
    return { table, kind: 'insert', id: pool.reserve() };
  }

  private async loop(options: WriterOptions, index: number): Promise<void> {
    let connection: Connection | null = null;
    try {
      connection = await this.server.connect(this.database);
      // Each connection carries its share of the rate; starts are spread over one interval.
      const interval = options.rate ? (options.rowsPerTransaction * options.connections * 1000) / options.rate : 0;
      let due = performance.now() + (interval * index) / options.connections;
      while (this.running) {
        if (options.rate) {
          const now = performance.now();
          if (due > now) await new Promise((r) => setTimeout(r, due - now));
          if (!this.running) break;
          due = Math.max(due + interval, performance.now() - MAX_DEBT_MS);
        }
        const changes = Array.from({ length: options.rowsPerTransaction }, () => this.change());
        const statements = options.grouped ? grouped(changes) : changes.map(single);
        // One round trip per transaction: the writer, not the network, should be what limits a few connections.
        const sent = performance.now();
        const affected = await this.commit(connection, `START TRANSACTION;\n${statements.join(';\n')};\nCOMMIT`);
        const took = performance.now() - sent;
        this.stats.slowestMs = Math.max(this.stats.slowestMs, took);
        if (took > SLOW_MS) this.stats.slow.push([Date.now(), Math.round(took)]);
        // REPLACE reports two affected rows for a row it replaces: grouped transactions count the changes they made, each of which hits its row.
        // Added once the await is over: `+= await` would add to a count read before the other connections' commits.
        this.stats.changes += options.grouped ? changes.length : affected;
        for (const c of changes) if (c.kind === 'insert') this.pools[c.table].committed(c.id);
        this.stats.transactions++;
      }
    } catch (error) {
      this.failure ??= error;
      this.running = false;
    } finally {
      await connection?.end().catch(() => undefined);
    }
  }

  /** Runs a transaction, again after a deadlock or lock wait timeout; returns the rows it changed. */
  private async commit(connection: Connection, sql: string): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [results] = await connection.query<ResultSetHeader[]>(sql);
        return results.reduce((n, r) => n + r.affectedRows, 0);
      } catch (error) {
        // A lock wait timeout leaves the transaction open with part of it done: roll it back before trying again.
        await connection.query('ROLLBACK').catch(() => undefined);
        if (!RETRYABLE.has((error as { errno?: number }).errno ?? 0) || attempt >= 10) throw error;
        this.stats.retries++;
      }
    }
  }
}

export interface TableDigest {
  rows: number;
  /** XOR of a 64-bit hash of every row: independent of row order and of how each side stores the table. */
  hash: string;
}

async function columnsOf(connection: Connection, database: string, table: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [database, table],
  );
  return rows.map((r) => String(r.name));
}

async function digest(connection: Connection, database: string, table: string, columns: string[]): Promise<TableDigest> {
  // QUOTE keeps NULL apart from '' and 'NULL'.
  const row = `CONCAT_WS(',', ${columns.map((c) => `QUOTE(\`${c}\`)`).join(', ')})`;
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n, COALESCE(BIT_XOR(CAST(CONV(LEFT(MD5(${row}), 16), 16, 10) AS UNSIGNED)), 0) AS h FROM \`${database}\`.\`${table}\``,
  );
  return { rows: Number(rows[0].n), hash: String(rows[0].h) };
}

/** Compares every load table on both sides; throws naming the tables that differ. Returns the rows per table. */
export async function expectIdentical(source: MariaDbServer, destination: MariaDbServer, database: string): Promise<RowCounts> {
  const [a, b] = await Promise.all([source.connect(), destination.connect()]);
  try {
    const counts = {} as RowCounts;
    const problems: string[] = [];
    for (const table of LOAD_TABLES) {
      // The source's columns, by name, on both sides: a column only the destination has (a hidden key) is not the data's.
      const columns = await columnsOf(a, database, table);
      const [s, d] = await Promise.all([digest(a, database, table, columns), digest(b, database, table, columns).catch((e: unknown) => ({ rows: -1, hash: String(e) }))]);
      if (s.rows !== d.rows || s.hash !== d.hash) problems.push(`${table}: source ${s.rows} rows (hash ${s.hash}), destination ${d.rows} rows (hash ${d.hash})`);
      counts[table] = s.rows;
    }
    if (problems.length) throw new Error(`Source and destination differ: ${problems.join('; ')}`);
    return counts;
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}
