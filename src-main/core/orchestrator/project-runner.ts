/**
 * Runs one project's stages in order, from where they stand: completed
 * stages are passed over, a paused or failed one continues from its
 * checkpoints. Stops when a stage needs the user, is paused, or fails.
 *
 * With incremental synchronization the Store runs beside the stages: it
 * starts (after recording the source position) before the full copy, keeps
 * capturing through it and the replay, and pauses when the run ends.
 */

import { toErrorData } from '../../../src-shared/errors';
import type { StageId } from '../../../src-shared/model';
import { STAGE_LABELS } from '../../../src-shared/model';
import type { ComponentHandle, ComponentOutcome } from './component-runner';
import { isLeaseLost } from '../leases/leases';
import type { LeaseLoss } from '../leases/keeper';
import type { RunContext } from './run-context';
import type { EndpointFlavours } from './run-objects';
import { prepareRun } from './run-objects';
import { binlogPosition, startCapture } from './stages/capture';
import { fullStageProgress, runFullStage } from './stages/full-stage';
import { runIncrementalStage } from './stages/incremental-stage';
import type { StageOutcome } from './stages/outcome';
import { runSchemaStage } from './stages/schema-stage';

export type RunEnd =
  | { kind: 'waiting'; stage: StageId | null }
  | { kind: 'paused' }
  | { kind: 'failed'; stage: StageId | null; error: string }
  /** Another process took the project over; this run recorded nothing after that. */
  | { kind: 'lost'; error: string };

export class ProjectRunner {
  private pauseCurrent: (() => void) | null = null;
  private capture: ComponentHandle<'store'> | null = null;

  constructor(readonly context: RunContext) {}

  /** Asks the running stage to finish its in-flight work, checkpoint, and stop. */
  requestPause(): void {
    this.context.pauseRequested = true;
    this.pauseCurrent?.();
    this.capture?.pause();
    this.context.wake();
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
    } finally {
      if (this.capture) {
        this.capture.pause();
        await this.capture.done;
      }
    }
    const lost = this.context.lost;
    return lost ? { kind: 'lost', error: lost.message } : end;
  }

  private get captures(): boolean {
    return this.context.project.types.includes('incremental');
  }

  private async runStages(): Promise<RunEnd> {
    const { services, projectId } = this.context;
    let flavours: EndpointFlavours;
    try {
      flavours = await prepareRun(this.context);
    } catch (error) {
      return { kind: 'failed', stage: null, error: toErrorData(error).message };
    }
    for (const state of services.projects.detail(projectId).stages) {
      if (this.context.pauseRequested) return { kind: 'paused' };
      if (state.status === 'completed' || state.status === 'skipped') continue;
      const outcome = await this.runStage(state.stage, flavours);
      if (this.context.lost) return { kind: 'paused' };
      const now = new Date().toISOString();
      switch (outcome.kind) {
        case 'completed':
          services.stages.update(projectId, state.stage, { status: 'completed', progress: 1, endedAt: now, error: null });
          services.logs.write('info', 'host', `${STAGE_LABELS[state.stage]} completed.`, projectId);
          this.context.changed();
          continue;
        case 'paused':
          services.stages.update(projectId, state.stage, { status: 'paused', endedAt: now });
          this.context.changed();
          return { kind: 'paused' };
        case 'waiting':
          return { kind: 'waiting', stage: state.stage };
        case 'failed':
          services.stages.update(projectId, state.stage, { status: 'failed', error: outcome.error, endedAt: now });
          this.context.changed();
          return { kind: 'failed', stage: state.stage, error: outcome.error };
      }
    }
    return { kind: 'waiting', stage: null };
  }

  private async runStage(stage: StageId, flavours: EndpointFlavours): Promise<StageOutcome> {
    const { services, projectId } = this.context;
    const begin = () => {
      const current = services.stages.get(projectId, stage);
      services.stages.update(projectId, stage, { status: 'running', error: null, startedAt: current?.startedAt ?? new Date().toISOString(), endedAt: null });
      this.context.changed();
    };
    try {
      switch (stage) {
        case 'schema':
          begin();
          return await runSchemaStage(this.context, flavours);
        case 'full': {
          begin();
          // Position first: capture starts before the first row is copied.
          if (this.captures) this.capture ??= await startCapture(this.context, flavours);
          const withSchema = this.context.project.types.includes('schema');
          const run = runFullStage(this.context, flavours, withSchema, this.captures);
          this.pauseCurrent = run.pause;
          const progress = setInterval(() => this.context.record(() => services.stages.update(projectId, 'full', { progress: fullStageProgress(this.context) })), 1000);
          try {
            const outcome = await this.alongsideCapture(run.outcome, run.pause);
            // The replay is idempotent up to where the source stood when the copy ended.
            if (outcome.kind === 'completed' && this.captures && !services.incremental.safeUntil(projectId)) {
              services.incremental.setSafeUntil(projectId, await binlogPosition(this.context, 'source'));
            }
            return outcome;
          } finally {
            clearInterval(progress);
            this.pauseCurrent = null;
            this.context.record(() => services.stages.update(projectId, 'full', { progress: fullStageProgress(this.context) }));
          }
        }
        case 'incremental': {
          begin();
          this.capture ??= await startCapture(this.context, flavours);
          const run = runIncrementalStage(this.context, flavours, this.capture);
          this.pauseCurrent = run.pause;
          try {
            return await run.outcome;
          } finally {
            this.pauseCurrent = null;
          }
        }
        default:
          // Stages that start with the user (forward switchover) or that this build does not run yet.
          return { kind: 'waiting' };
      }
    } catch (error) {
      if (isLeaseLost(error)) throw error;
      return { kind: 'failed', error: toErrorData(error).message };
    }
  }

  /** A stage's outcome, unless the Store fails first: then the stage is paused and the run fails with the Store's error. */
  private async alongsideCapture(outcome: Promise<StageOutcome>, pause: () => void): Promise<StageOutcome> {
    if (!this.capture) return outcome;
    const captureFailed = this.capture.done.then((result: ComponentOutcome<'store'>) => result);
    const first = await Promise.race([outcome.then((o) => ({ stage: o })), captureFailed.then((c) => ({ capture: c }))]);
    if ('stage' in first) return first.stage;
    if (first.capture.kind !== 'failed') return outcome;
    pause();
    await outcome;
    return { kind: 'failed', error: `Store failed: ${first.capture.error.message}` };
  }
}
