import type { PrecheckCheck, PrecheckRun, PrecheckRunStatus } from '../../../../src-shared/model';
import type { Db } from '../db';

interface RunRow {
  id: string;
  project_id: string;
  status: PrecheckRunStatus;
  started_at: string;
  ended_at: string | null;
  error: string | null;
}

export class PrecheckRepo {
  constructor(private readonly db: Db) {}

  start(run: PrecheckRun): void {
    this.db
      .prepare('INSERT INTO precheck_runs (id, project_id, status, started_at) VALUES (?, ?, ?, ?)')
      .run(run.id, run.projectId, run.status, run.startedAt);
  }

  addCheck(runId: string, position: number, check: PrecheckCheck): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO precheck_checks (run_id, position, check_id, title, state, detail, instruction)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(runId, position, check.id, check.title, check.state, check.detail, check.instruction);
  }

  finish(runId: string, status: PrecheckRunStatus, endedAt: string, error: string | null, checks: PrecheckCheck[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM precheck_checks WHERE run_id = ?').run(runId);
      checks.forEach((check, i) => this.addCheck(runId, i, check));
      this.db.prepare('UPDATE precheck_runs SET status = ?, ended_at = ?, error = ? WHERE id = ?').run(status, endedAt, error, runId);
    })();
  }

  /** Runs still `running` that started before `cutoff` belong to a host that died: mark them as errors. */
  abandonRunning(message: string, cutoff: string): void {
    this.db
      .prepare(`UPDATE precheck_runs SET status = 'error', error = ?, ended_at = ? WHERE status = 'running' AND started_at < ?`)
      .run(message, new Date().toISOString(), cutoff);
  }

  get(runId: string): PrecheckRun | null {
    const row = this.db.prepare('SELECT * FROM precheck_runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row ? this.withChecks(row) : null;
  }

  latest(projectId: string): PrecheckRun | null {
    const row = this.db
      .prepare('SELECT * FROM precheck_runs WHERE project_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1')
      .get(projectId) as RunRow | undefined;
    return row ? this.withChecks(row) : null;
  }

  private withChecks(row: RunRow): PrecheckRun {
    const checks = this.db
      .prepare('SELECT check_id, title, state, detail, instruction FROM precheck_checks WHERE run_id = ? ORDER BY position')
      .all(row.id) as { check_id: string; title: string; state: PrecheckCheck['state']; detail: string; instruction: string | null }[];
    return {
      id: row.id,
      projectId: row.project_id,
      status: row.status,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      error: row.error,
      checks: checks.map((c) => ({ id: c.check_id, title: c.title, state: c.state, detail: c.detail, instruction: c.instruction })),
    };
  }
}
