/**
 * What the user can do on the Schema Migration page (F-30): modify a DDL and
 * retry, retry failed objects, skip or remove them (their indexes follow), and
 * export every schema as one .sql file. When the last failed object of a
 * project stopped by its schema stage is dealt with, the project resumes.
 */

import type { FileOut } from '../../../src-shared/contract/ipc';
import type { PlannedObject } from '../../../src-shared/contract/units/schema';
import { AppError, notFound } from '../../../src-shared/errors';
import type { SchemaObject } from '../../../src-shared/model';
import type { SchemaObjectAction } from '../../../src-shared/lifecycle/schema-objects';
import { schemaActionVerdict, schemaObjectName } from '../../../src-shared/lifecycle/schema-objects';
import { formatName } from '../../../src-shared/settings/object-names';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import { resolveRun } from '../orchestrator/run-objects';
import { planObjects } from '../orchestrator/stages/schema-stage';
import { runUnit } from '../workers/run-unit';

export class SchemaActions {
  constructor(
    private readonly services: RunServices,
    private readonly orchestrator: Orchestrator,
  ) {}

  list(projectId: string): SchemaObject[] {
    this.services.projects.require(projectId);
    return this.services.schema.objects(projectId);
  }

  private requireObjects(projectId: string, ids: number[]): SchemaObject[] {
    const all = this.list(projectId);
    return ids.map((id) => {
      const found = all.find((o) => o.id === id);
      if (!found) throw notFound(`Schema object ${id} of project ${projectId}`);
      return found;
    });
  }

  private assertNotRunningSchema(projectId: string): void {
    const stage = this.services.stages.get(projectId, 'schema');
    if (stage?.status === 'running' && this.orchestrator.isRunningHere(projectId)) {
      throw new AppError({ code: 'not_allowed', message: 'The schema migration is running; wait until it stops before changing its objects.' });
    }
  }

  private assertAction(action: SchemaObjectAction, objects: SchemaObject[]): void {
    for (const object of objects) {
      const verdict = schemaActionVerdict(action, object);
      if (!verdict.allowed) throw new AppError({ code: 'not_allowed', message: `${schemaObjectName(object.kind, object.target)}: ${verdict.reason}.` });
    }
  }

  /** Replaces an object's DDL (the converted one stays on record) and runs it. */
  async modify(projectId: string, id: number, ddl: string): Promise<SchemaObject[]> {
    this.assertAction('modify', this.requireObjects(projectId, [id]));
    this.services.schema.setDdl(projectId, id, ddl);
    return this.retry(projectId, [id]);
  }

  /** Runs the DDL of the given failed (or pending) objects again, now. */
  async retry(projectId: string, ids: number[]): Promise<SchemaObject[]> {
    this.assertNotRunningSchema(projectId);
    const objects = this.requireObjects(projectId, ids);
    this.assertAction('retry', objects);
    if (objects.length) {
      const { destination } = new RunContext(this.services, projectId).connections();
      const now = () => new Date().toISOString();
      await runUnit(
        this.services.host.launcher,
        'schema',
        { op: 'execute', destination, statements: objects.map((o) => ({ id: o.id, ddl: o.ddl, database: null })) },
        {
          onEvent: (event) => {
            if (event.type === 'statement') this.services.schema.setOutcomeById(projectId, event.id, event.status, event.errorCode, event.errorMessage, now());
          },
        },
      );
      this.services.events.emit('projects/changed', { id: projectId });
    }
    this.resumeIfResolved(projectId);
    return this.list(projectId);
  }

  skip(projectId: string, ids: number[]): SchemaObject[] {
    return this.setAside(projectId, ids, 'skipped');
  }

  remove(projectId: string, ids: number[]): SchemaObject[] {
    return this.setAside(projectId, ids, 'removed');
  }

  private setAside(projectId: string, ids: number[], status: 'skipped' | 'removed'): SchemaObject[] {
    this.assertNotRunningSchema(projectId);
    const now = new Date().toISOString();
    const objects = this.requireObjects(projectId, ids);
    this.assertAction(status === 'skipped' ? 'skip' : 'remove', objects);
    for (const object of objects) {
      this.services.schema.setOutcomeById(projectId, object.id, status, object.errorCode, object.errorMessage, now);
      this.services.schema.removeDependents(projectId, object.target);
      if (status === 'removed') this.services.objects.setRemoved(projectId, object.target, true);
      this.services.logs.write('warn', 'schema', `${schemaObjectName(object.kind, object.target)} ${status} by the user.`, projectId);
    }
    this.services.events.emit('projects/changed', { id: projectId });
    this.resumeIfResolved(projectId);
    return this.list(projectId);
  }

  /** A project that failed in its schema stage resumes once no object is failed any more. */
  private resumeIfResolved(projectId: string): void {
    const project = this.services.projects.require(projectId);
    const stage = this.services.stages.get(projectId, 'schema');
    if (project.status !== 'failed' || stage?.status !== 'failed') return;
    if (this.services.schema.objects(projectId).some((o) => o.status === 'failed' || o.status === 'pending')) return;
    this.orchestrator.resume(projectId).catch((error: unknown) => this.services.logs.write('error', 'host', `Could not resume: ${String(error)}`, projectId));
  }

  /**
   * The conversion report before anything runs ("Beyond" F-30): every DDL the
   * schema migration would run and every change it makes, created nowhere.
   */
  async preview(projectId: string): Promise<PlannedObject[]> {
    const context = new RunContext(this.services, projectId);
    const resolved = await resolveRun(context);
    const { source, destination } = context.connections();
    let planned: PlannedObject[] = [];
    await runUnit(
      this.services.host.launcher,
      'schema',
      {
        op: 'create',
        source,
        destination,
        sourceFlavour: resolved.flavours.source,
        destinationFlavour: resolved.flavours.destination,
        objects: planObjects(resolved.objects, context.project.types),
        dryRun: true,
      },
      { onEvent: (event) => (planned = event.type === 'planned' ? event.objects : planned) },
    );
    return planned;
  }

  /** Every schema object's DDL, its indexes and the constraints held for switchover, as one script. */
  exportSql(projectId: string): FileOut {
    const project = this.services.projects.require(projectId);
    const objects = this.list(projectId);
    const indexes = this.services.schema.indexes(projectId);
    const deferred = this.services.schema.deferred(projectId);
    const lines = [`-- Schema of Cutover project "${project.name}" (${project.id}), exported ${new Date().toISOString()}`, ''];
    for (const object of objects) {
      lines.push(`-- ${object.kind} ${schemaObjectName(object.kind, object.target)}${object.kind === 'database' ? '' : ` (from ${formatName(object.source)})`}: ${object.status}`);
      for (const note of object.notes) lines.push(`--   ${note.lossy ? 'LOSSY ' : ''}${note.object}: ${note.from} -> ${note.to} (${note.reason})`);
      lines.push(`${object.ddl};`, '');
      for (const index of indexes.filter((i) => formatName(i.table) === formatName(object.target) && i.status !== 'removed')) lines.push(`${index.ddl};`);
      if (object.kind === 'table') lines.push('');
    }
    if (deferred.length) {
      lines.push('-- Held back until the forward switchover:');
      for (const d of deferred) lines.push(`${d.ddl};`);
    }
    return { fileName: `${project.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-schema.sql`, content: lines.join('\n') + '\n' };
  }
}
