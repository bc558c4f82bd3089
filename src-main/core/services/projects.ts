/**
 * Projects (F-10..F-15, F-20, F-21): offline definition, lifecycle guarded by
 * the one transition table in src-shared, clone and delete.
 */

import type { ProjectFacts, ProjectTransition, UserAction } from '../../../src-shared/lifecycle/project-lifecycle';
import { checkTransition, PROJECT_TRANSITIONS, USER_ACTION_LABELS } from '../../../src-shared/lifecycle/project-lifecycle';
import { isRunStatus, PROJECT_STATUS_LABELS, RUN_STATUSES } from '../../../src-shared/model';
import { sortTypes } from '../../../src-shared/lifecycle/migration-types';
import { AppError, notFound } from '../../../src-shared/errors';
import type { AlertLevel, Project, ProjectDetail, ProjectStatus, ProjectListFilter, ProjectOptions, ProjectRunnerInfo, ProjectView, ReplayHealth, StageState } from '../../../src-shared/model';
import { monitoringThresholdMs } from '../../../src-shared/model/incremental';
import { replayHealth } from '../../../src-shared/lifecycle/replay-health';
import type { LeaseState } from '../leases/leases';
import { formatPath } from '../../../src-shared/settings/issues';
import type { ProjectDraft } from '../../../src-shared/settings/project-schema';
import { validateSelection } from '../../../src-shared/settings/selection';
import type { EventBus } from '../events';
import { newId, nowIso } from '../ids';
import type { ModificationsRepo } from '../state/repos/modifications-repo';
import type { ProjectsRepo } from '../state/repos/projects-repo';
import type { DataSourceService } from './datasources';
import type { LogService } from './logs';

/** What the project views need of the leases: who runs a project now. */
export interface RunnerLookup {
  state(projectId: string): LeaseState | null;
}

export class ProjectService {
  constructor(
    private readonly repo: ProjectsRepo,
    private readonly datasources: DataSourceService,
    private readonly events: EventBus,
    private readonly logs: LogService,
    private readonly user: string,
    private readonly leases: RunnerLookup,
    private readonly modifications: Pick<ModificationsRepo, 'latest'>,
  ) {}

  /** Who runs a Running project: here, elsewhere, or nobody (interrupted, or waiting for the user). */
  runner(project: Project): ProjectRunnerInfo | null {
    if (!isRunStatus(project.status)) return null;
    const lease = this.leases.state(project.id);
    if (!lease || !lease.live) {
      // The switchover's steps are the user's; any other stage still marked running was cut off.
      const cutOff = this.repo.stages(project.id).some((s) => s.stage !== 'switchover' && (s.status === 'running' || s.status === 'monitoring'));
      return { state: cutOff ? 'interrupted' : 'waiting', holder: lease?.holder ?? null };
    }
    return { state: lease.mine ? 'here' : 'elsewhere', holder: lease.holder };
  }

  require(id: string): Project {
    const project = this.repo.get(id);
    if (!project) throw notFound(`Project ${id}`, 'List the projects with `cutover project list` to find its id.');
    return project;
  }

  findByName(name: string): Project | null {
    return this.repo.findByName(name);
  }

  find(id: string): Project | null {
    return this.repo.get(id);
  }

  facts(project: Project): ProjectFacts {
    return { status: project.status, stages: this.repo.stages(project.id) };
  }

  /** Throws a clear error when the transition table forbids the action now. */
  assertAllowed(project: Project, action: UserAction): void {
    const verdict = checkTransition(action, this.facts(project));
    if (!verdict.allowed) {
      throw new AppError({ code: 'not_allowed', message: `${USER_ACTION_LABELS[action]} of project "${project.name}" is ${verdict.reason}.` });
    }
  }

  /**
   * Before anything reaches a server: the objects must pass today's checks,
   * also when the project was saved by an earlier version that checked less
   * (a row filter with a function no longer allowed, say).
   */
  assertSelectionValid(project: Project): void {
    const problems = validateSelection(project.objects);
    if (problems.length === 0) return;
    throw new AppError({
      code: 'invalid_input',
      message: `The objects of project "${project.name}" are not valid: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}.`,
      details: problems.slice(0, 100).map((p) => `${formatPath(p.path)}: ${p.message}`),
      workaround: 'Edit the project (or clone it, if it cannot be edited in its status) and correct the objects.',
    });
  }

