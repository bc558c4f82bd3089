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
import type { LogLevel } from '../../../src-shared/model/activity';
import type { WorkerLauncher } from '../host';
import type { SessionHandlers, WorkerSession } from '../workers/worker-session';
import { startSession } from '../workers/worker-session';
import { isLeaseLost } from '../leases/leases';
import type { LeaseLoss } from '../leases/keeper';
import type { ComponentPatch } from '../state/repos/stages-repo';

export const MAX_RESTARTS = 10;
const MAX_BACKOFF_MS = 30_000;

/** The wait before restart number `restarts + 1`: 1 s, 2 s, 4 s … at most 30 s. */
export function restartDelayMs(restarts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** restarts);
}

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

/** What a supervised component needs of its run (a RunContext is one): the project's component records, its log, its workers. */
export interface ComponentHost {
  readonly projectId: string;
  readonly epoch: number;
  readonly launcher: WorkerLauncher;
  readonly lost: AppError | null;
  readonly components: Map<ComponentKind, ComponentControl>;
  readonly services: {
    stages: {
      isHeld(projectId: string, kind: ComponentKind): boolean;
      updateComponent(projectId: string, kind: ComponentKind, patch: ComponentPatch): void;
      countRestart(projectId: string, kind: ComponentKind): void;
    };
    logs: { write(level: LogLevel, source: string, message: string, projectId?: string | null): void };
  };
  abandon(loss: LeaseLoss): AppError;
  changed(): void;
  wake(): void;
  /** Waits, returning early when the run is woken. */
  sleep(ms: number): Promise<void>;
}

export function runComponent<U extends UnitName>(
  host: ComponentHost,
  kind: ComponentKind,
  unit: U,
  /** Built anew for every (re)start, so a restarted worker gets the latest checkpoints. */
  config: () => UnitConfig<U>,
  handlers: SessionHandlers<U>,
): ComponentHandle<U> {
  const supervisor = new ComponentSupervisor(host, kind, unit, config, handlers);
  return { done: supervisor.done, pause: () => supervisor.pause() };
}

/** What one worker run ended with: the component's outcome, or go round again (restart, or wait while held) with this count of consecutive restarts. */
type Attempt<U extends UnitName> = ComponentOutcome<U> | { kind: 'again'; restarts: number };

class ComponentSupervisor<U extends UnitName> {
  readonly done: Promise<ComponentOutcome<U>>;
  private pauseRequested = false;
  private session: WorkerSession<U> | null = null;
  /** Ends the wait of a held component (released, or the project pauses) or a restart delay (held meanwhile). */
  private wakeWait: (() => void) | null = null;
  private waitingHeld = false;
  /** Callers of hold() waiting for the worker to be stopped. */
  private onHeld: (() => void)[] = [];
  private readonly control: ComponentControl;

  constructor(
    private readonly host: ComponentHost,
    private readonly kind: ComponentKind,
    private readonly unit: U,
    private readonly config: () => UnitConfig<U>,
    private readonly handlers: SessionHandlers<U>,
  ) {
    this.control = { hold: () => this.hold(), release: () => this.release() };
    host.components.set(kind, this.control);
    this.done = this.supervise().catch((error: unknown): ComponentOutcome<U> => {
      // The worker's own writes, or this host's record of them, were refused: another process runs the project now.
      if (!isLeaseLost(error)) throw error;
      return { kind: 'failed', error: host.abandon({ projectId: host.projectId, epoch: host.epoch, holder: null }) };
    });
    void this.done
      .finally(() => {
        if (host.components.get(kind) === this.control) host.components.delete(kind);
        this.settleHolds();
      })
      .catch(() => undefined); // the outcome itself is the caller's
  }

  pause(): void {
    this.pauseRequested = true;
    this.session?.pause();
    this.wakeWait?.();
    this.host.wake();
  }

