/**
 * One writer per project: the lease's epoch grows at every acquisition, a
 * process whose lease moved on cannot write the project's run state (and
 * still can write what is not run state, and other projects), and the lease
 * is renewed by its own thread, so a blocked main thread does not lose it.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../../src-main/core/api/dispatch';
import type { CoreApp } from '../../../src-main/core/app';
import { createApp } from '../../../src-main/core/app';
import type { LeaseOptions } from '../../../src-main/core/leases/leases';
import { isLeaseLost, Leases } from '../../../src-main/core/leases/leases';
import type { LeaseLoss } from '../../../src-main/core/leases/keeper';
import type { Db } from '../../../src-main/core/state/db';
import { openStateDb } from '../../../src-main/core/state/db';
import { StagesRepo } from '../../../src-main/core/state/repos/stages-repo';
import { NodeThreads } from '../../../src-main/node/threads';
import { PACKAGE_ROOT, createNodeHost } from '../../../src-main/node/node-host';

let home: string;
let core: CoreApp;
const opened: { db: Db; leases: Leases }[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'cutover-lease-'));
  core = createApp(createNodeHost('cli', home));
});

afterEach(async () => {
  for (const { db, leases } of opened.splice(0)) {
    leases.close();
    db.close();
  }
  await core.close();
  rmSync(home, { recursive: true, force: true });
});

/** Another process's view of the state database: its own connection and leases. */
function processAt(holder: string, options: Partial<LeaseOptions> = {}): { db: Db; leases: Leases; warnings: string[] } {
  const db = openStateDb(home);
  const warnings: string[] = [];
  const leases = new Leases(db, { home, holder, warn: (message) => warnings.push(message), ...options });
  opened.push({ db, leases });
  return { db, leases, warnings };
}

async function project(name: string): Promise<string> {
  const src = await call(core.dispatch, 'datasources/create', { name: `${name}-src`, host: '127.0.0.1', port: 3306, user: 'u', password: 'p' });
  const dst = await call(core.dispatch, 'datasources/create', { name: `${name}-dst`, host: '127.0.0.1', port: 3307, user: 'u', password: 'p' });
  const created = await call(core.dispatch, 'projects/create', { name, types: ['schema', 'full'], sourceId: src.id, destinationId: dst.id, objects: { include: ['db.*'], exclude: [], tables: [] } });
  return created.id;
}

