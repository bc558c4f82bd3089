/**
 * One writer per project, enforced by fencing. A lease row in the state
 * database says which process runs a project; it is renewed by a thread of
 * its own (keeper.ts) and can be taken over once it expires or its
 * process is gone. Every acquisition raises the lease's epoch, and:
 *
 * - this connection's writes to a project's run state (status, stages,
 *   components, objects and checkpoints, schema and incremental state) are
 *   refused by triggers once the lease has moved on to a newer epoch, so a
 *   process that was stopped or stalled and wakes up cannot write behind the
 *   process that took over;
 * - the workers get the epoch and fence their own writes with it (the
 *   change log, and the destination's `cutover_meta`), so a worker of a host
 *   that lost the lease cannot write there either.
 */

import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { ThreadLauncher } from '../host';
import type { Db } from '../state/db';
import { STATE_FILE } from '../state/db';
import type { LeaseLoss } from './keeper';
import { LeaseKeeper } from './keeper';

export const LEASE_TTL_MS = 15_000;
const RENEW_MS = 5_000;

/** What the fence triggers raise; `isLeaseLost` recognises it. */
const FENCE_MESSAGE = 'cutover: the project lease was taken over by another process';

/** Tables holding a project's run state, with the column naming the project. */
const FENCED_TABLES: Record<string, string> = {
  projects: 'id',
  stages: 'project_id',
  components: 'project_id',
  project_objects: 'project_id',
  switchover_steps: 'project_id',
  switchover_journal: 'project_id',
  schema_objects: 'project_id',
  table_indexes: 'project_id',
  deferred_constraints: 'project_id',
  incremental_state: 'project_id',
  sync_stats: 'project_id',
  sync_ddl: 'project_id',
  reverse_state: 'project_id',
  reverse_stats: 'project_id',
  reverse_ddl: 'project_id',
  verify_tables: 'project_id',
  verify_differences: 'project_id',
};

interface LeaseRow {
  holder: string;
  pid: number;
  expires_at: number;
  epoch: number;
}

