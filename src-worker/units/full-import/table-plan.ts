/**
 * How one table is copied: which columns (the source's, or the project's
 * subset, that exist on the destination and are not generated there), how
 * each is read so that its exact value survives the trip, and how it is
 * written back.
 */

import type { CopyTable } from '../../../src-shared/contract/units/full-import';
import type { KeyColumn } from '../../../src-shared/model/copy';
import { formatName } from '../../../src-shared/settings/object-names';
import { HIDDEN_KEY_COLUMN } from '../../dialect/types';
import { quoteIdentifier } from '../../mysql/quote';
import { keyReadExpression } from '../../chunking/key-sql';
import type { ColumnCatalog, ColumnRow } from '../../mysql/columns';
import { isGenerated, tableKey } from '../../mysql/columns';

export interface ColumnPlan {
  name: string;
  /** SELECT expression giving the exact value as text or bytes. */
  read: string;
  /** True when the value is a number written without quotes. */
  numeric: boolean;
  /** True when the text of the value can never hold a byte that needs escaping (numbers, dates, times). */
  plain: boolean;
  /**
   * How the written bytes become the column's value where they are not taken as they are: BIT is loaded as a
   * number; a JSON column needs text (bytes given as binary become an opaque JSON blob on OceanBase, and are
   * refused by MySQL 8).
   */
  writeAs: 'bit' | 'json' | null;
}

export interface TablePlan {
  task: CopyTable;
  columns: ColumnPlan[];
  key: KeyColumn[] | null;
  /** Key reads appended after the columns, to carry the last key of a chunk. */
  keyReads: string[];
  /** A single integer key: chunks are key ranges computed without scanning, and run in parallel. */
  integerKey: boolean;
}

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const NUMERIC_TYPES = new Set([...INTEGER_TYPES, 'decimal', 'numeric', 'float', 'double', 'real', 'year']);
const TEMPORAL_TYPES = new Set(['date', 'datetime', 'timestamp', 'time']);

/** Character sets whose bytes are already valid in another: nothing to convert between them. */
const SAME_BYTES: Record<string, readonly string[]> = {
  utf8: ['utf8mb3', 'utf8mb4'],
  utf8mb3: ['utf8', 'utf8mb4'],
  ascii: ['utf8', 'utf8mb3', 'utf8mb4', 'latin1'],
};

/**
 * The bytes are read as the source stores them; where the destination column has another character set (one the
 * destination lacks was replaced), the source server converts them first, so that the text arrives, not its bytes.
 */
function needsConversion(source: ColumnRow, target: ColumnRow | undefined): string | null {
  const from = source.charset;
  const to = target?.charset ?? null;
  if (!from || !to || from === to || from === 'binary' || to === 'binary' || SAME_BYTES[from]?.includes(to)) return null;
  return to === 'utf8mb3' ? 'utf8' : to;
}

function columnPlan(row: ColumnRow, target: ColumnRow | undefined): ColumnPlan {
  const q = quoteIdentifier(row.name);
  const convertTo = needsConversion(row, target);
  const json = target?.type === 'json' ? ('json' as const) : null;
  if (convertTo) return { name: row.name, read: `CONVERT(${q} USING ${convertTo})`, numeric: false, plain: false, writeAs: json };
  switch (row.type) {
    // The text protocol prints FLOAT with 6 significant digits; as a DOUBLE it is exact and rounds back to the same FLOAT.
    case 'float':
      return { name: row.name, read: `${q}+0e0`, numeric: true, plain: true, writeAs: null };
    case 'bit':
      return { name: row.name, read: `${q}+0`, numeric: true, plain: true, writeAs: 'bit' };
    default: {
      const numeric = NUMERIC_TYPES.has(row.type);
      return { name: row.name, read: q, numeric, plain: numeric || TEMPORAL_TYPES.has(row.type), writeAs: json };
    }
  }
}

export function planTable(task: CopyTable, source: ColumnCatalog, destination: ColumnCatalog): TablePlan {
  const sourceColumns = source.get(tableKey(task.source));
  if (!sourceColumns) throw new Error(`The source table ${formatName(task.source)} no longer exists.`);
  const targetColumns = destination.get(tableKey(task.target));
  if (!targetColumns) throw new Error(`The destination table ${formatName(task.target)} does not exist; run the schema migration or create it.`);
  const writable = new Set(targetColumns.filter((c) => !isGenerated(c.extra) && c.name !== HIDDEN_KEY_COLUMN).map((c) => c.name));
  const wanted = task.columns ? new Set(task.columns) : null;
  if (wanted) {
    const missing = [...wanted].filter((name) => !sourceColumns.some((c) => c.name === name));
    if (missing.length) throw new Error(`${formatName(task.source)} has no column ${missing.join(', ')}.`);
  }
  const targets = new Map(targetColumns.map((c) => [c.name, c]));
  const columns = sourceColumns
    .filter((c) => !isGenerated(c.extra) && (!wanted || wanted.has(c.name)) && writable.has(c.name))
    .map((c) => columnPlan(c, targets.get(c.name)));
  if (columns.length === 0) throw new Error(`${formatName(task.source)} and ${formatName(task.target)} have no column in common to copy.`);
  const key = task.key;
  const integerKey = key !== null && key.length === 1 && INTEGER_TYPES.has(sourceColumns.find((c) => c.name === key[0].name)?.type ?? '');
  return { task, columns, key, keyReads: key ? key.map(keyReadExpression) : [], integerKey };
}
