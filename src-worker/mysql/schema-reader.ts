/**
 * Reads table and view definitions from information_schema, a few queries per
 * database however many tables it has (values bound, names never spliced).
 * SHOW CREATE TABLE is used only for what information_schema does not expose:
 * the partitioning clause. Temporary tables are never in information_schema
 * (they belong to the session that made them), so they are never read and
 * never migrated.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { AppError } from '../../src-shared/errors';
import type { Flavour } from '../../src-shared/model/flavour';
import type { QualifiedName } from '../../src-shared/model/objects';
import { partitionClause, tableDefinitions } from '../dialect/catalog';
import type { CatalogRows, CheckRow, ColumnRow, ForeignKeyRow, IndexRow, PartitionRow, TableRow } from '../dialect/catalog';
import type { TableDef, ViewDef } from '../dialect/types';
import { candidateReferences } from '../dialect/view-references';
import { quoteName } from './quote';

/** Tables per query: keeps the IN list (and the server's work per statement) bounded on databases with thousands of tables. */
const CHUNK = 500;

async function rows<T>(connection: Connection, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await connection.query<RowDataPacket[]>(sql, params);
  return result as T[];
}

const marks = (values: unknown[]) => values.map(() => '?').join(', ');

/** Which optional information_schema columns and tables this server has (they differ by flavour and version). */
interface Layout {
  has(table: string, column?: string): boolean;
}

