/**
 * Compares tables across two servers by value: every column of every row,
 * read as the bytes the server stores (FLOAT widened to DOUBLE so that no
 * digit is lost in the text), rows matched by primary key or, for tables
 * without one, as sorted multisets. Counting rows proves nothing; this does.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { ServerEndpoint } from '../harness/mariadb';
import { rootConnection } from './helpers';

export interface TableDiff {
  sourceRows: number;
  destinationRows: number;
  /** Keys (or row images) present on one side only, or with different values. */
  missing: string[];
  extra: string[];
  different: string[];
}

async function columnsOf(connection: Connection, database: string, table: string): Promise<{ name: string; type: string; generated: boolean }[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [database, table],
  );
  return rows.map((r) => ({ name: String(r.name), type: String(r.type), generated: /GENERATED|VIRTUAL|STORED|PERSISTENT/i.test(String(r.extra)) }));
}

async function primaryKey(connection: Connection, database: string, table: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT COLUMN_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
    [database, table],
  );
  return rows.map((r) => String(r.name));
}

const q = (name: string) => '`' + name.replaceAll('`', '``') + '`';

async function readAll(server: ServerEndpoint, database: string, table: string, columns: { name: string; type: string }[], where: string | null): Promise<string[][]> {
  const connection = await rootConnection(server);
  try {
    await connection.query("SET SESSION time_zone = '+00:00', character_set_results = 'binary'");
    const exprs = columns.map((c) => (c.type === 'float' ? `${q(c.name)}+0e0` : c.type === 'bit' ? `${q(c.name)}+0` : q(c.name)));
    const [rows] = await connection.query({
      sql: `SELECT ${exprs.join(', ')} FROM ${q(database)}.${q(table)}${where ? ` WHERE ${where}` : ''}`,
      rowsAsArray: true,
      typeCast: (field: { buffer(): Buffer | null }) => field.buffer(),
    } as never);
    return (rows as unknown as (Buffer | null)[][]).map((row) => row.map((v) => (v === null ? 'NULL' : `0x${v.toString('hex')}`)));
  } finally {
    await connection.end();
  }
}

export interface CompareOptions {
  /** Compare only these columns (a column subset); default every non-generated source column. */
  columns?: string[];
  /** Source row filter. */
  where?: string;
}

export async function compareTable(
  source: ServerEndpoint,
  src: { database: string; table: string },
  destination: ServerEndpoint,
  dst: { database: string; table: string },
  options: CompareOptions = {},
): Promise<TableDiff> {
  const meta = await rootConnection(source);
  let columns: { name: string; type: string; generated: boolean }[];
  let key: string[];
  try {
    columns = (await columnsOf(meta, src.database, src.table)).filter((c) => !c.generated && (!options.columns || options.columns.includes(c.name)));
    key = (await primaryKey(meta, src.database, src.table)).filter((k) => columns.some((c) => c.name === k));
  } finally {
    await meta.end();
  }
  const [left, right] = await Promise.all([
    readAll(source, src.database, src.table, columns, options.where ?? null),
    readAll(destination, dst.database, dst.table, columns, null),
  ]);
  const keyIndexes = key.map((k) => columns.findIndex((c) => c.name === k));
  const keyOf = (row: string[]) => (keyIndexes.length ? keyIndexes.map((i) => row[i]).join('|') : row.join('|'));
  const count = (rows: string[][]) => {
    const map = new Map<string, string[][]>();
    for (const row of rows) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row]);
    return map;
  };
  const a = count(left);
  const b = count(right);
  const diff: TableDiff = { sourceRows: left.length, destinationRows: right.length, missing: [], extra: [], different: [] };
  for (const [k, rows] of a) {
    const other = b.get(k) ?? [];
    if (other.length < rows.length) diff.missing.push(k);
    else if (keyIndexes.length && rows[0].join('|') !== other[0].join('|')) diff.different.push(`${k}: ${columns.filter((_, i) => rows[0][i] !== other[0][i]).map((c) => c.name).join(', ')}`);
    if (other.length > rows.length) diff.extra.push(k);
  }
  for (const k of b.keys()) if (!a.has(k)) diff.extra.push(k);
  return diff;
}

export function isIdentical(diff: TableDiff): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0 && diff.different.length === 0 && diff.sourceRows === diff.destinationRows;
}
