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
      .prepare('INSERT INTO alerts (project_id, severity, kind, message, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(alert.projectId, alert.severity, alert.kind, alert.message, alert.createdAt);
    return Number(result.lastInsertRowid);
  }

  alerts(projectId?: string): Alert[] {
    const rows = this.db
      .prepare(
        `SELECT a.id, a.project_id, p.name AS project_name, a.severity, a.kind, a.message, a.created_at, a.resolved_at
         FROM alerts a LEFT JOIN projects p ON p.id = a.project_id
         ${projectId ? 'WHERE a.project_id = ?' : ''} ORDER BY a.id DESC LIMIT 1000`,
      )
      .all(...(projectId ? [projectId] : [])) as {
      id: number;
      project_id: string | null;
      project_name: string | null;
      severity: AlertSeverity;
      kind: string;
      message: string;
      created_at: string;
      resolved_at: string | null;
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
    }));
  }
}
