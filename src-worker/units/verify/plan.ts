/**
 * How one verified object is compared: which columns (the source's, or the
 * project's subset, that both sides have and neither generates), how each
 * value is turned into a canonical text that is the same on every engine for
 * the same value, and how a row becomes the one 64-bit hash its range digest
 * sums up.
 *
 * The row text is explicit per type, never the server's default rendering of
 * a row: numbers, dates and times as the server turns them into text in a UTC
 * session (identical on MariaDB, MySQL and OceanBase), FLOAT at FLOAT's own
 * precision, character data as the hex of its UTF-8 bytes (so trailing
 * spaces, case and character set cannot be hidden by a collation), bytes as
 * hex, geometries as the hex of their WKB, NULL as a marker no value can
 * produce. The per-row hash is the first 64 bits of SHA1 of that text: a
 * change in any even number of rows does not cancel out, as it does with
 * BIT_XOR of CRC32s. The digest's text is built as cheaply as that allows
 * (numbers converted implicitly, UTF-8 text not converted, no NULL marker on
 * a NOT NULL column): building it is most of a digest's cost.
 */

import type { VerifyTableTask } from '../../../src-shared/contract/units/verify';
import type { KeyColumn } from '../../../src-shared/model/copy';
import type { Flavour } from '../../../src-shared/model/flavour';
import type { QualifiedName } from '../../../src-shared/model/objects';
import type { ValueKind, VerifyColumn } from '../../../src-shared/model/verify';
import { formatName } from '../../../src-shared/settings/object-names';
import { HIDDEN_KEY_COLUMN } from '../../dialect/types';
import { keyReadExpression } from '../../chunking/key-sql';
import type { ColumnCatalog, ColumnRow } from '../../mysql/columns';
import { isGenerated, tableKey } from '../../mysql/columns';
import { quoteIdentifier } from '../../mysql/quote';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const NUMBER_TYPES = new Set([...INTEGER_TYPES, 'decimal', 'numeric', 'year']);
const FLOAT_TYPES = new Set(['float', 'double', 'real', 'double precision']);
const TEMPORAL_TYPES = new Set(['date', 'datetime', 'timestamp', 'time']);
const TEXT_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set']);
const BYTES_TYPES = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob']);
const SPATIAL_TYPES = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);

export interface SideTable {
  name: QualifiedName;
  /** The project's row filter, on the source only. */
  where: string | null;
}

/** What one side reads: its tables, and per compared column the expressions for the digest and for the row values. */
export interface SidePlan {
  tables: SideTable[];
  key: KeyColumn[] | null;
  /** The hash of a row, for the digest. */
  rowHash: string;
  /** The canonical value of each compared column, in the plan's column order. */
  values: string[];
  /** The same values exact enough to be written back (FLOAT in full), for corrections. */
  writes: string[];
  /** The key as checkpoints and differences carry it. */
  keyReads: string[];
}

export interface VerifyPlan {
  task: VerifyTableTask;
  columns: VerifyColumn[];
  source: SidePlan;
  destination: SidePlan;
  /** Positions of the key columns among `columns`: rows of both sides are matched on these values. */
  keyIndexes: number[];
  integerKey: boolean;
  /**
   * `digest`: range digests first, rows only where they differ. `rows`: every
   * range is compared row by row, for tables whose digests cannot agree even
   * when the values do (JSON is normalised differently by different engines).
   */
  strategy: 'digest' | 'rows';
}

export class Unverifiable extends Error {}

export function valueKind(source: ColumnRow, destination: ColumnRow): ValueKind {
  if (source.type === 'json' || destination.type === 'json') return 'json';
  const type = source.type;
  if (NUMBER_TYPES.has(type)) return 'number';
  if (FLOAT_TYPES.has(type)) return 'float';
  if (TEMPORAL_TYPES.has(type)) return 'temporal';
  if (type === 'bit') return 'bit';
  if (BYTES_TYPES.has(type)) return 'bytes';
  if (SPATIAL_TYPES.has(type)) return 'spatial';
  // Character data, and types the server renders as text (UUID, INET6 …).
  return 'text';
}

