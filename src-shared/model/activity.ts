/** Alerts (F-40) and logs (F-23) as clients see them. */

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_SEVERITY_LABELS: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

export interface Alert {
  id: number;
  projectId: string | null;
  projectName: string | null;
  severity: AlertSeverity;
  /** e.g. `stage-failed`, `latency`, `interrupted`. */
  kind: string;
  message: string;
  createdAt: string;
  /** Set when its cause cleared (or, for a stage failure, never: it is acknowledged). */
  resolvedAt: string | null;
  /** When it was last raised: a cause that persists is raised again at the project's alert frequency. */
  lastRaisedAt: string;
  /** How many times it was raised. */
  times: number;
  acknowledgedAt: string | null;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogEntry {
  id: number;
  ts: string;
  projectId: string | null;
  /** `host`, `precheck`, or a component kind. */
  source: string;
  level: LogLevel;
  message: string;
}
