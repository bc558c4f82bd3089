/**
 * Read-only introspection of a MySQL-protocol server: identity, variables,
 * grants, the catalog of databases, tables and views, keys and collations.
 * Every query is bound or uses quoted identifiers; nothing here writes.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { CatalogObject, QualifiedName, ServerIdentity } from '../../src-shared/model';
import { detectFlavour } from '../../src-shared/model/flavour';
import { META_DATABASE } from '../../src-shared/model/incremental';
import type { FlavourProfile } from '../dialect/profiles';
import { profileFor } from '../dialect/profiles';
import { quoteName } from './quote';

/** Schemas that belong to the server, never to the user. */
export const SYSTEM_SCHEMAS = new Set([
  'mysql',
  'information_schema',
  'performance_schema',
  'sys',
  // OceanBase
  'oceanbase',
  'lbacsys',
  'oraauditor',
  '__recyclebin',
  '__public',
  // Cutover's own bookkeeping on endpoints
  META_DATABASE,
]);

export function isSystemSchema(name: string): boolean {
  return SYSTEM_SCHEMAS.has(name.toLowerCase());
}

async function rows<T>(connection: Connection, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await connection.query<RowDataPacket[]>(sql, params);
  return result as T[];
}

export async function serverIdentity(connection: Connection): Promise<ServerIdentity> {
  const [row] = await rows<{ version: string; comment: string }>(connection, 'SELECT @@version AS version, @@version_comment AS comment');
  let mode: string | null = null;
  if (/oceanbase/i.test(`${row.version} ${row.comment}`)) {
    const [modeRow] = await rows<{ Value: string }>(connection, "SHOW VARIABLES LIKE 'ob_compatibility_mode'");
    mode = modeRow?.Value ?? null;
  }
  return detectFlavour(row.version, row.comment ?? '', mode);
}

export async function variables(connection: Connection, names: string[]): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  if (names.length === 0) return out;
  const found = await rows<{ Variable_name: string; Value: string }>(
    connection,
    `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${names.map(() => '?').join(', ')})`,
    names,
  );
  for (const name of names) out[name] = found.find((r) => r.Variable_name.toLowerCase() === name.toLowerCase())?.Value ?? null;
  return out;
}

export async function grants(connection: Connection): Promise<string[]> {
  const result = await rows<Record<string, string>>(connection, 'SHOW GRANTS FOR CURRENT_USER()');
  return result.map((r) => Object.values(r)[0]);
}

export async function catalog(connection: Connection): Promise<{ databases: string[]; objects: CatalogObject[] }> {
  const schemas = await rows<{ name: string }>(connection, 'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME');
  const databases = schemas.map((s) => s.name).filter((name) => !isSystemSchema(name));
  if (databases.length === 0) return { databases, objects: [] };
  const marks = databases.map(() => '?').join(', ');
  const tables = await rows<{ db: string; name: string; type: string; table_rows: number | string | null }>(
    connection,
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name, TABLE_TYPE AS type, TABLE_ROWS AS table_rows
     FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${marks}) AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
     ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    databases,
  );
  const columns = await rows<{ db: string; tbl: string; name: string }>(
    connection,
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS name FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA IN (${marks}) ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    databases,
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns) {
    const key = `${c.db}\u0000${c.tbl}`;
    const list = byTable.get(key);
    if (list) list.push(c.name);
    else byTable.set(key, [c.name]);
  }
  const objects: CatalogObject[] = tables.map((t) => ({
    database: t.db,
    name: t.name,
    kind: t.type === 'VIEW' ? 'view' : 'table',
    rows: t.type === 'VIEW' || t.table_rows === null ? null : Number(t.table_rows),
    columns: byTable.get(`${t.db}\u0000${t.name}`) ?? [],
  }));
  return { databases, objects };
}

export interface TableKeys {
  table: QualifiedName;
  primaryKey: string[] | null;
  /** The first unique key whose columns are all NOT NULL, if any. */
  notNullUnique: string[] | null;
}

