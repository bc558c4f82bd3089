/**
 * The plain way to compare two databases, as a benchmark peer of Full
 * Verification: every row of every table crosses the wire from both servers,
 * both sides read in key order (all columns for a table without a key, so
 * equal rows pair off as a multiset) and merged row by row. Tables one after
 * the other, the two sides of a table side by side.
 *
 * Run as its own process: `tsx bench/stream-compare.ts DATABASE`, with the two
 * servers in the environment variable COMPARE_SERVERS as JSON
 * `{"source": {host, port, user, password}, "destination": {...}}` (never on the
 * command line, where others can read the passwords). Prints one JSON line:
 * `{"rows": N, "sourceOnly": N, "destinationOnly": N, "mismatch": N}`.
 */

import type { Connection, RowDataPacket } from 'mysql2';
import { createConnection } from 'mysql2';
import { z } from 'zod';

const endpoint = z.object({ host: z.string(), port: z.number().int(), user: z.string(), password: z.string() });
const serversSchema = z.object({ source: endpoint, destination: endpoint });
type Endpoint = z.infer<typeof endpoint>;

interface Column {
  name: string;
  integer: boolean;
  text: boolean;
}

interface Counts {
  rows: number;
  sourceOnly: number;
  destinationOnly: number;
  mismatch: number;
}

const INTEGER = /^(tinyint|smallint|mediumint|int|bigint)$/;
const TEXT = /char|text|enum|set/;

function open(server: Endpoint, database: string): Connection {
  return createConnection({ ...server, database, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
}

function query<T>(connection: Connection, sql: string, values: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => connection.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as T[]))));
}

async function tables(connection: Connection, database: string): Promise<string[]> {
  const rows = await query<RowDataPacket>(connection, "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1", [database]);
  return rows.map((r) => String(r.t));
}

/** The columns in order, and the positions of the key: the primary key, or every column. */
async function shape(connection: Connection, database: string, table: string): Promise<{ columns: Column[]; key: number[] }> {
  const rows = await query<RowDataPacket>(
    connection,
    'SELECT COLUMN_NAME AS name, DATA_TYPE AS type, COLUMN_KEY AS k FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [database, table],
  );
  const columns = rows.map((r) => ({ name: String(r.name), integer: INTEGER.test(String(r.type)), text: TEXT.test(String(r.type)) }));
  const primary = await query<RowDataPacket>(
    connection,
    "SELECT COLUMN_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
    [database, table],
  );
  const key = primary.length ? primary.map((p) => columns.findIndex((c) => c.name === String(p.name))) : columns.map((_, i) => i);
  return { columns, key };
}

function compareValues(column: Column, a: unknown, b: unknown): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (column.integer) {
    const x = BigInt(String(a));
    const y = BigInt(String(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // Byte order, as the ORDER BY BINARY the query asks for.
  return Buffer.compare(Buffer.isBuffer(a) ? a : Buffer.from(String(a)), Buffer.isBuffer(b) ? b : Buffer.from(String(b)));
}

function rowText(row: unknown[]): string {
  return JSON.stringify(row.map((value) => (Buffer.isBuffer(value) ? value.toString('hex') : value)));
}

function rows(connection: Connection, sql: string): AsyncIterator<unknown[]> {
  const stream = connection.query({ sql, rowsAsArray: true }).stream({ highWaterMark: 1000 });
  return (stream as AsyncIterable<unknown[]>)[Symbol.asyncIterator]();
}

async function compareTable(source: Connection, destination: Connection, database: string, table: string, counts: Counts): Promise<void> {
  const { columns, key } = await shape(source, database, table);
  const order = key.map((i) => (columns[i].text ? `BINARY \`${columns[i].name}\`` : `\`${columns[i].name}\``)).join(', ');
  const sql = `SELECT * FROM \`${table}\` ORDER BY ${order}`;
  const left = rows(source, sql);
  const right = rows(destination, sql);
  let a = await left.next();
  let b = await right.next();
  while (!a.done || !b.done) {
    let order = 0;
    if (a.done) order = 1;
    else if (b.done) order = -1;
    else for (const i of key) if ((order = compareValues(columns[i], a.value[i], b.value[i])) !== 0) break;
    if (order < 0) counts.sourceOnly++;
    else if (order > 0) counts.destinationOnly++;
    else if (rowText(a.value) !== rowText(b.value)) counts.mismatch++;
    if (order <= 0) {
      counts.rows++;
      a = await left.next();
    }
    if (order >= 0) b = await right.next();
  }
}

async function main(): Promise<void> {
  const database = process.argv[2];
  if (!database) throw new Error('usage: tsx bench/stream-compare.ts DATABASE (servers in COMPARE_SERVERS)');
  const servers = serversSchema.parse(JSON.parse(process.env.COMPARE_SERVERS ?? '{}'));
  const source = open(servers.source, database);
  const destination = open(servers.destination, database);
  const counts: Counts = { rows: 0, sourceOnly: 0, destinationOnly: 0, mismatch: 0 };
  try {
    for (const table of await tables(source, database)) await compareTable(source, destination, database, table, counts);
  } finally {
    source.end();
    destination.end();
  }
  console.log(JSON.stringify(counts));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