async function layout(connection: Connection): Promise<Layout> {
  const found = await rows<{ tbl: string; col: string }>(
    connection,
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME IN ('COLUMNS', 'STATISTICS', 'TABLE_CONSTRAINTS', 'CHECK_CONSTRAINTS', 'GEOMETRY_COLUMNS', 'VIEWS', 'VIEW_TABLE_USAGE')`,
  );
  const present = new Set(found.flatMap((r) => [String(r.tbl).toUpperCase(), `${String(r.tbl).toUpperCase()}.${String(r.col).toUpperCase()}`]));
  return { has: (table, column) => present.has(column ? `${table}.${column}` : table) };
}

function groupByDatabase(names: QualifiedName[]): Map<string, string[]> {
  const byDatabase = new Map<string, string[]>();
  for (const name of names) {
    const tables = byDatabase.get(name.database) ?? [];
    if (!tables.includes(name.table)) tables.push(name.table);
    byDatabase.set(name.database, tables);
  }
  return byDatabase;
}

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

function notFound(kind: 'table' | 'view', missing: QualifiedName[]): AppError {
  const list = missing.map((n) => `${n.database}.${n.table}`).join(', ');
  return new AppError({
    code: 'not_found',
    message: `The source has no ${kind}${missing.length > 1 ? 's' : ''} ${list} (or this user may not see ${missing.length > 1 ? 'them' : 'it'}).`,
    workaround: `Check that the ${kind} exists and that the source user has SELECT (and SHOW VIEW for views) on it.`,
  });
}

async function readDatabase(connection: Connection, database: string, tables: string[], has: Layout['has'], charsets: string[]): Promise<CatalogRows> {
  const params = [database, ...tables];
  const where = (alias = '') => `${alias}TABLE_SCHEMA = ? AND ${alias}TABLE_NAME IN (${marks(tables)})`;
  const tableRows = await rows<TableRow>(
    connection,
    `SELECT TABLE_NAME AS \`table\`, TABLE_TYPE AS type, ENGINE AS engine, TABLE_COLLATION AS collation, CREATE_OPTIONS AS createOptions,
            TABLE_COMMENT AS comment, AUTO_INCREMENT AS autoIncrement
     FROM information_schema.TABLES WHERE ${where()}`,
    params,
  );
  const srid = has('COLUMNS', 'SRS_ID') ? 'c.SRS_ID' : has('GEOMETRY_COLUMNS') ? 'g.SRID' : 'NULL';
  const geometry = has('GEOMETRY_COLUMNS')
    ? 'LEFT JOIN information_schema.GEOMETRY_COLUMNS g ON g.G_TABLE_SCHEMA = c.TABLE_SCHEMA AND g.G_TABLE_NAME = c.TABLE_NAME AND g.G_GEOMETRY_COLUMN = c.COLUMN_NAME'
    : '';
  const columns = await rows<ColumnRow>(
    connection,
    `SELECT c.TABLE_NAME AS \`table\`, c.COLUMN_NAME AS name, c.DATA_TYPE AS dataType, c.COLUMN_TYPE AS columnType, c.COLUMN_DEFAULT AS defaultValue,
            c.IS_NULLABLE AS nullable, c.EXTRA AS extra, ${has('COLUMNS', 'GENERATION_EXPRESSION') ? 'c.GENERATION_EXPRESSION' : 'NULL'} AS generationExpression,
            c.CHARACTER_SET_NAME AS charset, c.COLLATION_NAME AS collation, c.COLUMN_COMMENT AS comment, ${srid} AS srid
     FROM information_schema.COLUMNS c ${geometry}
     WHERE ${where('c.')} ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
    params,
  );
  // No ORDER BY: the server lists each table's indexes in its own order, the one SHOW CREATE TABLE uses; parts are sorted later.
  const indexes = await rows<IndexRow>(
    connection,
    `SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS name, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq, COLUMN_NAME AS \`column\`,
            ${has('STATISTICS', 'EXPRESSION') ? 'EXPRESSION' : 'NULL'} AS expression, SUB_PART AS subPart, COLLATION AS collation,
            INDEX_TYPE AS indexType, INDEX_COMMENT AS comment,
            ${has('STATISTICS', 'IS_VISIBLE') ? 'IS_VISIBLE' : 'NULL'} AS visible, ${has('STATISTICS', 'IGNORED') ? 'IGNORED' : 'NULL'} AS ignored
     FROM information_schema.STATISTICS WHERE ${where()}`,
    params,
  );
  const foreignKeys = await rows<ForeignKeyRow>(
    connection,
    `SELECT k.TABLE_NAME AS \`table\`, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS \`column\`, k.REFERENCED_TABLE_SCHEMA AS referencedDatabase,
            k.REFERENCED_TABLE_NAME AS referencedTable, k.REFERENCED_COLUMN_NAME AS referencedColumn, r.UPDATE_RULE AS onUpdate, r.DELETE_RULE AS onDelete
     FROM information_schema.KEY_COLUMN_USAGE k
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r
       ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
     WHERE ${where('k.')} AND k.REFERENCED_TABLE_NAME IS NOT NULL
     ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    params,
  );
  // MySQL names a check uniquely per database and keeps the table in TABLE_CONSTRAINTS; MariaDB names it per table.
  const checks = has('CHECK_CONSTRAINTS')
    ? await rows<CheckRow>(
        connection,
        `SELECT tc.TABLE_NAME AS \`table\`, tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause,
                ${has('CHECK_CONSTRAINTS', 'LEVEL') ? 'cc.LEVEL' : 'NULL'} AS level, ${has('TABLE_CONSTRAINTS', 'ENFORCED') ? 'tc.ENFORCED' : 'NULL'} AS enforced
         FROM information_schema.TABLE_CONSTRAINTS tc
         JOIN information_schema.CHECK_CONSTRAINTS cc
           ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
              ${has('CHECK_CONSTRAINTS', 'TABLE_NAME') ? 'AND cc.TABLE_NAME = tc.TABLE_NAME' : ''}
         WHERE ${where('tc.')} AND tc.CONSTRAINT_TYPE = 'CHECK'`,
        params,
      )
    : [];
  const partitioned = await rows<{ table: string; method: string }>(
    connection,
    `SELECT DISTINCT TABLE_NAME AS \`table\`, PARTITION_METHOD AS method FROM information_schema.PARTITIONS WHERE ${where()} AND PARTITION_METHOD IS NOT NULL`,
    params,
  );
  const partitions: PartitionRow[] = [];
  for (const { table, method } of partitioned) {
    const name = { database, table };
    const [created] = await rows<Record<string, string>>(connection, `SHOW CREATE TABLE ${quoteName(name)}`);
    partitions.push({ table, method, clause: partitionClause(created['Create Table'], `${database}.${table}`) });
  }
  return { database, tables: tableRows, columns, indexes, foreignKeys, checks, partitions, charsets };
}

/** Definitions of the given tables, in the order asked for. */
export async function readTables(connection: Connection, names: QualifiedName[], flavour: Flavour): Promise<TableDef[]> {
  if (names.length === 0) return [];
  // MySQL 8 caches TABLES.AUTO_INCREMENT for a day by default; the next value must be the current one.
  if (flavour === 'mysql80') await connection.query('SET SESSION information_schema_stats_expiry = 0');
  const { has } = await layout(connection);
  const charsets = (await rows<{ name: string }>(connection, 'SELECT CHARACTER_SET_NAME AS name FROM information_schema.CHARACTER_SETS')).map((r) => String(r.name));
  const definitions: TableDef[] = [];
  for (const [database, tables] of groupByDatabase(names)) {
    for (const chunk of chunks(tables)) {
      definitions.push(...tableDefinitions(await readDatabase(connection, database, chunk, has, charsets), flavour));
    }
  }
  const find = (name: QualifiedName) => definitions.find((d) => d.name.database === name.database && d.name.table === name.table);
  const missing = names.filter((n) => !find(n));
  if (missing.length) throw notFound('table', missing);
  return names.map((n) => find(n)!);
}