/** Primary and usable unique keys of the given tables. */
export async function tableKeys(connection: Connection, tables: QualifiedName[]): Promise<TableKeys[]> {
  if (tables.length === 0) return [];
  const databases = [...new Set(tables.map((t) => t.database))];
  const marks = databases.map(() => '?').join(', ');
  const indexRows = await rows<{ db: string; tbl: string; idx: string; non_unique: number | string; col: string; seq: number }>(
    connection,
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, INDEX_NAME AS idx, NON_UNIQUE AS non_unique, COLUMN_NAME AS col, SEQ_IN_INDEX AS seq
     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (${marks}) ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    databases,
  );
  const nullable = await rows<{ db: string; tbl: string; col: string }>(
    connection,
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS col FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA IN (${marks}) AND IS_NULLABLE = 'YES'`,
    databases,
  );
  const nullableSet = new Set(nullable.map((n) => `${n.db}\u0000${n.tbl}\u0000${n.col}`));
  return tables.map((table) => {
    const mine = indexRows.filter((r) => r.db === table.database && r.tbl === table.table && Number(r.non_unique) === 0);
    const byIndex = new Map<string, string[]>();
    for (const r of mine) byIndex.set(r.idx, [...(byIndex.get(r.idx) ?? []), r.col]);
    const primaryKey = byIndex.get('PRIMARY') ?? null;
    let notNullUnique: string[] | null = null;
    for (const [name, cols] of byIndex) {
      if (name === 'PRIMARY') continue;
      if (cols.every((c) => c !== null && !nullableSet.has(`${table.database}\u0000${table.table}\u0000${c}`))) {
        notNullUnique = cols;
        break;
      }
    }
    return { table, primaryKey, notNullUnique };
  });
}

export interface CollationUse {
  table: QualifiedName;
  column: string | null;
  collation: string;
  charset: string;
}

/** Table default collations and column collations of the given tables. */
export async function collationsInUse(connection: Connection, tables: QualifiedName[]): Promise<CollationUse[]> {
  if (tables.length === 0) return [];
  const databases = [...new Set(tables.map((t) => t.database))];
  const marks = databases.map(() => '?').join(', ');
  const wanted = new Set(tables.map((t) => `${t.database}\u0000${t.table}`));
  const tableRows = await rows<{ db: string; tbl: string; collation: string | null; charset: string | null }>(
    connection,
    `SELECT t.TABLE_SCHEMA AS db, t.TABLE_NAME AS tbl, t.TABLE_COLLATION AS collation, c.CHARACTER_SET_NAME AS charset
     FROM information_schema.TABLES t
     LEFT JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY c ON c.COLLATION_NAME = t.TABLE_COLLATION
     WHERE t.TABLE_SCHEMA IN (${marks}) AND t.TABLE_TYPE <> 'VIEW'`,
    databases,
  );
  const columnRows = await rows<{ db: string; tbl: string; col: string; collation: string; charset: string }>(
    connection,
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS col, COLLATION_NAME AS collation, CHARACTER_SET_NAME AS charset
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (${marks}) AND COLLATION_NAME IS NOT NULL`,
    databases,
  );
  const uses: CollationUse[] = [];
  for (const r of tableRows) {
    if (r.collation && wanted.has(`${r.db}\u0000${r.tbl}`)) {
      uses.push({ table: { database: r.db, table: r.tbl }, column: null, collation: r.collation, charset: r.charset ?? r.collation.split('_')[0] });
    }
  }
  for (const r of columnRows) {
    if (wanted.has(`${r.db}\u0000${r.tbl}`)) uses.push({ table: { database: r.db, table: r.tbl }, column: r.col, collation: r.collation, charset: r.charset });
  }
  return uses;
}

export async function collationNames(connection: Connection): Promise<Set<string>> {
  const result = await rows<{ name: string }>(connection, 'SELECT COLLATION_NAME AS name FROM information_schema.COLLATIONS');
  return new Set(result.map((r) => r.name.toLowerCase()));
}

/** The profile of a live destination: its family's, narrowed to its release, its edition, and the collations it has. */
export async function destinationProfile(connection: Connection): Promise<FlavourProfile> {
  const [identity, collations] = await Promise.all([serverIdentity(connection), collationNames(connection)]);
  return profileFor(identity, collations);
}

/** Which of the given tables exist, and which of those hold at least one row. */
export async function tablesWithRows(connection: Connection, tables: QualifiedName[]): Promise<{ existing: QualifiedName[]; nonEmpty: QualifiedName[] }> {
  if (tables.length === 0) return { existing: [], nonEmpty: [] };
  const databases = [...new Set(tables.map((t) => t.database))];
  const present = await rows<{ db: string; tbl: string }>(
    connection,
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl FROM information_schema.TABLES
     WHERE TABLE_SCHEMA IN (${databases.map(() => '?').join(', ')}) AND TABLE_TYPE <> 'VIEW'`,
    databases,
  );
  const presentSet = new Set(present.map((p) => `${p.db}\u0000${p.tbl}`));
  const existing = tables.filter((t) => presentSet.has(`${t.database}\u0000${t.table}`));
  const nonEmpty: QualifiedName[] = [];
  for (const table of existing) {
    const found = await rows<{ one: number }>(connection, `SELECT 1 AS one FROM ${quoteName(table)} LIMIT 1`);
    if (found.length > 0) nonEmpty.push(table);
  }
  return { existing, nonEmpty };
}
