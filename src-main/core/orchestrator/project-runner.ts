/**
 * Runs one project in this host: identifies both servers and resolves the
 * objects, then hands its stages to the scheduler (stage-scheduler.ts), which
 * starts each stage when what it needs is done — side by side where several
 * can run — with the Store started as a service of the stages that need it.
 * This file is the scheduler's port: how each stage starts and how its
 * progress is recorded.
 */

import { AppError, toErrorData } from '../../../src-shared/errors';
import type { ObjectModification } from '../../../src-shared/model/modification';
import type { StageId, StageStatus } from '../../../src-shared/model';
import { STAGE_LABELS } from '../../../src-shared/model';
import type { ComponentHandle } from './component-runner';
import { isLeaseLost } from '../leases/leases';
import type { LeaseLoss } from '../leases/keeper';
import type { RunContext } from './run-context';
import type { EndpointFlavours } from './run-objects';
import { prepareRun } from './run-objects';
import type { ServiceName, StageSpec, StartCondition } from './stage-plan';
import { stagePlan, startable } from './stage-plan';
import type { SchedulerPort, ServiceRun, StageRun } from './stage-scheduler';
import { StageScheduler } from './stage-scheduler';
import { binlogPosition, startCapture } from './stages/capture';
import { fullStageProgress, runFullStage } from './stages/full-stage';
import { runIncrementalStage } from './stages/incremental-stage';
import type { ObjectChanges } from '../../../src-shared/contract/ipc';
import { ModificationRun, modificationFailure, planModification } from './stages/modification';
import type { StageOutcome } from './stages/outcome';
import { runSchemaStage } from './stages/schema-stage';
import type { SyncStream } from './stages/stream';
import { forwardStream, reverseStream } from './stages/stream';
import { runVerificationStage, verificationProgress } from './stages/verification-stage';

export type RunEnd =
  | { kind: 'waiting'; stage: StageId | null }
  | { kind: 'paused' }
  | { kind: 'failed'; stage: StageId | null; error: string }
  /** Another process took the project over; this run recorded nothing after that. */
  | { kind: 'lost'; error: string };

export class ProjectRunner {
  private scheduler: StageScheduler | null = null;
  /** The Stores, once a stage needed them: each replay reads what its Store captures. */
  private readonly captures = new Map<ServiceName, ComponentHandle<'store'>>();
  private flavours: EndpointFlavours | null = null;
  /** Objects being added or removed while the project runs (F-17): one modification at a time, driven beside the stages. */
  private modification: { run: ModificationRun; done: Promise<void> } | null = null;

  constructor(readonly context: RunContext) {}

  /** Asks every running stage to finish its in-flight work, checkpoint, and stop. */
  requestPause(): void {
    this.context.pauseRequested = true;
    this.scheduler?.requestPause();
    this.context.wake();
  }

  /** Stops a running stage and records it as `as` (skipped, or completed by the switchover), the rest of the project running on; false when it is not running here. */
  endStage(stage: StageId, as: StageOutcome): boolean {
    return this.scheduler?.endStage(stage, as) ?? false;
  }

  /** Something a stage's start condition depends on changed (a reverify was asked for): stages that can start now start. */
  recheck(): void {
    this.scheduler?.recheck();
  }

  /**
   * Adds and removes tables while the project runs (F-17): recorded at once,
   * then driven beside the stages (Modifying, Integrating); resolves once the
   * modification is recorded and under way.
   */
  async modifyObjects(request: ObjectChanges): Promise<ObjectModification> {
    const flavours = this.flavours;
    if (!flavours || !this.scheduler || this.context.pauseRequested) {
      throw new AppError({ code: 'not_allowed', message: 'The project is starting or pausing.', workaround: 'Try again once it runs.', retryable: true });
    }
    if (this.modification) throw new AppError({ code: 'not_allowed', message: 'Objects are being modified already.', workaround: 'Wait until the project is Running again.' });
    const planned = await planModification(this.context, request);
    // Answered once the replay runs without the removed tables: a write to them after the answer is not replayed.
    await this.driveModification(flavours, planned.removed.length > 0);
    return planned;
  }

  /** Another process took the project over: everything of this run stops at once and records nothing more. */
  abandon(loss: LeaseLoss): void {
    this.context.abandon(loss);
  }

  async run(): Promise<RunEnd> {
    let end: RunEnd;
    try {
      end = await this.runStages();
    } catch (error) {
      if (!isLeaseLost(error)) throw error;
      this.context.abandon({ projectId: this.context.projectId, epoch: this.context.epoch, holder: null });
      end = { kind: 'paused' };
    }
    const lost = this.context.lost;
    return lost ? { kind: 'lost', error: lost.message } : end;
  }

