/**
 * Full verification results: per verified object its status, progress and
 * checkpoint, and every row difference by key. Differences are kept by key,
 * so a range verified again after a restart records the same rows once; a
 * row found on one side only in one range and on the other side only in
 * another (the two servers order a text key differently) is matched here
 * and becomes one row, or nothing when its values agree.
 */

import type { CopyCheckpoint, QualifiedName } from '../../../../src-shared/model';
import type {
  DifferenceCategory,
  RowDifference,
  StoredDifference,
  VerifyColumn,
  VerifyCounts,
  VerifyMode,
  VerifySummary,
  VerifyTable,
  VerifyTableStatus,
} from '../../../../src-shared/model/verify';
import { compareRows, VERIFY_DONE_STATUSES } from '../../../../src-shared/model/verify';
import { nowIso } from '../../ids';
import type { Db } from '../db';

interface TableRow {
  id: string;
  target_db: string;
  target_name: string;
  sources: string;
  key_columns: string | null;
  status: VerifyTableStatus;
  rows_estimated: number | null;
  rows_verified: number;
  checkpoint: string | null;
  columns: string | null;
  reason: string | null;
  records_only: number;
  started_at: string | null;
  ended_at: string | null;
}

interface DifferenceRow {
  table_id: string;
  row_key: string | null;
  category: DifferenceCategory;
  columns: string;
  source_values: string | null;
  destination_values: string | null;
  cause: string | null;
  state: 'confirmed' | 'suspect';
  fixed_at: string | null;
}

/** What the stage keeps of a verified object beside what the page shows. */
export interface VerifyTableState extends VerifyTable {
  checkpoint: CopyCheckpoint | null;
  recordsOnly: boolean;
}

export interface VerifyObject {
  id: string;
  target: QualifiedName;
  sources: QualifiedName[];
  keyColumns: string[] | null;
  rowsEstimated: number | null;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const NO_COUNTS: VerifyCounts = { sourceOnly: 0, destinationOnly: 0, mismatch: 0 };

function toDifference(row: DifferenceRow): StoredDifference {
  return {
    table: row.table_id,
    key: parse<string[]>(row.row_key),
    category: row.category,
    columns: JSON.parse(row.columns) as string[],
    source: parse<(string | null)[]>(row.source_values),
    destination: parse<(string | null)[]>(row.destination_values),
    cause: row.cause,
    state: row.state,
    fixedAt: row.fixed_at,
  };
}

export class VerifyRepo {
  constructor(private readonly db: Db) {}

  private counts(projectId: string): Map<string, VerifyCounts> {
    const rows = this.db
      .prepare('SELECT table_id, category, COUNT(*) AS n FROM verify_differences WHERE project_id = ? GROUP BY table_id, category')
      .all(projectId) as { table_id: string; category: DifferenceCategory; n: number }[];
    const counts = new Map<string, VerifyCounts>();
    for (const row of rows) {
      const c = counts.get(row.table_id) ?? { ...NO_COUNTS };
      if (row.category === 'source-only') c.sourceOnly = row.n;
      else if (row.category === 'destination-only') c.destinationOnly = row.n;
      else c.mismatch = row.n;
      counts.set(row.table_id, c);
    }
    return counts;
  }

  tables(projectId: string): VerifyTableState[] {
    const counts = this.counts(projectId);
    const rows = this.db.prepare('SELECT * FROM verify_tables WHERE project_id = ? ORDER BY rowid').all(projectId) as TableRow[];
    return rows.map((row) => ({
      id: row.id,
      target: { database: row.target_db, table: row.target_name },
      sources: JSON.parse(row.sources) as QualifiedName[],
      keyColumns: parse<string[]>(row.key_columns),
      status: row.status,
      rowsEstimated: row.rows_estimated,
      rowsVerified: row.rows_verified,
      counts: counts.get(row.id) ?? { ...NO_COUNTS },
      reason: row.reason,
      columns: parse<VerifyColumn[]>(row.columns) ?? [],
      startedAt: row.started_at,
      endedAt: row.ended_at,
      checkpoint: parse<CopyCheckpoint>(row.checkpoint),
      recordsOnly: row.records_only === 1,
    }));
  }

  table(projectId: string, id: string): VerifyTableState | null {
    return this.tables(projectId).find((t) => t.id === id) ?? null;
  }

  summary(projectId: string): VerifySummary {
    const tables = this.tables(projectId);
    const count = (statuses: VerifyTableStatus[]) => tables.filter((t) => statuses.includes(t.status)).length;
    return {
      tables: tables.length,
      verified: count(['consistent', 'inconsistent', 'capped']),
      consistent: count(['consistent']),
      inconsistent: count(['inconsistent', 'capped']),
      unverifiable: count(['unverifiable']),
      failed: count(['failed']),
      rowsEstimated: tables.reduce((n, t) => n + Math.max(t.rowsEstimated ?? 0, t.rowsVerified), 0),
      rowsVerified: tables.reduce((n, t) => n + t.rowsVerified, 0),
      counts: tables.reduce(
        (c, t) => ({ sourceOnly: c.sourceOnly + t.counts.sourceOnly, destinationOnly: c.destinationOnly + t.counts.destinationOnly, mismatch: c.mismatch + t.counts.mismatch }),
        { ...NO_COUNTS },
      ),
    };
  }

