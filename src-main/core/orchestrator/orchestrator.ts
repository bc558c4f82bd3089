/**
 * Starts, pauses and resumes projects (F-15) in this host: one runner per
 * project, a lease so that no other host runs it meanwhile, and the project
 * status moved only through the transition table.
 */

import { AppError } from '../../../src-shared/errors';
import type { ComponentAction } from '../../../src-shared/lifecycle/component-actions';
import { checkComponentAction } from '../../../src-shared/lifecycle/component-actions';
import { componentsFor } from '../../../src-shared/lifecycle/migration-types';
import type { ComponentKind, ComponentState, ProjectDetail, ProjectStatus, StageId } from '../../../src-shared/model';
import { COMPONENT_LABELS, isRunStatus, STAGE_LABELS } from '../../../src-shared/model';
import { nowIso } from '../ids';
import type { ObjectChanges } from '../../../src-shared/contract/ipc';
import type { ObjectModification } from '../../../src-shared/model/modification';
import type { Leases } from '../leases/leases';
import { publishAlert } from '../services/publish-alert';
import type { RunEnd } from './project-runner';
import { ProjectRunner } from './project-runner';
import type { RunServices } from './run-context';
import { RunContext } from './run-context';

/** What `components/update` may change on each component. */
const COMPONENT_PARAMS: Record<ComponentKind, string[]> = {
  'full-import': ['concurrency'],
  'full-verification': ['concurrency'],
  store: ['retentionHours'],
  'incr-sync': ['applyConcurrency'],
  'reverse-store': ['retentionHours'],
  'reverse-incr-sync': ['applyConcurrency'],
};

interface Active {
  runner: ProjectRunner;
  done: Promise<RunEnd>;
  /** Set by a host shutdown: the components stop, the project stays Running for the next host. */
  suspending: boolean;
}

export class Orchestrator {
  private readonly active = new Map<string, Active>();

  constructor(
    private readonly services: RunServices,
    private readonly leases: Leases,
  ) {
    // The lease keeper found a project taken over while this process was stopped or stalled.
    leases.onLost((loss) => this.active.get(loss.projectId)?.runner.abandon(loss));
  }

  isRunningHere(projectId: string): boolean {
    return this.active.has(projectId);
  }

  /** Stops a running stage of a project run here and records it skipped; false when it is not running here. */
  skipStage(projectId: string, stage: StageId): boolean {
    return this.active.get(projectId)?.runner.endStage(stage, { kind: 'skipped' }) ?? false;
  }

  /** Stops a running stage of a project run here and records it completed (forward sync, stopped by the switchover); false when it is not running here. */
  completeStage(projectId: string, stage: StageId): boolean {
    return this.active.get(projectId)?.runner.endStage(stage, { kind: 'completed' }) ?? false;
  }

  /**
   * A stage of a project may start now (a reverify was asked for): its run
   * here looks again, or, for a Running project whose run here ended waiting
   * for the user, a new run starts. False when the project is not run here.
   */
  wakeStages(projectId: string): boolean {
    const active = this.active.get(projectId);
    if (active) {
      active.runner.recheck();
      return true;
    }
    const project = this.services.projects.require(projectId);
    if (!isRunStatus(project.status) || this.leases.heldElsewhere(projectId)) return false;
    this.attach(projectId).catch((error: unknown) => this.services.logs.write('error', 'host', `Could not run: ${String(error)}`, projectId));
    return true;
  }

  /** Not Started → Running, and the stages begin. */
  start(projectId: string): Promise<RunEnd> {
    const project = this.services.projects.require(projectId);
    this.services.projects.assertAllowed(project, 'start');
    return this.launch(projectId, 'start');
  }

  /** Paused or Failed → Running; a failed stage is tried again from its checkpoints. */
  resume(projectId: string): Promise<RunEnd> {
    const project = this.services.projects.require(projectId);
    this.services.projects.assertAllowed(project, 'resume');
    return this.launch(projectId, 'resume');
  }

