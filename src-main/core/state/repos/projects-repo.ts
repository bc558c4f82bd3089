import { componentsFor, stagesFor, switchoverStepsFor } from '../../../../src-shared/lifecycle/migration-types';
import type {
  ComponentState,
  MigrationType,
  ObjectSelection,
  Project,
  ProjectListFilter,
  ProjectOptions,
  ProjectStatus,
  StageState,
  SwitchoverStepState,
} from '../../../../src-shared/model';
import { newId, nowIso } from '../../ids';
import type { Db } from '../db';

interface Row {
  id: string;
  name: string;
  status: ProjectStatus;
  types: string;
  source_id: string;
  destination_id: string;
  objects: string;
  options: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  cloned_from: string | null;
}

interface StageRow {
  project_id: string;
  stage: StageState['stage'];
  status: StageState['status'];
  progress: number | null;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
}

export class ProjectsRepo {
  constructor(private readonly db: Db) {}

  private tagsOf(id: string): string[] {
    return (this.db.prepare('SELECT tag FROM project_tags WHERE project_id = ? ORDER BY position').all(id) as { tag: string }[]).map((r) => r.tag);
  }

  private fromRow(row: Row): Project {
    return {
      id: row.id,
      name: row.name,
      tags: this.tagsOf(row.id),
      status: row.status,
      types: JSON.parse(row.types) as MigrationType[],
      sourceId: row.source_id,
      destinationId: row.destination_id,
      objects: JSON.parse(row.objects) as ObjectSelection,
      options: JSON.parse(row.options) as ProjectOptions,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      clonedFrom: row.cloned_from,
    };
  }

  get(id: string): Project | null {
    const row = this.db.prepare('SELECT * FROM projects WHERE id = ?').get(id) as Row | undefined;
    return row ? this.fromRow(row) : null;
  }

  findByName(name: string): Project | null {
    const row = this.db.prepare('SELECT * FROM projects WHERE name = ? COLLATE NOCASE').get(name) as Row | undefined;
    return row ? this.fromRow(row) : null;
  }

