/** What the stages of one project run share: the services, and ways to report and wait. */

import { AppError } from '../../../src-shared/errors';
import type { MetricSample } from '../../../src-shared/contract/worker';
import type { ComponentKind, ConnectionConfig, Flavour, Project } from '../../../src-shared/model';
import type { EndpointFlavours } from './run-objects';
import type { EventBus } from '../events';
import type { ComponentControl } from './component-runner';
import type { Host, WorkerLauncher, WorkerProcess } from '../host';
import { isLeaseLost } from '../leases/leases';
import type { LeaseLoss } from '../leases/keeper';
import type { DataSourceService } from '../services/datasources';
import type { LogService } from '../services/logs';
import type { ProjectService } from '../services/projects';
import type { ActivityRepo } from '../state/repos/activity-repo';
import type { IncrementalRepo } from '../state/repos/incremental-repo';
import type { MetricsRepo } from '../state/repos/metrics-repo';
import type { RunObjectsRepo } from '../state/repos/run-objects-repo';
import type { SchemaRepo } from '../state/repos/schema-repo';
import type { StagesRepo } from '../state/repos/stages-repo';
import type { ModificationsRepo } from '../state/repos/modifications-repo';
import type { SwitchoverRepo } from '../state/repos/switchover-repo';
import type { VerifyRepo } from '../state/repos/verify-repo';

export interface RunServices {
  host: Host;
  events: EventBus;
  logs: LogService;
  projects: ProjectService;
  datasources: DataSourceService;
  stages: StagesRepo;
  objects: RunObjectsRepo;
  schema: SchemaRepo;
  metrics: MetricsRepo;
  activity: ActivityRepo;
  incremental: IncrementalRepo;
  /** Reverse incremental synchronization (F-35): the same state as `incremental`, of the stream back to the source. */
  reverse: IncrementalRepo;
  verify: VerifyRepo;
  switchoverSteps: SwitchoverRepo;
  /** Objects added to or removed from the running project (F-17). */
  modifications: ModificationsRepo;
}

/** Progress events are pushed at most this often per project. */
const PROGRESS_EVENT_MS = 500;

export class RunContext {
  private lastProgress = 0;
  private pendingProgress: NodeJS.Timeout | null = null;
  private wakers = new Set<() => void>();
  private changeListeners = new Set<() => void>();
  pauseRequested = false;
  /** The components running now, for a pause or start of one of them alone. */
  readonly components = new Map<ComponentKind, ComponentControl>();
  /** Every worker process of this run, so that a lost lease stops them all at once. */
  private readonly workers = new Set<WorkerProcess>();
  /** Set when another process took the project over: from then on this run writes nothing. */
  lost: AppError | null = null;
  /** Starts the run's worker processes (and keeps track of them). */
  readonly launcher: WorkerLauncher;

  constructor(
    readonly services: RunServices,
    readonly projectId: string,
    /** The lease epoch this run holds the project at; workers fence their writes with it. 0 outside a run (previews), which starts no fenced worker. */
    readonly epoch = 0,
  ) {
    this.launcher = {
      launch: (label) => {
        const worker = services.host.launcher.launch(label);
        this.workers.add(worker);
        worker.onExit(() => this.workers.delete(worker));
        if (this.lost) worker.kill('SIGKILL');
        return worker;
      },
      prewarm: (label) => services.host.launcher.prewarm?.(label),
    };
  }

  /**
   * Another process took the project over: every worker of this run is
   * killed at once (their own writes are fenced too), sleepers wake, and the
   * stages end without recording anything.
   */
  abandon(loss: LeaseLoss): AppError {
    if (this.lost) return this.lost;
    // A refused write does not say who took over; the lease does.
    const holder = loss.holder ?? this.services.projects.runner(this.project)?.holder ?? null;
    const by = holder ? ` (${holder.replace(':', ', pid ')})` : '';
    this.lost = new AppError({
      code: 'lease_lost',
      message:
        `Project "${this.project.name}" was taken over by another Cutover process${by}: this process did not renew its lease ` +
        'for longer than the lease lasts (it was stopped or stalled). It stopped its components and writes nothing more for the project.',
      workaround: 'Follow the project in the process that runs it now.',
    });
    for (const worker of this.workers) worker.kill('SIGKILL');
    this.wake();
    return this.lost;
  }

  /**
   * Runs a write of the run's state from a timer or a callback: a write
   * refused because the lease moved on abandons the run instead of throwing
   * into the event loop.
   */
  record(write: () => void): void {
    if (this.lost) return;
    try {
      write();
    } catch (error) {
      if (!isLeaseLost(error)) throw error;
      this.abandon({ projectId: this.projectId, epoch: this.epoch, holder: null });
    }
  }

  get project(): Project {
    return this.services.projects.require(this.projectId);
  }

  connections(): { source: ConnectionConfig; destination: ConnectionConfig } {
    const project = this.project;
    const { datasources } = this.services;
    return {
      source: datasources.connectionConfig(datasources.require(project.sourceId)),
      destination: datasources.connectionConfig(datasources.require(project.destinationId)),
    };
  }

  /** Both servers with their flavours, as every unit that reads or writes both sides takes them (`serverPairShape`). */
  serverPair(flavours: EndpointFlavours): { source: ConnectionConfig; destination: ConnectionConfig; sourceFlavour: Flavour; destinationFlavour: Flavour } {
    return { ...this.connections(), sourceFlavour: flavours.source, destinationFlavour: flavours.destination };
  }

  /** Status or structure changed: clients reload the project, and the run's own listeners (the scheduler) look again. */
  changed(): void {
    this.services.events.emit('projects/changed', { id: this.projectId });
    for (const listener of this.changeListeners) listener();
  }

  /** Calls `listener` after every change of the run's status; returns how to stop. */
  onChanged(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** What records a component's performance samples and pushes them to the charts. */
  metricsOf(component: ComponentKind): (samples: MetricSample[]) => void {
    return (samples) => {
      this.services.metrics.add(this.projectId, component, samples);
      this.services.events.emit('metrics/samples', { projectId: this.projectId, component, samples });
    };
  }

  /** Progress moved: pushed, throttled, so that a fast copy does not flood the clients. */
  progress(): void {
    const now = Date.now();
    if (now - this.lastProgress >= PROGRESS_EVENT_MS) {
      this.lastProgress = now;
      this.services.events.emit('projects/progress', { id: this.projectId });
    } else if (!this.pendingProgress) {
      this.pendingProgress = setTimeout(() => {
        this.pendingProgress = null;
        this.progress();
      }, PROGRESS_EVENT_MS);
    }
  }

  /** Waits, but returns early when a pause is requested. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}
