/**
 * Nothing lost, nothing applied twice, whatever breaks while changes flow:
 * the Store and the Incr-Sync workers killed with SIGKILL again and again,
 * the whole host killed with SIGKILL and run again, every connection cut
 * through a proxy, the source and the destination servers restarted, all
 * under a live write load; each ends with every table identical (duplicates
 * included, for the table without a key). And a binlog purged while the
 * project is paused ends in a clear error, not a silent gap.
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { ComponentKind } from '../../src-shared/model';
import type { MariaDbServer, ServerEndpoint } from '../harness/mariadb';
import { startMariaDb } from '../harness/mariadb';
import type { TcpProxy } from '../harness/tcp-proxy';
import { startTcpProxy } from '../harness/tcp-proxy';
import type { RowDataPacket } from 'mysql2/promise';
import { compareTable, isIdentical } from './compare';
import { createCore, exec, freshHome, REPO, removeDir, rootConnection, servers } from './helpers';
import { componentPid, createIncrementalProject, expectLoadIdentical, sourcePosition, waitCaughtUp, waitFor, waitForStage } from './incremental-helpers';
import { LiveLoad, loadSchema, MEMBERS_COLUMNS, MEMBERS_FILTER, seedLoad } from './live-load';

const DB = 'incf_app';
const KILLS = 10;

/** A seeded random pause between faults, so that they land at different points of the work. */
function pauses(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return 400 + (state % 2600);
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function createProject(core: CoreApp, name: string, from: ServerEndpoint, to: ServerEndpoint): Promise<string> {
  return createIncrementalProject(
    core,
    name,
    { from, to },
    { include: [`${DB}.*`], exclude: [], tables: [{ source: `${DB}.members`, where: MEMBERS_FILTER, columns: MEMBERS_COLUMNS }] },
    { fullConcurrency: 'fast', applyConcurrency: 4, alertLevel: 'high' },
  );
}

async function prepare(from: ServerEndpoint, to: ServerEndpoint): Promise<void> {
  await exec(from, loadSchema(DB));
  await seedLoad(from, DB, 5000);
  await exec(to, `DROP DATABASE IF EXISTS ${DB};`);
}

/** Stops the load, waits for the replay to reach where the source stands, and compares. */
async function settleAndCompare(core: CoreApp, projectId: string, load: LiveLoad, from: ServerEndpoint, to: ServerEndpoint): Promise<void> {
  await load.stop();
  await waitCaughtUp(core, projectId, await sourcePosition(from), 180_000);
  await expectLoadIdentical(from, to, DB);
}

describe('incremental synchronization survives its processes being killed', () => {
  const { source, destination } = servers();
  let home: string;

  beforeAll(async () => {
    await prepare(source, destination);
    home = freshHome('incr-faults');
  });

  afterAll(async () => {
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it(`restarts the Store and Incr-Sync after ${KILLS} SIGKILLs each, at random points, with zero differences`, async () => {
    const core = createCore(home);
    const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 11, rows: 5000 });
    try {
      const id = await createProject(core, 'kill-workers', source, destination);
      load.start();
      const run = core.services.orchestrator.start(id);
      const next = pauses(3);
      const killed: Record<string, number> = { store: 0, 'incr-sync': 0 };
      for (let i = 0; i < 2 * KILLS; i++) {
        const kind: ComponentKind = i % 2 === 0 ? 'store' : 'incr-sync';
        await waitFor(async () => componentPid(core, id, kind) !== null, `a running ${kind}`, 120_000);
        await sleep(next());
        const pid = componentPid(core, id, kind);
        if (pid === null) continue;
        process.kill(pid, 'SIGKILL');
        killed[kind]++;
        await waitFor(async () => {
          const now = componentPid(core, id, kind);
          return now !== null && now !== pid;
        }, `a new ${kind} worker`);
      }
      expect(killed).toEqual({ store: KILLS, 'incr-sync': KILLS });
      await waitForStage(core, id, 'incremental', 'monitoring');
      await settleAndCompare(core, id, load, source, destination);
      const detail = await call(core.dispatch, 'projects/get', { id });
      expect(detail.components.find((c) => c.kind === 'store')!.restarts).toBeGreaterThanOrEqual(KILLS);
      expect(detail.components.find((c) => c.kind === 'incr-sync')!.restarts).toBeGreaterThanOrEqual(KILLS);
      await core.services.orchestrator.pause(id);
      await run;
    } finally {
      await load.stop();
      await core.close();
    }
  });

  it(`resumes after the whole host is SIGKILLed ${KILLS} times and run again`, async () => {
    await prepare(source, destination);
    const setup = createCore(home);
    const id = await createProject(setup, 'kill-host', source, destination);
    await setup.close();
    const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 12, rows: 5000 });
    const watcher = createCore(home);
    const runHost = (): ChildProcess => spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'run', id], { stdio: 'ignore' });
    let host: ChildProcess | null = null;
    try {
      load.start();
      const next = pauses(5);
      for (let i = 0; i < KILLS; i++) {
        const before = [componentPid(watcher, id, 'store'), componentPid(watcher, id, 'incr-sync')];
        host = runHost();
        // Let it get somewhere: a worker of this host up (the killed host's pids stay recorded), then a random moment.
        await waitFor(async () => {
          const store = componentPid(watcher, id, 'store');
          return store !== null && store !== before[0];
        }, 'the host at work', 60_000);
        await sleep(next());
        const exited = new Promise((r) => host!.once('exit', r));
        host.kill('SIGKILL');
        await exited;
        expect((await call(watcher.dispatch, 'projects/get', { id })).status).toBe('running');
      }
      host = runHost();
      await waitForStage(watcher, id, 'incremental', 'monitoring', 180_000);
      await settleAndCompare(watcher, id, load, source, destination);
      const exited = new Promise((r) => host!.once('exit', r));
      host.kill('SIGINT');
      await exited;
      await waitFor(async () => (await call(watcher.dispatch, 'projects/get', { id })).status === 'paused', 'the project paused');
    } finally {
      await load.stop();
      host?.kill('SIGKILL');
      await watcher.close();
    }
  });

  it('recovers when every connection through a proxy is cut, again and again', async () => {
    await prepare(source, destination);
    const core = createCore(home);
    const proxies: TcpProxy[] = [await startTcpProxy(source.host, source.port), await startTcpProxy(destination.host, destination.port)];
    const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 13, rows: 5000 });
    try {
      const id = await createProject(core, 'cut', { ...source, port: proxies[0].port }, { ...destination, port: proxies[1].port });
      load.start();
      const run = core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'running', 120_000);
      const next = pauses(7);
      // Six cuts that each found connections to cut (a side may be between reconnects at a given moment).
      let cuts = 0;
      let landed = 0;
      for (let i = 0; landed < 6 && i < 60; i++) {
        await sleep(next());
        const cut = proxies[landed % 2].cutAll();
        cuts += cut;
        if (cut > 0) landed++;
      }
      expect(landed).toBe(6);
      expect(cuts).toBeGreaterThan(6);
      await waitForStage(core, id, 'incremental', 'monitoring');
      await settleAndCompare(core, id, load, source, destination);
      await core.services.orchestrator.pause(id);
      await run;
    } finally {
      await load.stop();
      await core.close();
      await Promise.all(proxies.map((p) => p.close()));
    }
  });
});

