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
import { compareTable, isIdentical } from './compare';
import { cli, createCore, exec, freshHome, removeDir, servers } from './helpers';
import { createIncrementalProject, expectLoadIdentical, sourcePosition, waitCaughtUp, waitForStage } from './incremental-helpers';
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
    try {
      run = core.services.orchestrator.start(projectId);
      await waitForStage(core, projectId, 'incremental', 'monitoring');

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
