/** One column definition of CREATE TABLE, written for the destination flavour. */

import { quoteIdentifier } from '../mysql/quote';
import { convertCharset } from './charsets';
import type { Charset } from './charsets';
import { isJson, isLong, isSpatial } from './column-kinds';
import { convertDefault } from './convert-default';
import type { Notes } from './notes';
import type { FlavourProfile } from './profiles';
import { parenthesised, sqlString, tokenize } from './sql-text';
import type { ColumnDef } from './types';

export interface ColumnContext {
  from: FlavourProfile;
  to: FlavourProfile;
  /** The table's character set and collation on the destination: columns that match them do not repeat them. */
  table: Charset;
  /** The source table's generated columns by lower-case name, for destinations that cannot nest them. */
  generated: Map<string, ColumnDef>;
  /** The destination keeps MariaDB system versioning. */
  systemVersioning: boolean;
  notes: Notes;
}

/** The column's type and character set on the destination, before its attributes. */
export interface ColumnType {
  sql: string;
  charset: string | null;
  /** MariaDB JSON kept as LONGTEXT with its own collation needs the json_valid() CHECK spelled out. */
  jsonCheck: boolean;
}

const ROW_PERIOD = new Set(['ROW START', 'ROW END']);

export function isRowPeriod(column: ColumnDef): boolean {
  return column.generated !== null && ROW_PERIOD.has(column.generated.expression.toUpperCase());
}

function charsetClause(value: Charset, table: Charset): string {
  if (!value.charset || (value.charset === table.charset && value.collation === table.collation)) return '';
  return ` CHARACTER SET ${value.charset} COLLATE ${value.collation}`;
}

function jsonType(column: ColumnDef, ctx: ColumnContext): ColumnType {
  const { to, from, notes } = ctx;
  if (to.json === 'native') {
    if (column.dataType !== 'json') {
      notes.column(column.name, {
        from: `${column.columnType} with CHECK (json_valid())`,
        to: 'json',
        lossy: from.json === 'longtext-check',
        reason: 'The destination stores JSON in a binary form and prints it normalised: the whitespace, key order, duplicate keys and number spelling (1.50 becomes 1.5, 1e2 becomes 100.0) of the source text are not kept; the values are.',
      });
    }
    return { sql: 'json', charset: null, jsonCheck: false };
  }
  const converted = convertCharset({ charset: column.charset ?? 'utf8mb4', collation: column.collation ?? 'utf8mb4_bin' }, to);
  for (const change of converted.changes) notes.column(column.name, change);
  if (column.dataType === 'json') {
    notes.column(column.name, { from: 'json', to: 'longtext with CHECK (json_valid())', lossy: false, reason: "MariaDB's JSON is LONGTEXT with a json_valid() CHECK; the text is kept as the source prints it." });
  }
  if (converted.charset === 'utf8mb4' && converted.collation === 'utf8mb4_bin') return { sql: 'json', charset: 'utf8mb4', jsonCheck: false };
  return { sql: `longtext${charsetClause(converted, { charset: null, collation: null })}`, charset: converted.charset, jsonCheck: true };
}

function columnType(column: ColumnDef, ctx: ColumnContext): ColumnType {
  if (isJson(column)) return jsonType(column, ctx);
  const mapping = ctx.to.typeMappings[column.dataType];
  if (mapping) {
    ctx.notes.column(column.name, { from: column.columnType, to: mapping.columnType, lossy: mapping.lossy, reason: mapping.reason });
    return { sql: `${mapping.columnType}${charsetClause(mapping, ctx.table)}`, charset: mapping.charset, jsonCheck: false };
  }
  const converted = convertCharset({ charset: column.charset, collation: column.collation }, ctx.to);
  for (const change of converted.changes) ctx.notes.column(column.name, change);
  return { sql: `${column.columnType}${charsetClause(converted, ctx.table)}`, charset: converted.charset, jsonCheck: false };
}

/** Replaces each reference to another generated column by that column's expression, for destinations that cannot nest them. */
function inlineGenerated(expression: string, self: string, generated: Map<string, ColumnDef>, depth = 0): string {
  if (depth > generated.size) throw new Error(`Generated column \`${self}\` depends on itself.`);
  let out = '';
  let last = 0;
  for (const token of tokenize(expression)) {
    const target = token.kind === 'identifier' ? generated.get(token.value.toLowerCase()) : undefined;
    if (!target || target.name.toLowerCase() === self.toLowerCase() || isRowPeriod(target)) continue;
    out += expression.slice(last, token.start) + parenthesised(inlineGenerated(target.generated!.expression, target.name, generated, depth + 1));
    last = token.end;
  }
  return out + expression.slice(last);
}