/** Columns and indexes of a table as the server describes them, for comparing structure across servers. */
async function structure(server: ServerEndpoint, table: string): Promise<unknown> {
  const connection = await rootConnection(server);
  try {
    const [columns] = await connection.query('SELECT column_name, column_type, is_nullable FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position', [DB, table]);
    const [indexes] = await connection.query('SELECT index_name, seq_in_index, column_name, non_unique FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? ORDER BY index_name, seq_in_index', [DB, table]);
    return { columns, indexes };
  } finally {
    await connection.end();
  }
}

describe('incremental synchronization survives being killed in the middle of a DDL', () => {
  const { source, destination } = servers();
  let home: string;

  beforeAll(async () => {
    await prepare(source, destination);
    // Big enough that each DDL below runs on the destination long enough to be caught there.
    await exec(source, `USE ${DB}; CREATE TABLE wide (id INT PRIMARY KEY, n INT NOT NULL, label VARCHAR(40) NOT NULL); INSERT INTO wide SELECT seq, seq % 1000, CONCAT('row ', seq) FROM seq_1_to_300000;`);
    home = freshHome('incr-ddl-kill');
  });

  afterAll(async () => {
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('finishes each DDL it was SIGKILLed while running, exactly once, and replays on past it', async () => {
    const core = createCore(home);
    const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 14, rows: 5000 });
    const watch = await rootConnection(destination);
    try {
      const id = await createProject(core, 'kill-ddl', source, destination);
      load.start();
      const run = core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring');
      // Run again after the restart, each meets a different answer: the index exists already; the column is changed again; the index is gone already.
      // Each rebuilds or sorts the table, so that it runs on the destination long enough to be caught there.
      const ddls = [`ALTER TABLE ${DB}.wide ADD INDEX by_n (n, label)`, `ALTER TABLE ${DB}.wide MODIFY COLUMN n BIGINT NOT NULL`, `ALTER TABLE ${DB}.wide DROP INDEX by_n, ALGORITHM=COPY`];
      const pendingAtKill: (number | null)[] = [];
      for (const [i, ddl] of ddls.entries()) {
        const pid = componentPid(core, id, 'incr-sync');
        expect(pid).not.toBeNull();
        await exec(source, ddl);
        // The moment the destination runs it (polled fast: it takes about a second there).
        const deadline = Date.now() + 60_000;
        for (;;) {
          const [rows] = await watch.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info LIKE 'ALTER TABLE%wide%'");
          if (Number(rows[0].n) > 0) break;
          if (Date.now() > deadline) throw new Error(`the destination never ran: ${ddl}`);
          const project = await call(core.dispatch, 'projects/get', { id });
          if (project.status === 'failed') throw new Error(`the project failed: ${project.stages.map((s) => s.error).filter(Boolean).join('; ')}`);
          await sleep(10);
        }
        process.kill(pid!, 'SIGKILL');
        // Read before the restart (its delay is a second or more): the DDL is marked as started on the destination.
        const [marks] = await watch.query<RowDataPacket[]>('SELECT ddl_pending FROM cutover_meta.replay_checkpoint WHERE project_id = ? AND lane = 0', [id]);
        pendingAtKill.push(marks[0].ddl_pending === null ? null : Number(marks[0].ddl_pending));
        await waitFor(async () => {
          const now = componentPid(core, id, 'incr-sync');
          return now !== null && now !== pid;
        }, 'a new incr-sync worker');
        // Rows changed after the DDL must follow it.
        await exec(source, `UPDATE ${DB}.wide SET n = n + ${i + 1}, label = CONCAT(label, '+') WHERE id % 97 = ${i}`);
      }
      expect(pendingAtKill.every((mark) => mark !== null)).toBe(true);
      await settleAndCompare(core, id, load, source, destination);
      const diff = await compareTable(source, { database: DB, table: 'wide' }, destination, { database: DB, table: 'wide' });
      expect(isIdentical(diff), JSON.stringify({ ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3), different: diff.different.slice(0, 3) })).toBe(true);
      expect(await structure(destination, 'wide')).toEqual(await structure(source, 'wide'));
      // Each DDL reported applied once, on the change the kill left pending, and none failed.
      const history = (await call(core.dispatch, 'incremental/ddl', { id })).filter((d) => d.statement.includes('wide'));
      expect(history.map((d) => d.outcome)).toEqual(['applied', 'applied', 'applied']);
      expect(history.map((d) => d.changeId).sort((a, b) => a - b)).toEqual(pendingAtKill);
      expect((await call(core.dispatch, 'projects/get', { id })).components.find((c) => c.kind === 'incr-sync')!.restarts).toBeGreaterThanOrEqual(ddls.length);
      await core.services.orchestrator.pause(id);
      await run;
    } finally {
      await watch.end();
      await load.stop();
      await core.close();
    }
  });
});

