/**
 * Which source objects a project migrates (F-11), as the user wrote it:
 * - `include`: match rules such as `db.*`, `db.t_*`, optionally renaming: `src.*=dst.*`, `src.t_*=dst.t`;
 * - `exclude`: match rules removed from everything selected;
 * - `tables`: exact tables with optional rename, row filter and column subset.
 * Selected = (tables ∪ include matches) − exclude matches.
 */
export interface TableSetting {
  /** `database.table`, exact (no wildcards). */
  source: string;
  /** `database.table`; absent keeps the source name (after rules' database renames do not apply). */
  target?: string;
  /** SQL condition applied to the source rows (without the WHERE keyword). */
  where?: string;
  /** Column subset; absent means all columns. */
  columns?: string[];
}

export interface ObjectSelection {
  include: string[];
  exclude: string[];
  tables: TableSetting[];
}

export function emptySelection(): ObjectSelection {
  return { include: [], exclude: [], tables: [] };
}

export interface QualifiedName {
  database: string;
  table: string;
}

export type CatalogObjectKind = 'table' | 'view';

/** An object that exists on a server, as read by browsing it. */
export interface CatalogObject {
  database: string;
  name: string;
  kind: CatalogObjectKind;
  /** Estimated rows for tables (from table statistics). */
  rows?: number | null;
  columns?: string[];
}

export interface ResolvedObject {
  kind: CatalogObjectKind;
  source: QualifiedName;
  target: QualifiedName;
  where: string | null;
  columns: string[] | null;
  /** The rule text or `tables: db.t` entry that selected it. */
  matchedBy: string;
}

export type SelectionWarningKind =
  | 'invalid'
  | 'no-match'
  | 'missing-table'
  | 'dropped-by-exclude'
  | 'merged'
  | 'target-conflict'
  | 'unknown-column'
  | 'setting-on-view'
  | 'conflicting-rules';

export interface SelectionWarning {
  kind: SelectionWarningKind;
  /** `error` blocks a start; `warn` is shown and allowed. */
  severity: 'warn' | 'error';
  message: string;
}

export interface SelectionPreview {
  objects: ResolvedObject[];
  warnings: SelectionWarning[];
}