  /** Runs a project that is Running but has no host (its host stopped or crashed). */
  attach(projectId: string): Promise<RunEnd> {
    const existing = this.active.get(projectId);
    if (existing) return existing.done;
    const project = this.services.projects.require(projectId);
    if (!isRunStatus(project.status)) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" is not running.` });
    }
    return this.launch(projectId, null);
  }

  /** Running → Paused, after the components finished what was in flight and checkpointed it. */
  async pause(projectId: string): Promise<void> {
    const project = this.services.projects.require(projectId);
    this.services.projects.assertAllowed(project, 'pause');
    const active = this.active.get(projectId);
    if (active) {
      active.runner.requestPause();
      await active.done;
      return;
    }
    if (this.leases.heldElsewhere(projectId)) {
      throw new AppError({ code: 'conflict', message: `Project "${project.name}" is run by another Cutover process.`, workaround: 'Pause it from that process (the app or `cutover run`).' });
    }
    // Running with no host at all: nothing to stop, only the status to correct.
    this.services.projects.transition(projectId, 'pause');
  }

  /** Adds and removes tables of a project run here (F-17); the run records the change and drives it. */
  async modifyObjects(projectId: string, changes: ObjectChanges): Promise<ObjectModification> {
    const project = this.services.projects.require(projectId);
    this.services.projects.assertAllowed(project, 'modifyRunningObjects');
    const active = this.active.get(projectId);
    if (!active) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" is not run by any Cutover process.`, workaround: 'Resume it (or run it with `cutover run`), then modify its objects.' });
    }
    return active.runner.modifyObjects(changes);
  }

  /**
   * Pauses one component while the rest of the project runs (F-23): its
   * worker checkpoints and stops, and it stays paused until started.
   */
  async pauseComponent(projectId: string, kind: ComponentKind): Promise<ProjectDetail> {
    this.componentOf(projectId, kind, 'pause');
    this.services.stages.setHeld(projectId, kind, true);
    this.services.logs.write('info', kind, `Pause of ${COMPONENT_LABELS[kind]} requested.`, projectId);
    const control = this.active.get(projectId)?.runner.context.components.get(kind);
    // Between its restarts (the verdict allows only a component that runs or keeps restarting), it is recorded held.
    if (control) await control.hold();
    else this.services.stages.updateComponent(projectId, kind, { status: 'paused', pid: null });
    this.services.events.emit('projects/changed', { id: projectId });
    return this.services.projects.detail(projectId);
  }

  /** Starts a component paused on its own; if the project is not running, it starts with the project's Resume. */
  startComponent(projectId: string, kind: ComponentKind): ProjectDetail {
    const component = this.componentOf(projectId, kind, 'start');
    this.services.stages.setHeld(projectId, kind, false);
    this.services.logs.write('info', kind, `${COMPONENT_LABELS[kind]} started.`, projectId);
    const control = this.active.get(projectId)?.runner.context.components.get(kind);
    if (control) control.release();
    // Held before it ever ran: back to waiting for its stage.
    else if (!component.startedAt) this.services.stages.updateComponent(projectId, kind, { status: 'not_started' });
    this.services.events.emit('projects/changed', { id: projectId });
    return this.services.projects.detail(projectId);
  }

  /** The component, once the action is allowed and this host can reach it. */
  private componentOf(projectId: string, kind: ComponentKind, action: ComponentAction): ComponentState {
    const project = this.services.projects.detail(projectId);
    const component = project.components.find((c) => c.kind === kind);
    if (!component) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" has no ${COMPONENT_LABELS[kind]} component.` });
    }
    const verdict = checkComponentAction(action, project.status, component);
    if (!verdict.allowed) {
      throw new AppError({ code: 'not_allowed', message: `${action === 'pause' ? 'Pause' : 'Start'} ${COMPONENT_LABELS[kind]}: ${verdict.reason}.` });
    }
    if (isRunStatus(project.status) && !this.active.has(projectId) && this.leases.heldElsewhere(projectId)) {
      throw new AppError({
        code: 'conflict',
        message: `Project "${project.name}" is run by another Cutover process.`,
        workaround: `${action === 'pause' ? 'Pause' : 'Start'} ${COMPONENT_LABELS[kind]} from that process (the app or \`cutover serve\`).`,
      });
    }
    return component;
  }

  /** Stores a component's parameters; a running component restarts with them (F-23 "update"). */
  async updateComponent(projectId: string, kind: ComponentKind, params: Record<string, unknown>): Promise<ProjectDetail> {
    const { projects, stages, logs } = this.services;
    const project = projects.require(projectId);
    if (!componentsFor(project.types).includes(kind)) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" has no ${COMPONENT_LABELS[kind]} component.` });
    }
    const unknown = Object.keys(params).filter((name) => params[name] !== undefined && !COMPONENT_PARAMS[kind].includes(name));
    if (unknown.length) {
      throw new AppError({
        code: 'invalid_input',
        message: `${COMPONENT_LABELS[kind]} has no parameter ${unknown.join(', ')}.`,
        workaround: COMPONENT_PARAMS[kind].length ? `Its parameters: ${COMPONENT_PARAMS[kind].join(', ')}.` : 'It has no parameters to update.',
      });
    }
    stages.updateComponent(projectId, kind, { params: { ...stages.componentParams(projectId, kind), ...params } });
    logs.write('info', kind, `Parameters updated: ${JSON.stringify(params)}.`, projectId);
    const active = this.active.get(projectId);
    if (active) {
      active.suspending = true;
      active.runner.requestPause();
      await active.done;
      void this.attach(projectId).catch((error: unknown) => logs.write('error', 'host', `Could not restart: ${String(error)}`, projectId));
    }
    this.services.events.emit('projects/changed', { id: projectId });
    return projects.detail(projectId);
  }

  /** Waits for a project's run in this host to end. */
  async whenDone(projectId: string): Promise<RunEnd | null> {
    return (await this.active.get(projectId)?.done) ?? null;
  }

  /** Host start: pick up projects left Running by a host that stopped. */
  resumeRunning(): void {
    for (const project of this.services.projects.listRunning()) {
      if (this.active.has(project.id) || this.leases.heldElsewhere(project.id)) continue;
      this.launch(project.id, null).catch((error: unknown) => this.services.logs.write('error', 'host', `Could not resume: ${String(error)}`, project.id));
    }
  }

  /** Host shutdown: components checkpoint and stop; projects stay Running and resume with the next host. */
  async suspendAll(): Promise<void> {
    for (const active of this.active.values()) {
      active.suspending = true;
      active.runner.requestPause();
    }
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  private launch(projectId: string, transition: 'start' | 'resume' | null): Promise<RunEnd> {
    const existing = this.active.get(projectId);
    if (existing) return existing.done;
    const project = this.services.projects.require(projectId);
    const epoch = this.leases.acquire(projectId, project.name);
    try {
      if (transition) this.services.projects.transition(projectId, transition);
    } catch (error) {
      this.leases.release(projectId);
      throw error;
    }
    const context = new RunContext(this.services, projectId, epoch);
    const runner = new ProjectRunner(context);
    const active: Active = { runner, suspending: false, done: Promise.resolve({ kind: 'paused' }) };
    this.services.logs.write('info', 'host', transition === 'start' ? 'Project started.' : transition === 'resume' ? 'Project resumed.' : 'Project picked up by this host.', projectId);
    active.done = runner
      .run()
      .then((end) => this.finish(projectId, end, active.suspending))
      .finally(() => {
        this.active.delete(projectId);
        this.leases.release(projectId);
      });
    this.active.set(projectId, active);
    return active.done;
  }

  private finish(projectId: string, end: RunEnd, suspending: boolean): RunEnd {
    const { services } = this;
    if (end.kind === 'lost') {
      // The project is the other process's now: nothing of its state is touched, the log says what happened.
      services.logs.write('warn', 'host', end.error, projectId);
      services.events.emit('projects/changed', { id: projectId });
      return end;
    }
    const status: ProjectStatus = services.projects.require(projectId).status;
    // Modifying or Integrating cannot be paused (seed 003): a run that stops then leaves it to the next host, as a shutdown does.
    if (end.kind === 'paused' && !suspending && status === 'running') services.projects.transition(projectId, 'pause');
    if (end.kind === 'failed' && isRunStatus(status)) {
      services.projects.transition(projectId, 'fail');
      const where = end.stage ? `${STAGE_LABELS[end.stage]} failed: ` : 'The project could not start: ';
      services.logs.write('error', 'host', where + end.error, projectId);
      this.alert(projectId, where + end.error);
    }
    return end;
  }

  private alert(projectId: string, message: string): void {
    const project = this.services.projects.require(projectId);
    if (project.options.alertLevel === 'none') return;
    const createdAt = nowIso();
    publishAlert(this.services, this.services.activity.addAlert({ projectId, severity: 'critical', kind: 'stage-failed', message, createdAt }), project.name);
  }
}
