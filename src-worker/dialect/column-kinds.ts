/** What kind of value a column holds, by its base type (ColumnDef.dataType). */

import type { ColumnDef } from './types';

const SPATIAL = new Set(['geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection', 'geomcollection']);
const TEXT = new Set(['tinytext', 'text', 'mediumtext', 'longtext']);
const BLOB = new Set(['tinyblob', 'blob', 'mediumblob', 'longblob']);
const NUMERIC = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real', 'bit', 'year']);
const BINARY_STRING = new Set(['binary', 'varbinary', ...BLOB]);
const LONG = new Set(['longtext', 'longblob']);

export function isSpatial(dataType: string): boolean {
  return SPATIAL.has(dataType);
}

export function isJson(column: ColumnDef): boolean {
  return column.json || column.dataType === 'json';
}

/** BLOB, TEXT, JSON and spatial columns: MySQL restricts their defaults. */
export function isLargeObject(column: ColumnDef): boolean {
  return TEXT.has(column.dataType) || BLOB.has(column.dataType) || isJson(column) || SPATIAL.has(column.dataType);
}

export function isLong(column: ColumnDef): boolean {
  return LONG.has(column.dataType) || isJson(column);
}

export function isNumeric(dataType: string): boolean {
  return NUMERIC.has(dataType);
}

export function isBinaryString(dataType: string): boolean {
  return BINARY_STRING.has(dataType);
}

/** The base type of a full column type: `varchar(39)` → `varchar`. */
export function baseType(columnType: string): string {
  return /^[a-z0-9_]+/i.exec(columnType)![0].toLowerCase();
}

/** The declared length of a string type, e.g. 255 for `varchar(255)`; null where there is none. */
export function declaredLength(columnType: string): number | null {
  const match = /^\w+\((\d+)\)/.exec(columnType);
  return match ? Number(match[1]) : null;
}

const BYTES_PER_CHARACTER: Record<string, number> = {
  utf8mb4: 4,
  utf8mb3: 3,
  utf16: 4,
  utf16le: 4,
  utf32: 4,
  ucs2: 2,
  gbk: 2,
  gb18030: 4,
  gb18030_2022: 4,
  big5: 2,
  sjis: 2,
  cp932: 2,
  euckr: 2,
  ujis: 3,
  eucjpms: 3,
};

export function bytesPerCharacter(charset: string | null): number {
  return charset ? (BYTES_PER_CHARACTER[charset] ?? 1) : 1;
}