function expire(db: Db, projectId: string): void {
  db.prepare('UPDATE leases SET expires_at = 0 WHERE project_id = ?').run(projectId);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Blocks this thread's event loop, as a long synchronous step would. */
function blockMainThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('project leases', () => {
  it('raise the epoch at every acquisition and keep it after a release', async () => {
    const id = await project('epochs');
    const a = processAt('host-a:1');
    expect(a.leases.acquire(id, 'epochs')).toBe(1);
    a.leases.release(id);
    expect(a.leases.state(id)).toBeNull();
    expect(a.leases.acquire(id, 'epochs')).toBe(2);
    a.leases.release(id);
    const b = processAt('host-b:2');
    expect(b.leases.acquire(id, 'epochs')).toBe(3);
  });

  it('refuse a live holder, and take over one that stopped renewing', async () => {
    const id = await project('takeover');
    const a = processAt('host-a:1');
    const b = processAt('host-b:2');
    a.leases.acquire(id, 'takeover');
    expect(() => b.leases.acquire(id, 'takeover')).toThrow(/being run by another Cutover process \(host-a, pid 1\)/);
    expect(b.leases.heldElsewhere(id)).toBe(true);
    expect(b.leases.state(id)).toMatchObject({ holder: 'host-a:1', live: true, mine: false });
    expire(b.db, id);
    expect(b.leases.state(id)).toMatchObject({ holder: 'host-a:1', live: false });
    expect(b.leases.acquire(id, 'takeover')).toBe(2);
    expect(b.leases.state(id)).toMatchObject({ holder: 'host-b:2', live: true, mine: true });
    expect(a.leases.state(id)).toMatchObject({ holder: 'host-b:2', mine: false });
  });

  it('refuse every write of run state from a process whose lease moved on, and only those', async () => {
    const id = await project('fenced');
    const other = await project('unheld');
    const a = processAt('host-a:1');
    const b = processAt('host-b:2');
    const stagesA = new StagesRepo(a.db);
    const stagesB = new StagesRepo(b.db);
    a.leases.acquire(id, 'fenced');
    stagesA.update(id, 'full', { status: 'running' });

    expire(b.db, id);
    b.leases.acquire(id, 'fenced');
    const writes: [string, () => unknown][] = [
      ['stage', () => stagesA.update(id, 'full', { status: 'failed', error: 'late' })],
      ['component', () => stagesA.updateComponent(id, 'full-import', { status: 'failed' })],
      ['project status', () => a.db.prepare("UPDATE projects SET status = 'failed' WHERE id = ?").run(id)],
      ['object', () => a.db.prepare("INSERT INTO project_objects (project_id, kind, source_db, source_name, target_db, target_name) VALUES (?, 'table', 'db', 't', 'db', 't')").run(id)],
      ['incremental state', () => a.db.prepare('INSERT INTO incremental_state (project_id) VALUES (?)').run(id)],
      ['stage delete', () => a.db.prepare('DELETE FROM stages WHERE project_id = ?').run(id)],
    ];
    for (const [what, write] of writes) {
      let refused: unknown = null;
      try {
        write();
      } catch (error) {
        refused = error;
      }
      expect(isLeaseLost(refused), `${what} was written`).toBe(true);
    }
    expect(core.services.stages.get(id, 'full')?.status).toBe('running');
    // The process that holds it now writes; the old one still logs, and still writes projects it does not hold.
    stagesB.update(id, 'full', { status: 'paused' });
    expect(core.services.stages.get(id, 'full')?.status).toBe('paused');
    a.db.prepare("INSERT INTO logs (ts, project_id, source, level, message) VALUES ('2026-01-01', ?, 'host', 'warn', 'lost')").run(id);
    new StagesRepo(a.db).update(other, 'full', { status: 'paused' });
    // Once the old process let the project go, its writes are no longer fenced (user actions on a project nobody runs).
    a.leases.release(id);
    b.leases.release(id);
    stagesA.update(id, 'full', { status: 'failed', error: 'after release' });
    expect(core.services.stages.get(id, 'full')?.status).toBe('failed');
  });

  it('are renewed by their own thread while the main thread is blocked for longer than the lease', async () => {
    const id = await project('blocked');
    const a = processAt('host-a:1', { threads: new NodeThreads(PACKAGE_ROOT), ttlMs: 1500, renewMs: 200 });
    a.leases.acquire(id, 'blocked');
    // The thread may take a moment to start (it loads its module).
    await sleep(1000);
    blockMainThread(4000);
    const b = processAt('host-b:2');
    expect(b.leases.heldElsewhere(id)).toBe(true);
    expect(() => b.leases.acquire(id, 'blocked')).toThrow(/being run by another Cutover process/);
    expect(a.warnings).toEqual([]);
  }, 20_000);

  it('tell the holder at once that another process took the project over', async () => {
    const id = await project('lost');
    const a = processAt('host-a:1', { threads: new NodeThreads(PACKAGE_ROOT), ttlMs: 1500, renewMs: 200 });
    const losses: LeaseLoss[] = [];
    a.leases.onLost((loss) => losses.push(loss));
    const epoch = a.leases.acquire(id, 'lost');
    // As a process that found the lease expired (this one stopped) would.
    const b = processAt('host-b:2');
    expire(b.db, id);
    b.leases.acquire(id, 'lost');
    const deadline = Date.now() + 10_000;
    while (losses.length === 0 && Date.now() < deadline) await sleep(50);
    expect(losses).toEqual([expect.objectContaining({ projectId: id, epoch, holder: 'host-b:2' })]);
  }, 20_000);

  it('are renewed on the main thread, with a warning, where no thread can run', async () => {
    const id = await project('fallback');
    const a = processAt('host-a:1', { threads: { start: () => { throw new Error('no threads here'); } }, ttlMs: 600, renewMs: 100 });
    a.leases.acquire(id, 'fallback');
    expect(a.warnings.join('\n')).toMatch(/lease keeper thread could not run \(Error: no threads here\); leases are renewed on the main thread/);
    await sleep(1200);
    expect(processAt('host-b:2').leases.heldElsewhere(id)).toBe(true);
  });
});
