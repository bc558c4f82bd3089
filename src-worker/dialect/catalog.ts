/**
 * information_schema rows of one database into table definitions. The rows
 * come from src-worker/mysql/schema-reader.ts; this is the part that knows how
 * each flavour prints its metadata, kept free of I/O so it can be tested on
 * rows of servers the tests do not run (MySQL 5.7 and 8).
 */

import { AppError } from '../../src-shared/errors';
import type { Flavour } from '../../src-shared/model/flavour';
import { isBinaryString, isNumeric } from './column-kinds';
import { isCurrentTimestamp, sqlString } from './sql-text';
import type { CheckDef, ColumnDef, ColumnDefault, ForeignKeyDef, IndexDef, TableDef } from './types';

/** Values as the driver returns them: numbers may arrive as strings, text columns with a binary collation as Buffers. */
type Value = string | number | Buffer | null;

export interface TableRow {
  table: string;
  type: string;
  engine: Value;
  collation: Value;
  createOptions: Value;
  comment: Value;
  autoIncrement: Value;
}

export interface ColumnRow {
  table: string;
  name: string;
  dataType: Value;
  columnType: Value;
  defaultValue: Value;
  nullable: Value;
  extra: Value;
  generationExpression: Value;
  charset: Value;
  collation: Value;
  comment: Value;
  /** MySQL 8's COLUMNS.SRS_ID or MariaDB's GEOMETRY_COLUMNS.SRID. */
  srid: Value;
}

export interface IndexRow {
  table: string;
  name: string;
  nonUnique: Value;
  seq: Value;
  column: Value;
  /** MySQL 8.0.13+: the functional key part. */
  expression: Value;
  subPart: Value;
  collation: Value;
  indexType: Value;
  comment: Value;
  /** MySQL 8 IS_VISIBLE (`YES`/`NO`) or MariaDB 10.6+ IGNORED (`YES`/`NO`, inverted). */
  visible: Value;
  ignored: Value;
}

export interface ForeignKeyRow {
  table: string;
  name: string;
  column: string;
  referencedDatabase: string;
  referencedTable: string;
  referencedColumn: string;
  onUpdate: string;
  onDelete: string;
}

export interface CheckRow {
  table: string;
  name: string;
  clause: Value;
  /** MariaDB 10.5.10+: `Column` or `Table`. */
  level: Value;
  /** MySQL 8.0.16+: `YES` or `NO`. */
  enforced: Value;
}

export interface PartitionRow {
  table: string;
  method: string;
  /** From `PARTITION BY` to the end, as SHOW CREATE TABLE prints it. */
  clause: string;
}

export interface CatalogRows {
  database: string;
  tables: TableRow[];
  columns: ColumnRow[];
  indexes: IndexRow[];
  foreignKeys: ForeignKeyRow[];
  checks: CheckRow[];
  partitions: PartitionRow[];
  /** Every character set name the server has, to tell a collation's character set. */
  charsets: string[];
}