describe('incremental synchronization survives server restarts, and refuses a purged binlog', () => {
  let from: MariaDbServer;
  let to: MariaDbServer;
  let home: string;
  let core: CoreApp;
  let id: string;
  let run: Promise<unknown>;

  beforeAll(async () => {
    [from, to] = await Promise.all([startMariaDb({ name: 'restart-src', serverId: 21 }), startMariaDb({ name: 'restart-dst', serverId: 22 })]);
    await prepare(from, to);
    home = freshHome('incr-restarts');
    core = createCore(home);
    id = await createProject(core, 'restarts', from, to);
  });

  afterAll(async () => {
    await core?.close();
    removeDir(home);
    await Promise.all([from?.destroy(), to?.destroy()]);
  });

  it('follows the source through a restart of the source and a crash of the destination', async () => {
    const load = new LiveLoad(from, DB, { statementsPerSecond: 150, seed: 17, rows: 5000 });
    try {
      load.start();
      run = core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring', 120_000);
      await sleep(1500);
      await from.restart();
      await sleep(3000);
      await to.restart({ crash: true });
      await sleep(3000);
      await from.restart();
      await waitFor(async () => (await call(core.dispatch, 'projects/get', { id })).status === 'running', 'still running');
      await settleAndCompare(core, id, load, from, to);
      const project = await call(core.dispatch, 'projects/get', { id });
      expect(project.status).toBe('running');
    } finally {
      await load.stop();
    }
  });

  it('fails with a clear error when the binlog it needs was purged while paused', async () => {
    await core.services.orchestrator.pause(id);
    await run;
    // Changes while paused, then their binlog is gone.
    await exec(from, `INSERT INTO ${DB}.accounts VALUES (99999999, 'paused@x', 1, NULL, 1, NOW(6)); FLUSH BINARY LOGS;`);
    // MariaDB keeps a binlog until its binlog checkpoint passes it: purge until the old files are really gone.
    const current = (await sourcePosition(from)).file;
    await waitFor(async () => {
      const connection = await from.connect();
      try {
        await connection.query(`PURGE BINARY LOGS TO '${current}'`);
        const [logs] = await connection.query('SHOW BINARY LOGS');
        return (logs as { Log_name: string }[]).every((l) => l.Log_name >= current);
      } finally {
        await connection.end();
      }
    }, 'the old binlogs purged');
    const end = await core.services.orchestrator.resume(id);
    expect(end.kind).toBe('failed');
    const project = await call(core.dispatch, 'projects/get', { id });
    expect(project.status).toBe('failed');
    const error = project.stages.find((s) => s.stage === 'incremental')!.error!;
    expect(error).toContain('no longer has the binlog');
    expect(error).toMatch(/mysql-bin\.\d+:\d+/);
  });
});
