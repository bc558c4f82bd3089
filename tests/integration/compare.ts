/**
 * Compares tables across two servers by value: every column of every row,
 * read as the bytes the server stores (FLOAT widened to DOUBLE so that no
 * digit is lost in the text), rows matched by primary key or, for tables
 * without one, as sorted multisets. Counting rows proves nothing; this does.
 *
 * Two rules where a destination legitimately stores a value differently, each
 * announced to the user by the conversion report before the run:
 * - a column whose character set the destination lacks (latin1 on seekdb)
 *   holds the same text in the destination's set: the source is read
 *   converted to it, so the text is compared, not its encoding;
 * - a JSON column of the destination (OceanBase, MySQL 8) stores documents in
 *   a binary form and prints them normalised (key order, spacing, 1.50 as
 *   1.5): both sides are compared as JSON values.
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

interface ColumnInfo {
  name: string;
  type: string;
  generated: boolean;
  charset: string | null;
}

async function columnsOf(connection: Connection, database: string, table: string): Promise<ColumnInfo[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra, CHARACTER_SET_NAME AS charset FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [database, table],
  );
  return rows.map((r) => ({
    name: String(r.name),
    type: String(r.type).toLowerCase(),
    generated: /GENERATED|VIRTUAL|STORED|PERSISTENT/i.test(String(r.extra)),
    charset: r.charset === null ? null : String(r.charset).toLowerCase(),
  }));
}

/** How each compared column is read on each side, and whether its values are compared as JSON. */
interface ColumnReading {
  source: string;
  destination: string;
  json: boolean;
}

const BYTE_COMPATIBLE = new Set(['utf8>utf8mb4', 'utf8mb3>utf8mb4', 'ascii>utf8mb4']);

function readings(columns: ColumnInfo[], destinationColumns: ColumnInfo[]): ColumnReading[] {
  const target = new Map(destinationColumns.map((c) => [c.name, c]));
  return columns.map((c) => {
    const plain = c.type === 'float' ? `${q(c.name)}+0e0` : c.type === 'bit' ? `${q(c.name)}+0` : q(c.name);
    const other = target.get(c.name);
    const json = other?.type === 'json';
    if (json) return { source: `CAST(${q(c.name)} AS CHAR)`, destination: `CAST(${q(c.name)} AS CHAR)`, json };
    const converted = c.charset && other?.charset && c.charset !== other.charset && !BYTE_COMPATIBLE.has(`${c.charset}>${other.charset}`);
    return { source: converted ? `CONVERT(${q(c.name)} USING ${other!.charset})` : plain, destination: plain, json };
  });
}

/** A JSON document with its object keys sorted, so that two spellings of one value compare equal. */
function canonicalJson(text: string): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sort((value as Record<string, unknown>)[k])]));
    return value;
  };
  return JSON.stringify(sort(JSON.parse(text)));
}

async function primaryKey(connection: Connection, database: string, table: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT COLUMN_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
    [database, table],
  );
  return rows.map((r) => String(r.name));
}

const q = (name: string) => '`' + name.replaceAll('`', '``') + '`';

async function readAll(server: ServerEndpoint, database: string, table: string, exprs: string[], json: boolean[], where: string | null): Promise<string[][]> {
  const connection = await rootConnection(server);
  try {
    await connection.query("SET SESSION time_zone = '+00:00', character_set_results = 'binary'");
    const [rows] = await connection.query({
      sql: `SELECT ${exprs.join(', ')} FROM ${q(database)}.${q(table)}${where ? ` WHERE ${where}` : ''}`,
      rowsAsArray: true,
      typeCast: (field: { buffer(): Buffer | null }) => field.buffer(),
    } as never);
    return (rows as unknown as (Buffer | null)[][]).map((row) =>
      row.map((v, i) => (v === null ? 'NULL' : json[i] ? canonicalJson(v.toString('utf8')) : `0x${v.toString('hex')}`)),
    );
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
  const destinationMeta = await rootConnection(destination);
  let columns: ColumnInfo[];
  let key: string[];
  let reads: ColumnReading[];
  try {
    columns = (await columnsOf(meta, src.database, src.table)).filter((c) => !c.generated && (!options.columns || options.columns.includes(c.name)));
    key = (await primaryKey(meta, src.database, src.table)).filter((k) => columns.some((c) => c.name === k));
    reads = readings(columns, await columnsOf(destinationMeta, dst.database, dst.table));
  } finally {
    await meta.end();
    await destinationMeta.end();
  }
  const json = reads.map((r) => r.json);
  const [left, right] = await Promise.all([
    readAll(source, src.database, src.table, reads.map((r) => r.source), json, options.where ?? null),
    readAll(destination, dst.database, dst.table, reads.map((r) => r.destination), json, null),
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
