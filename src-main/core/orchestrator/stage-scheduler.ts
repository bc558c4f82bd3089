/**
 * Runs a project's stages as a schedule: every stage whose needs are met
 * starts (so stages run side by side), with the services it needs started
 * first and kept running while any stage needs them; a completed stage may
 * let others start. A pause (or a failure anywhere) stops every running
 * stage at its checkpoints, then the services. The scheduler records nothing
 * itself and runs nothing itself: its port does, so it is tested without a
 * database or a worker.
 */

import type { StageId, StageStatus } from '../../../src-shared/model';
import type { ServiceName, StageSpec, StartCondition } from './stage-plan';
import { startable, waitingAt } from './stage-plan';
import type { StageOutcome } from './stages/outcome';

/** A running stage: how it ends, and how to ask it to stop at its checkpoints. */
export interface StageRun {
  outcome: Promise<StageOutcome>;
  pause(): void;
}

/** A running service: it ends when asked to (null), or with why it failed. */
export interface ServiceRun {
  ended: Promise<string | null>;
  pause(): void;
}

/** What the scheduler acts through: the project's recorded stage states, and starting stages and services. */
export interface SchedulerPort {
  status(stage: StageId): StageStatus;
  /** Whether a start condition holds now. */
  met(condition: StartCondition): boolean;
  /** The stage starts now. */
  begin(stage: StageId): void;
  /** The stage ended so. */
  record(stage: StageId, outcome: StageOutcome): void;
  run(stage: StageId): Promise<StageRun>;
  startService(name: ServiceName): Promise<ServiceRun>;
}

export type ScheduleEnd = { kind: 'waiting'; stage: StageId | null } | { kind: 'paused' } | { kind: 'failed'; stage: StageId | null; error: string };

type Event =
  | { kind: 'stage'; stage: StageId; outcome: StageOutcome }
  | { kind: 'service'; name: ServiceName; error: string | null }
  | { kind: 'pause' }
  /** Something a start condition depends on changed. */
  | { kind: 'recheck' };

const SERVICE_LABELS: Record<ServiceName, string> = { store: 'Store', 'reverse-store': 'Store (reverse)' };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class StageScheduler {
  private readonly running = new Map<StageId, StageRun>();
  private readonly services = new Map<ServiceName, ServiceRun>();
  private readonly events: Event[] = [];
  /** Stages stopped to be recorded otherwise than they end (skipped by the user). */
  private readonly overrides = new Map<StageId, StageOutcome>();
  private wake: (() => void) | null = null;
  private stopping = false;
  private pauseRequested = false;
  private failure: { stage: StageId | null; error: string } | null = null;
  /** A service that failed: the stages that need it end failed with its error. */
  private failedService: { name: ServiceName; error: string } | null = null;

  constructor(
    private readonly plan: readonly StageSpec[],
    private readonly port: SchedulerPort,
  ) {}

  /** Every running stage stops at its checkpoints; nothing new starts. */
  requestPause(): void {
    this.pauseRequested = true;
    this.stop();
    this.push({ kind: 'pause' });
  }

  /** Stops one running stage and records it as `as` (skipped) when it has stopped; the rest of the project runs on. */
  endStage(stage: StageId, as: StageOutcome): boolean {
    const run = this.running.get(stage);
    if (!run || this.stopping) return false;
    this.overrides.set(stage, as);
    run.pause();
    return true;
  }

  /** A start condition may hold now (the replay caught up): stages waiting on it start. */
  recheck(): void {
    if (!this.stopping && this.running.size > 0) this.push({ kind: 'recheck' });
  }

  async run(): Promise<ScheduleEnd> {
    for (;;) {
      if (!this.stopping) await this.startReady();
      if (this.running.size === 0) break;
      this.handle(await this.next());
    }
    await this.stopServices();
    if (this.failure) return { kind: 'failed', ...this.failure };
    if (this.pauseRequested) return { kind: 'paused' };
    return { kind: 'waiting', stage: waitingAt(this.plan, (s) => this.port.status(s)) };
  }

  private async startReady(): Promise<void> {
    for (const spec of startable(this.plan, (s) => this.port.status(s), new Set(this.running.keys()), (c) => this.port.met(c))) {
      if (this.stopping) return;
      try {
        for (const name of spec.services) await this.ensureService(name);
        this.port.begin(spec.stage);
        const run = await this.port.run(spec.stage);
        this.running.set(spec.stage, run);
        run.outcome.then(
          (outcome) => this.push({ kind: 'stage', stage: spec.stage, outcome }),
          (error: unknown) => this.push({ kind: 'stage', stage: spec.stage, outcome: { kind: 'failed', error: message(error) } }),
        );
      } catch (error) {
        const outcome: StageOutcome = { kind: 'failed', error: message(error) };
        this.port.record(spec.stage, outcome);
        this.fail(spec.stage, outcome.error);
      }
    }
  }

  private async ensureService(name: ServiceName): Promise<void> {
    if (this.services.has(name)) return;
    const service = await this.port.startService(name);
    this.services.set(name, service);
    service.ended.then(
      (error) => this.push({ kind: 'service', name, error }),
      (error: unknown) => this.push({ kind: 'service', name, error: message(error) }),
    );
  }

  private handle(event: Event): void {
    switch (event.kind) {
      case 'pause':
      case 'recheck':
        return;
      case 'service':
        this.services.delete(event.name);
        if (event.error === null || this.stopping) return;
        this.failedService = { name: event.name, error: `${SERVICE_LABELS[event.name]} failed: ${event.error}` };
        // With nothing running that needs it, the run fails on the service itself.
        if (![...this.running.keys()].some((stage) => this.needs(stage, event.name))) this.fail(null, this.failedService.error);
        this.stop();
        return;
      case 'stage': {
        this.running.delete(event.stage);
        let outcome = event.outcome;
        const override = this.overrides.get(event.stage);
        if (override && outcome.kind !== 'failed') outcome = override;
        if (outcome.kind === 'paused' && this.failedService && this.needs(event.stage, this.failedService.name)) {
          outcome = { kind: 'failed', error: this.failedService.error };
        }
        this.port.record(event.stage, outcome);
        if (outcome.kind === 'failed') this.fail(event.stage, outcome.error);
        // A stage that paused on its own (its worker was told to) pauses the project.
        else if (outcome.kind === 'paused' && !this.stopping) {
          this.pauseRequested = true;
          this.stop();
        }
        return;
      }
    }
  }

  private needs(stage: StageId, service: ServiceName): boolean {
    return this.plan.find((s) => s.stage === stage)?.services.includes(service) ?? false;
  }

  private fail(stage: StageId | null, error: string): void {
    this.failure ??= { stage, error };
    this.stop();
  }

  private stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const run of this.running.values()) run.pause();
  }

  private async stopServices(): Promise<void> {
    const ending = [...this.services.values()];
    for (const service of ending) service.pause();
    await Promise.all(ending.map((service) => service.ended.catch(() => null)));
    this.services.clear();
  }

  private push(event: Event): void {
    this.events.push(event);
    this.wake?.();
  }

  private next(): Promise<Event> {
    const event = this.events.shift();
    if (event) return Promise.resolve(event);
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve(this.events.shift()!);
      };
    });
  }
}
