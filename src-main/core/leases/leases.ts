/**
 * Only one host runs a project at a time: a lease row in the state database,
 * renewed while the project runs. A lease whose holder stopped renewing (or
 * whose process is gone, on this machine) can be taken over.
 */

import { hostname } from 'node:os';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../state/db';

const TTL_MS = 15_000;
const RENEW_MS = 5_000;

interface LeaseRow {
  holder: string;
  pid: number;
  expires_at: number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Leases {
  readonly holder = `${hostname()}:${process.pid}`;
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db) {}

  private stale(row: LeaseRow): boolean {
    if (row.holder === this.holder) return true;
    if (row.expires_at < Date.now()) return true;
    const [host] = row.holder.split(':');
    return host === hostname() && !processAlive(row.pid);
  }

  /** Takes the project's lease or says who holds it. */
  acquire(projectId: string, projectName: string): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT holder, pid, expires_at FROM leases WHERE project_id = ?').get(projectId) as LeaseRow | undefined;
      if (row && !this.stale(row)) {
        throw new AppError({
          code: 'conflict',
          message: `Project "${projectName}" is being run by another Cutover process (${row.holder.replace(':', ', pid ')}).`,
          workaround: 'Pause or stop it there, or wait until that process ends.',
        });
      }
      this.db
        .prepare('INSERT INTO leases (project_id, holder, pid, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(project_id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, expires_at = excluded.expires_at')
        .run(projectId, this.holder, process.pid, Date.now() + TTL_MS);
    }).immediate();
    this.held.add(projectId);
    this.timer ??= setInterval(() => this.renew(), RENEW_MS);
    this.timer.unref();
  }

  private renew(): void {
    const renew = this.db.prepare('UPDATE leases SET expires_at = ? WHERE project_id = ? AND holder = ?');
    for (const projectId of this.held) renew.run(Date.now() + TTL_MS, projectId, this.holder);
  }

  release(projectId: string): void {
    this.held.delete(projectId);
    this.db.prepare('DELETE FROM leases WHERE project_id = ? AND holder = ?').run(projectId, this.holder);
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Whether someone else is running the project right now. */
  heldElsewhere(projectId: string): boolean {
    const row = this.db.prepare('SELECT holder, pid, expires_at FROM leases WHERE project_id = ?').get(projectId) as LeaseRow | undefined;
    return row !== undefined && !this.stale(row);
  }
}
