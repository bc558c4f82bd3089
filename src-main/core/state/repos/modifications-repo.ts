/** Modifications of a running project's objects (F-17): the open one drives the run, the rest is history. */

import type { BinlogPosition } from '../../../../src-shared/model/incremental';
import type { ModificationStatus, ObjectModification } from '../../../../src-shared/model/modification';
import type { QualifiedName } from '../../../../src-shared/model/objects';
import { nowIso } from '../../ids';
import type { Db } from '../db';

interface Row {
  id: number;
  project_id: string;
  status: ModificationStatus;
  rules: string;
  added: string;
  removed: string;
  start_position: string | null;
  error: string | null;
  created_at: string;
  ended_at: string | null;
}

function fromRow(row: Row): ObjectModification {
  return {
    id: row.id,
    projectId: row.project_id,
    status: row.status,
    rules: JSON.parse(row.rules) as string[],
    added: JSON.parse(row.added) as QualifiedName[],
    removed: JSON.parse(row.removed) as QualifiedName[],
    startPosition: row.start_position === null ? null : (JSON.parse(row.start_position) as BinlogPosition),
    error: row.error,
    createdAt: row.created_at,
    endedAt: row.ended_at,
  };
}

export interface NewModification {
  status: ModificationStatus;
  rules: string[];
  added: QualifiedName[];
  removed: QualifiedName[];
}

export class ModificationsRepo {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction of the state database (with the other repos' writes in it). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  create(projectId: string, m: NewModification): ObjectModification {
    const ended = m.status === 'completed' ? nowIso() : null;
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO object_modifications (project_id, status, rules, added, removed, created_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(projectId, m.status, JSON.stringify(m.rules), JSON.stringify(m.added), JSON.stringify(m.removed), nowIso(), ended);
    return this.get(Number(lastInsertRowid))!;
  }

  get(id: number): ObjectModification | null {
    const row = this.db.prepare('SELECT * FROM object_modifications WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The project's latest modification, over or not. */
  latest(projectId: string): ObjectModification | null {
    const row = this.db.prepare('SELECT * FROM object_modifications WHERE project_id = ? ORDER BY id DESC LIMIT 1').get(projectId) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The modification that is not over (Modifying, Integrating, or Failed and to be resumed), if any. */
  open(projectId: string): ObjectModification | null {
    const latest = this.latest(projectId);
    return latest && latest.status !== 'completed' ? latest : null;
  }

  list(projectId: string): ObjectModification[] {
    return (this.db.prepare('SELECT * FROM object_modifications WHERE project_id = ? ORDER BY id').all(projectId) as Row[]).map(fromRow);
  }

  setStartPosition(id: number, position: BinlogPosition): void {
    this.db.prepare('UPDATE object_modifications SET start_position = ? WHERE id = ?').run(JSON.stringify(position), id);
  }

  setStatus(id: number, status: ModificationStatus, error: string | null = null): void {
    const ended = status === 'completed' ? nowIso() : null;
    this.db.prepare('UPDATE object_modifications SET status = ?, error = ?, ended_at = ? WHERE id = ?').run(status, error, ended, id);
  }
}