  private async runStages(): Promise<RunEnd> {
    let flavours: EndpointFlavours;
    // The first stages' workers start while both servers are probed.
    for (const spec of startable(this.plan(), (s) => this.status(s), new Set(), (c) => this.met(c))) {
      for (const unit of spec.units) this.context.launcher.prewarm?.(unit);
    }
    try {
      flavours = await prepareRun(this.context);
    } catch (error) {
      if (isLeaseLost(error)) throw error;
      return { kind: 'failed', stage: null, error: toErrorData(error).message };
    }
    if (this.context.pauseRequested) return { kind: 'paused' };
    this.flavours = flavours;
    const scheduler = new StageScheduler(this.plan(), this.port(flavours));
    this.scheduler = scheduler;
    if (this.context.pauseRequested) scheduler.requestPause();
    const stopListening = this.context.onChanged(() => scheduler.recheck());
    // A modification left open by an earlier run goes on.
    if (this.context.services.modifications.open(this.context.projectId)) void this.driveModification(flavours, false);
    try {
      return await scheduler.run();
    } finally {
      stopListening();
      this.modification?.run.stop();
      await this.modification?.done;
    }
  }

  /**
   * Runs the open modification beside the stages; its failure fails the
   * replay's stage (and so the project), a resume takes it up again. Resolves
   * once the replay has restarted (after a removal); the rest goes on.
   */
  private driveModification(flavours: EndpointFlavours, restartReplay: boolean): Promise<void> {
    const run = new ModificationRun(this.context, flavours);
    let restarted!: () => void;
    const replayRestarted = new Promise<void>((resolve) => (restarted = resolve));
    const done = (async () => {
      try {
        if (restartReplay) await run.restartReplay();
        restarted();
        await run.run();
      } catch (error) {
        if (isLeaseLost(error) || this.context.lost) return;
        const message = modificationFailure(error);
        this.context.services.logs.write('error', 'host', message, this.context.projectId);
        // The replay's stage fails with it (and so the run); were it not running, the run pauses.
        if (!this.scheduler?.endStage('incremental', { kind: 'failed', error: message })) this.requestPause();
      } finally {
        restarted();
        this.modification = null;
        this.context.changed();
      }
    })();
    this.modification = { run, done };
    return replayRestarted;
  }

  private plan(): StageSpec[] {
    const { services, projectId } = this.context;
    return stagePlan(
      this.context.project.types,
      services.projects.detail(projectId).stages.map((s) => s.stage),
    );
  }

  private status(stage: StageId): StageStatus {
    return this.context.services.stages.get(this.context.projectId, stage)?.status ?? 'not_started';
  }

  private met(condition: StartCondition): boolean {
    switch (condition) {
      case 'replay-caught-up':
        return this.status('incremental') === 'monitoring';
      case 'objects-settled':
        return this.context.services.modifications.open(this.context.projectId) === null;
      case 'reverse-requested': {
        const step = this.context.services.switchoverSteps.steps(this.context.projectId).find((s) => s.step === 'start-reverse');
        return step?.status === 'running' || step?.status === 'succeeded';
      }
    }
  }

  private port(flavours: EndpointFlavours): SchedulerPort {
    const { services, projectId } = this.context;
    return {
      status: (stage) => this.status(stage),
      met: (condition) => this.met(condition),
      begin: (stage) => {
        const current = services.stages.get(projectId, stage);
        services.stages.update(projectId, stage, { status: 'running', error: null, startedAt: current?.startedAt ?? new Date().toISOString(), endedAt: null });
        this.context.changed();
        this.prewarmAfter(stage);
      },
      record: (stage, outcome) => this.record(stage, outcome),
      run: async (stage) => this.startStage(stage, flavours),
      startService: async (name) => this.startService(name, flavours),
    };
  }

  /**
   * Starts the workers of the stages that can start once `stage` completes,
   * so that theirs are ready when it does (a worker takes about 0.15 s to
   * start; one not taken within half a minute is stopped).
   */
  private prewarmAfter(stage: StageId): void {
    const plan = this.plan();
    // The stage's own workers and services (the Store) run already.
    const running = new Set<string>(plan.find((s) => s.stage === stage)?.units ?? []);
    const status = (s: StageId): StageStatus => (s === stage ? 'completed' : this.status(s));
    for (const next of startable(plan, status, new Set(), (c) => this.met(c))) {
      if (next.stage === stage || this.status(next.stage) === 'running') continue;
      for (const unit of next.units) if (!running.has(unit)) this.context.launcher.prewarm?.(unit);
    }
  }

