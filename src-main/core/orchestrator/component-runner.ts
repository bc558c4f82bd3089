/**
 * Supervises one long-running component (Full-Import, Store, Incr-Sync):
 * runs its unit in a worker, restarts it with a growing delay when the
 * process dies or hits a retryable error (the fresh worker resumes from the
 * checkpoints the host kept), and pauses or stops it on request.
 *
 * A component the user paused on its own (held, see component-actions.ts)
 * stops its worker the same way but stays in this loop, waiting to be
 * released, so the stage it serves simply waits for it.
 */

import type { UnitConfig, UnitName, UnitResult } from '../../../src-shared/contract/worker';
import { AppError } from '../../../src-shared/errors';
import type { ComponentKind } from '../../../src-shared/model';
import { COMPONENT_LABELS } from '../../../src-shared/model';
import type { SessionHandlers, WorkerSession } from '../workers/worker-session';
import { startSession } from '../workers/worker-session';
import { isLeaseLost } from '../leases/leases';
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

/** What the orchestrator reaches a running component with, for a pause or start of that component alone. */
export interface ComponentControl {
  /** Stops the worker (its checkpoints are kept); resolves once it is stopped and the component waits. */
  hold(): Promise<void>;
  /** Lets a held component start again. */
  release(): void;
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
  const held = () => services.stages.isHeld(projectId, kind);
  // Ends the wait of a held component (released, or the project pauses) or a restart delay (held meanwhile).
  let wake: (() => void) | null = null;
  const waitForWake = (extra?: Promise<void>) =>
    Promise.race([new Promise<void>((resolve) => (wake = resolve)), ...(extra ? [extra] : [])]).finally(() => (wake = null));
  let waitingHeld = false;
  // Callers of hold() waiting for the worker to be stopped.
  let onHeld: (() => void)[] = [];
  const settleHolds = () => {
    for (const resolve of onHeld) resolve();
    onHeld = [];
  };

  const supervise = async (): Promise<ComponentOutcome<U>> => {
    // Consecutive failures: a worker that got work done before it died starts the count again.
    let restarts = 0;
    for (;;) {
      if (context.lost) return { kind: 'failed', error: context.lost };
      if (pauseRequested) return { kind: 'paused' };
      if (held()) {
        services.stages.updateComponent(projectId, kind, { status: 'paused', pid: null, error: null });
        services.logs.write('info', kind, `${COMPONENT_LABELS[kind]} is paused on its own; the rest of the project keeps running. Start it in component monitoring.`, projectId);
        context.changed();
        waitingHeld = true;
        const released = waitForWake();
        settleHolds();
        await released;
        waitingHeld = false;
        restarts = 0;
        continue;
      }
      services.stages.updateComponent(projectId, kind, { status: 'starting', error: null });
      let progressed = false;
      session = startSession(context.launcher, unit, config(), {
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
        session = null;
        if (!pauseRequested && held()) continue;
        services.stages.updateComponent(projectId, kind, { status: pauseRequested ? 'paused' : 'completed', pid: null });
        return { kind: 'result', result };
      } catch (caught) {
        session = null;
        const error = caught instanceof AppError ? caught : new AppError({ code: 'internal', message: String(caught) });
        if (isLeaseLost(error)) throw error;
        if (context.lost) return { kind: 'failed', error: context.lost };
        services.stages.updateComponent(projectId, kind, { status: 'failed', pid: null, error: error.message });
        // A worker that dies while pausing has nothing more to finish: its checkpoints are kept.
        if (pauseRequested || held()) {
          services.stages.updateComponent(projectId, kind, { status: 'paused', error: null });
          if (pauseRequested) return { kind: 'paused' };
          continue;
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
        await waitForWake(context.sleep(delay));
        restarts++;
      }
    }
  };

  const done = supervise().catch((error: unknown): ComponentOutcome<U> => {
    // The worker's own writes, or this host's record of them, were refused: another process runs the project now.
    if (!isLeaseLost(error)) throw error;
    return { kind: 'failed', error: context.abandon({ projectId, epoch: context.epoch, holder: null }) };
  });

  const control: ComponentControl = {
    hold() {
      const stopped = new Promise<void>((resolve) => onHeld.push(resolve));
      if (waitingHeld) settleHolds();
      else if (session) session.pause();
      // Waiting out a restart delay: go straight to holding.
      else wake?.();
      return stopped;
    },
    release() {
      if (waitingHeld) wake?.();
    },
  };
  context.components.set(kind, control);
  void done
    .finally(() => {
      if (context.components.get(kind) === control) context.components.delete(kind);
      settleHolds();
    })
    .catch(() => undefined); // the outcome itself is the caller's

  return {
    done,
    pause() {
      pauseRequested = true;
      session?.pause();
      wake?.();
      context.wake();
    },
  };
}
