/**
 * Runs one project's stages in order, from where they stand: completed
 * stages are passed over, a paused or failed one continues from its
 * checkpoints. Stops when a stage needs the user, is paused, or fails.
 */

import { toErrorData } from '../../../src-shared/errors';
import type { StageId } from '../../../src-shared/model';
import { STAGE_LABELS } from '../../../src-shared/model';
import type { RunContext } from './run-context';
import type { EndpointFlavours } from './run-objects';
import { prepareRun } from './run-objects';
import { fullStageProgress, runFullStage } from './stages/full-stage';
import type { StageOutcome } from './stages/outcome';
import { runSchemaStage } from './stages/schema-stage';

export type RunEnd = { kind: 'waiting'; stage: StageId | null } | { kind: 'paused' } | { kind: 'failed'; stage: StageId | null; error: string };

export class ProjectRunner {
  private pauseCurrent: (() => void) | null = null;

  constructor(readonly context: RunContext) {}

  /** Asks the running stage to finish its in-flight work, checkpoint, and stop. */
  requestPause(): void {
    this.context.pauseRequested = true;
    this.pauseCurrent?.();
    this.context.wake();
  }

  async run(): Promise<RunEnd> {
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
          const withSchema = this.context.project.types.includes('schema');
          const run = runFullStage(this.context, flavours, withSchema);
          this.pauseCurrent = run.pause;
          const progress = setInterval(() => services.stages.update(projectId, 'full', { progress: fullStageProgress(this.context) }), 1000);
          try {
            return await run.outcome;
          } finally {
            clearInterval(progress);
            this.pauseCurrent = null;
            services.stages.update(projectId, 'full', { progress: fullStageProgress(this.context) });
          }
        }
        default:
          // Stages that start with the user (forward switchover) or that this build does not run yet.
          return { kind: 'waiting' };
      }
    } catch (error) {
      return { kind: 'failed', error: toErrorData(error).message };
    }
  }
}