function generatedClause(column: ColumnDef, ctx: ColumnContext): string {
  const generated = column.generated!;
  if (isRowPeriod(column)) return ` GENERATED ALWAYS AS ${generated.expression.toUpperCase()}`;
  let expression = generated.expression;
  if (!ctx.to.generatedOnGenerated) {
    const inlined = inlineGenerated(expression, column.name, ctx.generated);
    if (inlined !== expression) {
      ctx.notes.column(column.name, {
        from: `AS ${parenthesised(expression)}`,
        to: `AS ${parenthesised(inlined)}`,
        lossy: false,
        reason: 'The destination does not let a generated column read another generated column; the other column is replaced by its expression, which computes the same value.',
      });
      expression = inlined;
    }
  }
  return ` GENERATED ALWAYS AS ${parenthesised(expression)} ${generated.stored ? 'STORED' : 'VIRTUAL'}`;
}

function nullability(column: ColumnDef, ctx: ColumnContext, generated: boolean): string {
  if (!generated) return column.nullable ? ' NULL' : ' NOT NULL';
  if (column.nullable) return '';
  if (ctx.to.generatedNotNull) return ' NOT NULL';
  ctx.notes.column(column.name, { from: 'NOT NULL', to: '(nullable)', lossy: false, reason: 'The destination cannot declare a generated column NOT NULL; the expression alone decides its value.' });
  return '';
}

function sridClauses(column: ColumnDef, ctx: ColumnContext): { afterType: string; afterNull: string } {
  if (column.srid === null) {
    if (ctx.to.spatialReferenceSystems === 'cartesian' && isSpatial(column.dataType)) {
      ctx.notes.column(column.name, {
        from: '(any SRID)',
        to: 'SRID 0 only',
        lossy: true,
        reason: 'The destination knows no spatial reference system but 0 (Cartesian): a value with another SRID (4326 for GPS coordinates) cannot be stored there, so the copy of a row holding one fails.',
      });
    }
    return { afterType: '', afterNull: '' };
  }
  if (column.srid !== 0 && ctx.to.spatialReferenceSystems === 'cartesian') {
    ctx.notes.column(column.name, {
      from: `SRID ${column.srid}`,
      to: '(no SRID)',
      lossy: true,
      reason: `The destination knows no spatial reference system but 0 (Cartesian): a value with SRID ${column.srid} cannot be stored there, so the copy of a row holding one fails.`,
    });
    return { afterType: '', afterNull: '' };
  }
  if (ctx.to.srid === 'REF_SYSTEM_ID') return { afterType: ` REF_SYSTEM_ID=${column.srid}`, afterNull: '' };
  if (ctx.to.srid === 'SRID') return { afterType: '', afterNull: ` SRID ${column.srid}` };
  ctx.notes.column(column.name, { from: `SRID ${column.srid}`, to: '(no SRID)', lossy: false, reason: 'The destination cannot restrict a column to one spatial reference system; values keep their own SRID.' });
  return { afterType: '', afterNull: '' };
}

/** A column as it is written inside CREATE TABLE on the destination, with its type there. */
export function columnDefinition(column: ColumnDef, ctx: ColumnContext): { sql: string; type: ColumnType } {
  const { to, notes } = ctx;
  const type = columnType(column, ctx);
  const srid = sridClauses(column, ctx);
  const keepsPeriod = isRowPeriod(column) && ctx.systemVersioning;
  const generated = column.generated !== null && (!isRowPeriod(column) || keepsPeriod);
  let sql = `${quoteIdentifier(column.name)} ${type.sql}${srid.afterType}`;
  if (generated) sql += generatedClause(column, ctx);
  // A kept ROW START/END column takes no NULL clause; one that is not kept becomes a plain column.
  if (!keepsPeriod) sql += nullability(column, ctx, generated);
  sql += srid.afterNull;
  const defaultValue = convertDefault(column, to);
  if (defaultValue.change) notes.column(column.name, defaultValue.change);
  if (defaultValue.clause) sql += ` ${defaultValue.clause}`;
  if (column.onUpdate) sql += ` ON UPDATE ${column.onUpdate}`;
  if (column.autoIncrement) sql += ' AUTO_INCREMENT';
  if (column.invisible) {
    if (to.invisibleColumns) sql += ' INVISIBLE';
    else notes.column(column.name, { from: 'INVISIBLE', to: '(visible)', lossy: false, reason: 'The destination has no invisible columns: SELECT * and INSERT without a column list now include this column.' });
  }
  if (column.comment) sql += ` COMMENT ${sqlString(column.comment)}`;
  if (type.jsonCheck) sql += ` CHECK (json_valid(${quoteIdentifier(column.name)}))`;
  if (to.maxLobBytes !== null && isLong(column)) {
    notes.column(column.name, {
      from: column.columnType,
      to: `${type.sql}, at most ${to.maxLobBytes.toLocaleString('en-US')} bytes a value`,
      lossy: false,
      reason: `The destination stores at most ${to.maxLobBytes.toLocaleString('en-US')} bytes in one value of this type (the source up to 4 GB); a longer value is refused when copied.`,
    });
  }
  return { sql, type };
}