  /** The objects to verify, as the project has them now: new ones are added, gone ones dropped with their results. */
  sync(projectId: string, objects: VerifyObject[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO verify_tables (project_id, id, target_db, target_name, sources, key_columns, rows_estimated) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, id) DO UPDATE SET sources = excluded.sources, key_columns = excluded.key_columns, rows_estimated = excluded.rows_estimated`,
    );
    const ids = new Set(objects.map((o) => o.id));
    this.db.transaction(() => {
      for (const o of objects) upsert.run(projectId, o.id, o.target.database, o.target.table, JSON.stringify(o.sources), o.keyColumns ? JSON.stringify(o.keyColumns) : null, o.rowsEstimated);
      for (const row of this.db.prepare('SELECT id FROM verify_tables WHERE project_id = ?').all(projectId) as { id: string }[]) {
        if (ids.has(row.id)) continue;
        this.db.prepare('DELETE FROM verify_tables WHERE project_id = ? AND id = ?').run(projectId, row.id);
        this.db.prepare('DELETE FROM verify_differences WHERE project_id = ? AND table_id = ?').run(projectId, row.id);
      }
    })();
  }

  /**
   * Prepares a reverify: `all` starts every table over; `abnormal` the tables
   * that were not consistent; `records` verifies again only the rows that
   * differed (a table without a key, whole).
   */
  reverify(projectId: string, mode: VerifyMode): void {
    const reset = this.db.prepare(
      `UPDATE verify_tables SET status = 'not_started', rows_verified = 0, checkpoint = NULL, reason = NULL, records_only = 0, started_at = NULL, ended_at = NULL
       WHERE project_id = ? AND id = ?`,
    );
    const clear = this.db.prepare('DELETE FROM verify_differences WHERE project_id = ? AND table_id = ?');
    this.db.transaction(() => {
      for (const table of this.tables(projectId)) {
        const differs = table.counts.sourceOnly + table.counts.destinationOnly + table.counts.mismatch > 0;
        if (mode === 'all' || (mode === 'abnormal' && table.status !== 'consistent')) {
          reset.run(projectId, table.id);
          clear.run(projectId, table.id);
        } else if (mode === 'records' && differs) {
          this.db
            .prepare(`UPDATE verify_tables SET status = 'not_started', records_only = 1, reason = NULL, ended_at = NULL WHERE project_id = ? AND id = ?`)
            .run(projectId, table.id);
        }
      }
    })();
  }

  /** Tables still to verify: not finished, or asked to be verified again. */
  pending(projectId: string): VerifyTableState[] {
    return this.tables(projectId).filter((t) => !VERIFY_DONE_STATUSES.includes(t.status) || t.recordsOnly);
  }

  update(projectId: string, id: string, patch: { status?: VerifyTableStatus; rowsVerified?: number; columns?: VerifyColumn[]; reason?: string | null; recordsOnly?: boolean }): void {
    const table = this.table(projectId, id);
    if (!table) return;
    const now = nowIso();
    const status = patch.status ?? table.status;
    const ending = status !== 'running' && status !== 'not_started';
    this.db
      .prepare(
        `UPDATE verify_tables SET status = ?, rows_verified = ?, columns = ?, reason = ?, records_only = ?,
           started_at = COALESCE(started_at, ?), ended_at = ? WHERE project_id = ? AND id = ?`,
      )
      .run(
        status,
        patch.rowsVerified ?? table.rowsVerified,
        JSON.stringify(patch.columns ?? table.columns),
        patch.reason === undefined ? table.reason : patch.reason,
        (patch.recordsOnly ?? table.recordsOnly) ? 1 : 0,
        status === 'running' ? now : null,
        ending ? now : null,
        projectId,
        id,
      );
  }

  /** A verified table is consistent or not by the differences kept for it. */
  finishVerified(projectId: string, id: string, rowsVerified: number): void {
    const table = this.table(projectId, id);
    if (!table) return;
    const differs = table.counts.sourceOnly + table.counts.destinationOnly + table.counts.mismatch > 0;
    this.update(projectId, id, { status: differs ? 'inconsistent' : 'consistent', rowsVerified, reason: null, recordsOnly: false });
  }

  saveCheckpoint(projectId: string, id: string, checkpoint: CopyCheckpoint): void {
    this.db.prepare('UPDATE verify_tables SET checkpoint = ?, rows_verified = ? WHERE project_id = ? AND id = ?').run(JSON.stringify(checkpoint), checkpoint.rows, projectId, id);
  }

  differenceCount(projectId: string, id: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM verify_differences WHERE project_id = ? AND table_id = ?').get(projectId, id) as { n: number }).n;
  }

  differenceKeys(projectId: string, id: string): string[][] {
    return (this.db.prepare('SELECT row_key FROM verify_differences WHERE project_id = ? AND table_id = ? AND row_key IS NOT NULL ORDER BY seq').all(projectId, id) as { row_key: string }[]).map(
      (r) => JSON.parse(r.row_key) as string[],
    );
  }

  /** Records differences found by the worker; see the file comment for rows seen on one side only. */
  record(projectId: string, id: string, state: 'confirmed' | 'suspect', rows: RowDifference[]): void {
    const columns = this.table(projectId, id)?.columns ?? [];
    const find = this.db.prepare('SELECT * FROM verify_differences WHERE project_id = ? AND table_id = ? AND row_key = ?');
    const remove = this.db.prepare('DELETE FROM verify_differences WHERE project_id = ? AND table_id = ? AND row_key = ?');
    const upsert = this.db.prepare(
      `INSERT INTO verify_differences (project_id, table_id, row_key, category, columns, source_values, destination_values, cause, state, found_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, table_id, row_key) WHERE row_key IS NOT NULL DO UPDATE SET
         category = excluded.category, columns = excluded.columns, source_values = excluded.source_values,
         destination_values = excluded.destination_values, cause = excluded.cause, state = excluded.state, fixed_at = NULL, found_at = excluded.found_at`,
    );
    const now = nowIso();
    this.db.transaction(() => {
      for (let difference of rows) {
        const key = difference.key ? JSON.stringify(difference.key) : null;
        if (key) {
          const earlier = find.get(projectId, id, key) as DifferenceRow | undefined;
          const oneSided = difference.category !== 'mismatch';
          if (earlier && oneSided && earlier.category !== 'mismatch' && earlier.category !== difference.category) {
            // The same key, seen on the source only in one range and on the destination only in another.
            const source = difference.source ?? parse<(string | null)[]>(earlier.source_values);
            const destination = difference.destination ?? parse<(string | null)[]>(earlier.destination_values);
            const merged = compareRows(columns, difference.key, source, destination);
            if (!merged) {
              remove.run(projectId, id, key);
              continue;
            }
            difference = merged;
          }
        }
        upsert.run(
          projectId,
          id,
          key,
          difference.category,
          JSON.stringify(difference.columns),
          difference.source ? JSON.stringify(difference.source) : null,
          difference.destination ? JSON.stringify(difference.destination) : null,
          difference.cause,
          state,
          now,
        );
      }
    })();
  }

  /** Rows verified again that now agree; null: every difference of the table (verified again whole). */
  resolve(projectId: string, id: string, keys: string[][] | null): void {
    if (keys === null) {
      this.db.prepare('DELETE FROM verify_differences WHERE project_id = ? AND table_id = ?').run(projectId, id);
      return;
    }
    const remove = this.db.prepare('DELETE FROM verify_differences WHERE project_id = ? AND table_id = ? AND row_key = ?');
    this.db.transaction(() => keys.forEach((k) => remove.run(projectId, id, JSON.stringify(k))))();
  }

  differences(projectId: string, options: { table?: string; category?: DifferenceCategory; limit?: number; offset?: number } = {}): { total: number; rows: StoredDifference[] } {
    const where = ['project_id = ?'];
    const params: unknown[] = [projectId];
    if (options.table) {
      where.push('table_id = ?');
      params.push(options.table);
    }
    if (options.category) {
      where.push('category = ?');
      params.push(options.category);
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM verify_differences WHERE ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM verify_differences WHERE ${clause} ORDER BY table_id, seq LIMIT ? OFFSET ?`)
      .all(...params, options.limit ?? -1, options.offset ?? 0) as DifferenceRow[];
    return { total, rows: rows.map(toDifference) };
  }

