/**
 * Nothing lost, nothing doubled, whatever breaks mid-copy: the Full-Import
 * worker killed with SIGKILL, the whole host killed with SIGKILL and run
 * again, and every destination connection cut through a proxy. Each ends with
 * the destination identical to the source, value for value.
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { TcpProxy } from '../harness/tcp-proxy';
import { startTcpProxy } from '../harness/tcp-proxy';
import type { ServerEndpoint } from '../harness/mariadb';
import { compareTable, isIdentical } from './compare';
import { cli, createCore, exec, freshHome, REPO, removeDir, rootConnection, servers } from './helpers';

const { source, destination } = servers();
const TABLES = ['big', 'pairs', 'loose'];

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function prepareDestination(): Promise<void> {
  const src = await rootConnection(source);
  const ddls: string[] = [];
  for (const table of TABLES) {
    const [rows] = await src.query(`SHOW CREATE TABLE ff_src.\`${table}\``);
    ddls.push((rows as Record<string, string>[])[0]['Create Table'].replace(/^CREATE TABLE `[^`]+`/, `CREATE TABLE ff_src.\`${table}\``));
  }
  await src.end();
  await exec(destination, `DROP DATABASE IF EXISTS ff_src; CREATE DATABASE ff_src; ${ddls.join(';\n')};`);
}

async function expectIdentical(): Promise<void> {
  for (const table of TABLES) {
    const diff = await compareTable(source, { database: 'ff_src', table }, destination, { database: 'ff_src', table });
    expect(isIdentical(diff), `${table}: ${JSON.stringify({ ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3) })}`).toBe(true);
  }
}

async function addProject(core: CoreApp, name: string, destinationEndpoint: ServerEndpoint & { port: number }): Promise<string> {
  const src = await call(core.dispatch, 'datasources/create', { name: `${name}-src`, host: source.host, port: source.port, user: source.user, password: source.password });
  const dst = await call(core.dispatch, 'datasources/create', {
    name: `${name}-dst`,
    host: destinationEndpoint.host,
    port: destinationEndpoint.port,
    user: destinationEndpoint.user,
    password: destinationEndpoint.password,
  });
  const project = await call(core.dispatch, 'projects/create', {
    name,
    types: ['full'],
    sourceId: src.id,
    destinationId: dst.id,
    objects: { include: ['ff_src.*'] },
    // Slow enough to be interrupted in the middle, fast enough for the test suite.
    options: { rpsLimit: 40_000, fullConcurrency: 'normal' },
  });
  return project.id;
}

async function copiedRows(core: CoreApp, id: string): Promise<number> {
  const tables = await call(core.dispatch, 'full/tables', { id });
  return tables.reduce((n, t) => n + t.rowsCopied, 0);
}

const TOTAL = 250_000;

describe('full migration under faults', () => {
  let home: string;

  beforeAll(async () => {
    await exec(
      source,
      `DROP DATABASE IF EXISTS ff_src; CREATE DATABASE ff_src; USE ff_src;
       CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(200), n DOUBLE);
       INSERT INTO big SELECT seq, REPEAT(CHAR(65 + seq % 26), 100 + seq % 100), seq / 7 FROM seq_1_to_150000;
       CREATE TABLE pairs (a VARCHAR(10), b INT, v VARCHAR(50), PRIMARY KEY (a, b));
       INSERT INTO pairs SELECT CONCAT('g', seq % 50), seq, CONCAT('value ', seq) FROM seq_1_to_70000;
       CREATE TABLE loose (x INT, y VARCHAR(20));
       INSERT INTO loose SELECT seq % 1000, 'same' FROM seq_1_to_30000;`,
    );
  });

  beforeEach(async () => {
    await prepareDestination();
    home = freshHome('faults');
  });

  afterAll(async () => {
    await exec(source, 'DROP DATABASE IF EXISTS ff_src');
    await exec(destination, 'DROP DATABASE IF EXISTS ff_src');
  });

  it('restarts a SIGKILLed Full-Import worker and resumes at its checkpoints', async () => {
    const core = createCore(home);
    try {
      const id = await addProject(core, 'kill-worker', destination);
      const done = core.services.orchestrator.start(id);
      let killed = 0;
      for (const fraction of [0.2, 0.4]) {
        await waitFor(async () => (await copiedRows(core, id)) > TOTAL * fraction, `${fraction * 100}% copied`);
        const component = (await call(core.dispatch, 'projects/get', { id })).components.find((c) => c.kind === 'full-import')!;
        const pid = (core.services.db.prepare("SELECT pid FROM components WHERE project_id = ? AND kind = 'full-import'").get(id) as { pid: number | null }).pid;
        expect(component.status).toBe('running');
        expect(pid).toBeGreaterThan(0);
        process.kill(pid!, 'SIGKILL');
        killed++;
        await waitFor(async () => {
          const row = core.services.db.prepare("SELECT pid FROM components WHERE project_id = ? AND kind = 'full-import'").get(id) as { pid: number | null };
          return row.pid !== null && row.pid !== pid;
        }, 'a new worker');
      }
      const end = await done;
      expect(end).toEqual({ kind: 'waiting', stage: 'switchover' });
      const project = await call(core.dispatch, 'projects/get', { id });
      expect(project.stages.find((s) => s.stage === 'full')).toMatchObject({ status: 'completed', progress: 1 });
      expect(project.components.find((c) => c.kind === 'full-import')!.restarts).toBe(killed);
      await expectIdentical();
    } finally {
      await core.close();
      removeDir(home);
    }
  });

  it('resumes after the whole host is SIGKILLed mid-copy and run again', async () => {
    const setup = createCore(home);
    const id = await addProject(setup, 'kill-host', destination);
    await setup.close();

    const host: ChildProcess = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'run', id, '--until', 'full:completed'], { stdio: 'ignore' });
    const watcher = createCore(home);
    try {
      await waitFor(async () => (await copiedRows(watcher, id)) > TOTAL * 0.3, '30% copied');
      const exited = new Promise((r) => host.once('exit', r));
      host.kill('SIGKILL');
      await exited;
      const before = await copiedRows(watcher, id);
      expect(before).toBeLessThan(TOTAL);
      expect((await call(watcher.dispatch, 'projects/get', { id })).status).toBe('running');
    } finally {
      await watcher.close();
    }
    // The killed host's workers notice their parent is gone and stop; the lease of a dead process is taken over.
    const again = await cli(home, ['run', id, '--until', 'full:completed']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Reached full:completed.');
    await expectIdentical();
    const status = JSON.parse((await cli(home, ['project', 'status', id, '--json'])).stdout) as { stages: { stage: string; status: string }[]; tables: { status: string; rowsCopied: number }[] };
    expect(status.stages.find((s) => s.stage === 'full')?.status).toBe('completed');
    expect(status.tables.map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
    removeDir(home);
  });

  it('retries chunks when every destination connection is cut mid-chunk', async () => {
    let proxy: TcpProxy | null = null;
    const core = createCore(home);
    try {
      proxy = await startTcpProxy(destination.host, destination.port);
      const id = await addProject(core, 'cut-connections', { ...destination, port: proxy.port });
      const done = core.services.orchestrator.start(id);
      let cuts = 0;
      for (const fraction of [0.15, 0.35, 0.6]) {
        await waitFor(async () => (await copiedRows(core, id)) > TOTAL * fraction, `${fraction * 100}% copied`);
        cuts += proxy.cutAll();
      }
      expect(cuts).toBeGreaterThan(0);
      const end = await done;
      expect(end).toEqual({ kind: 'waiting', stage: 'switchover' });
      await expectIdentical();
      const logs = await call(core.dispatch, 'logs/list', { projectId: id, source: 'full-import', search: 'retrying the chunk' });
      expect(logs.length).toBeGreaterThan(0);
    } finally {
      await core.close();
      await proxy?.close();
      removeDir(home);
    }
  });
});
