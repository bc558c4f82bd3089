/**
 * The columns of the tables a unit works on, read from information_schema in
 * one query per server: type, generated or not, character set and collation.
 * The full copy plans its reads from them; verification its comparisons.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { QualifiedName } from '../../src-shared/model/objects';

export interface ColumnRow {
  db: string;
  tbl: string;
  name: string;
  /** DATA_TYPE, lower case: int, varchar, json … */
  type: string;
  extra: string;
  /** The character set of a character column; null for the others. */
  charset: string | null;
  collation: string | null;
  nullable: boolean;
}

export type ColumnCatalog = Map<string, ColumnRow[]>;

export function tableKey(name: QualifiedName): string {
  return `${name.database}\u0000${name.table}`;
}

function text(value: unknown): string | null {
  // character_set_results may be binary on reader sessions: names may arrive as bytes.
  return value === null || value === undefined ? null : String(value);
}

/** Column metadata of every table in the given databases, in ordinal order, with one query. */
export async function loadColumns(connection: Connection, databases: string[]): Promise<ColumnCatalog> {
  const catalog: ColumnCatalog = new Map();
  if (databases.length === 0) return catalog;
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra,
            CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation, IS_NULLABLE AS nullable
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (${databases.map(() => '?').join(', ')})
     ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    databases,
  );
  for (const row of rows) {
    const r: ColumnRow = {
      db: String(row.db),
      tbl: String(row.tbl),
      name: String(row.name),
      type: String(row.type).toLowerCase(),
      extra: text(row.extra) ?? '',
      charset: text(row.charset)?.toLowerCase() ?? null,
      collation: text(row.collation)?.toLowerCase() ?? null,
      nullable: text(row.nullable) !== 'NO',
    };
    const key = `${r.db}\u0000${r.tbl}`;
    const list = catalog.get(key);
    if (list) list.push(r);
    else catalog.set(key, [r]);
  }
  return catalog;
}

/** Generated columns (virtual or stored) are computed by each server, never written. */
export function isGenerated(extra: string): boolean {
  return /GENERATED|VIRTUAL|STORED|PERSISTENT/i.test(extra);
}
