/**
 * Incremental synchronization under a live write load: the Store captures
 * from before the full copy, the replay catches up and then follows the
 * source — key changes, unique values moving between rows, NULLs, a table
 * without a key, a row filter and a column subset, every type of the
 * fidelity table, a 200,000-row transaction, DDL — and once the load stops
 * and the replay catches up, every table is identical, value for value.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { ComponentKind, ProjectDetail } from '../../src-shared/model';
import { compareBinlogPositions } from '../../src-shared/model/incremental';
import { compareTable, isIdentical } from './compare';
import { cli, createCore, exec, freshHome, recordPrewarms, removeDir, servers } from './helpers';
import { createIncrementalProject, expectLoadIdentical, sourcePosition, waitCaughtUp, waitFor, waitForStage } from './incremental-helpers';
import { LiveLoad, loadSchema, MEMBERS_COLUMNS, MEMBERS_FILTER, seedLoad } from './live-load';

const { source, destination } = servers();
const DB = 'inc_app';

describe('incremental synchronization under a live load', () => {
  let home: string;
  let core: CoreApp;
  let projectId: string;
  let run: Promise<unknown>;

  beforeAll(async () => {
    await exec(source, loadSchema(DB));
    await seedLoad(source, DB);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
    home = freshHome('incr');
    core = createCore(home);
    projectId = await createIncrementalProject(
      core,
      'incremental',
      { from: source, to: destination },
      {
        include: [`${DB}.*`],
        exclude: [],
        tables: [
          { source: `${DB}.members`, where: MEMBERS_FILTER, columns: MEMBERS_COLUMNS },
          { source: `${DB}.journal`, target: `${DB}.ledger` },
        ],
      },
      { fullConcurrency: 'fast', applyConcurrency: 4, alertLevel: 'high' },
    );
  });

  afterAll(async () => {
    await core?.close();
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('copies, catches up and follows the load to identical tables', async () => {
    const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 7 });
    load.start();
    // Each stage's workers are started ahead, once: the Store (already running with the copy) is not started twice.
    const prewarmed = recordPrewarms(core);
    try {
      run = core.services.orchestrator.start(projectId);
      await waitForStage(core, projectId, 'incremental', 'monitoring');
      prewarmed.stop();
      expect(prewarmed.labels).toEqual(['schema', 'store', 'full-import', 'incr-sync']);

      // A big transaction and DDL while the load goes on.
      await exec(
        source,
        `USE ${DB}; CREATE TABLE bulk (id INT PRIMARY KEY, v VARCHAR(20), n INT NULL);
         START TRANSACTION; INSERT INTO bulk SELECT seq, CONCAT('v', seq), IF(seq % 5 = 0, NULL, seq) FROM seq_1_to_200000; COMMIT;
         ALTER TABLE accounts ADD COLUMN tier INT NULL DEFAULT 3;
         UPDATE accounts SET tier = id % 4 WHERE id % 10 = 0;
         START TRANSACTION; DELETE FROM bulk WHERE id % 4 = 0; UPDATE bulk SET v = 'changed' WHERE id % 7 = 0; COMMIT;
         CREATE TABLE later (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO later VALUES (1, 'a'), (2, 'b');
         TRUNCATE TABLE later; INSERT INTO later VALUES (3, 'c');`,
      );
      // No session database: the DDL list still says which database the statement acts on.
      await exec(source, `ALTER TABLE ${DB}.later ADD COLUMN w INT NULL`);
      await new Promise((r) => setTimeout(r, 2000));
    } finally {
      const stats = await load.stop();
      expect(stats.statements).toBeGreaterThan(100);
    }
    await waitCaughtUp(core, projectId, await sourcePosition(source), 180_000);

    await expectLoadIdentical(source, destination, DB, { journal: 'ledger' });
    for (const table of ['bulk', 'later']) {
      const diff = await compareTable(source, { database: DB, table }, destination, { database: DB, table });
      expect(isIdentical(diff), `${table}: ${JSON.stringify(diff).slice(0, 300)}`).toBe(true);
    }
  });

  it('reports latency, the checkpoint, statistics and the DDL it replayed', async () => {
    const status = await call(core.dispatch, 'incremental/status', { id: projectId });
    expect(status.latencyMs).not.toBeNull();
    expect(status.heartbeat).toBe(true);
    expect(status.startPosition).not.toBeNull();
    expect(status.checkpoint!.changeId).toBeGreaterThan(200_000);
    const stats = await call(core.dispatch, 'incremental/stats', { id: projectId });
    const bulk = stats.find((s) => s.source.table === 'bulk')!;
    expect(bulk.inserts).toBeGreaterThanOrEqual(200_000);
    expect(bulk.deletes).toBeGreaterThanOrEqual(50_000);
    expect(stats.find((s) => s.source.table === 'accounts')!.ddl).toBeGreaterThanOrEqual(1);
    const ddl = await call(core.dispatch, 'incremental/ddl', { id: projectId });
    expect(ddl.filter((d) => d.outcome === 'applied').map((d) => d.statement)).toEqual(
      expect.arrayContaining([expect.stringContaining('ADD COLUMN tier'), expect.stringContaining('TRUNCATE'), expect.stringContaining('CREATE TABLE later')]),
    );
    expect(ddl.find((d) => d.statement.includes('ADD COLUMN w'))).toMatchObject({ outcome: 'applied', database: DB });
    const view = await call(core.dispatch, 'projects/get', { id: projectId });
    expect(view.latencyMs).not.toBeNull();
  });

  it('finds captured changes by table, key and time in the change log', async () => {
    const page = await call(core.dispatch, 'incremental/changes', { id: projectId, query: { table: `${DB}.bulk`, key: '7', limit: 10 } });
    expect(page.entries.map((e) => e.kind)).toEqual(['update', 'insert']);
    expect(page.entries[0].before!.v).toBe('v7');
    expect(page.entries[0].after!.v).toBe('changed');
    const ddl = await call(core.dispatch, 'incremental/changes', { id: projectId, query: { kinds: ['ddl'], limit: 50 } });
    expect(ddl.entries.some((e) => e.statement?.includes('ADD COLUMN tier'))).toBe(true);
    const none = await call(core.dispatch, 'incremental/changes', { id: projectId, query: { table: `${DB}.bulk`, from: Date.now() + 3_600_000, limit: 10 } });
    expect(none.entries).toEqual([]);
  });

  it('pauses Incr-Sync alone while the Store keeps capturing, keeps it paused through a project pause, a new host and a killed Store, and catches up on Start', async () => {
    const component = (detail: ProjectDetail, kind: ComponentKind) => detail.components.find((c) => c.kind === kind)!;
    const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 8 });
    load.start();
    try {
      const paused = await call(core.dispatch, 'components/pause', { id: projectId, kind: 'incr-sync' });
      expect(paused.status).toBe('running');
      expect(component(paused, 'incr-sync')).toMatchObject({ status: 'paused', held: true });
      expect(component(paused, 'store').status).toBe('running');
      await expect(call(core.dispatch, 'components/pause', { id: projectId, kind: 'incr-sync' })).rejects.toThrow(/already paused/);
      await expect(call(core.dispatch, 'components/start', { id: projectId, kind: 'store' })).rejects.toThrow(/runs with the project/);

      // The replay stands still while the Store captures what the load writes.
      const before = await call(core.dispatch, 'incremental/status', { id: projectId });
      await new Promise((r) => setTimeout(r, 3000));
      const during = await call(core.dispatch, 'incremental/status', { id: projectId });
      expect(during.checkpoint!.changeId).toBe(before.checkpoint!.changeId);
      expect(compareBinlogPositions(during.capturePosition!, before.capturePosition!)).toBeGreaterThan(0);
      // Honest health: never "caught up" while held; the latency grows with the time nothing is applied, everywhere it is shown.
      expect(during.health).toMatchObject({ state: 'paused-by-you', live: false });
      expect(during.health.latencyMs!).toBeGreaterThan(before.health.latencyMs! + 2500);
      const listed = (await call(core.dispatch, 'projects/list', {})).find((p) => p.id === projectId)!;
      expect(listed.latencyMs).toBeNull();
      expect(listed.replay).toMatchObject({ state: 'paused-by-you', reason: expect.stringContaining('component monitoring') });
      const report = JSON.parse((await cli(home, ['--json', 'project', 'status', projectId])).stdout) as { incremental: { health: { state: string } } };
      expect(report.incremental.health.state).toBe('paused-by-you');

      // The hold outlives a project pause and a new host.
      await core.services.orchestrator.pause(projectId);
      await run;
      await core.close();
      core = createCore(home);
      run = core.services.orchestrator.resume(projectId);
      await waitFor(async () => component(await call(core.dispatch, 'projects/get', { id: projectId }), 'store').status === 'running', 'the Store running again');
      await new Promise((r) => setTimeout(r, 1000));
      const resumed = await call(core.dispatch, 'projects/get', { id: projectId });
      expect(component(resumed, 'incr-sync')).toMatchObject({ status: 'paused', held: true });
      expect((await call(core.dispatch, 'incremental/status', { id: projectId })).checkpoint!.changeId).toBe(before.checkpoint!.changeId);

      // A Store killed while the replay is held restarts and loses nothing of what it had not yet captured.
      const storePid = () => (core.services.db.prepare("SELECT pid FROM components WHERE project_id = ? AND kind = 'store'").get(projectId) as { pid: number | null }).pid;
      const killed = storePid()!;
      process.kill(killed, 'SIGKILL');
      await waitFor(async () => ![null, killed].includes(storePid()), 'a new Store worker', 60_000);

      const started = await call(core.dispatch, 'components/start', { id: projectId, kind: 'incr-sync' });
      expect(component(started, 'incr-sync').held).toBe(false);
      await waitFor(async () => component(await call(core.dispatch, 'projects/get', { id: projectId }), 'incr-sync').status === 'running', 'Incr-Sync running again');
      await waitFor(async () => ['caught-up', 'catching-up'].includes((await call(core.dispatch, 'incremental/status', { id: projectId })).health.state), 'a live latency again');
    } finally {
      await load.stop();
    }
    await waitCaughtUp(core, projectId, await sourcePosition(source), 180_000);
    await expectLoadIdentical(source, destination, DB, { journal: 'ledger' });
  });

  it('pauses with a checkpoint, and the CLI reports latency and checkpoint', async () => {
    await core.services.orchestrator.pause(projectId);
    await run;
    const detail = await call(core.dispatch, 'projects/get', { id: projectId });
    expect(detail.status).toBe('paused');
    expect(detail.components.filter((c) => c.kind === 'store' || c.kind === 'incr-sync').map((c) => c.status)).toEqual(['paused', 'paused']);
    await core.close();
    const status = await cli(home, ['project', 'status', projectId, '--json']);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as { incremental: { latencyMs: number | null; checkpoint: { file: string; pos: number; changeId: number } } };
    expect(report.incremental.latencyMs).not.toBeNull();
    expect(report.incremental.checkpoint.file).toMatch(/mysql-bin\.\d+/);
    core = createCore(home);
  });
});
