/** Schema objects, table indexes and held-back constraints of a running project. */

import type { PlannedObject } from '../../../../src-shared/contract/units/schema';
import type {
  ConversionNote,
  DeferredConstraint,
  IndexStatus,
  QualifiedName,
  SchemaObject,
  SchemaObjectKind,
  SchemaObjectStatus,
  TableIndex,
} from '../../../../src-shared/model';
import type { Db } from '../db';

interface ObjectRow {
  id: number;
  kind: SchemaObjectKind;
  source_db: string;
  source_name: string;
  target_db: string;
  target_name: string;
  status: SchemaObjectStatus;
  ddl: string;
  converted_ddl: string;
  error_code: number | null;
  error_message: string | null;
  notes: string;
  started_at: string | null;
  ended_at: string | null;
}

interface IndexRow {
  id: number;
  target_db: string;
  target_name: string;
  source_db: string;
  source_name: string;
  index_name: string;
  ddl: string;
  status: IndexStatus;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
}

function objectFromRow(r: ObjectRow): SchemaObject {
  return {
    id: r.id,
    kind: r.kind,
    source: { database: r.source_db, table: r.source_name },
    target: { database: r.target_db, table: r.target_name },
    status: r.status,
    ddl: r.ddl,
    convertedDdl: r.converted_ddl,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    notes: JSON.parse(r.notes) as ConversionNote[],
    startedAt: r.started_at,
    endedAt: r.ended_at,
  };
}

function indexFromRow(r: IndexRow): TableIndex {
  return {
    id: r.id,
    table: { database: r.target_db, table: r.target_name },
    sourceTable: { database: r.source_db, table: r.source_name },
    name: r.index_name,
    ddl: r.ddl,
    status: r.status,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    error: r.error,
  };
}

export class SchemaRepo {
  constructor(private readonly db: Db) {}

  hasPlan(projectId: string): boolean {
    return this.db.prepare('SELECT 1 FROM schema_objects WHERE project_id = ? LIMIT 1').get(projectId) !== undefined;
  }

  /** Stores a plan: objects with their DDL and notes, their indexes, and what is held back for switchover. */
  savePlan(projectId: string, planned: PlannedObject[]): void {
    const object = this.db.prepare(
      `INSERT OR IGNORE INTO schema_objects (project_id, kind, position, source_db, source_name, target_db, target_name, ddl, converted_ddl, notes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const index = this.db.prepare(
      `INSERT OR IGNORE INTO table_indexes (project_id, target_db, target_name, source_db, source_name, index_name, ddl) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const deferred = this.db.prepare('INSERT OR IGNORE INTO deferred_constraints (project_id, target_db, target_name, kind, name, ddl) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      // A plan for objects added later goes after the objects planned before.
      const base = (this.db.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS n FROM schema_objects WHERE project_id = ?').get(projectId) as { n: number }).n;
      planned.forEach((p, position) => {
        object.run(projectId, p.kind, base + position, p.source.database, p.source.table, p.target.database, p.target.table, p.ddl, p.ddl, JSON.stringify(p.notes));
        for (const i of p.indexes) index.run(projectId, p.target.database, p.target.table, p.source.database, p.source.table, i.name, i.ddl);
        for (const d of p.deferred) deferred.run(projectId, p.target.database, p.target.table, d.kind, d.name, d.ddl);
      });
    })();
  }

  objects(projectId: string): SchemaObject[] {
    return (this.db.prepare('SELECT * FROM schema_objects WHERE project_id = ? ORDER BY position').all(projectId) as ObjectRow[]).map(objectFromRow);
  }

  object(projectId: string, id: number): SchemaObject | null {
    const row = this.db.prepare('SELECT * FROM schema_objects WHERE project_id = ? AND id = ?').get(projectId, id) as ObjectRow | undefined;
    return row ? objectFromRow(row) : null;
  }

  setOutcome(projectId: string, kind: SchemaObjectKind, target: QualifiedName, status: SchemaObjectStatus, errorCode: number | null, errorMessage: string | null, at: string): void {
    this.db
      .prepare(
        `UPDATE schema_objects SET status = ?, error_code = ?, error_message = ?, started_at = COALESCE(started_at, ?), ended_at = ?
         WHERE project_id = ? AND kind = ? AND target_db = ? AND target_name = ?`,
      )
      .run(status, errorCode, errorMessage, at, at, projectId, kind, target.database, target.table);
  }

  setOutcomeById(projectId: string, id: number, status: SchemaObjectStatus, errorCode: number | null, errorMessage: string | null, at: string): void {
    this.db
      .prepare('UPDATE schema_objects SET status = ?, error_code = ?, error_message = ?, started_at = COALESCE(started_at, ?), ended_at = ? WHERE project_id = ? AND id = ?')
      .run(status, errorCode, errorMessage, at, at, projectId, id);
  }

  setDdl(projectId: string, id: number, ddl: string): void {
    this.db.prepare('UPDATE schema_objects SET ddl = ? WHERE project_id = ? AND id = ?').run(ddl, projectId, id);
  }

  indexes(projectId: string): TableIndex[] {
    return (this.db.prepare('SELECT * FROM table_indexes WHERE project_id = ? ORDER BY id').all(projectId) as IndexRow[]).map(indexFromRow);
  }

  setIndexStatus(projectId: string, id: number, status: IndexStatus, error: string | null, at: string): void {
    const column = status === 'running' ? 'started_at' : 'ended_at';
    this.db.prepare(`UPDATE table_indexes SET status = ?, error = ?, ${column} = ? WHERE project_id = ? AND id = ?`).run(status, error, at, projectId, id);
  }

  /** Objects removed from the migration take their indexes and held-back constraints with them. */
  removeDependents(projectId: string, target: QualifiedName): void {
    this.db.prepare(`UPDATE table_indexes SET status = 'removed' WHERE project_id = ? AND target_db = ? AND target_name = ? AND status <> 'created'`).run(projectId, target.database, target.table);
    this.db.prepare(`UPDATE deferred_constraints SET status = 'removed' WHERE project_id = ? AND target_db = ? AND target_name = ?`).run(projectId, target.database, target.table);
  }

  deferred(projectId: string): DeferredConstraint[] {
    const rows = this.db
      .prepare(`SELECT target_db, target_name, kind, name, ddl FROM deferred_constraints WHERE project_id = ? AND status <> 'removed' ORDER BY rowid`)
      .all(projectId) as { target_db: string; target_name: string; kind: DeferredConstraint['kind']; name: string; ddl: string }[];
    return rows.map((r) => ({ table: { database: r.target_db, table: r.target_name }, kind: r.kind, name: r.name, ddl: r.ddl }));
  }
}
