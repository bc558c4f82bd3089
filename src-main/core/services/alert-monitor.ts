/**
 * Alerts that follow their cause (F-40): every two seconds, for each project
 * this process runs, the conditions of src-shared/lifecycle/alert-conditions.ts
 * are checked against the project's thresholds (its own, else its alert
 * level's). A condition that starts to hold raises an alert (event and
 * desktop notification); one that keeps holding raises it again at the alert
 * frequency; one that stops holding resolves it.
 */

import type { AlertKind, Condition } from '../../../src-shared/lifecycle/alert-conditions';
import { ALERT_KIND_LABELS, alertConditions } from '../../../src-shared/lifecycle/alert-conditions';
import type { Project, ProjectView } from '../../../src-shared/model';
import { alertThresholdsOf } from '../../../src-shared/model/options';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { publishAlert } from './publish-alert';

const CHECK_MS = 2000;
/** The kinds this monitor raises and resolves (a stage failure is raised by the orchestrator and stays until acknowledged). */
const WATCHED: readonly AlertKind[] = ['latency', 'interruption', 'copy-stall', 'verification-stall'];

/** When a row count last moved, per project and counter. */
interface Motion {
  rows: number;
  since: number;
}

export class AlertMonitor {
  private timer: NodeJS.Timeout | null = null;
  private readonly motion = new Map<string, Motion>();

  constructor(
    private readonly services: RunServices,
    private readonly orchestrator: Orchestrator,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.check(), CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look at every project run here (public for tests). */
  check(now = Date.now()): void {
    // The list's views carry the replay's health: each project is looked at once.
    for (const project of this.services.projects.listRunning()) {
      if (!this.orchestrator.isRunningHere(project.id)) continue;
      try {
        this.checkProject(project, now);
      } catch (error) {
        this.services.logs.write('warn', 'host', `Alert check failed: ${String(error)}`, project.id);
      }
    }
  }

  private checkProject(view: ProjectView, now: number): void {
    const thresholds = alertThresholdsOf(view.options);
    const stage = (id: string) => view.stages.find((s) => s.stage === id)?.status;
    const running = (id: string) => stage(id) === 'running' || stage(id) === 'monitoring';
    const copyRows = () => this.services.objects.list(view.id).reduce((n, o) => n + o.copy.rowsCopied, 0);
    const watch = {
      replay: view.replay,
      copyStillMs: running('full') ? this.still(`${view.id}:copy`, copyRows(), now) : this.forget(`${view.id}:copy`),
      verificationStillMs: running('verification') ? this.still(`${view.id}:verify`, this.services.verify.summary(view.id).rowsVerified, now) : this.forget(`${view.id}:verify`),
    };
    const holding = thresholds ? alertConditions(watch, thresholds) : [];
    for (const kind of WATCHED) {
      const condition = holding.find((c) => c.kind === kind) ?? null;
      this.reconcile(view, kind, condition, thresholds?.frequencyMs ?? Infinity, now);
    }
  }

  private still(key: string, rows: number, now: number): number {
    const last = this.motion.get(key);
    if (!last || last.rows !== rows) {
      this.motion.set(key, { rows, since: now });
      return 0;
    }
    return now - last.since;
  }

  private forget(key: string): null {
    this.motion.delete(key);
    return null;
  }

  private reconcile(project: Project, kind: AlertKind, condition: Condition | null, frequencyMs: number, now: number): void {
    const { activity, events, logs } = this.services;
    const open = activity.openAlert(project.id, kind);
    const at = new Date(now).toISOString();
    if (!condition) {
      if (open) {
        activity.resolveAlert(open.id, at);
        logs.write('info', 'host', `Alert resolved: ${ALERT_KIND_LABELS[kind]} (its cause cleared).`, project.id);
        const resolved = activity.alert(open.id);
        if (resolved) events.emit('alerts/changed', resolved);
      }
      return;
    }
    if (open && now - Date.parse(open.lastRaisedAt) < frequencyMs) return;
    const id = open ? (activity.reraiseAlert(open.id, condition.message, at), open.id) : activity.addAlert({ projectId: project.id, severity: condition.severity, kind, message: condition.message, createdAt: at });
    const alert = publishAlert(this.services, id, project.name);
    if (alert) logs.write(condition.severity === 'critical' ? 'error' : 'warn', 'host', `Alert${open ? ` (again, ${alert.times} times)` : ''}: ${condition.message}`, project.id);
  }
}