  /** Moves the project's status through the transition table (user actions and system events alike). */
  transition(id: string, transition: ProjectTransition): Project {
    const project = this.require(id);
    const verdict = checkTransition(transition, this.facts(project));
    if (!verdict.allowed) throw new AppError({ code: 'not_allowed', message: `Project "${project.name}": ${transition} is ${verdict.reason}.` });
    const to = PROJECT_TRANSITIONS[transition].to;
    if (to === 'deleted' || to === 'same') return project;
    this.repo.setStatus(id, to);
    this.logs.write('info', 'host', `Status: ${PROJECT_STATUS_LABELS[project.status]} → ${PROJECT_STATUS_LABELS[to]}.`, id);
    this.events.emit('projects/changed', { id });
    return this.require(id);
  }

  view(project: Project): ProjectView {
    const stages = this.repo.stages(project.id);
    const active = stages.find((s) => s.status === 'running' || s.status === 'monitoring' || s.status === 'failed' || s.status === 'paused');
    const lastDone = [...stages].reverse().find((s) => s.status === 'completed' || s.status === 'skipped');
    const runner = this.runner(project);
    const replay = this.replayOf(project, stages, runner);
    return {
      ...project,
      sourceName: this.datasources.get(project.sourceId).name,
      destinationName: this.datasources.get(project.destinationId).name,
      stages,
      currentStage: active ?? lastDone ?? null,
      latencyMs: replay?.live ? replay.latencyMs : null,
      replay,
      runner,
    };
  }

  /** How the project's replay stands: forward until the switchover stops it, then reverse incremental's; null without one. */
  private replayOf(project: Project, stages: StageState[], runner: ProjectRunnerInfo | null): ReplayHealth | null {
    const forward = stages.find((s) => s.stage === 'incremental');
    const reverse = stages.find((s) => s.stage === 'reverse');
    const stage = forward && forward.status !== 'completed' ? forward : reverse && reverse.status !== 'not_started' ? reverse : forward;
    if (!stage) return null;
    const kind = stage.stage === 'reverse' ? 'reverse-incr-sync' : 'incr-sync';
    const replay = this.repo.components(project.id).find((c) => c.kind === kind) ?? null;
    return replayHealth({
      status: this.repo.latencyReading(project.id, stage.stage === 'reverse' ? 'reverse' : 'forward'),
      stage: stage.status,
      replay,
      project: project.status,
      runner: runner?.state ?? null,
      thresholdMs: monitoringThresholdMs(project.options.alertLevel),
    });
  }

  detail(id: string): ProjectDetail {
    const view = this.view(this.require(id));
    let components = this.repo.components(id);
    // No process runs them, whatever was last recorded.
    if (view.runner?.state === 'interrupted') {
      components = components.map((c) => (c.status === 'running' || c.status === 'starting' ? { ...c, status: 'stopped', error: 'Its Cutover process ended without pausing the project.' } : c));
    }
    return { ...view, components, switchover: this.repo.switchoverSteps(id), modification: this.modifications.latest(id) };
  }

  list(filter: ProjectListFilter, statuses?: readonly ProjectStatus[]): ProjectView[] {
    return this.repo.list(filter, statuses).map((p) => this.view(p));
  }

  /** Projects a host runs (Running, Modifying, Integrating). */
  listRunning(): ProjectView[] {
    return this.list({}, RUN_STATUSES);
  }

  tags(): string[] {
    return this.repo.allTags();
  }

  private assertNameFree(name: string, exceptId?: string): void {
    const existing = this.repo.findByName(name);
    if (existing && existing.id !== exceptId) {
      throw new AppError({
        code: 'conflict',
        message: `A project named "${existing.name}" already exists (${existing.id}).`,
        workaround: 'Choose another name, or import the file with `cutover project import` to update that project.',
      });
    }
  }

  private assertDataSources(draft: ProjectDraft): void {
    this.datasources.require(draft.sourceId);
    this.datasources.require(draft.destinationId);
  }

  create(draft: ProjectDraft, clonedFrom: string | null = null): ProjectView {
    this.assertNameFree(draft.name);
    this.assertDataSources(draft);
    const now = nowIso();
    const project: Project = {
      id: newId('p'),
      name: draft.name,
      tags: draft.tags,
      status: 'not_started',
      types: sortTypes(draft.types),
      sourceId: draft.sourceId,
      destinationId: draft.destinationId,
      objects: draft.objects,
      options: draft.options,
      createdBy: this.user,
      createdAt: now,
      updatedAt: now,
      clonedFrom,
    };
    this.repo.insert(project);
    this.logs.write('info', 'host', `Project "${project.name}" created${clonedFrom ? ` as a clone of ${clonedFrom}` : ''}.`, project.id);
    this.events.emit('projects/changed', { id: project.id });
    return this.view(project);
  }

