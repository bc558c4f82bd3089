/**
 * The forward switchover into seekdb, OceanBase's engine: with full
 * verification, under an application's load until the fence. The drain, the
 * delta verification (its digests computed by seekdb) and Process database
 * objects run against OceanBase's own SQL: the held-back FOREIGN KEY and
 * CHECK are added there, the hidden key column is dropped, AUTO_INCREMENT is
 * raised, and the counters' item says what OceanBase's auto-increment cache
 * means. seekdb has no binlog, so there is no reverse incremental here.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { compareTable, isIdentical } from './compare';
import { rowsOn } from './cases/multi-db/case';
import { createCore, exec, freshHome, removeDir, servers } from './helpers';
import { createIncrementalProject, waitFor, waitForStage } from './incremental-helpers';
import { LiveLoad, loadSchema, seedLoad } from './live-load';
import { constrainedTables, createAppAccount, startAndConfirm, switchoverDone } from './switchover-helpers';

const { source, seekdb } = servers();
const DB = 'sk_sw';
const APP = { user: 'sk_app', password: 'pw' };
const TABLES = ['accounts', 'items', 'journal', 'members', 'parent', 'child'];

describe('forward switchover into seekdb', () => {
  let home: string;
  let core: CoreApp;

  beforeAll(async () => {
    await createAppAccount(source, APP, DB);
    home = freshHome('seekdb-switchover');
    core = createCore(home);
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, `SET GLOBAL read_only = OFF; DROP USER IF EXISTS '${APP.user}'@'%'; DROP DATABASE IF EXISTS ${DB};`);
    await exec(seekdb, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('switches over into seekdb under load: certified, constraints added, hidden key dropped, counters raised, identical', async () => {
    await exec(
      source,
      `${loadSchema(DB)}
       ${constrainedTables('sk')}`,
    );
    await seedLoad(source, DB, 1000);
    await exec(source, `UPDATE ${DB}.fidelity SET t_point = ST_GeomFromText(ST_AsText(t_point)) WHERE ST_SRID(t_point) <> 0`);
    await exec(seekdb, `DROP DATABASE IF EXISTS ${DB}`);
    const id = await createIncrementalProject(core, 'sk-sw', { from: source, to: seekdb }, { include: [`${DB}.*`] }, {}, ['schema', 'full', 'incremental', 'verification']);
    const load = new LiveLoad(source, DB, { statementsPerSecond: 100, seed: 31, rows: 1000, account: APP });
    try {
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'verification', 'completed', 240_000);
      load.start();
      await waitFor(async () => load.stats.transactions > 30, 'the application writing');
      await startAndConfirm(core, id);
      const overview = await switchoverDone(core, id);
      await load.stop();
      expect(overview.steps.find((s) => s.step === 'confirm-timestamp-synced')!.facts.certificate).toMatch(/^Source and destination identical at .*: [1-9]\d* changed table\(s\) verified again/);
      expect((await call(core.dispatch, 'projects/get', { id })).status).toBe('completed');

      for (const table of TABLES) {
        const diff = await compareTable(source, { database: DB, table }, seekdb, { database: DB, table });
        expect(isIdentical(diff), `${table}: ${JSON.stringify({ ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3), different: diff.different.slice(0, 3) })}`).toBe(true);
      }
      const constraints = await rowsOn<{ name: string; type: string }>(
        seekdb,
        `SELECT CONSTRAINT_NAME AS name, CONSTRAINT_TYPE AS type FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = '${DB}' AND TABLE_NAME = 'child' AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK') ORDER BY 1`,
      );
      expect(constraints.map((c) => c.name)).toEqual(['ck_sk_child', 'fk_sk_child']);
      expect(await rowsOn(seekdb, `SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${DB}' AND COLUMN_NAME = '__cutover_row_id'`)).toEqual([]);
      const items = await call(core.dispatch, 'switchover/objects', { id });
      const counter = items.find((i) => i.id === `${DB}.child auto_increment`)!;
      expect(counter).toMatchObject({ state: 'succeeded' });
      expect(counter.action).toContain('OceanBase caches auto-increment values');
      // A row the application inserts on seekdb now gets a key past every source key.
      await exec(seekdb, `INSERT INTO ${DB}.child (parent_id) VALUES (1)`);
      const [{ top }] = await rowsOn<{ top: number }>(source, `SELECT MAX(id) AS top FROM ${DB}.child`);
      const [{ fresh }] = await rowsOn<{ fresh: number }>(seekdb, `SELECT MAX(id) AS fresh FROM ${DB}.child`);
      expect(Number(fresh)).toBeGreaterThan(Number(top));
    } finally {
      await load.stop();
      await exec(source, 'SET GLOBAL read_only = OFF');
    }
  }, 480_000);
});
