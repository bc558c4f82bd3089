/** Full migration (F-31): per-table copy progress as the Full Migration page shows it. */

import type { BinlogPosition } from './incremental';
import type { QualifiedName } from './objects';

export const TABLE_COPY_STATUSES = ['not_started', 'running', 'indexing', 'completed', 'failed', 'skipped'] as const;
export type TableCopyStatus = (typeof TABLE_COPY_STATUSES)[number];

export const TABLE_COPY_STATUS_LABELS: Record<TableCopyStatus, string> = {
  not_started: 'Not Started',
  running: 'Migrating',
  indexing: 'Creating indexes',
  completed: 'Completed',
  failed: 'Failed',
  skipped: 'Skipped',
};

export interface TableCopy {
  source: QualifiedName;
  target: QualifiedName;
  status: TableCopyStatus;
  rowsEstimated: number | null;
  rowsCopied: number;
  /** False for tables copied whole because they have no usable key (they resume from their start). */
  chunked: boolean;
  error: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

/**
 * How a chunk key column's values are read, compared and carried in checkpoints:
 * numbers as numeric literals; ENUM/SET/BIT by their ordinal (`col+0`), which is
 * also how they sort; dates and times as quoted text; strings and bytes as hex,
 * converted back with the column's character set and collation so that `>`
 * agrees with the index order.
 */
export const KEY_KINDS = ['numeric', 'ordinal', 'temporal', 'text', 'binary'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export interface KeyColumn {
  name: string;
  kind: KeyKind;
  /** For text keys: the column's character set and collation, so comparisons order as the index does. */
  charset?: string;
  collation?: string;
}

/** The last fully copied key of a table (values as text; text and binary keys as hex), and rows copied up to it. */
export interface CopyCheckpoint {
  lastKey: string[] | null;
  rows: number;
  done: boolean;
  /** For a table copied whole in one snapshot: the binlog position of that snapshot (the replay skips the table's changes up to it). */
  snapshot?: BinlogPosition;
}
