/** What the stages of one project run share: the services, and ways to report and wait. */

import type { ComponentKind, ConnectionConfig, Project } from '../../../src-shared/model';
import type { EventBus } from '../events';
import type { ComponentControl } from './component-runner';
import type { Host } from '../host';
import type { DataSourceService } from '../services/datasources';
import type { LogService } from '../services/logs';
import type { ProjectService } from '../services/projects';
import type { ActivityRepo } from '../state/repos/activity-repo';
import type { IncrementalRepo } from '../state/repos/incremental-repo';
import type { MetricsRepo } from '../state/repos/metrics-repo';
import type { RunObjectsRepo } from '../state/repos/run-objects-repo';
import type { SchemaRepo } from '../state/repos/schema-repo';
import type { StagesRepo } from '../state/repos/stages-repo';

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
}

/** Progress events are pushed at most this often per project. */
const PROGRESS_EVENT_MS = 500;

export class RunContext {
  private lastProgress = 0;
  private pendingProgress: NodeJS.Timeout | null = null;
  private wakers = new Set<() => void>();
  pauseRequested = false;
  /** The components running now, for a pause or start of one of them alone. */
  readonly components = new Map<ComponentKind, ComponentControl>();

  constructor(
    readonly services: RunServices,
    readonly projectId: string,
  ) {}

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

  /** Status or structure changed: clients reload the project. */
  changed(): void {
    this.services.events.emit('projects/changed', { id: this.projectId });
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
