/**
 * The objects of a running project: resolved from the selection at the first
 * start, then carrying each table's copy status and checkpoint.
 */

import type { ResolvedRunObject } from '../../../../src-shared/contract/units/probe';
import type { CopyCheckpoint, KeyColumn, QualifiedName, TableCopy, TableCopyStatus } from '../../../../src-shared/model';
import { formatName } from '../../../../src-shared/settings/object-names';
import type { Db } from '../db';

export interface RunObject extends ResolvedRunObject {
  /** `db.table` of the source: the object's id within its project. */
  id: string;
  removed: boolean;
  copy: TableCopy;
  checkpoint: CopyCheckpoint | null;
  /** True once a Full-Import worker was given the table. */
  copyStarted: boolean;
}

interface Row {
  kind: 'table' | 'view';
  source_db: string;
  source_name: string;
  target_db: string;
  target_name: string;
  row_filter: string | null;
  columns: string | null;
  key_columns: string | null;
  rows_estimated: number | null;
  rows_copied: number;
  full_status: TableCopyStatus;
  full_error: string | null;
  copy_checkpoint: string | null;
  full_started_at: string | null;
  full_ended_at: string | null;
  removed: number;
  unique_key: number;
  matched_by: string | null;
}

/** An object's id within its project: its source name as `db.table` (quoted where needed, so it reads back exactly). */
export function objectId(name: QualifiedName): string {
  return formatName(name);
}

function fromRow(row: Row): RunObject {
  const source = { database: row.source_db, table: row.source_name };
  const target = { database: row.target_db, table: row.target_name };
  const key = row.key_columns ? (JSON.parse(row.key_columns) as KeyColumn[]) : null;
  return {
    id: objectId(source),
    kind: row.kind,
    source,
    target,
    where: row.row_filter,
    columns: row.columns ? (JSON.parse(row.columns) as string[]) : null,
    matchedBy: row.matched_by ?? '',
    rowsEstimated: row.rows_estimated,
    key,
    uniqueKey: row.unique_key === 1,
    removed: row.removed === 1,
    checkpoint: row.copy_checkpoint ? (JSON.parse(row.copy_checkpoint) as CopyCheckpoint) : null,
    copyStarted: row.full_started_at !== null,
    copy: {
      source,
      target,
      status: row.full_status,
      rowsEstimated: row.rows_estimated,
      rowsCopied: row.rows_copied,
      chunked: key !== null,
      error: row.full_error,
      startedAt: row.full_started_at,
      endedAt: row.full_ended_at,
    },
  };
}

export class RunObjectsRepo {
  constructor(private readonly db: Db) {}

  count(projectId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM project_objects WHERE project_id = ?').get(projectId) as { n: number }).n;
  }

  insertAll(projectId: string, objects: ResolvedRunObject[]): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO project_objects (project_id, kind, source_db, source_name, target_db, target_name, row_filter, columns, key_columns, unique_key, rows_estimated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const o of objects) {
        insert.run(
          projectId,
          o.kind,
          o.source.database,
          o.source.table,
          o.target.database,
          o.target.table,
          o.where,
          o.columns ? JSON.stringify(o.columns) : null,
          o.key ? JSON.stringify(o.key) : null,
          o.uniqueKey ? 1 : 0,
          o.rowsEstimated,
        );
      }
    })();
  }

  list(projectId: string): RunObject[] {
    return (this.db.prepare('SELECT *, NULL AS matched_by FROM project_objects WHERE project_id = ? ORDER BY rowid').all(projectId) as Row[]).map(fromRow);
  }

  setRemoved(projectId: string, target: QualifiedName, removed: boolean): void {
    this.db.prepare('UPDATE project_objects SET removed = ? WHERE project_id = ? AND target_db = ? AND target_name = ?').run(removed ? 1 : 0, projectId, target.database, target.table);
  }

  markCopyStarted(projectId: string, sources: QualifiedName[], at: string): void {
    const update = this.db.prepare('UPDATE project_objects SET full_started_at = COALESCE(full_started_at, ?) WHERE project_id = ? AND source_db = ? AND source_name = ?');
    this.db.transaction(() => sources.forEach((s) => update.run(at, projectId, s.database, s.table)))();
  }

  setCopyStatus(projectId: string, source: QualifiedName, status: TableCopyStatus, rowsCopied: number | null, error: string | null, endedAt: string | null): void {
    this.db
      .prepare(
        `UPDATE project_objects SET full_status = ?, rows_copied = COALESCE(?, rows_copied), full_error = ?, full_ended_at = COALESCE(?, full_ended_at)
         WHERE project_id = ? AND source_db = ? AND source_name = ?`,
      )
      .run(status, rowsCopied, error, endedAt, projectId, source.database, source.table);
  }

  saveCheckpoint(projectId: string, source: QualifiedName, checkpoint: CopyCheckpoint): void {
    this.db
      .prepare('UPDATE project_objects SET copy_checkpoint = ?, rows_copied = ? WHERE project_id = ? AND source_db = ? AND source_name = ?')
      .run(JSON.stringify(checkpoint), checkpoint.rows, projectId, source.database, source.table);
  }
}
