/**
 * Source object definitions as read from information_schema, and what a
 * conversion produces for a destination flavour. The reader fills these from
 * any MySQL-family server; converters turn them into DDL for another flavour.
 */

import type { QualifiedName } from '../../src-shared/model/objects';
import type { ConversionNote } from '../../src-shared/model/schema';

export type ColumnDefault =
  | { kind: 'none' }
  | { kind: 'null' }
  /** A literal, as SQL text ready to print: `'abc'`, `0`, `b'101'`, `_binary'...'`. */
  | { kind: 'literal'; sql: string }
  /** An expression: `current_timestamp(6)`, `(uuid())`, `nextval(s)`. */
  | { kind: 'expression'; sql: string };

export interface ColumnDef {
  name: string;
  /** Base type, lower case: `int`, `varchar`, `decimal`, `enum`, `json`, `geometry`, `point`, `inet6`. */
  dataType: string;
  /** The full type as the server prints it: `int(10) unsigned zerofill`, `enum('a','b')`, `decimal(65,30)`. */
  columnType: string;
  nullable: boolean;
  default: ColumnDefault;
  autoIncrement: boolean;
  /** `ON UPDATE current_timestamp(n)` as printed, or null. */
  onUpdate: string | null;
  generated: { expression: string; stored: boolean } | null;
  invisible: boolean;
  charset: string | null;
  collation: string | null;
  comment: string;
  /** MariaDB stores JSON as LONGTEXT with a json_valid() CHECK; the reader marks such columns. */
  json: boolean;
  /** Spatial reference system id, where the server records one. */
  srid: number | null;
}

export interface IndexColumn {
  /** Column name, or null for a functional key part. */
  name: string | null;
  expression: string | null;
  prefixLength: number | null;
  descending: boolean;
}

export interface IndexDef {
  name: string;
  unique: boolean;
  kind: 'btree' | 'hash' | 'fulltext' | 'spatial';
  columns: IndexColumn[];
  comment: string;
  invisible: boolean;
}

export interface ForeignKeyDef {
  name: string;
  columns: string[];
  referenced: QualifiedName;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface CheckDef {
  name: string;
  expression: string;
  /** False for MySQL 8's `NOT ENFORCED` checks; absent means enforced. */
  enforced?: boolean;
  /** The column a MariaDB column-level check was declared on; the destination gets a table constraint of the same name. */
  column?: string;
}

export interface PartitionDef {
  /** The partitioning clause as the server prints it in SHOW CREATE TABLE, from `PARTITION BY` to the end. */
  clause: string;
  method: string;
}

export interface TableDef {
  name: QualifiedName;
  columns: ColumnDef[];
  primaryKey: IndexDef | null;
  /** Every other index, unique or not, in the server's order. */
  indexes: IndexDef[];
  foreignKeys: ForeignKeyDef[];
  checks: CheckDef[];
  engine: string | null;
  charset: string | null;
  collation: string | null;
  comment: string;
  autoIncrement: number | null;
  rowFormat: string | null;
  partition: PartitionDef | null;
  /** MariaDB system-versioned tables keep history the destination cannot. */
  systemVersioned: boolean;
}

export interface ViewDef {
  name: QualifiedName;
  /** The SELECT as stored by the server (fully qualified names). */
  definition: string;
  checkOption: 'NONE' | 'LOCAL' | 'CASCADED';
  securityType: 'DEFINER' | 'INVOKER';
  algorithm: string | null;
  /** The source can write through it (information_schema.VIEWS.IS_UPDATABLE). */
  updatable: boolean;
  /** Tables and views the definition reads. */
  dependsOn: QualifiedName[];
}

/** Where each source object goes: the rename map of the project's selection. */
export type NameMap = (source: QualifiedName) => QualifiedName | null;

export interface TableConversionOptions {
  target: QualifiedName;
  /** Column subset to create; null for every column. */
  columns: string[] | null;
  /** Add Cutover's hidden key because the table has no primary or NOT NULL unique key. */
  hiddenKey: boolean;
  /** Secondary indexes in the CREATE TABLE itself (a small table: cheaper than a build after its data). */
  inlineIndexes?: boolean;
  /**
   * Unique secondary indexes in the CREATE TABLE itself: a table copied while
   * the source is written, with a replay to follow, may otherwise hold two rows
   * with one unique value for a while (the copy REPLACEs on them instead).
   */
  inlineUniqueIndexes?: boolean;
  names: NameMap;
}

export interface ConvertedTable {
  /** CREATE TABLE with columns, primary key and, where needed, the hidden key (and the secondary indexes when asked to inline them); no checks or foreign keys. */
  createTable: string;
  /** One `ALTER TABLE ... ADD ...` per secondary index, run after the table's data (none when they are inline). */
  indexes: { name: string; ddl: string }[];
  /** Held back until the forward switchover. */
  foreignKeys: { name: string; ddl: string }[];
  checks: { name: string; ddl: string }[];
  /** The hidden key's column name and the DDL that removes it at switchover, when one was added. */
  hiddenKey: { column: string; dropDdl: string } | null;
  notes: ConversionNote[];
}

export interface ConvertedView {
  ddl: string;
  notes: ConversionNote[];
}

/** Name of the hidden key column Cutover adds to tables without a usable key. */
export const HIDDEN_KEY_COLUMN = '__cutover_row_id';