  markFixed(projectId: string, id: string, key: string[] | null, at: string): void {
    if (key === null) return;
    this.db.prepare('UPDATE verify_differences SET fixed_at = ? WHERE project_id = ? AND table_id = ? AND row_key = ?').run(at, projectId, id, JSON.stringify(key));
  }

  addFix(projectId: string, id: string, key: string[] | null, statement: string, revert: string, at: string): void {
    this.db
      .prepare('INSERT INTO verify_fixes (project_id, table_id, row_key, statement, revert, applied_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(projectId, id, key ? JSON.stringify(key) : null, statement, revert, at);
  }

  /** The corrections applied, newest first: what ran, and what undoes it. */
  fixes(projectId: string): { table: string; key: string[] | null; statement: string; revert: string; appliedAt: string; revertedAt: string | null }[] {
    const rows = this.db.prepare('SELECT * FROM verify_fixes WHERE project_id = ? ORDER BY seq DESC').all(projectId) as {
      table_id: string;
      row_key: string | null;
      statement: string;
      revert: string;
      applied_at: string;
      reverted_at: string | null;
    }[];
    return rows.map((r) => ({ table: r.table_id, key: parse<string[]>(r.row_key), statement: r.statement, revert: r.revert, appliedAt: r.applied_at, revertedAt: r.reverted_at }));
  }
}
