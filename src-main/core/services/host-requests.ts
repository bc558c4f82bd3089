/**
 * Asking the process that runs a project to act on it (issue: CLI parity):
 * `cutover project pause ID` from any terminal reaches the `cutover serve`,
 * the desktop app or the foreground `cutover run` that holds the project's
 * lease. A request is a row in the state database; every host looks for
 * requests about the projects it runs twice a second, acts, and records who
 * acted and how it ended; the asker waits for that.
 */

import { AppError } from '../../../src-shared/errors';
import { toErrorData } from '../../../src-shared/errors';
import type { ObjectChanges } from '../../../src-shared/contract/ipc';
import { objectChangesSchema } from '../../../src-shared/contract/ipc';
import { nowIso } from '../ids';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { Db } from '../state/db';

const POLL_MS = 500;

/** What another process can ask: pause the project, or add and remove its tables (the changes travel as the request's payload). */
export type HostRequest = { action: 'pause' } | { action: 'modify-objects'; changes: ObjectChanges };
export type HostAction = HostRequest['action'];

const ACTION_WORDS: Record<HostAction, string> = { pause: 'pause', 'modify-objects': 'modify the objects of' };

interface RequestRow {
  id: number;
  project_id: string;
  action: HostAction;
  payload: string | null;
}

export class HostRequests {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly db: Db,
    private readonly orchestrator: Orchestrator,
    /** This process, as the lease names it ("host:pid"). */
    private readonly self: string,
  ) {}

  /** Starts answering requests for the projects this process runs. */
  start(): void {
    this.timer ??= setInterval(() => void this.serve(), POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Leaves a request for the project's host and waits for its answer: who acted, or why it could not. */
  async ask(projectId: string, request: HostRequest, timeoutMs = 120_000): Promise<{ doneBy: string }> {
    const action = request.action;
    const payload = request.action === 'modify-objects' ? JSON.stringify(request.changes) : null;
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO host_requests (project_id, action, payload, requested_at, requested_by) VALUES (?, ?, ?, ?, ?)')
      .run(projectId, action, payload, nowIso(), this.self);
    const id = Number(lastInsertRowid);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = this.db.prepare('SELECT done_at, done_by, error FROM host_requests WHERE id = ?').get(id) as { done_at: string | null; done_by: string | null; error: string | null } | undefined;
      if (!row) throw new AppError({ code: 'not_found', message: 'The project was deleted while its host was asked to act.' });
      if (row.done_at) {
        if (row.error) throw new AppError({ code: 'not_allowed', message: `The Cutover process that runs the project (${row.done_by}) could not ${ACTION_WORDS[action]} it: ${row.error}` });
        return { doneBy: row.done_by ?? 'its host' };
      }
      if (Date.now() > deadline) {
        this.db.prepare("UPDATE host_requests SET done_at = ?, done_by = '', error = 'nobody answered' WHERE id = ? AND done_at IS NULL").run(nowIso(), id);
        throw new AppError({ code: 'timeout', message: `The Cutover process that runs the project did not answer within ${Math.round(timeoutMs / 1000)} s.`, workaround: 'Act from that process (the app, cutover serve, or Ctrl-C where cutover run runs it).' });
      }
      await new Promise((r) => setTimeout(r, POLL_MS / 2));
    }
  }

  private async act(request: RequestRow): Promise<void> {
    if (request.action === 'pause') return this.orchestrator.pause(request.project_id);
    // Another process wrote it: checked as any request is.
    const changes = objectChangesSchema.safeParse(JSON.parse(request.payload ?? 'null'));
    if (!changes.success) throw new AppError({ code: 'invalid_input', message: 'The request to modify the objects was not readable.' });
    await this.orchestrator.modifyObjects(request.project_id, changes.data);
  }

  /** One look at the pending requests about projects run here. */
  private async serve(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const pending = this.db.prepare('SELECT id, project_id, action, payload FROM host_requests WHERE done_at IS NULL ORDER BY id').all() as RequestRow[];
      for (const request of pending.filter((r) => this.orchestrator.isRunningHere(r.project_id))) {
        // Taken first, so that no other process acts on it too.
        const taken = this.db.prepare('UPDATE host_requests SET done_by = ? WHERE id = ? AND done_by IS NULL').run(this.self, request.id).changes === 1;
        if (!taken) continue;
        let error: string | null = null;
        try {
          await this.act(request);
        } catch (failure) {
          error = toErrorData(failure).message;
        }
        this.db.prepare('UPDATE host_requests SET done_at = ?, error = ? WHERE id = ?').run(nowIso(), error, request.id);
      }
    } finally {
      this.busy = false;
    }
  }
}