/** Who runs a project, as its lease says. */
export interface LeaseState {
  holder: string;
  pid: number;
  /** Still valid: renewed recently and its process (on this machine) alive. */
  live: boolean;
  /** This process holds it. */
  mine: boolean;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A write refused because another process took the project over. */
export function isLeaseLost(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'lease_lost';
  return error instanceof Error && error.message.includes(FENCE_MESSAGE);
}

/**
 * Temporary (this connection's own) triggers: a write to a project's run
 * state is refused when this connection held the project's lease at an epoch
 * that is no longer the lease's. Writes of projects this connection does not
 * hold pass (user actions on projects that no one runs).
 */
function installFence(db: Db): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS fence_held (project_id TEXT PRIMARY KEY, epoch INTEGER NOT NULL)');
  for (const [table, column] of Object.entries(FENCED_TABLES)) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE'] as const) {
      const row = op === 'DELETE' ? 'OLD' : 'NEW';
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS fence_${table}_${op.toLowerCase()} BEFORE ${op} ON main.${table}
         WHEN EXISTS (SELECT 1 FROM temp.fence_held h WHERE h.project_id = ${row}.${column}
                      AND h.epoch IS NOT (SELECT l.epoch FROM main.leases l WHERE l.project_id = h.project_id))
         BEGIN SELECT RAISE(ABORT, '${FENCE_MESSAGE}'); END`,
      );
    }
  }
}

export interface LeaseOptions {
  home: string;
  threads?: ThreadLauncher;
  warn: (message: string) => void;
  /** "host:pid" of this process, and the lease's timing; tests set their own. */
  holder?: string;
  ttlMs?: number;
  renewMs?: number;
}

export class Leases {
  readonly holder: string;
  private readonly ttlMs: number;
  /** Project id → the epoch this process holds it at. */
  private readonly held = new Map<string, number>();
  private readonly keeper: LeaseKeeper;
  private lostListener: (loss: LeaseLoss) => void = () => undefined;

  constructor(
    private readonly db: Db,
    options: LeaseOptions,
  ) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}`;
    this.ttlMs = options.ttlMs ?? LEASE_TTL_MS;
    installFence(db);
    this.keeper = new LeaseKeeper(
      { stateFile: join(options.home, STATE_FILE), holder: this.holder, ttlMs: this.ttlMs, renewMs: options.renewMs ?? RENEW_MS },
      options.threads,
      (held) => this.renew(held),
      (loss) => this.lostListener(loss),
      options.warn,
    );
  }

  /** Called when a renewal finds that another process took a project over. */
  onLost(listener: (loss: LeaseLoss) => void): void {
    this.lostListener = listener;
  }

  private stale(row: LeaseRow): boolean {
    if (row.holder === '' || row.holder === this.holder) return true;
    if (row.expires_at < Date.now()) return true;
    const [host] = row.holder.split(':');
    return host === hostname() && !processAlive(row.pid);
  }

  private row(projectId: string): LeaseRow | undefined {
    return this.db.prepare('SELECT holder, pid, expires_at, epoch FROM leases WHERE project_id = ?').get(projectId) as LeaseRow | undefined;
  }

  /** Takes the project's lease at a new epoch, or says who holds it. */
  acquire(projectId: string, projectName: string): number {
    const epoch = this.db
      .transaction(() => {
        const row = this.row(projectId);
        if (row && !this.stale(row)) {
          throw new AppError({
            code: 'conflict',
            message: `Project "${projectName}" is being run by another Cutover process (${row.holder.replace(':', ', pid ')}).`,
            workaround: 'Pause or stop it there, or wait until that process ends.',
          });
        }
        const next = (row?.epoch ?? 0) + 1;
        this.db
          .prepare(
            'INSERT INTO leases (project_id, holder, pid, expires_at, epoch) VALUES (?, ?, ?, ?, ?) ' +
              'ON CONFLICT(project_id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, expires_at = excluded.expires_at, epoch = excluded.epoch',
          )
          .run(projectId, this.holder, process.pid, Date.now() + this.ttlMs, next);
        this.db.prepare('INSERT OR REPLACE INTO temp.fence_held (project_id, epoch) VALUES (?, ?)').run(projectId, next);
        return next;
      })
      .immediate();
    this.held.set(projectId, epoch);
    this.keeper.hold(projectId, epoch);
    return epoch;
  }

  /** The epoch this process holds the project at, if it does. */
  epochOf(projectId: string): number | null {
    return this.held.get(projectId) ?? null;
  }

  /**
   * Lets the project go: the lease row stays, with its epoch, for the next
   * holder to go past. Also after a loss, once everything of the run has
   * stopped: the lease is then someone else's and is left as it is.
   */
  release(projectId: string): void {
    const epoch = this.held.get(projectId);
    this.held.delete(projectId);
    this.keeper.release(projectId);
    this.db.transaction(() => {
      if (epoch !== undefined) this.db.prepare("UPDATE leases SET holder = '', pid = 0, expires_at = 0 WHERE project_id = ? AND holder = ? AND epoch = ?").run(projectId, this.holder, epoch);
      this.db.prepare('DELETE FROM temp.fence_held WHERE project_id = ?').run(projectId);
    })();
  }

  /** Whether someone else is running the project right now. */
  heldElsewhere(projectId: string): boolean {
    const row = this.row(projectId);
    return row !== undefined && !this.stale(row);
  }

  /** Who runs the project per its lease, or null when no process ever did or the last one let it go. */
  state(projectId: string): LeaseState | null {
    const row = this.row(projectId);
    if (!row || row.holder === '') return null;
    const mine = row.holder === this.holder && this.held.get(projectId) === row.epoch;
    return { holder: row.holder, pid: row.pid, mine, live: mine || !this.stale(row) };
  }

  /** Renews from the main thread (when the keeper thread cannot run); returns the leases found lost. */
  private renew(held: ReadonlyMap<string, number>): LeaseLoss[] {
    const lost: LeaseLoss[] = [];
    const renew = this.db.prepare('UPDATE leases SET expires_at = ? WHERE project_id = ? AND holder = ? AND epoch = ?');
    for (const [projectId, epoch] of held) {
      if (renew.run(Date.now() + this.ttlMs, projectId, this.holder, epoch).changes === 1) continue;
      lost.push({ projectId, epoch, holder: this.row(projectId)?.holder || null });
    }
    return lost;
  }

  close(): void {
    this.keeper.stop();
  }
}
