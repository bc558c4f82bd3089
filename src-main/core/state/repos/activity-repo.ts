import type { Alert, AlertSeverity, LogEntry, LogLevel } from '../../../../src-shared/model';
import type { Db } from '../db';

export interface LogQuery {
  projectId?: string;
  source?: string;
  level?: LogLevel;
  search?: string;
  limit?: number;
}

const LEVEL_ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Logs and alerts: append-mostly records shown per project and overall. */
export class ActivityRepo {
  constructor(private readonly db: Db) {}

  addLog(entry: Omit<LogEntry, 'id'>): void {
    this.db
      .prepare('INSERT INTO logs (ts, project_id, source, level, message) VALUES (?, ?, ?, ?, ?)')
      .run(entry.ts, entry.projectId, entry.source, entry.level, entry.message);
  }

  /** Newest last, at most `limit` (default 500) of the most recent matching lines. */
  logs(query: LogQuery): LogEntry[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit ?? 500 };
    if (query.projectId) {
      where.push('project_id = @projectId');
      params.projectId = query.projectId;
    }
    if (query.source) {
      where.push('source = @source');
      params.source = query.source;
    }
    if (query.level) {
      const levels = LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(query.level));
      where.push(`level IN (${levels.map((l) => `'${l}'`).join(', ')})`);
    }
    if (query.search?.trim()) {
      where.push(`message LIKE @search ESCAPE '\\'`);
      params.search = `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const rows = this.db
      .prepare(
        `SELECT id, ts, project_id, source, level, message FROM logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY id DESC LIMIT @limit`,
      )
      .all(params) as { id: number; ts: string; project_id: string | null; source: string; level: LogLevel; message: string }[];
    return rows.reverse().map((r) => ({ id: r.id, ts: r.ts, projectId: r.project_id, source: r.source, level: r.level, message: r.message }));
  }

  addAlert(alert: { projectId: string | null; severity: AlertSeverity; kind: string; message: string; createdAt: string }): number {
    const result = this.db
      .prepare('INSERT INTO alerts (project_id, severity, kind, message, created_at, raised_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(alert.projectId, alert.severity, alert.kind, alert.message, alert.createdAt, alert.createdAt);
    return Number(result.lastInsertRowid);
  }

  /** The project's alert of this kind whose cause has not cleared, if any. */
  openAlert(projectId: string, kind: string): Alert | null {
    const row = this.db.prepare('SELECT id FROM alerts WHERE project_id = ? AND kind = ? AND resolved_at IS NULL ORDER BY id DESC LIMIT 1').get(projectId, kind) as { id: number } | undefined;
    return row ? this.alert(row.id) : null;
  }

  /** Raised again (its cause persists): counted, with the message as it is now. */
  reraiseAlert(id: number, message: string, at: string): void {
    this.db.prepare('UPDATE alerts SET raised_at = ?, times = times + 1, message = ? WHERE id = ?').run(at, message, id);
  }

  resolveAlert(id: number, at: string): void {
    this.db.prepare('UPDATE alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL').run(at, id);
  }

  acknowledgeAlert(id: number, at: string): boolean {
    return this.db.prepare('UPDATE alerts SET acknowledged_at = COALESCE(acknowledged_at, ?) WHERE id = ?').run(at, id).changes === 1;
  }

  alert(id: number): Alert | null {
    return this.alertRows('WHERE a.id = ?', [id])[0] ?? null;
  }

  alerts(projectId?: string): Alert[] {
    return this.alertRows(`${projectId ? 'WHERE a.project_id = ?' : ''} ORDER BY a.id DESC LIMIT 1000`, projectId ? [projectId] : []);
  }

  private alertRows(tail: string, params: unknown[]): Alert[] {
    const rows = this.db
      .prepare(
        `SELECT a.id, a.project_id, p.name AS project_name, a.severity, a.kind, a.message, a.created_at, a.resolved_at, a.raised_at, a.times, a.acknowledged_at
         FROM alerts a LEFT JOIN projects p ON p.id = a.project_id ${tail}`,
      )
      .all(...params) as {
      id: number;
      project_id: string | null;
      project_name: string | null;
      severity: AlertSeverity;
      kind: string;
      message: string;
      created_at: string;
      resolved_at: string | null;
      raised_at: string | null;
      times: number;
      acknowledged_at: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectName: r.project_name,
      severity: r.severity,
      kind: r.kind,
      message: r.message,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
      lastRaisedAt: r.raised_at ?? r.created_at,
      times: r.times,
      acknowledgedAt: r.acknowledged_at,
    }));
  }
}
