/**
 * Full verification (F-33): what is compared, how a difference is described,
 * and the one comparison of two rows that the worker (when it compares a
 * chunk) and the host (when it matches rows found on one side only in
 * different chunks) both use.
 *
 * Values travel in a canonical text form, the same on every engine for the
 * same value (see src-worker/units/verify/row-text.ts): numbers, dates and
 * times as the server prints them in a UTC session, character data as the
 * hex of its UTF-8 bytes, binary data as hex, JSON as text (compared by
 * meaning), NULL as null.
 */

import type { QualifiedName } from './objects';

/** How a column's canonical text is formed and compared. */
export const VALUE_KINDS = ['number', 'float', 'temporal', 'text', 'bytes', 'json', 'bit', 'spatial'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

export interface VerifyColumn {
  name: string;
  kind: ValueKind;
}

export const DIFFERENCE_CATEGORIES = ['source-only', 'destination-only', 'mismatch'] as const;
export type DifferenceCategory = (typeof DIFFERENCE_CATEGORIES)[number];

export const DIFFERENCE_CATEGORY_LABELS: Record<DifferenceCategory, string> = {
  'source-only': 'Only in source',
  'destination-only': 'Only in destination',
  mismatch: 'Values differ',
};

/** A row that differs: by key (null for tables without one), with both sides' canonical values in column order. */
export interface RowDifference {
  key: string[] | null;
  category: DifferenceCategory;
  /** The columns whose values differ (all of them for a row on one side only). */
  columns: string[];
  source: (string | null)[] | null;
  destination: (string | null)[] | null;
  /** What the difference most likely comes from, when it is recognisable. */
  cause: string | null;
}

/**
 * - `not_started`, `running`;
 * - `consistent`, `inconsistent`: verified (inconsistent has differences);
 * - `capped`: stopped after the difference cap, the differences found are kept;
 * - `unverifiable`: cannot be verified (no key and too large, target missing, columns missing), with the reason;
 * - `failed`: an error stopped it, with the error.
 */
export const VERIFY_TABLE_STATUSES = ['not_started', 'running', 'consistent', 'inconsistent', 'capped', 'unverifiable', 'failed'] as const;
export type VerifyTableStatus = (typeof VERIFY_TABLE_STATUSES)[number];

export const VERIFY_TABLE_STATUS_LABELS: Record<VerifyTableStatus, string> = {
  not_started: 'Not Started',
  running: 'Verifying',
  consistent: 'Consistent',
  inconsistent: 'Inconsistent',
  capped: 'Inconsistent (cap reached)',
  unverifiable: 'Cannot Verify',
  failed: 'Failed',
};

/** Statuses after which a table is not verified again unless asked to. */
export const VERIFY_DONE_STATUSES: readonly VerifyTableStatus[] = ['consistent', 'inconsistent', 'capped', 'unverifiable'];

/** Reverify: everything again, the tables that were not consistent, or only the rows that differed. */
export const VERIFY_MODES = ['all', 'abnormal', 'records'] as const;
export type VerifyMode = (typeof VERIFY_MODES)[number];

export const VERIFY_MODE_LABELS: Record<VerifyMode, string> = {
  all: 'Restart Full Verification',
  abnormal: 'Reverify Abnormal Table',
  records: 'Verify Only Inconsistent Records',
};

export interface VerifyCounts {
  sourceOnly: number;
  destinationOnly: number;
  mismatch: number;
}

/** One verified object as the Verified Objects tab and `cutover project status` show it. */
export interface VerifyTable {
  id: string;
  target: QualifiedName;
  sources: QualifiedName[];
  /** The key rows are matched by (null: a table without one, compared as a multiset). */
  keyColumns: string[] | null;
  status: VerifyTableStatus;
  rowsEstimated: number | null;
  rowsVerified: number;
  counts: VerifyCounts;
  /** Why it cannot be verified, or the error that stopped it. */
  reason: string | null;
  columns: VerifyColumn[];
  startedAt: string | null;
  endedAt: string | null;
}

export interface VerifySummary {
  tables: number;
  verified: number;
  consistent: number;
  inconsistent: number;
  unverifiable: number;
  failed: number;
  rowsEstimated: number;
  rowsVerified: number;
  counts: VerifyCounts;
}

/** A stored difference, as `cutover verify diff` and the differences drawer list it. */
export interface StoredDifference extends RowDifference {
  table: string;
  /** `suspect`: seen while the replay ran and not yet confirmed (the replay did not catch up in time). */
  state: 'confirmed' | 'suspect';
  /** When a correction was applied for it. */
  fixedAt: string | null;
}

export interface VerificationOverview {
  summary: VerifySummary;
  tables: VerifyTable[];
}

export interface DifferencePage {
  total: number;
  rows: StoredDifference[];
  /** The compared columns of each table listed, to show values by column. */
  columns: Record<string, VerifyColumn[]>;
  /** The key columns of each table listed, to show keys. */
  keyColumns: Record<string, string[] | null>;
}

export interface FixReport {
  applied: number;
  /** Rows with nothing applied, and why (the source row is gone, a delete not confirmed …). */
  notApplied: { table: string; key: string[] | null; note: string }[];
  failures: { table: string; error: string }[];
}

/** A row's key as a reader would write it: its columns' values (text keys travel as hex). */
export function displayKey(table: Pick<VerifyTable, 'keyColumns' | 'columns'>, key: string[] | null): string {
  if (!key) return '(row without a key)';
  return key
    .map((value, i) => {
      const name = table.keyColumns?.[i];
      const kind = table.columns.find((c) => c.name === name)?.kind ?? 'number';
      return displayValue(kind, value);
    })
    .join(', ');
}

/** The text as a reader would write it: character data decoded, bytes as 0x…, NULL as NULL. */
export function displayValue(kind: ValueKind, value: string | null): string {
  if (value === null) return 'NULL';
  switch (kind) {
    case 'text':
      return decodeHexUtf8(value);
    case 'bytes':
      return `0x${value}`;
    case 'spatial':
      return `WKB 0x${value}`;
    default:
      return value;
  }
}

function decodeHexUtf8(hex: string): string {
  if (!/^(?:[0-9A-Fa-f]{2})*$/.test(hex)) return hex;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** JSON compared by meaning: object keys in any order, 2.50 = 2.5; text that is not JSON is compared as it is. */
function canonicalJson(text: string): string {
  try {
    return stableStringify(JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A value as it is compared: JSON by meaning, everything else as it is. */
export function comparedValue(kind: ValueKind, value: string | null): string | null {
  return kind === 'json' && value !== null ? canonicalJson(value) : value;
}

export function sameValue(kind: ValueKind, a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  return kind === 'json' && canonicalJson(a) === canonicalJson(b);
}

/** The columns whose values differ between two rows of the same columns. */
export function differingColumns(columns: readonly VerifyColumn[], source: readonly (string | null)[], destination: readonly (string | null)[]): string[] {
  return columns.filter((c, i) => !sameValue(c.kind, source[i] ?? null, destination[i] ?? null)).map((c) => c.name);
}

const TEMPORAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(\.\d+)?)?$/;

function temporalMs(text: string): number | null {
  const m = TEMPORAL_RE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + (frac ? Math.round(Number(`0${frac}`) * 1000) : 0);
}

function offsetText(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return `${ms < 0 ? '-' : '+'}${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** What one differing value most likely comes from, or null. */
function valueCause(kind: ValueKind, source: string | null, destination: string | null): string | null {
  if (source === null || destination === null) {
    const other = source ?? destination;
    return other === '' ? "NULL on one side, '' on the other" : null;
  }
  switch (kind) {
    case 'temporal': {
      const a = temporalMs(source);
      const b = temporalMs(destination);
      if (a === null || b === null) return null;
      const delta = b - a;
      // Whole quarter hours up to 14 hours: the offsets time zones have.
      if (delta !== 0 && delta % 900_000 === 0 && Math.abs(delta) <= 14 * 3_600_000) return `time-zone offset (destination ${offsetText(delta)})`;
      return null;
    }
    case 'text': {
      const a = displayValue('text', source);
      const b = displayValue('text', destination);
      if (a.replace(/ +$/, '') === b.replace(/ +$/, '')) return 'trailing spaces';
      if (a.toLowerCase() === b.toLowerCase()) return 'letter case';
      return null;
    }
    case 'float':
    case 'number': {
      const a = Number(source);
      const b = Number(destination);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
      const scale = Math.max(Math.abs(a), Math.abs(b));
      if (kind === 'float' && scale > 0 && Math.abs(a - b) / scale < 1e-4) return 'float precision';
      return null;
    }
    default:
      return null;
  }
}

/** A likely cause shared by every differing column of a row, or null. */
export function differenceCause(columns: readonly VerifyColumn[], source: readonly (string | null)[], destination: readonly (string | null)[]): string | null {
  const causes = new Set<string | null>();
  columns.forEach((column, i) => {
    const a = source[i] ?? null;
    const b = destination[i] ?? null;
    if (!sameValue(column.kind, a, b)) causes.add(valueCause(column.kind, a, b));
  });
  if (causes.size !== 1) return null;
  return [...causes][0] ?? null;
}

/** The difference between a source row and a destination row with the same key, or null when they are the same. */
export function compareRows(
  columns: readonly VerifyColumn[],
  key: string[] | null,
  source: (string | null)[] | null,
  destination: (string | null)[] | null,
): RowDifference | null {
  if (source && destination) {
    const differing = differingColumns(columns, source, destination);
    if (differing.length === 0) return null;
    return { key, category: 'mismatch', columns: differing, source, destination, cause: differenceCause(columns, source, destination) };
  }
  if (source) return { key, category: 'source-only', columns: columns.map((c) => c.name), source, destination: null, cause: null };
  if (destination) return { key, category: 'destination-only', columns: columns.map((c) => c.name), source: null, destination, cause: null };
  return null;
}