  /** Replaces the whole definition of a Not Started project. */
  update(id: string, draft: ProjectDraft): ProjectView {
    const current = this.require(id);
    this.assertAllowed(current, 'edit');
    this.assertNameFree(draft.name, id);
    this.assertDataSources(draft);
    const types = sortTypes(draft.types);
    const next: Project = {
      ...current,
      name: draft.name,
      tags: draft.tags,
      types,
      sourceId: draft.sourceId,
      destinationId: draft.destinationId,
      objects: draft.objects,
      options: draft.options,
      updatedAt: nowIso(),
    };
    this.repo.update(next, JSON.stringify(types) !== JSON.stringify(current.types));
    this.logs.write('info', 'host', `Project "${next.name}" changed.`, id);
    this.events.emit('projects/changed', { id });
    return this.view(next);
  }

  updateOptions(id: string, options: ProjectOptions): ProjectView {
    const current = this.require(id);
    this.assertAllowed(current, 'modifyParams');
    return this.save({ ...current, options }, 'Parameters changed.');
  }

  /** Alert settings: the level and, when given, the project's own thresholds (null: the level's); allowed while Running. */
  updateAlertLevel(id: string, alertLevel: AlertLevel, alertThresholds?: ProjectOptions['alertThresholds']): ProjectView {
    const current = this.require(id);
    this.assertAllowed(current, 'modifyAlert');
    const thresholds = alertThresholds === undefined ? current.options.alertThresholds : alertThresholds;
    const own = thresholds ? ` with its own thresholds (latency ${thresholds.latencySeconds} s, interruption ${thresholds.interruptionSeconds} s, every ${thresholds.frequencySeconds} s)` : '';
    return this.save({ ...current, options: { ...current.options, alertLevel, alertThresholds: thresholds } }, `Alert level set to ${alertLevel}${own}.`);
  }

  updateObjects(id: string, objects: Project['objects']): ProjectView {
    const current = this.require(id);
    this.assertAllowed(current, 'modifyObjects');
    return this.save({ ...current, objects }, 'Migration objects changed.');
  }

  /** The rules of a running project whose tables were added or removed (the run checked the change). */
  setRunningObjects(id: string, objects: Project['objects']): ProjectView {
    const current = this.require(id);
    this.assertAllowed(current, 'modifyRunningObjects');
    return this.save({ ...current, objects }, 'Migration objects changed while running.');
  }

  /** Moves a side to another data source of the same flavour (new address, port or credentials). */
  changeDataSource(id: string, side: 'source' | 'destination', dataSourceId: string): ProjectView {
    const current = this.require(id);
    this.assertAllowed(current, 'changeDataSource');
    const currentId = side === 'source' ? current.sourceId : current.destinationId;
    const from = this.datasources.require(currentId);
    const to = this.datasources.require(dataSourceId);
    if (!from.flavour || !to.flavour) {
      throw new AppError({
        code: 'not_allowed',
        message: `The flavour of "${!from.flavour ? from.name : to.name}" is not known yet.`,
        workaround: 'Test the connection of both data sources first, so that Cutover can check they are the same kind of server.',
      });
    }
    if (from.flavour !== to.flavour) {
      throw new AppError({
        code: 'not_allowed',
        message: `The ${side} can only move to a data source of the same kind: "${from.name}" is ${from.flavour}, "${to.name}" is ${to.flavour}.`,
      });
    }
    const next = side === 'source' ? { ...current, sourceId: to.id } : { ...current, destinationId: to.id };
    return this.save(next, `The ${side} moved from "${from.name}" to "${to.name}".`);
  }

  private save(next: Project, message: string): ProjectView {
    const saved = { ...next, updatedAt: nowIso() };
    this.repo.update(saved, false);
    this.logs.write('info', 'host', message, saved.id);
    this.events.emit('projects/changed', { id: saved.id });
    return this.view(saved);
  }

  delete(id: string): void {
    const project = this.require(id);
    this.assertAllowed(project, 'delete');
    this.repo.delete(id);
    this.logs.write('info', 'host', `Project "${project.name}" (${id}) deleted.`);
    this.events.emit('projects/changed', { id, deleted: true });
  }

  clone(id: string): ProjectView {
    const original = this.require(id);
    this.assertAllowed(original, 'clone');
    return this.create(
      {
        name: this.freeCopyName(original.name),
        tags: original.tags,
        types: original.types,
        sourceId: original.sourceId,
        destinationId: original.destinationId,
        objects: original.objects,
        options: original.options,
      },
      original.id,
    );
  }

  private freeCopyName(name: string): string {
    const base = `${name.replace(/ \(copy(?: \d+)?\)$/, '')} (copy`;
    for (let n = 1; ; n++) {
      const candidate = `${base}${n === 1 ? '' : ` ${n}`})`.slice(-64);
      if (!this.repo.findByName(candidate)) return candidate;
    }
  }
}
