/**
 * The key a table is copied and verified in chunks by: its primary key, else
 * its shortest NOT NULL unique key. Tables whose only keys have floating-point
 * or spatial/JSON parts cannot be split reliably and are copied whole.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { KeyColumn, KeyKind } from '../../src-shared/model/copy';
import type { QualifiedName } from '../../src-shared/model/objects';
import { tableKeys } from './inspector';

const KIND_BY_TYPE: Record<string, KeyKind> = {
  tinyint: 'numeric',
  smallint: 'numeric',
  mediumint: 'numeric',
  int: 'numeric',
  integer: 'numeric',
  bigint: 'numeric',
  decimal: 'numeric',
  numeric: 'numeric',
  year: 'numeric',
  bit: 'ordinal',
  enum: 'ordinal',
  set: 'ordinal',
  date: 'temporal',
  datetime: 'temporal',
  timestamp: 'temporal',
  time: 'temporal',
  char: 'text',
  varchar: 'text',
  tinytext: 'text',
  text: 'text',
  mediumtext: 'text',
  longtext: 'text',
  binary: 'binary',
  varbinary: 'binary',
  tinyblob: 'binary',
  blob: 'binary',
  mediumblob: 'binary',
  longblob: 'binary',
};

interface ColumnInfo {
  db: string;
  tbl: string;
  col: string;
  type: string;
  charset: string | null;
  collation: string | null;
}

function keyColumn(info: ColumnInfo | undefined): KeyColumn | null {
  if (!info) return null;
  const kind = KIND_BY_TYPE[info.type.toLowerCase()];
  if (!kind) return null;
  return kind === 'text' ? { name: info.col, kind, charset: info.charset ?? undefined, collation: info.collation ?? undefined } : { name: info.col, kind };
}

export interface TableKeyChoice {
  /** Null where the table must be copied whole. */
  chunkKey: KeyColumn[] | null;
  /** Whether the table has a primary or NOT NULL unique key at all. */
  uniqueKey: boolean;
}

/** Chunk keys of the given tables, by `db\0table`. */
export async function chunkKeys(connection: Connection, tables: QualifiedName[]): Promise<Map<string, TableKeyChoice>> {
  const out = new Map<string, TableKeyChoice>();
  if (tables.length === 0) return out;
  const keys = await tableKeys(connection, tables);
  const databases = [...new Set(tables.map((t) => t.database))];
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS col, DATA_TYPE AS type, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (${databases.map(() => '?').join(', ')})`,
    databases,
  );
  const columns = new Map((rows as ColumnInfo[]).map((r) => [`${r.db}\u0000${r.tbl}\u0000${r.col}`, r]));
  for (const key of keys) {
    const id = `${key.table.database}\u0000${key.table.table}`;
    const candidate = (cols: string[] | null) => {
      if (!cols) return null;
      const parts = cols.map((c) => keyColumn(columns.get(`${id}\u0000${c}`)));
      return parts.every((p) => p !== null) ? (parts as KeyColumn[]) : null;
    };
    out.set(id, { chunkKey: candidate(key.primaryKey) ?? candidate(key.notNullUnique), uniqueKey: key.primaryKey !== null || key.notNullUnique !== null });
  }
  return out;
}
