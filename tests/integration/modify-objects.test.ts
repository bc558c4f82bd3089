/**
 * Tables added to and removed from a running project (F-17), under a live
 * write load: the added tables (a keyed one, one without any key, the value
 * fidelity table, and a large one rewritten in bulk while it is copied) are
 * copied while the replay goes on, caught up and merged into it, and end
 * identical; a removed table receives nothing more. Then the same with the
 * host SIGKILLed while Modifying and again while Integrating: it resumes and
 * ends identical.
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { ProjectDetail, ProjectStatus } from '../../src-shared/model';
import type { ServerEndpoint } from '../harness/mariadb';
import { compareTable, isIdentical } from './compare';
import { cli, createCore, exec, freshHome, REPO, removeDir, rootConnection, servers } from './helpers';
import { createIncrementalProject, sourcePosition, waitCaughtUp, waitFor, waitForStage } from './incremental-helpers';
import { LiveLoad, loadSchema, seedLoad } from './live-load';

const DB = 'modo_app';
const BIG_ROWS = 150_000;
/** Added while running: keyed, keyless (journal), every type (fidelity), and one big enough that changes pile up while it is copied. */
const ADDED = ['accounts', 'journal', 'fidelity', 'big'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (message: string) => console.log(`modify-objects: ${message}`);

async function prepare(source: ServerEndpoint, destination: ServerEndpoint): Promise<void> {
  await exec(source, loadSchema(DB));
  await seedLoad(source, DB, 3000);
  await exec(
    source,
    `USE ${DB}; CREATE TABLE big (id INT NOT NULL PRIMARY KEY, v INT NOT NULL, pad VARCHAR(80) NOT NULL, KEY k_v (v));
     INSERT INTO big SELECT seq, seq % 1000, REPEAT('x', 60) FROM seq_1_to_${BIG_ROWS};`,
  );
  await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
}

/** Rewrites stretches of `big` (and inserts and deletes some rows) as fast as it can until stopped: many changes to catch up. */
class BulkWriter {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  changes = 0;

  constructor(private readonly server: ServerEndpoint) {}

  start(): void {
    this.running = true;
    this.done = (async () => {
      const connection = await rootConnection(this.server, DB);
      try {
        for (let i = 0; this.running; i++) {
          const from = (i * 7919) % BIG_ROWS;
          await connection.query(`UPDATE big SET v = v + 1, pad = CONCAT('u', ${i}) WHERE id BETWEEN ${from} AND ${from + 499}`);
          await connection.query(`INSERT INTO big VALUES (${BIG_ROWS + 1 + i}, ${i}, 'new') ON DUPLICATE KEY UPDATE v = v + 1`);
          await connection.query(`DELETE FROM big WHERE id = ${1 + ((i * 104729) % BIG_ROWS)}`);
          this.changes += 502;
          await sleep(5);
        }
      } finally {
        await connection.end();
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

function createProject(core: CoreApp, name: string, source: ServerEndpoint, destination: ServerEndpoint): Promise<string> {
  // Only `items` and `members` at first; `accounts` and the rest are added while it runs.
  return createIncrementalProject(core, name, { from: source, to: destination }, { include: [`${DB}.items`, `${DB}.members`], exclude: [], tables: [] }, { fullConcurrency: 'fast', applyConcurrency: 4, alertLevel: 'high' });
}

async function detail(core: CoreApp, id: string): Promise<ProjectDetail> {
  return call(core.dispatch, 'projects/get', { id });
}

/** Every status the project shows until its modification is completed and it runs on. */
async function statusesUntilIntegrated(core: CoreApp, id: string, timeoutMs = 240_000): Promise<Set<ProjectStatus>> {
  const seen = new Set<ProjectStatus>();
  await waitFor(
    async () => {
      const project = await detail(core, id);
      seen.add(project.status);
      if (project.status === 'failed') throw new Error(`the project failed: ${project.stages.map((s) => s.error).filter(Boolean).join('; ')}`);
      return project.status === 'running' && project.modification?.status === 'completed';
    },
    'the added tables to join the replay',
    timeoutMs,
  );
  return seen;
}

async function expectIdentical(source: ServerEndpoint, destination: ServerEndpoint, tables: string[]): Promise<void> {
  for (const table of tables) {
    const diff = await compareTable(source, { database: DB, table }, destination, { database: DB, table });
    const sample = { ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3), different: diff.different.slice(0, 3) };
    expect(isIdentical(diff), `${table}: ${JSON.stringify(sample)}`).toBe(true);
    expect(diff.sourceRows).toBeGreaterThan(0);
  }
}

async function destinationHas(destination: ServerEndpoint, sql: string): Promise<boolean> {
  const connection = await rootConnection(destination, DB);
  try {
    const [rows] = await connection.query<RowDataPacket[]>(sql);
    return rows.length > 0;
  } finally {
    await connection.end();
  }
}

describe('modifying the objects of a running project', () => {
  const { source, destination } = servers();
  let home: string;

  beforeAll(() => {
    home = freshHome('modify-objects');
  });

  afterAll(async () => {
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('adds four tables and removes one under live load: Modifying → Integrating → Running, then identical', async () => {
    await prepare(source, destination);
    const core = createCore(home);
    const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 21, rows: 3000 });
    const bulk = new BulkWriter(source);
    try {
      const id = await createProject(core, 'modify-live', source, destination);
      await call(core.dispatch, 'projects/start', { id });
      await waitForStage(core, id, 'incremental', 'monitoring', 180_000);
      load.start();
      bulk.start();

      // Bad requests change nothing.
      await expect(call(core.dispatch, 'objects/modifyRunning', { id, add: [], remove: [`${DB}.nope`] })).rejects.toThrow(/does not migrate this table/);
      await expect(call(core.dispatch, 'objects/modifyRunning', { id, add: [`${DB}.no_such_table`], remove: [] })).rejects.toThrow(/match no table/);
      await expect(call(core.dispatch, 'objects/modifyRunning', { id, add: [`${DB}.items`], remove: [] })).rejects.toThrow(/match no table/);
      expect((await detail(core, id)).modification).toBeNull();

      const started = await call(core.dispatch, 'objects/modifyRunning', { id, add: ADDED.map((t) => `${DB}.${t}`), remove: [`${DB}.items`] });
      expect(started.status).toBe('modifying');
      expect(started.modification?.added.map((t) => t.table).sort()).toEqual([...ADDED].sort());
      // One modification at a time.
      await expect(call(core.dispatch, 'objects/modifyRunning', { id, add: [`${DB}.items`], remove: [] })).rejects.toThrow(/Running/);

      const seen = await statusesUntilIntegrated(core, id);
      expect(seen.has('modifying')).toBe(true);
      const integrated = await detail(core, id);
      expect(integrated.objects.include).toEqual(expect.arrayContaining(ADDED.map((t) => `${DB}.${t}`)));
      expect(integrated.objects.exclude).toContain(`${DB}.items`);

      // The removed table: a row written now never reaches the destination.
      await exec(source, `INSERT INTO ${DB}.items (region, code, qty) VALUES ('zz', 'after-removal', 1)`);
      await sleep(3000);
      await bulk.stop();
      await load.stop();
      await waitCaughtUp(core, id, await sourcePosition(source), 180_000);
      await expectIdentical(source, destination, ADDED);
      expect(await destinationHas(destination, "SELECT 1 FROM items WHERE code = 'after-removal'")).toBe(false);
      // The catch-up left no checkpoint of its own behind.
      expect(await destinationHas(destination, `SELECT 1 FROM cutover_meta.replay_checkpoint WHERE project_id = '${id}.catchup'`)).toBe(false);
      expect(bulk.changes).toBeGreaterThan(10_000);
      await call(core.dispatch, 'projects/pause', { id });
    } finally {
      await bulk.stop();
      await load.stop();
      await core.close();
    }
  }, 300_000);

  it('resumes after the host is SIGKILLed while Modifying and while Integrating, and ends identical', async () => {
    await prepare(source, destination);
    const setup = createCore(home);
    const id = await createProject(setup, 'modify-kill', source, destination);
    await setup.close();
    const watcher = createCore(home);
    const load = new LiveLoad(source, DB, { statementsPerSecond: 100, seed: 22, rows: 3000 });
    const bulk = new BulkWriter(source);
    const runHost = (): ChildProcess => spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'run', id], { stdio: 'ignore' });
    const kill = async (host: ChildProcess) => {
      const exited = new Promise((r) => host.once('exit', r));
      host.kill('SIGKILL');
      await exited;
    };
    let host: ChildProcess | null = runHost();
    try {
      await waitForStage(watcher, id, 'incremental', 'monitoring', 180_000);
      load.start();
      bulk.start();
      const t0 = Date.now();
      // The CLI asks the host that runs the project.
      const asked = await cli(home, ['objects', 'modify', id, '--add', ADDED.map((t) => `${DB}.${t}`).join(','), '--json']);
      expect(asked.code, asked.stderr).toBe(0);
      expect(JSON.parse(asked.stdout).modification.added).toHaveLength(ADDED.length);

      // Killed while the added tables are copied: once the largest has rows on the destination and before it is done.
      await waitFor(
        async () => {
          const project = await detail(watcher, id);
          if (project.status !== 'modifying') throw new Error(`reached ${project.status} before the copy of the added tables was seen under way`);
          const big = (await call(watcher.dispatch, 'full/tables', { id })).find((t) => t.source.table === 'big');
          return big !== undefined && big.rowsCopied > 0 && big.status !== 'completed';
        },
        'the copy of the added tables',
        60_000,
      );
      await kill(host);
      // What the killed host had recorded: it was Modifying.
      expect((await detail(watcher, id)).modification?.status).toBe('modifying');
      host = runHost();
      log(`killed Modifying at ${Date.now() - t0} ms`);

      // Killed while they catch up.
      await waitFor(
        async () => {
          const project = await detail(watcher, id);
          if (project.status === 'failed' || project.modification?.status === 'completed') {
            throw new Error(`reached ${project.status} without being seen Integrating: ${project.stages.map((st) => st.error).filter(Boolean).join('; ')}`);
          }
          return project.status === 'integrating';
        },
        'Integrating',
        240_000,
      );
      await sleep(300);
      await kill(host);
      expect((await detail(watcher, id)).modification?.status).toBe('integrating');
      host = runHost();
      log(`killed Integrating at ${Date.now() - t0} ms`);

      const seen = await statusesUntilIntegrated(watcher, id);
      expect(seen.has('running')).toBe(true);
      log(`integrated at ${Date.now() - t0} ms, ${bulk.changes} bulk row changes`);
      await bulk.stop();
      await load.stop();
      await waitCaughtUp(watcher, id, await sourcePosition(source), 180_000);
      await expectIdentical(source, destination, [...ADDED, 'items']);
      const stopped = new Promise((r) => host!.once('exit', r));
      host.kill('SIGINT');
      await stopped;
      host = null;
    } finally {
      await bulk.stop();
      await load.stop();
      host?.kill('SIGKILL');
      await watcher.close();
    }
  }, 420_000);
});