  private record(stage: StageId, outcome: StageOutcome): void {
    if (this.context.lost) return;
    const { services, projectId } = this.context;
    const now = new Date().toISOString();
    switch (outcome.kind) {
      case 'completed':
        services.stages.update(projectId, stage, { status: 'completed', progress: 1, endedAt: now, error: null });
        services.logs.write('info', 'host', `${STAGE_LABELS[stage]} completed.`, projectId);
        break;
      case 'paused':
        services.stages.update(projectId, stage, { status: 'paused', endedAt: now });
        break;
      case 'skipped':
        services.stages.update(projectId, stage, { status: 'skipped', endedAt: now, error: null });
        services.logs.write('warn', 'host', `${STAGE_LABELS[stage]} skipped by the user.`, projectId);
        break;
      case 'failed':
        services.stages.update(projectId, stage, { status: 'failed', error: outcome.error, endedAt: now });
        break;
      case 'waiting':
        return;
    }
    this.context.changed();
  }

  private async startService(name: ServiceName, flavours: EndpointFlavours): Promise<ServiceRun> {
    const stream = name === 'store' ? forwardStream(this.context) : reverseStream(this.context);
    const capture = await startCapture(this.context, flavours, stream);
    this.captures.set(name, capture);
    return {
      ended: capture.done.then((outcome) => (outcome.kind === 'failed' ? outcome.error.message : null)),
      pause: () => capture.pause(),
    };
  }

  /** A replay stage over the Store the plan started for it. */
  private startReplay(stream: SyncStream, service: ServiceName, flavours: EndpointFlavours): StageRun {
    const run = runIncrementalStage(this.context, flavours, this.captures.get(service)!, stream);
    return { outcome: guarded(run.outcome), pause: run.pause };
  }

  private startStage(stage: StageId, flavours: EndpointFlavours): StageRun {
    switch (stage) {
      case 'schema':
        return { outcome: guarded(runSchemaStage(this.context, flavours)), pause: () => undefined };
      case 'full':
        return this.startFull(flavours);
      // The plan starts each Store before the stage that replays it.
      case 'incremental':
        return this.startReplay(forwardStream(this.context), 'store', flavours);
      case 'reverse':
        return this.startReplay(reverseStream(this.context), 'reverse-store', flavours);
      case 'verification':
        return this.withProgress('verification', runVerificationStage(this.context, flavours), () => verificationProgress(this.context));
      default:
        throw new Error(`${STAGE_LABELS[stage]} is not run by this build.`);
    }
  }

  /** The full copy, with its progress recorded and, before a replay, the source position where it ended. */
  private startFull(flavours: EndpointFlavours): StageRun {
    const { services, projectId } = this.context;
    const project = this.context.project;
    const incremental = project.types.includes('incremental');
    const run = runFullStage(this.context, flavours, project.types.includes('schema'), incremental);
    const ended = (async (): Promise<StageOutcome> => {
      const outcome = await run.outcome;
      // The replay is idempotent up to where the source stood when the copy ended.
      if (outcome.kind === 'completed' && incremental && !services.incremental.safeUntil(projectId)) {
        services.incremental.setSafeUntil(projectId, await binlogPosition(this.context, 'source'));
      }
      return outcome;
    })();
    return this.withProgress('full', { outcome: ended, pause: run.pause }, () => fullStageProgress(this.context));
  }

  /** A stage whose progress is recorded every second while it runs, and once more when it ends. */
  private withProgress(stage: StageId, run: StageRun, progress: () => number | null): StageRun {
    const { services, projectId } = this.context;
    const record = () => this.context.record(() => services.stages.update(projectId, stage, { progress: progress() }));
    const timer = setInterval(record, 1000);
    const outcome = run.outcome.finally(() => {
      clearInterval(timer);
      record();
    });
    return { outcome: guarded(outcome), pause: run.pause };
  }
}

/** A stage's outcome with anything thrown turned into a failure, except a lost lease, which ends the whole run. */
async function guarded(outcome: Promise<StageOutcome>): Promise<StageOutcome> {
  try {
    return await outcome;
  } catch (error) {
    if (isLeaseLost(error)) throw error;
    return { kind: 'failed', error: toErrorData(error).message };
  }
}
