import type { ObjectSelection } from './objects';
import type { ProjectOptions } from './options';
import type { ComponentState, StageState, SwitchoverStepState } from './stage';

export const PROJECT_STATUSES = [
  'not_started',
  'running',
  'modifying',
  'integrating',
  'paused',
  'failed',
  'completed',
  'releasing',
  'released',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  not_started: 'Not Started',
  running: 'Running',
  modifying: 'Modifying',
  integrating: 'Integrating',
  paused: 'Paused',
  failed: 'Failed',
  completed: 'Completed',
  releasing: 'Releasing',
  released: 'Released',
};

export const MIGRATION_TYPES = ['schema', 'full', 'incremental', 'verification', 'reverse'] as const;
export type MigrationType = (typeof MIGRATION_TYPES)[number];

export const MIGRATION_TYPE_LABELS: Record<MigrationType, string> = {
  schema: 'Schema Migration',
  full: 'Full Migration',
  incremental: 'Incremental Synchronization',
  verification: 'Full Verification',
  reverse: 'Reverse Incremental',
};

export const MAX_TAGS = 4;

export interface Project {
  id: string;
  name: string;
  tags: string[];
  status: ProjectStatus;
  types: MigrationType[];
  sourceId: string;
  destinationId: string;
  objects: ObjectSelection;
  options: ProjectOptions;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The project this one was cloned from, if any. */
  clonedFrom: string | null;
}

/** A project with what lists and detail pages show next to it. */
export interface ProjectView extends Project {
  sourceName: string;
  destinationName: string;
  stages: StageState[];
  /** The stage that is running, or the last one that ran. */
  currentStage: StageState | null;
  /** Incremental replication latency, when a replay is running. */
  latencyMs: number | null;
}

/** Everything the details page shows. */
export interface ProjectDetail extends ProjectView {
  components: ComponentState[];
  switchover: SwitchoverStepState[];
}

export interface ProjectListFilter {
  search?: string;
  tag?: string;
  status?: ProjectStatus;
  type?: MigrationType;
}