  private hold(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.onHeld.push(resolve));
    if (this.waitingHeld) this.settleHolds();
    else if (this.session) this.session.pause();
    // Waiting out a restart delay: go straight to holding.
    else this.wakeWait?.();
    return stopped;
  }

  private release(): void {
    if (this.waitingHeld) this.wakeWait?.();
  }

  private get held(): boolean {
    return this.host.services.stages.isHeld(this.host.projectId, this.kind);
  }

  private update(patch: ComponentPatch): void {
    this.host.services.stages.updateComponent(this.host.projectId, this.kind, patch);
  }

  private log(level: LogLevel, message: string): void {
    this.host.services.logs.write(level, this.kind, message, this.host.projectId);
  }

  private async supervise(): Promise<ComponentOutcome<U>> {
    // Consecutive failures: a worker that got work done before it died starts the count again.
    let restarts = 0;
    for (;;) {
      if (this.host.lost) return { kind: 'failed', error: this.host.lost };
      if (this.pauseRequested) return { kind: 'paused' };
      if (this.held) {
        await this.waitWhileHeld();
        restarts = 0;
        continue;
      }
      const attempt = await this.runWorker(restarts);
      if (attempt.kind !== 'again') return attempt;
      restarts = attempt.restarts;
    }
  }

  private async waitWhileHeld(): Promise<void> {
    this.update({ status: 'paused', pid: null, error: null });
    this.log('info', `${COMPONENT_LABELS[this.kind]} is paused on its own; the rest of the project keeps running. Start it in component monitoring.`);
    this.host.changed();
    this.waitingHeld = true;
    const released = this.waitForWake();
    this.settleHolds();
    await released;
    this.waitingHeld = false;
  }

  /** One worker process, from launch to its end; a retryable failure waits out the restart delay here. */
  private async runWorker(restarts: number): Promise<Attempt<U>> {
    this.update({ status: 'starting', error: null });
    let progressed = false;
    const { handlers } = this;
    this.session = startSession(this.host.launcher, this.unit, this.config(), {
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
        this.log(level, message);
        handlers.onLog?.(level, message);
      },
    });
    this.update({ status: 'running', pid: this.session.pid ?? null, startedAt: new Date().toISOString() });
    this.host.changed();
    try {
      const result = await this.session.done;
      this.session = null;
      if (!this.pauseRequested && this.held) return { kind: 'again', restarts };
      this.update({ status: this.pauseRequested ? 'paused' : 'completed', pid: null });
      return { kind: 'result', result };
    } catch (caught) {
      this.session = null;
      const error = caught instanceof AppError ? caught : new AppError({ code: 'internal', message: String(caught) });
      return this.afterFailure(error, restarts, progressed);
    }
  }

  private async afterFailure(error: AppError, restarts: number, progressed: boolean): Promise<Attempt<U>> {
    if (isLeaseLost(error)) throw error;
    if (this.host.lost) return { kind: 'failed', error: this.host.lost };
    this.update({ status: 'failed', pid: null, error: error.message });
    // A worker that dies while pausing has nothing more to finish: its checkpoints are kept.
    if (this.pauseRequested || this.held) {
      this.update({ status: 'paused', error: null });
      return this.pauseRequested ? { kind: 'paused' } : { kind: 'again', restarts };
    }
    if (progressed) restarts = 0;
    if (!error.retryable || restarts >= MAX_RESTARTS) {
      const message = restarts >= MAX_RESTARTS ? `${error.message} (gave up after ${restarts} restarts)` : error.message;
      return { kind: 'failed', error: new AppError({ ...error.toData(), message }) };
    }
    const delay = restartDelayMs(restarts);
    this.host.services.stages.countRestart(this.host.projectId, this.kind);
    this.log('warn', `${error.message} Restarting in ${delay / 1000} s (restart ${restarts + 1} of at most ${MAX_RESTARTS}).`);
    this.host.changed();
    await this.waitForWake(this.host.sleep(delay));
    return { kind: 'again', restarts: restarts + 1 };
  }

  private waitForWake(extra?: Promise<void>): Promise<void> {
    return Promise.race([new Promise<void>((resolve) => (this.wakeWait = resolve)), ...(extra ? [extra] : [])]).finally(() => (this.wakeWait = null));
  }

  private settleHolds(): void {
    for (const resolve of this.onHeld) resolve();
    this.onHeld = [];
  }
}
