import type { ComponentKind, ComponentStatus, StageId, StageState, StageStatus } from '../../../../src-shared/model';
import { nowIso } from '../../ids';
import type { Db } from '../db';

export interface StagePatch {
  status?: StageStatus;
  progress?: number | null;
  startedAt?: string | null;
  endedAt?: string | null;
  error?: string | null;
}

export interface ComponentPatch {
  status?: ComponentStatus;
  pid?: number | null;
  startedAt?: string | null;
  error?: string | null;
  params?: Record<string, unknown>;
}

const STAGE_COLUMNS: Record<keyof StagePatch, string> = { status: 'status', progress: 'progress', startedAt: 'started_at', endedAt: 'ended_at', error: 'error' };
const COMPONENT_COLUMNS: Record<keyof ComponentPatch, string> = { status: 'status', pid: 'pid', startedAt: 'started_at', error: 'error', params: 'params' };

function assignments<T extends object>(patch: T, columns: Record<keyof T, string>): { sql: string; values: unknown[] } {
  const keys = (Object.keys(patch) as (keyof T)[]).filter((k) => patch[k] !== undefined);
  return {
    sql: keys.map((k) => `${columns[k]} = ?`).join(', '),
    values: keys.map((k) => (typeof patch[k] === 'object' && patch[k] !== null ? JSON.stringify(patch[k]) : patch[k])),
  };
}

/** Stage and component states of running projects. */
export class StagesRepo {
  constructor(private readonly db: Db) {}

  get(projectId: string, stage: StageId): StageState | null {
    const row = this.db.prepare('SELECT * FROM stages WHERE project_id = ? AND stage = ?').get(projectId, stage) as
      | { stage: StageId; status: StageStatus; progress: number | null; started_at: string | null; ended_at: string | null; error: string | null }
      | undefined;
    return row ? { stage: row.stage, status: row.status, progress: row.progress, startedAt: row.started_at, endedAt: row.ended_at, error: row.error } : null;
  }

  update(projectId: string, stage: StageId, patch: StagePatch): void {
    const { sql, values } = assignments(patch, STAGE_COLUMNS);
    if (sql) this.db.prepare(`UPDATE stages SET ${sql} WHERE project_id = ? AND stage = ?`).run(...values, projectId, stage);
  }

  updateComponent(projectId: string, kind: ComponentKind, patch: ComponentPatch): void {
    const { sql, values } = assignments(patch, COMPONENT_COLUMNS);
    this.db.prepare(`UPDATE components SET ${sql ? `${sql}, ` : ''}updated_at = ? WHERE project_id = ? AND kind = ?`).run(...values, nowIso(), projectId, kind);
  }

  countRestart(projectId: string, kind: ComponentKind): void {
    this.db.prepare('UPDATE components SET restarts = restarts + 1, updated_at = ? WHERE project_id = ? AND kind = ?').run(nowIso(), projectId, kind);
  }

  /** Whether the user paused this component on its own (see migration 0004). */
  isHeld(projectId: string, kind: ComponentKind): boolean {
    const row = this.db.prepare('SELECT held FROM components WHERE project_id = ? AND kind = ?').get(projectId, kind) as { held: number } | undefined;
    return row?.held === 1;
  }

  setHeld(projectId: string, kind: ComponentKind, held: boolean): void {
    this.db.prepare('UPDATE components SET held = ?, updated_at = ? WHERE project_id = ? AND kind = ?').run(held ? 1 : 0, nowIso(), projectId, kind);
  }

  componentParams(projectId: string, kind: ComponentKind): Record<string, unknown> {
    const row = this.db.prepare('SELECT params FROM components WHERE project_id = ? AND kind = ?').get(projectId, kind) as { params: string } | undefined;
    return row ? (JSON.parse(row.params) as Record<string, unknown>) : {};
  }
}