function text(value: Value): string {
  if (value === null) return '';
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

function optionalText(value: Value): string | null {
  return value === null || value === '' ? null : text(value);
}

function metadataError(object: string, problem: string): AppError {
  return new AppError({
    code: 'unsupported_server',
    message: `Unexpected metadata for ${object}: ${problem}`,
    workaround: 'Report this with the output of SHOW CREATE TABLE for the object; skip the object to migrate the others.',
  });
}

interface Extra {
  autoIncrement: boolean;
  onUpdate: string | null;
  generated: 'virtual' | 'stored' | null;
  invisible: boolean;
  defaultGenerated: boolean;
}

/**
 * COLUMNS.EXTRA: MySQL prints `DEFAULT_GENERATED on update CURRENT_TIMESTAMP`, `VIRTUAL GENERATED INVISIBLE`;
 * MariaDB prints `on update current_timestamp(6)`, `STORED GENERATED, INVISIBLE`, and before 10.2 `PERSISTENT`.
 */
function parseExtra(extra: string, object: string): Extra {
  let rest = extra;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const match = pattern.exec(rest);
    if (match) rest = rest.replace(match[0], ' ');
    return match;
  };
  const autoIncrement = take(/\bauto_increment\b/i) !== null;
  const defaultGenerated = take(/\bDEFAULT_GENERATED\b/i) !== null;
  const onUpdate = take(/\bon update (\w+(?:\(\d*\))?)/i)?.[1] ?? null;
  const kind = take(/\b(VIRTUAL|STORED|PERSISTENT)(?: GENERATED)?\b/i)?.[1].toUpperCase();
  const invisible = take(/\bINVISIBLE\b/i) !== null;
  if (rest.replace(/[\s,]/g, '') !== '') throw metadataError(object, `COLUMNS.EXTRA has "${extra}", which Cutover does not know.`);
  return { autoIncrement, onUpdate, generated: kind ? (kind === 'VIRTUAL' ? 'virtual' : 'stored') : null, invisible, defaultGenerated };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * COLUMN_DEFAULT. MariaDB (10.2.7+) prints it as SQL: literals quoted ('abc', b'101'), NULL as the word NULL,
 * expressions bare (current_timestamp(), uuid(), (1 + 2)). MySQL and OceanBase print the bare value and mark
 * expression defaults with EXTRA DEFAULT_GENERATED (MySQL 8.0.13+), CURRENT_TIMESTAMP without it before.
 */
function parseDefault(row: ColumnRow, extra: Extra, flavour: Flavour): ColumnDefault {
  const nullable = text(row.nullable) === 'YES';
  const dataType = text(row.dataType).toLowerCase();
  if (row.defaultValue === null) return nullable && !extra.generated && !extra.autoIncrement ? { kind: 'null' } : { kind: 'none' };
  const value = text(row.defaultValue);
  if (flavour === 'mariadb') {
    if (value === 'NULL') return nullable ? { kind: 'null' } : { kind: 'none' };
    if (value.startsWith("'") || /^[bx]'/i.test(value) || NUMBER.test(value)) return { kind: 'literal', sql: value };
    return { kind: 'expression', sql: value };
  }
  if (extra.defaultGenerated || isCurrentTimestamp(value)) return { kind: 'expression', sql: value };
  if ((isNumeric(dataType) && NUMBER.test(value)) || /^b'[01]*'$/.test(value) || (isBinaryString(dataType) && /^0x[0-9a-f]*$/i.test(value))) {
    return { kind: 'literal', sql: value };
  }
  return { kind: 'literal', sql: sqlString(value) };
}

function columnDef(row: ColumnRow, flavour: Flavour, object: string): ColumnDef {
  const extra = parseExtra(text(row.extra), object);
  const expression = optionalText(row.generationExpression);
  if (extra.generated && !expression) throw metadataError(object, 'a generated column without GENERATION_EXPRESSION.');
  const srid = row.srid === null ? null : Number(text(row.srid));
  const dataType = text(row.dataType).toLowerCase();
  return {
    name: row.name,
    dataType,
    columnType: text(row.columnType),
    nullable: text(row.nullable) === 'YES',
    default: parseDefault(row, extra, flavour),
    autoIncrement: extra.autoIncrement,
    onUpdate: extra.onUpdate,
    generated: extra.generated ? { expression: expression!, stored: extra.generated === 'stored' } : null,
    invisible: extra.invisible,
    charset: optionalText(row.charset),
    collation: optionalText(row.collation),
    comment: text(row.comment),
    json: dataType === 'json',
    // MariaDB records SRID 0 for every spatial column it was not given one for.
    srid: srid === null || (flavour === 'mariadb' && srid === 0) ? null : srid,
  };
}

const INDEX_KINDS: Record<string, IndexDef['kind']> = { FULLTEXT: 'fulltext', SPATIAL: 'spatial', HASH: 'hash' };

/** Index rows grouped per index in the order the server listed them, which is the order SHOW CREATE TABLE uses. */
function indexDefs(rows: IndexRow[], object: string): IndexDef[] {
  const byName = new Map<string, IndexRow[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  return [...byName.entries()].map(([name, parts]) => {
    parts.sort((a, b) => Number(text(a.seq)) - Number(text(b.seq)));
    const kind = INDEX_KINDS[text(parts[0].indexType).toUpperCase()] ?? 'btree';
    return {
      name,
      unique: Number(text(parts[0].nonUnique)) === 0,
      kind,
      columns: parts.map((p) => {
        const column = optionalText(p.column);
        const expression = optionalText(p.expression);
        if (!column && !expression) throw metadataError(`${object} index ${name}`, 'a key part with neither a column nor an expression.');
        return {
          name: column,
          expression: column ? null : expression,
          // MariaDB reports a SUB_PART on spatial keys (the MBR length); it is not a prefix anyone declared.
          prefixLength: kind === 'spatial' || p.subPart === null ? null : Number(text(p.subPart)),
          descending: text(p.collation) === 'D',
        };
      }),
      comment: text(parts[0].comment),
      invisible: text(parts[0].visible) === 'NO' || text(parts[0].ignored) === 'YES',
    };
  });
}

function foreignKeyDefs(rows: ForeignKeyRow[]): ForeignKeyDef[] {
  const byName = new Map<string, ForeignKeyRow[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  return [...byName.entries()].map(([name, parts]) => ({
    name,
    columns: parts.map((p) => p.column),
    referenced: { database: parts[0].referencedDatabase, table: parts[0].referencedTable },
    referencedColumns: parts.map((p) => p.referencedColumn),
    onDelete: parts[0].onDelete,
    onUpdate: parts[0].onUpdate,
  }));
}

/** MariaDB's JSON: the column-level CHECK json_valid(`col`) it adds to a LONGTEXT column (named after it; LEVEL is there from 10.5.10). */
function jsonCheckColumn(check: CheckRow, columns: ColumnDef[]): ColumnDef | undefined {
  if (text(check.level) === 'Table') return undefined;
  const column = columns.find((c) => c.name === check.name);
  return column && text(check.clause) === `json_valid(\`${column.name.replaceAll('`', '``')}\`)` ? column : undefined;
}

function checkDefs(rows: CheckRow[], columns: ColumnDef[]): CheckDef[] {
  const checks: CheckDef[] = [];
  for (const row of rows) {
    const jsonColumn = jsonCheckColumn(row, columns);
    if (jsonColumn) {
      jsonColumn.json = true;
      continue;
    }
    const check: CheckDef = { name: row.name, expression: text(row.clause) };
    if (text(row.enforced) === 'NO') check.enforced = false;
    if (text(row.level) === 'Column') check.column = row.name;
    checks.push(check);
  }
  return checks;
}

/** From `PARTITION BY` to the end of SHOW CREATE TABLE, without the version comment MySQL wraps it in. */
export function partitionClause(createTable: string, object: string): string {
  const match = /\n\s*(?:\/\*!\d+\s*)?(PARTITION BY[\s\S]*?)(?:\s*\*\/)?\s*$/.exec(createTable);
  if (!match) throw metadataError(object, 'information_schema lists partitions, but SHOW CREATE TABLE has no PARTITION BY clause.');
  return match[1];
}

/** The character set a collation belongs to: the longest character set name it starts with. */
function charsetOf(collation: string | null, charsets: string[]): string | null {
  if (!collation) return null;
  const matches = charsets.filter((cs) => collation === cs || collation.startsWith(`${cs}_`));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

function autoIncrementValue(value: Value): number | null {
  if (value === null) return null;
  const next = Number(text(value));
  // Beyond 2^53 the value cannot be carried exactly; without it the destination continues after the highest copied key.
  return Number.isSafeInteger(next) ? next : null;
}

export function tableDefinitions(rows: CatalogRows, flavour: Flavour): TableDef[] {
  const of = <T extends { table: string }>(list: T[], table: string) => list.filter((r) => r.table === table);
  return rows.tables.map((table) => {
    const object = `${rows.database}.${table.table}`;
    if (table.type !== 'BASE TABLE' && table.type !== 'SYSTEM VERSIONED') throw metadataError(object, `it is a ${table.type.toLowerCase()}, not a table.`);
    const columns = of(rows.columns, table.table).map((r) => columnDef(r, flavour, `${object}.${r.name}`));
    if (columns.length === 0) throw metadataError(object, 'information_schema.COLUMNS lists no columns (is the table readable by this user?).');
    const indexes = indexDefs(of(rows.indexes, table.table), object);
    const partition = rows.partitions.find((p) => p.table === table.table);
    const collation = optionalText(table.collation);
    return {
      name: { database: rows.database, table: table.table },
      columns,
      primaryKey: indexes.find((i) => i.name === 'PRIMARY') ?? null,
      indexes: indexes.filter((i) => i.name !== 'PRIMARY'),
      foreignKeys: foreignKeyDefs(of(rows.foreignKeys, table.table)),
      checks: checkDefs(of(rows.checks, table.table), columns),
      engine: optionalText(table.engine),
      charset: charsetOf(collation, rows.charsets),
      collation,
      comment: text(table.comment),
      autoIncrement: autoIncrementValue(table.autoIncrement),
      // TABLES.ROW_FORMAT is the format in use; only CREATE_OPTIONS says whether someone chose it.
      rowFormat: /\brow_format=(\w+)/i.exec(text(table.createOptions))?.[1] ?? null,
      partition: partition ? { clause: partition.clause, method: partition.method } : null,
      systemVersioned: table.type === 'SYSTEM VERSIONED',
    };
  });
}