/** The canonical text of a column's value: the same on every engine for the same value. */
export function valueExpression(name: string, kind: ValueKind, type: string): string {
  const q = quoteIdentifier(name);
  switch (kind) {
    case 'number':
    case 'float':
    case 'temporal':
    case 'json':
      return `CAST(${q} AS CHAR)`;
    case 'bit':
      return `CAST(${q}+0 AS CHAR)`;
    case 'bytes':
      return `HEX(${q})`;
    // The shape as WKB: servers keep geometries in formats of their own.
    case 'spatial':
      return `HEX(ST_AsBinary(${q}))`;
    case 'text':
      return TEXT_TYPES.has(type) ? `HEX(CONVERT(${q} USING utf8mb4))` : `HEX(CONVERT(CAST(${q} AS CHAR) USING utf8mb4))`;
  }
}

/** A value exactly enough to write it back: as compared, except FLOAT, which is compared at its own precision but written in full. */
export function writeExpression(name: string, kind: ValueKind, type: string): string {
  return kind === 'float' ? `CAST(${quoteIdentifier(name)}+0e0 AS CHAR)` : valueExpression(name, kind, type);
}

/** Character sets whose bytes are already those of UTF-8 for every character they hold. */
const UTF8_BYTES = new Set(['utf8mb4', 'utf8mb3', 'utf8', 'ascii']);

/** What a digest needs to know of a column on one side. */
export interface DigestColumn {
  name: string;
  kind: ValueKind;
  type: string;
  charset: string | null;
  nullable: boolean;
}

/**
 * The value's part of the row text: hex digits, digits and date punctuation
 * never contain the separator or the NULL marker, so the text of a row
 * cannot be read two ways; JSON, the one free text, goes in as hex. The text
 * equals the canonical value's (valueExpression) or, for character data, its
 * hex without the conversion where the bytes are UTF-8 already.
 */
export function digestPart(column: DigestColumn): string {
  const q = quoteIdentifier(column.name);
  let part: string;
  switch (column.kind) {
    case 'number':
    case 'float':
    case 'temporal':
      // As CAST(… AS CHAR) renders it, at a third of its cost.
      part = q;
      break;
    case 'bit':
      part = `${q}+0`;
      break;
    case 'json':
      part = `HEX(CONVERT(${valueExpression(column.name, column.kind, column.type)} USING utf8mb4))`;
      break;
    case 'text':
      part = TEXT_TYPES.has(column.type) && UTF8_BYTES.has(column.charset ?? '') ? `HEX(${q})` : valueExpression(column.name, column.kind, column.type);
      break;
    default:
      part = valueExpression(column.name, column.kind, column.type);
  }
  return column.nullable ? `COALESCE(${part}, 'N')` : part;
}

export function rowHashExpression(parts: string[]): string {
  return `CAST(CONV(SUBSTRING(SHA1(CONCAT_WS(',', ${parts.join(', ')})), 1, 16), 16, 10) AS UNSIGNED)`;
}

function sidePlan(tables: SideTable[], key: KeyColumn[] | null, columns: DigestColumn[]): SidePlan {
  return {
    tables,
    key,
    rowHash: rowHashExpression(columns.map(digestPart)),
    values: columns.map((c) => valueExpression(c.name, c.kind, c.type)),
    writes: columns.map((c) => writeExpression(c.name, c.kind, c.type)),
    keyReads: key ? key.map((k) => `CAST(${keyReadExpression(k)} AS CHAR)`) : [],
  };
}

/**
 * The destination's view of the key: its own collation where the character
 * set is the same, so that ranges are read as its index orders them; key
 * values travel as the source's bytes, converted where the sets differ.
 */
