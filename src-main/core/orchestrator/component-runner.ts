/**
 * Supervises one long-running component (Full-Import, later Store and
 * Incr-Sync): runs its unit in a worker, restarts it with a growing delay
 * when the process dies or hits a retryable error (the fresh worker resumes
 * from the checkpoints the host kept), and pauses or stops it on request.
 */

import type { UnitConfig, UnitName, UnitResult } from '../../../src-shared/contract/worker';
import { AppError } from '../../../src-shared/errors';
import type { ComponentKind } from '../../../src-shared/model';
import type { SessionHandlers, WorkerSession } from '../workers/worker-session';
import { startSession } from '../workers/worker-session';
import type { RunContext } from './run-context';

const MAX_RESTARTS = 10;
const MAX_BACKOFF_MS = 30_000;

export type ComponentOutcome<U extends UnitName> =
  | { kind: 'result'; result: UnitResult<U> }
  | { kind: 'paused' }
  | { kind: 'failed'; error: AppError };

export interface ComponentHandle<U extends UnitName> {
  done: Promise<ComponentOutcome<U>>;
  pause(): void;
}

export function runComponent<U extends UnitName>(
  context: RunContext,
  kind: ComponentKind,
  unit: U,
  /** Built anew for every (re)start, so a restarted worker gets the latest checkpoints. */
  config: () => UnitConfig<U>,
  handlers: SessionHandlers<U>,
): ComponentHandle<U> {
  const { projectId, services } = context;
  let pauseRequested = false;
  let session: WorkerSession<U> | null = null;

  const done = (async (): Promise<ComponentOutcome<U>> => {
    // Consecutive failures: a worker that got work done before it died starts the count again.
    let restarts = 0;
    for (;;) {
      if (pauseRequested) return { kind: 'paused' };
      services.stages.updateComponent(projectId, kind, { status: 'starting', error: null });
      let progressed = false;
      session = startSession(services.host.launcher, unit, config(), {
        ...handlers,
        onEvent: (event) => {
          progressed = true;
          handlers.onEvent?.(event);
        },
        onCheckpoint: (checkpoint) => {
          progressed = true;
          handlers.onCheckpoint?.(checkpoint);
        },
        onLog: (level, message) => {
          services.logs.write(level, kind, message, projectId);
          handlers.onLog?.(level, message);
        },
      });
      services.stages.updateComponent(projectId, kind, { status: 'running', pid: session.pid ?? null, startedAt: new Date().toISOString() });
      context.changed();
      try {
        const result = await session.done;
        services.stages.updateComponent(projectId, kind, { status: pauseRequested ? 'paused' : 'completed', pid: null });
        return { kind: 'result', result };
      } catch (caught) {
        const error = caught instanceof AppError ? caught : new AppError({ code: 'internal', message: String(caught) });
        services.stages.updateComponent(projectId, kind, { status: 'failed', pid: null, error: error.message });
        // A worker that dies while pausing has nothing more to finish: its checkpoints are kept.
        if (pauseRequested) {
          services.stages.updateComponent(projectId, kind, { status: 'paused', error: null });
          return { kind: 'paused' };
        }
        if (progressed) restarts = 0;
        if (!error.retryable || restarts >= MAX_RESTARTS) {
          const message = restarts >= MAX_RESTARTS ? `${error.message} (gave up after ${restarts} restarts)` : error.message;
          return { kind: 'failed', error: new AppError({ ...error.toData(), message }) };
        }
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** restarts);
        services.stages.countRestart(projectId, kind);
        services.logs.write('warn', kind, `${error.message} Restarting in ${delay / 1000} s (restart ${restarts + 1} of at most ${MAX_RESTARTS}).`, projectId);
        context.changed();
        await context.sleep(delay);
        restarts++;
      }
    }
  })();

  return {
    done,
    pause() {
      pauseRequested = true;
      session?.pause();
      context.wake();
    },
  };
}
