/**
 * Stages of a project (F-22) and the components that carry them out (F-23).
 * The state machine over them lives in ../lifecycle.
 */

export const STAGES = ['schema', 'full', 'incremental', 'verification', 'switchover', 'reverse'] as const;
export type StageId = (typeof STAGES)[number];

export const STAGE_LABELS: Record<StageId, string> = {
  schema: 'Schema Migration',
  full: 'Full Migration',
  incremental: 'Incremental Synchronization',
  verification: 'Full Verification',
  switchover: 'Forward Switchover',
  reverse: 'Reverse Incremental',
};

export const STAGE_STATUSES = ['not_started', 'running', 'monitoring', 'paused', 'completed', 'failed', 'skipped'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const STAGE_STATUS_LABELS: Record<StageStatus, string> = {
  not_started: 'Not Started',
  running: 'Running',
  monitoring: 'Monitoring',
  paused: 'Paused',
  completed: 'Completed',
  failed: 'Failed',
  skipped: 'Skipped',
};

export interface StageState {
  stage: StageId;
  status: StageStatus;
  /** 0..1, or null when the stage has no measurable end (incremental). */
  progress: number | null;
  startedAt: string | null;
  endedAt: string | null;
  error: string | null;
}

/** Long-running worker programs the user can monitor, start, pause and reconfigure. */
export const COMPONENT_KINDS = [
  'store',
  'incr-sync',
  'full-import',
  'full-verification',
  'reverse-store',
  'reverse-incr-sync',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export const COMPONENT_LABELS: Record<ComponentKind, string> = {
  store: 'Store',
  'incr-sync': 'Incr-Sync',
  'full-import': 'Full-Import',
  'full-verification': 'Full-Verification',
  'reverse-store': 'Store (reverse)',
  'reverse-incr-sync': 'Incr-Sync (reverse)',
};

export const COMPONENT_STATUSES = ['not_started', 'starting', 'running', 'paused', 'stopped', 'failed', 'completed'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  not_started: 'Not Started',
  starting: 'Starting',
  running: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
  failed: 'Failed',
  completed: 'Completed',
};

export interface ComponentState {
  id: string;
  projectId: string;
  kind: ComponentKind;
  status: ComponentStatus;
  params: Record<string, unknown>;
  startedAt: string | null;
  updatedAt: string;
  restarts: number;
  error: string | null;
  /** Paused by the user on its own: it stays paused while the project runs, until started again. */
  held: boolean;
}

/** The eight steps of the forward switchover (F-34, seed 001). */
export const SWITCHOVER_STEPS = [
  'start',
  'precheck',
  'start-destination-store',
  'confirm-writes-stopped',
  'confirm-timestamp-synced',
  'stop-forward-sync',
  'process-objects',
  'start-reverse',
] as const;
export type SwitchoverStepId = (typeof SWITCHOVER_STEPS)[number];

export const SWITCHOVER_STEP_LABELS: Record<SwitchoverStepId, string> = {
  start: 'Start forward switchover',
  precheck: 'Switchover precheck',
  'start-destination-store': 'Start the destination Store',
  'confirm-writes-stopped': 'Confirm writes stopped at the source',
  'confirm-timestamp-synced': 'Confirm the write-stop timestamp is synchronised',
  'stop-forward-sync': 'Stop forward synchronization',
  'process-objects': 'Process database objects',
  'start-reverse': 'Start reverse incremental',
};

export const SWITCHOVER_STEP_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export type SwitchoverStepStatus = (typeof SWITCHOVER_STEP_STATUSES)[number];

export interface SwitchoverStepState {
  step: SwitchoverStepId;
  status: SwitchoverStepStatus;
  startedAt: string | null;
  endedAt: string | null;
  error: string | null;
}