function destinationKey(key: KeyColumn[], targetColumns: ColumnRow[]): KeyColumn[] {
  return key.map((k) => {
    if (k.kind !== 'text') return k;
    const target = targetColumns.find((c) => c.name === k.name);
    const sameCharset = target?.charset && target.charset === (k.charset ?? 'utf8mb4');
    return { name: k.name, kind: k.kind, charset: k.charset, ...(sameCharset && target.collation ? { collation: target.collation } : {}) };
  });
}

/** A column as one side digests it; merged source tables share one expression, so it must suit every one of them. */
function digestColumn(column: { name: string; kind: ValueKind }, rows: ColumnRow[]): DigestColumn {
  const [first] = rows;
  const charset = rows.every((r) => r.charset === first.charset) ? first.charset : null;
  return { ...column, type: first.type, charset, nullable: rows.some((r) => r.nullable) };
}

export function planVerify(task: VerifyTableTask, source: ColumnCatalog, destination: ColumnCatalog, flavours: { source: Flavour; destination: Flavour }): VerifyPlan {
  const targetColumns = destination.get(tableKey(task.target));
  if (!targetColumns) throw new Unverifiable(`the destination table ${formatName(task.target)} does not exist`);
  const sourceTables = task.sources.map((s) => {
    const columns = source.get(tableKey(s.source));
    if (!columns) throw new Unverifiable(`the source table ${formatName(s.source)} no longer exists`);
    return columns;
  });
  const first = sourceTables[0];
  const wanted = task.columns ? new Set(task.columns) : null;
  for (const name of task.key?.map((k) => k.name) ?? []) wanted?.add(name);
  const comparable = first.filter((c) => !isGenerated(c.extra) && c.name !== HIDDEN_KEY_COLUMN && (!wanted || wanted.has(c.name)));
  const targets = new Map(targetColumns.filter((c) => !isGenerated(c.extra)).map((c) => [c.name, c]));
  const missing = comparable.filter((c) => !targets.has(c.name)).map((c) => c.name);
  if (missing.length) throw new Unverifiable(`the destination table ${formatName(task.target)} has no column ${missing.join(', ')}`);
  sourceTables.forEach((columns, i) => {
    const absent = comparable.filter((c) => !columns.some((o) => o.name === c.name)).map((c) => c.name);
    if (absent.length) throw new Unverifiable(`the source table ${formatName(task.sources[i].source)} has no column ${absent.join(', ')}`);
  });
  if (comparable.length === 0) throw new Unverifiable('the two sides have no column in common');

  const kinds = comparable.map((c) => ({ name: c.name, kind: valueKind(c, targets.get(c.name)!) }));
  const key = task.key;
  const keyIndexes = key ? key.map((k) => kinds.findIndex((c) => c.name === k.name)) : [];
  if (keyIndexes.some((i) => i < 0)) throw new Unverifiable('a key column is not among the compared columns');
  // JSON is kept as written by MariaDB and normalised by MySQL and OceanBase: only the same kind of server renders it alike.
  const sameEngine = flavours.source === flavours.destination;
  return {
    task,
    columns: kinds,
    source: sidePlan(
      task.sources.map((s) => ({ name: s.source, where: s.where })),
      key,
      kinds.map((c) => digestColumn(c, sourceTables.map((columns) => columns.find((o) => o.name === c.name)!))),
    ),
    destination: sidePlan(
      [{ name: task.target, where: null }],
      key ? destinationKey(key, targetColumns) : null,
      kinds.map((c) => digestColumn(c, [targets.get(c.name)!])),
    ),
    keyIndexes,
    integerKey: key !== null && key.length === 1 && INTEGER_TYPES.has(first.find((c) => c.name === key[0].name)?.type ?? ''),
    strategy: kinds.some((c) => c.kind === 'json') && !sameEngine ? 'rows' : 'digest',
  };
}
