/** Precheck (F-10 step 5): checks run by a worker against both servers. */

export const CHECK_STATES = ['success', 'warn', 'fail'] as const;
export type CheckState = (typeof CHECK_STATES)[number];

export interface PrecheckCheck {
  /** Stable id, e.g. `source.binlog_format`. */
  id: string;
  title: string;
  state: CheckState;
  /** What was found. */
  detail: string;
  /** What to do about it; null when there is nothing to do. */
  instruction: string | null;
}

export const PRECHECK_RUN_STATUSES = ['running', 'passed', 'warned', 'failed', 'error'] as const;
export type PrecheckRunStatus = (typeof PRECHECK_RUN_STATUSES)[number];

export const CHECK_STATE_LABELS: Record<CheckState, string> = { success: 'Passed', warn: 'Warning', fail: 'Failed' };

export const PRECHECK_RUN_STATUS_LABELS: Record<PrecheckRunStatus, string> = {
  running: 'Running',
  passed: 'Passed',
  warned: 'Passed with warnings',
  failed: 'Failed',
  error: 'Could not finish',
};

export interface PrecheckRun {
  id: string;
  projectId: string;
  status: PrecheckRunStatus;
  startedAt: string;
  endedAt: string | null;
  checks: PrecheckCheck[];
  /** Set when the precheck itself could not run to the end. */
  error: string | null;
}

/** The run's verdict from its checks: any fail fails it, any warn warns. */
export function summarizeChecks(checks: readonly PrecheckCheck[]): Exclude<PrecheckRunStatus, 'running' | 'error'> {
  if (checks.some((c) => c.state === 'fail')) return 'failed';
  if (checks.some((c) => c.state === 'warn')) return 'warned';
  return 'passed';
}