interface ViewRow {
  database: string;
  name: string;
  definition: string | null;
  checkOption: string;
  securityType: string;
  algorithm: string | null;
  updatable: string;
}

/** Tables and views each view reads: VIEW_TABLE_USAGE (MySQL 8.0.13+), else the `db`.`name` pairs of its definition that exist. */
async function dependencies(connection: Connection, views: ViewRow[], has: Layout['has']): Promise<Map<string, QualifiedName[]>> {
  const key = (database: string, name: string) => `${database}\u0000${name}`;
  const out = new Map<string, QualifiedName[]>(views.map((v) => [key(v.database, v.name), []]));
  if (has('VIEW_TABLE_USAGE')) {
    for (const [database, names] of groupByDatabase(views.map((v) => ({ database: v.database, table: v.name })))) {
      const used = await rows<{ view: string; database: string; table: string }>(
        connection,
        `SELECT VIEW_NAME AS \`view\`, TABLE_SCHEMA AS \`database\`, TABLE_NAME AS \`table\` FROM information_schema.VIEW_TABLE_USAGE
         WHERE VIEW_SCHEMA = ? AND VIEW_NAME IN (${marks(names)})`,
        [database, ...names],
      );
      for (const row of used) out.get(key(database, row.view))!.push({ database: row.database, table: row.table });
    }
    return out;
  }
  const candidates = new Map(views.map((v) => [key(v.database, v.name), candidateReferences(v.definition ?? '')]));
  const databases = [...new Set([...candidates.values()].flat().map((c) => c.database))];
  if (databases.length === 0) return out;
  const existing = new Set(
    (await rows<{ database: string; table: string }>(connection, `SELECT TABLE_SCHEMA AS \`database\`, TABLE_NAME AS \`table\` FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${marks(databases)})`, databases)).map((r) =>
      key(r.database, r.table),
    ),
  );
  for (const [view, references] of candidates) out.set(view, references.filter((r) => existing.has(key(r.database, r.table)) && key(r.database, r.table) !== view));
  return out;
}

/** Definitions of the given views, in the order asked for. */
export async function readViews(connection: Connection, names: QualifiedName[]): Promise<ViewDef[]> {
  if (names.length === 0) return [];
  const { has } = await layout(connection);
  const views: ViewRow[] = [];
  for (const [database, tables] of groupByDatabase(names)) {
    for (const chunk of chunks(tables)) {
      views.push(
        ...(await rows<ViewRow>(
          connection,
          `SELECT TABLE_SCHEMA AS \`database\`, TABLE_NAME AS name, VIEW_DEFINITION AS definition, CHECK_OPTION AS checkOption,
                  SECURITY_TYPE AS securityType, ${has('VIEWS', 'ALGORITHM') ? 'ALGORITHM' : 'NULL'} AS algorithm, IS_UPDATABLE AS updatable
           FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${marks(chunk)})`,
          [database, ...chunk],
        )),
      );
    }
  }
  const find = (name: QualifiedName) => views.find((v) => v.database === name.database && v.name === name.table);
  const missing = names.filter((n) => !find(n));
  if (missing.length) throw notFound('view', missing);
  for (const view of views) {
    if (!['NONE', 'LOCAL', 'CASCADED'].includes(view.checkOption) || !['DEFINER', 'INVOKER'].includes(view.securityType)) {
      throw new AppError({
        code: 'unsupported_server',
        message: `Unexpected metadata for the view ${view.database}.${view.name}: CHECK_OPTION ${view.checkOption}, SECURITY_TYPE ${view.securityType}.`,
      });
    }
    if (!view.definition) {
      throw new AppError({
        code: 'not_allowed',
        message: `information_schema shows no definition for the view ${view.database}.${view.name}: the source user may not read it.`,
        workaround: `GRANT SHOW VIEW ON \`${view.database}\`.* to the source user.`,
      });
    }
  }
  const used = await dependencies(connection, views, has);
  return names.map((n) => {
    const view = find(n)!;
    return {
      name: { database: view.database, table: view.name },
      definition: view.definition!,
      checkOption: view.checkOption as ViewDef['checkOption'],
      securityType: view.securityType as ViewDef['securityType'],
      algorithm: view.algorithm,
      updatable: view.updatable === 'YES',
      dependsOn: used.get(`${view.database}\u0000${view.name}`)!,
    };
  });
}
