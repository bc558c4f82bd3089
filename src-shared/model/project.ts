import type { ObjectSelection } from './objects';
import type { ProjectOptions } from './options';
import type { ComponentState, StageState, SwitchoverStepState } from './stage';
import type { ReplayHealth } from './incremental';
import type { ObjectModification } from './modification';

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

/** Statuses in which a host runs the project: Running, and Modifying or Integrating (F-17), which run with objects being added. */
export const RUN_STATUSES: readonly ProjectStatus[] = ['running', 'modifying', 'integrating'];

export function isRunStatus(status: ProjectStatus): boolean {
  return RUN_STATUSES.includes(status);
}

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

/**
 * Which Cutover process runs a Running project, per its lease: this one,
 * another live one, or none. With none, either a stage was still running
 * when the process that ran it ended or stopped without pausing it
 * (`interrupted`: nothing moves and what is shown is as it was then), or
 * every stage that runs by itself is done and the project waits for the user
 * (`waiting`: the forward switchover).
 */
export const RUNNER_STATES = ['here', 'elsewhere', 'interrupted', 'waiting'] as const;
export type RunnerState = (typeof RUNNER_STATES)[number];

export interface ProjectRunnerInfo {
  state: RunnerState;
  /** "host:pid" of the process that runs it, or that ran it last. */
  holder: string | null;
}

/** The status as lists show it: a Running project that nothing runs says so. */
export function projectStatusText(project: { status: ProjectStatus; runner: ProjectRunnerInfo | null }): string {
  const label = PROJECT_STATUS_LABELS[project.status];
  return project.runner?.state === 'interrupted' ? `${label} (interrupted)` : label;
}

/** One sentence on who runs a Running project, for details pages and the CLI; null when there is nothing to say. */
export function runnerNote(runner: ProjectRunnerInfo | null): string | null {
  const who = runner?.holder ? ` (${runner.holder.replace(':', ', pid ')})` : '';
  if (runner?.state === 'interrupted') {
    return `No Cutover process runs this project: the one that ran it${who} ended or stopped without pausing it, so what is shown is as it was then. Pause it, then Resume, to run it here.`;
  }
  if (runner?.state === 'elsewhere') return `Another Cutover process${who} runs this project.`;
  if (runner?.state === 'waiting') return 'Every stage that runs by itself is done: the project waits for you to go on (Go To Next Stage, or the forward switchover).';
  return null;
}

/** A project with what lists and detail pages show next to it. */
export interface ProjectView extends Project {
  sourceName: string;
  destinationName: string;
  stages: StageState[];
  /** The stage that is running, or the last one that ran. */
  currentStage: StageState | null;
  /** Latency of the replay that runs (forward, or reverse incremental after the switchover), measured live; null otherwise (see `replay`). */
  latencyMs: number | null;
  /** How that replay really stands (paused by you, failed, reconnecting, …, with the latency grown since the last reading); null without one. */
  replay: ReplayHealth | null;
  /** Who runs it; null unless the project is Running. */
  runner: ProjectRunnerInfo | null;
}

/** Everything the details page shows. */
export interface ProjectDetail extends ProjectView {
  components: ComponentState[];
  switchover: SwitchoverStepState[];
  /** The latest change of its objects while running (F-17), over or not. */
  modification: ObjectModification | null;
}

export interface ProjectListFilter {
  search?: string;
  tag?: string;
  status?: ProjectStatus;
  type?: MigrationType;
}
