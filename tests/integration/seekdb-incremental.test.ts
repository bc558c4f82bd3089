/**
 * Incremental synchronization from MariaDB into seekdb, OceanBase's engine,
 * under a live write load: the replay's checkpoint and writer fence live in
 * seekdb's own transactions, DML and DDL are replayed there, Incr-Sync is
 * killed with SIGKILL mid-load and restarts from that checkpoint, and once
 * the load stops every table is identical (under the documented rules).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { compareTable, isIdentical } from './compare';
import { createCore, exec, freshHome, removeDir, rootConnection, servers } from './helpers';
import { createIncrementalProject, expectLoadIdentical, sourcePosition, waitCaughtUp, waitFor, waitForStage } from './incremental-helpers';
import { LiveLoad, loadSchema, MEMBERS_COLUMNS, MEMBERS_FILTER, seedLoad } from './live-load';

const { source, seekdb } = servers();
const DB = 'sk_inc';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function incrSyncPid(core: CoreApp, projectId: string): number | null {
  const row = core.services.db.prepare("SELECT pid FROM components WHERE project_id = ? AND kind = 'incr-sync'").get(projectId) as { pid: number | null };
  return row.pid;
}

describe('incremental synchronization into seekdb', () => {
  let home: string;
  let core: CoreApp;
  let projectId: string;

  beforeAll(async () => {
    await exec(source, loadSchema(DB));
    // seekdb holds no geometry with an SRID other than 0 (the conversion report says so): the load's table of every type keeps SRID 0.
    await seedLoad(source, DB);
    await exec(source, `UPDATE ${DB}.fidelity SET t_point = ST_GeomFromText(ST_AsText(t_point)) WHERE ST_SRID(t_point) <> 0`);
    await exec(seekdb, `DROP DATABASE IF EXISTS ${DB};`);
    home = freshHome('seekdb-incr');
    core = createCore(home);
    projectId = await createIncrementalProject(
      core,
      'seekdb-incremental',
      { from: source, to: seekdb },
      { include: [`${DB}.*`], exclude: [], tables: [{ source: `${DB}.members`, where: MEMBERS_FILTER, columns: MEMBERS_COLUMNS }] },
      { fullConcurrency: 'fast', applyConcurrency: 4, alertLevel: 'high' },
    );
  });

  afterAll(async () => {
    await core?.close();
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(seekdb, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('follows the load through a SIGKILL of Incr-Sync and DDL to identical tables', async () => {
    const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 23 });
    load.start();
    const run = core.services.orchestrator.start(projectId);
    try {
      await waitForStage(core, projectId, 'incremental', 'monitoring', 180_000);
      await exec(
        source,
        `USE ${DB}; CREATE TABLE bulk (id INT PRIMARY KEY, v VARCHAR(20), n INT NULL);
         START TRANSACTION; INSERT INTO bulk SELECT seq, CONCAT('v', seq), IF(seq % 5 = 0, NULL, seq) FROM seq_1_to_50000; COMMIT;
         ALTER TABLE accounts ADD COLUMN tier INT NULL DEFAULT 3;
         UPDATE accounts SET tier = id % 4 WHERE id % 10 = 0;
         START TRANSACTION; DELETE FROM bulk WHERE id % 4 = 0; UPDATE bulk SET v = 'changed' WHERE id % 7 = 0; COMMIT;
         CREATE TABLE later (id INT PRIMARY KEY, v VARCHAR(10) CHARACTER SET latin1) DEFAULT CHARSET = latin1;
         INSERT INTO later VALUES (1, 'café'), (2, 'naïve'); UPDATE later SET v = 'crème' WHERE id = 2;`,
      );
      // Killed while it replays the load and the bulk transaction; it must restart from its checkpoint in seekdb.
      await sleep(1500);
      const pid = incrSyncPid(core, projectId);
      expect(pid).not.toBeNull();
      process.kill(pid!, 'SIGKILL');
      await waitFor(async () => {
        const now = incrSyncPid(core, projectId);
        return now !== null && now !== pid;
      }, 'a new Incr-Sync worker');
      await sleep(3000);
    } finally {
      await load.stop();
    }
    await waitCaughtUp(core, projectId, await sourcePosition(source), 180_000);

    await expectLoadIdentical(source, seekdb, DB);
    for (const table of ['bulk', 'later']) {
      const diff = await compareTable(source, { database: DB, table }, seekdb, { database: DB, table });
      expect(isIdentical(diff), `${table}: ${JSON.stringify(diff).slice(0, 300)}`).toBe(true);
    }

    // The checkpoint is in seekdb, one row per lane, fenced at this run's epoch.
    const connection = await rootConnection(seekdb);
    try {
      const [lanes] = await connection.query('SELECT COUNT(*) AS n FROM cutover_meta.replay_checkpoint WHERE project_id = ?', [projectId]);
      expect(Number((lanes as { n: number }[])[0].n)).toBe(4);
      const [fence] = await connection.query('SELECT DISTINCT epoch FROM cutover_meta.writer_fence WHERE project_id = ?', [projectId]);
      expect((fence as { epoch: number }[]).map((r) => Number(r.epoch))).toEqual([1]);
    } finally {
      await connection.end();
    }
    const ddl = await call(core.dispatch, 'incremental/ddl', { id: projectId });
    const applied = ddl.filter((d) => d.outcome === 'applied');
    expect(applied.map((d) => d.statement)).toEqual(expect.arrayContaining([expect.stringContaining('ADD COLUMN tier')]));
    // seekdb has no latin1: the replayed CREATE TABLE was converted with the live server's profile, as the schema migration is.
    expect(applied.find((d) => d.statement.includes('CREATE TABLE later'))?.applied).toMatch(/utf8mb4/);
    const detail = await call(core.dispatch, 'projects/get', { id: projectId });
    expect(detail.components.find((c) => c.kind === 'incr-sync')!.restarts).toBeGreaterThanOrEqual(1);
    await core.services.orchestrator.pause(projectId);
    await run;
  });
});