  /** Newest first. Keyword search looks at name, id and tags; `statuses` keeps only projects in one of them. */
  list(filter: ProjectListFilter = {}, statuses?: readonly ProjectStatus[]): Project[] {
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (filter.status) {
      where.push('p.status = @status');
      params.status = filter.status;
    }
    if (statuses) {
      where.push(`p.status IN (${statuses.map((_, i) => `@status${i}`).join(', ') || 'NULL'})`);
      statuses.forEach((status, i) => (params[`status${i}`] = status));
    }
    if (filter.tag) {
      where.push('EXISTS (SELECT 1 FROM project_tags t WHERE t.project_id = p.id AND t.tag = @tag)');
      params.tag = filter.tag;
    }
    if (filter.type) {
      where.push('EXISTS (SELECT 1 FROM json_each(p.types) j WHERE j.value = @type)');
      params.type = filter.type;
    }
    if (filter.search?.trim()) {
      where.push(`(p.name LIKE @search ESCAPE '\\' OR p.id LIKE @search ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM project_tags t WHERE t.project_id = p.id AND t.tag LIKE @search ESCAPE '\\'))`);
      params.search = `%${filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const sql = `SELECT p.* FROM projects p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.created_at DESC, p.id`;
    return (this.db.prepare(sql).all(params) as Row[]).map((row) => this.fromRow(row));
  }

  /** Inserts the project with its tags, stages, switchover steps and components. */
  insert(project: Project): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO projects (id, name, status, types, source_id, destination_id, objects, options, created_by, created_at, updated_at, cloned_from)
           VALUES (@id, @name, @status, @types, @sourceId, @destinationId, @objects, @options, @createdBy, @createdAt, @updatedAt, @clonedFrom)`,
        )
        .run(toParams(project));
      this.writeTags(project.id, project.tags);
      this.writeStructure(project.id, project.types);
    })();
  }

  /** Replaces the definition; stages, steps and components follow the (possibly new) types. */
  update(project: Project, typesChanged: boolean): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE projects SET name = @name, status = @status, types = @types, source_id = @sourceId, destination_id = @destinationId,
             objects = @objects, options = @options, updated_at = @updatedAt WHERE id = @id`,
        )
        .run(toParams(project));
      this.writeTags(project.id, project.tags);
      if (typesChanged) this.writeStructure(project.id, project.types);
    })();
  }

  setStatus(id: string, status: ProjectStatus): void {
    this.db.prepare('UPDATE projects SET status = ?, updated_at = ? WHERE id = ?').run(status, nowIso(), id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM projects WHERE id = ?').run(id);
  }

  private writeTags(id: string, tags: string[]): void {
    this.db.prepare('DELETE FROM project_tags WHERE project_id = ?').run(id);
    const insert = this.db.prepare('INSERT INTO project_tags (project_id, tag, position) VALUES (?, ?, ?)');
    tags.forEach((tag, position) => insert.run(id, tag, position));
  }

  private writeStructure(id: string, types: MigrationType[]): void {
    const now = nowIso();
    this.db.prepare('DELETE FROM stages WHERE project_id = ?').run(id);
    this.db.prepare('DELETE FROM switchover_steps WHERE project_id = ?').run(id);
    this.db.prepare('DELETE FROM components WHERE project_id = ?').run(id);
    const stage = this.db.prepare('INSERT INTO stages (project_id, stage, position) VALUES (?, ?, ?)');
    stagesFor(types).forEach((s, i) => stage.run(id, s, i));
    const step = this.db.prepare('INSERT INTO switchover_steps (project_id, step, position) VALUES (?, ?, ?)');
    switchoverStepsFor(types).forEach((s, i) => step.run(id, s, i));
    const component = this.db.prepare('INSERT INTO components (id, project_id, kind, updated_at) VALUES (?, ?, ?, ?)');
    for (const kind of componentsFor(types)) component.run(newId('c'), id, kind, now);
  }

  stages(id: string): StageState[] {
    const rows = this.db.prepare('SELECT * FROM stages WHERE project_id = ? ORDER BY position').all(id) as StageRow[];
    return rows.map((r) => ({
      stage: r.stage,
      status: r.status,
      progress: r.progress,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      error: r.error,
    }));
  }

  /** A replay's latest latency reading, forward or reverse, for lists and details (nulls before it measured one). */
  latencyReading(id: string, direction: 'forward' | 'reverse' = 'forward'): { latencyMs: number | null; latencyAt: string | null } {
    const table = direction === 'forward' ? 'incremental_state' : 'reverse_state';
    const row = this.db.prepare(`SELECT latency_ms, latency_at FROM ${table} WHERE project_id = ?`).get(id) as { latency_ms: number | null; latency_at: string | null } | undefined;
    return { latencyMs: row?.latency_ms ?? null, latencyAt: row?.latency_at ?? null };
  }

  switchoverSteps(id: string): SwitchoverStepState[] {
    const rows = this.db.prepare('SELECT step, status, started_at, ended_at, error FROM switchover_steps WHERE project_id = ? ORDER BY position').all(id) as {
      step: SwitchoverStepState['step'];
      status: SwitchoverStepState['status'];
      started_at: string | null;
      ended_at: string | null;
      error: string | null;
    }[];
    return rows.map((r) => ({ step: r.step, status: r.status, startedAt: r.started_at, endedAt: r.ended_at, error: r.error }));
  }

  components(id: string): ComponentState[] {
    const rows = this.db.prepare('SELECT * FROM components WHERE project_id = ? ORDER BY rowid').all(id) as {
      id: string;
      project_id: string;
      kind: ComponentState['kind'];
      status: ComponentState['status'];
      params: string;
      started_at: string | null;
      updated_at: string;
      restarts: number;
      error: string | null;
      held: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      kind: r.kind,
      status: r.status,
      params: JSON.parse(r.params) as Record<string, unknown>,
      startedAt: r.started_at,
      updatedAt: r.updated_at,
      restarts: r.restarts,
      error: r.error,
      held: r.held === 1,
    }));
  }

  /** Every distinct tag, for the list's tag filter. */
  allTags(): string[] {
    return (this.db.prepare('SELECT DISTINCT tag FROM project_tags ORDER BY tag').all() as { tag: string }[]).map((r) => r.tag);
  }
}

function toParams(project: Project) {
  return {
    id: project.id,
    name: project.name,
    status: project.status,
    types: JSON.stringify(project.types),
    sourceId: project.sourceId,
    destinationId: project.destinationId,
    objects: JSON.stringify(project.objects),
    options: JSON.stringify(project.options),
    createdBy: project.createdBy,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
    clonedFrom: project.clonedFrom,
  };
}
