/**
 * Reverse incremental synchronization (F-35) on the MariaDB pair. A project
 * with reverse switches over under an application's write load until the
 * fence; the reverse stage then replays the destination's binlog on the
 * source, from the position the destination held when the forward replay had
 * drained the source. Under a write load on the destination, with the reverse
 * Store and Incr-Sync killed mid-stream, every table ends identical on both
 * sides. Loop avoidance: a transaction that carries an applier's checkpoint
 * row is dropped by the peer's Store (forward and reverse), so replication
 * never echoes. A rollback fences the destination, drains the reverse replay
 * past a token, raises the source's counters and lifts the source's fence;
 * the last destination write is on the source. Release then stops it for good: the source's fence is
 * lifted, Cutover's rows and change logs are gone, and it can be deleted.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { compareBinlogPositions, reverseStreamId } from '../../src-shared/model/incremental';
import { compareTable, isIdentical } from './compare';
import { rowsOn } from './cases/multi-db/case';
import { cli, createCore, exec, freshHome, removeDir, servers } from './helpers';
import { componentPid, createIncrementalProject, sourcePosition, waitFor, waitForStage } from './incremental-helpers';
import { LOAD_TABLES, LiveLoad, loadSchema, seedLoad } from './live-load';
import { createAppAccount, startAndConfirm, switchoverDone } from './switchover-helpers';

const { source, destination } = servers();
const APP = { user: 'rv_app', password: 'pw' };

/** A transaction on `server` that changes `table` and moves the checkpoint row of the applier `streamId`: what that applier's own writes look like in the binlog. */
async function markedWrite(server: typeof source, streamId: string, sql: string): Promise<void> {
  await exec(
    server,
    `CREATE DATABASE IF NOT EXISTS cutover_meta;
     CREATE TABLE IF NOT EXISTS cutover_meta.replay_checkpoint (project_id VARCHAR(64) NOT NULL, lane SMALLINT UNSIGNED NOT NULL, log_id VARCHAR(64) NOT NULL,
       change_id BIGINT UNSIGNED NOT NULL, binlog_file VARCHAR(512) NOT NULL, binlog_pos BIGINT UNSIGNED NOT NULL, gtid TEXT NULL, event_ts BIGINT NULL,
       ddl_pending BIGINT UNSIGNED NULL, updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (project_id, lane));
     START TRANSACTION;
     ${sql};
     INSERT INTO cutover_meta.replay_checkpoint (project_id, lane, log_id, change_id, binlog_file, binlog_pos) VALUES ('${streamId}', 99, 'test', 1, '', 0)
       ON DUPLICATE KEY UPDATE change_id = change_id + 1;
     COMMIT;`,
  );
}

async function expectIdentical(database: string): Promise<void> {
  for (const table of LOAD_TABLES) {
    const diff = await compareTable(source, { database, table }, destination, { database, table });
    const sample = { ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3), different: diff.different.slice(0, 3) };
    expect(isIdentical(diff), `${table}: ${JSON.stringify(sample)}`).toBe(true);
  }
}

describe('reverse incremental', () => {
  let home: string;
  let core: CoreApp;

  beforeAll(async () => {
    await createAppAccount(source, APP, 'rv_%');
    home = freshHome('reverse');
    core = createCore(home);
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, `SET GLOBAL read_only = OFF; DROP USER IF EXISTS '${APP.user}'@'%'; DROP DATABASE IF EXISTS rv_run; DROP DATABASE IF EXISTS rv_loop; DROP DATABASE IF EXISTS rv_items;`);
    await exec(destination, 'SET GLOBAL read_only = OFF; DROP DATABASE IF EXISTS rv_run; DROP DATABASE IF EXISTS rv_loop; DROP DATABASE IF EXISTS rv_items;');
  });

  it('drops the transactions the peer applier wrote: a write marked as the reverse replay\'s never reaches the destination', async () => {
    await exec(source, 'DROP DATABASE IF EXISTS rv_loop; CREATE DATABASE rv_loop; CREATE TABLE rv_loop.t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO rv_loop.t VALUES (1, \'seed\');');
    await exec(destination, 'DROP DATABASE IF EXISTS rv_loop');
    const id = await createIncrementalProject(core, 'rv-loop', { from: source, to: destination }, { include: ['rv_loop.*'] }, {});
    void core.services.orchestrator.start(id);
    try {
      await waitForStage(core, id, 'incremental', 'monitoring');
      await markedWrite(source, reverseStreamId(id), "INSERT INTO rv_loop.t VALUES (2, 'echo'); UPDATE rv_loop.t SET v = 'echoed' WHERE id = 1");
      await exec(source, "INSERT INTO rv_loop.t VALUES (3, 'after')");
      await waitFor(async () => (await rowsOn(destination, 'SELECT 1 FROM rv_loop.t WHERE id = 3')).length === 1, 'the unmarked write replayed');
      expect(await rowsOn(destination, 'SELECT id, v FROM rv_loop.t ORDER BY id')).toEqual([
        { id: 1, v: 'seed' },
        { id: 3, v: 'after' },
      ]);
    } finally {
      await core.services.orchestrator.pause(id);
    }
  });

  it('stops Process database objects at a source trigger the reverse replay would fire; the items are run, listed and marked, then it goes on', async () => {
    await exec(
      source,
      `DROP DATABASE IF EXISTS rv_items; CREATE DATABASE rv_items; USE rv_items;
       CREATE TABLE t (id INT PRIMARY KEY, v INT); CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40));
       INSERT INTO t SELECT seq, seq FROM seq_1_to_50;
       CREATE TRIGGER t_audit AFTER UPDATE ON t FOR EACH ROW INSERT INTO audit (note) VALUES (CONCAT('changed ', NEW.id));
       CREATE PROCEDURE touch() SELECT 1;`,
    );
    await exec(destination, 'DROP DATABASE IF EXISTS rv_items');
    const id = await createIncrementalProject(core, 'rv-items', { from: source, to: destination }, { include: ['rv_items.*'] }, {}, ['schema', 'full', 'incremental', 'reverse']);
    try {
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring');
      await startAndConfirm(core, id);
      const objectsStep = async () => (await call(core.dispatch, 'switchover/status', { id })).steps.find((s) => s.step === 'process-objects')!;
      await waitFor(async () => (await objectsStep()).status === 'failed', 'Process database objects to stop');
      expect((await objectsStep()).error).toMatch(/rv_items\.t_audit source trigger would fire again on reverse writes/);
      const items = await call(core.dispatch, 'switchover/objects', { id });
      const state = (list: typeof items) => Object.fromEntries(list.map((i) => [i.id, i.state]));
      expect(state(items)).toEqual({
        'rv_items.audit auto_increment': 'succeeded',
        'rv_items.t auto_increment': 'succeeded',
        'rv_items.t_audit source trigger': 'pending',
        'rv_items.touch procedure': 'listed',
      });
      expect(items.find((i) => i.kind === 'source-trigger')!.action).toMatch(/recreate it with: CREATE DEFINER=.* TRIGGER t_audit AFTER UPDATE ON t/);
      await expect(call(core.dispatch, 'switchover/objectAction', { id, item: 'rv_items.touch procedure', action: 'run' })).rejects.toThrow(/by hand/);
      // From the CLI: list, then drop the trigger.
      const listed = await cli(home, ['switchover', 'objects', id]);
      expect(listed.stdout).toMatch(/rv_items\.t_audit source trigger\s+pending/);
      const ran = await cli(home, ['--json', 'switchover', 'objects', id, '--item', 'rv_items.t_audit source trigger', '--run']);
      expect(ran.code, ran.stderr).toBe(0);
      expect(await rowsOn(source, "SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'rv_items'")).toEqual([]);
      await call(core.dispatch, 'switchover/objectAction', { id, item: 'rv_items.touch procedure', action: 'complete' });
      const logs = await call(core.dispatch, 'logs/list', { projectId: id, search: 'rv_items.t_audit source trigger' });
      expect(logs.map((l) => l.message)).toContain('Process database objects: [rv_items.t_audit source trigger] dropped on the source.');

      await call(core.dispatch, 'switchover/retry', { id, step: 'process-objects' });
      await waitFor(async () => (await call(core.dispatch, 'switchover/status', { id })).current === null, 'the switchover to end');
      expect(state(await call(core.dispatch, 'switchover/objects', { id }))).toMatchObject({ 'rv_items.t_audit source trigger': 'succeeded', 'rv_items.touch procedure': 'completed' });
      // The reverse replay's update does not fire anything on the source.
      await exec(destination, 'UPDATE rv_items.t SET v = -v WHERE id <= 10');
      await waitFor(async () => (await rowsOn(source, 'SELECT 1 FROM rv_items.t WHERE v < 0')).length === 10, 'the update back on the source');
      expect(await rowsOn(source, 'SELECT * FROM rv_items.audit')).toEqual([]);
    } finally {
      if (core.services.orchestrator.isRunningHere(id)) await core.services.orchestrator.pause(id);
      await exec(source, 'SET GLOBAL read_only = OFF');
    }
  });

  it('switches over under load, then replays destination writes on the source through killed workers: identical, nothing echoed', async () => {
    await exec(source, `DROP DATABASE IF EXISTS rv_run; CREATE DATABASE rv_run; USE rv_run; ${loadSchema('rv_run')}
      CREATE TABLE rv_run.seqd (id INT AUTO_INCREMENT PRIMARY KEY, v INT);`);
    await seedLoad(source, 'rv_run', 1500);
    await exec(destination, 'DROP DATABASE IF EXISTS rv_run');
    const id = await createIncrementalProject(core, 'rv-run', { from: source, to: destination }, { include: ['rv_run.*'] }, {}, ['schema', 'full', 'incremental', 'reverse']);
    const forwardLoad = new LiveLoad(source, 'rv_run', { statementsPerSecond: 150, seed: 11, rows: 1500, account: APP });
    try {
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring', 180_000);
      forwardLoad.start();
      await waitFor(async () => forwardLoad.stats.transactions > 50, 'the application writing');

      const plan = await call(core.dispatch, 'switchover/rehearse', { id });
      expect(plan.parts.map((p) => p.part)).toEqual(['Confirmation checks', 'Drain (token round trip)', 'After the drain', 'Stop forward synchronization', 'Drop hidden key __cutover_row_id on rv_run.journal', 'Start reverse incremental']);
      expect(plan.checks.find((c) => c.id.includes('reverse') && c.state === 'fail')).toBeUndefined();

      await call(core.dispatch, 'switchover/start', { id, fence: 'read-only', accounts: '' });
      const step = async (name: string) => (await call(core.dispatch, 'switchover/status', { id })).steps.find((s) => s.step === name);
      await waitFor(async () => (await step('confirm-writes-stopped'))?.status === 'waiting', 'the fence up');
      expect((await step('start-destination-store'))?.facts).toMatchObject({ captureFile: expect.any(String), capturePos: expect.any(Number) });
      await call(core.dispatch, 'switchover/confirm', { id, endTransactions: true });
      const finished = await switchoverDone(core, id);
      const fencedAt = Date.parse(finished.journal.find((e) => e.step === 'confirm-writes-stopped' && e.event === 'wait')!.at);
      const reverseAt = Date.parse(finished.steps.find((s) => s.step === 'start-reverse')!.endedAt!);
      console.log(`switchover with reverse: rehearsal expected ${plan.downtimeMs} ms, measured ${reverseAt - fencedAt} ms from the fence to reverse incremental running`);
      const stopped = await forwardLoad.stop();
      expect(stopped.errors).toBeGreaterThan(0);
      const drained = (await step('confirm-timestamp-synced'))!.facts;
      expect(drained).toMatchObject({ reverseFile: expect.any(String), reversePos: expect.any(Number) });

      const project = await call(core.dispatch, 'projects/get', { id });
      expect(project.status).toBe('running');
      expect(project.stages.find((s) => s.stage === 'switchover')?.status).toBe('completed');
      expect(['running', 'monitoring']).toContain(project.stages.find((s) => s.stage === 'reverse')?.status);
      expect(Number((await rowsOn<{ ro: number }>(source, 'SELECT @@GLOBAL.read_only AS ro'))[0].ro)).toBe(1);
      await expectIdentical('rv_run');
      expect(await rowsOn(destination, "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'rv_run' AND COLUMN_NAME = '__cutover_row_id'")).toEqual([]);

      // The application now writes on the destination; the reverse workers are killed while it does.
      const reverseLoad = new LiveLoad(destination, 'rv_run', { statementsPerSecond: 200, seed: 12, rows: 1500 });
      reverseLoad.start();
      for (const kind of ['reverse-incr-sync', 'reverse-store', 'reverse-incr-sync'] as const) {
        await waitFor(async () => componentPid(core, id, kind) !== null, `${kind} running`);
        await new Promise((r) => setTimeout(r, 1500));
        const pid = componentPid(core, id, kind)!;
        process.kill(pid, 'SIGKILL');
        await waitFor(async () => {
          const now = componentPid(core, id, kind);
          return now !== null && now !== pid;
        }, `${kind} restarted`);
      }
      await new Promise((r) => setTimeout(r, 1500));
      const written = await reverseLoad.stop();
      expect(written.transactions).toBeGreaterThan(300);
      // The destination's counter moves ahead of the source's (DDL does not flow back), and rows are added there.
      await exec(destination, 'ALTER TABLE rv_run.seqd AUTO_INCREMENT = 1000; INSERT INTO rv_run.seqd (v) VALUES (1), (2), (3);');
      // A destination write marked as the forward replay's is the forward direction's own: the reverse Store drops it.
      await markedWrite(destination, id, "INSERT INTO rv_run.accounts (id, email, balance, note, flags, updated) VALUES (9999999, 'echo@x', 1, 'echo', 1, NOW())");
      const end = await sourcePosition(destination);
      await waitFor(
        async () => {
          const checkpoint = core.services.reverse.status(id, false).checkpoint;
          const state = await call(core.dispatch, 'projects/get', { id });
          if (state.status === 'failed') throw new Error(`the project failed: ${state.stages.map((s) => s.error).filter(Boolean).join('; ')}`);
          return checkpoint !== null && compareBinlogPositions(checkpoint, end) >= 0;
        },
        'the reverse replay caught up',
        120_000,
      );
      await exec(destination, 'DELETE FROM rv_run.accounts WHERE id = 9999999');
      expect(await rowsOn(source, 'SELECT 1 FROM rv_run.accounts WHERE id = 9999999')).toEqual([]);
      await expectIdentical('rv_run');
      const stats = core.services.reverse.stats(id);
      expect(stats.reduce((n, t) => n + t.inserts + t.updates + t.deletes, 0)).toBeGreaterThan(300);

      const report = await cli(home, ['--json', 'project', 'status', id]);
      expect(report.code, report.stderr).toBe(0);
      expect(JSON.parse(report.stdout).reverse).toMatchObject({ checkpoint: { file: expect.any(String), pos: expect.any(Number) }, latencyMs: expect.any(Number) });

      expect(await rowsOn(source, 'SELECT id, v FROM rv_run.seqd ORDER BY id')).toEqual([
        { id: 1000, v: 1 },
        { id: 1001, v: 2 },
        { id: 1002, v: 3 },
      ]);

      // The reverse change log is searchable like the forward one, and the project's latency is the reverse replay's now.
      const logged = await call(core.dispatch, 'reverse/changes', { id, query: { table: 'rv_run.seqd', limit: 10 } });
      expect(logged.entries.map((e) => [e.kind, e.key])).toEqual([
        ['insert', ['1002']],
        ['insert', ['1001']],
        ['insert', ['1000']],
      ]);
      expect((await call(core.dispatch, 'projects/get', { id })).latencyMs).toEqual(core.services.reverse.latencyMs(id));

      // Rollback: the CLI asks for --yes; the host that runs reverse incremental rolls back.
      await expect(call(core.dispatch, 'projects/release', { id })).rejects.toThrow(/only when Paused, Failed, Completed/);
      const noYes = await cli(home, ['rollback', id]);
      expect(noYes.code).toBe(2);
      expect(noYes.stderr).toMatch(/add --yes/);
      await exec(destination, "UPDATE rv_run.accounts SET note = 'last write' WHERE id = (SELECT MIN(id) FROM rv_run.accounts); ALTER TABLE rv_run.seqd AUTO_INCREMENT = 5000;");
      const rolled = await call(core.dispatch, 'switchover/rollback', { id, confirmed: true });
      expect(rolled.rowsBack).toBeGreaterThan(300);
      expect(rolled.countersRaised).toBeGreaterThanOrEqual(1);
      expect(Number((await rowsOn<{ ro: number }>(source, 'SELECT @@GLOBAL.read_only AS ro'))[0].ro)).toBe(0);
      expect(Number((await rowsOn<{ ro: number }>(destination, 'SELECT @@GLOBAL.read_only AS ro'))[0].ro)).toBe(1);
      await expectIdentical('rv_run');
      expect(await rowsOn(source, "SELECT 1 FROM rv_run.accounts WHERE note = 'last write'")).toHaveLength(1);
      const [counter] = await rowsOn<{ n: number }>(source, "SELECT AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'rv_run' AND TABLE_NAME = 'seqd'");
      expect(Number(counter.n)).toBeGreaterThanOrEqual(5000);
      const rolledBack = await call(core.dispatch, 'projects/get', { id });
      expect(rolledBack.status).toBe('completed');
      expect(rolledBack.stages.find((s) => s.stage === 'reverse')?.status).toBe('completed');

      // Release: from the CLI only with --yes; then nothing of Cutover's is left.
      const refused = await cli(home, ['project', 'release', id]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/add --yes/);
      const released = await cli(home, ['--json', 'project', 'release', id, '--yes']);
      expect(released.code, released.stderr).toBe(0);
      expect(JSON.parse(released.stdout)).toMatchObject({ id, status: 'released' });
      expect(Number((await rowsOn<{ ro: number }>(source, 'SELECT @@GLOBAL.read_only AS ro'))[0].ro)).toBe(0);
      for (const file of [`${id}.db`, `${reverseStreamId(id)}.db`]) expect(existsSync(join(home, 'changelog', file)), file).toBe(false);
      for (const server of [source, destination]) {
        for (const table of ['replay_checkpoint', 'writer_fence', 'heartbeat']) {
          expect(await rowsOn(server, `SELECT project_id FROM cutover_meta.${table} WHERE project_id IN ('${id}', '${reverseStreamId(id)}')`), table).toEqual([]);
        }
      }
      await call(core.dispatch, 'projects/delete', { id });
    } finally {
      await forwardLoad.stop();
      if (core.services.orchestrator.isRunningHere(id)) await core.services.orchestrator.pause(id);
      await exec(source, 'SET GLOBAL read_only = OFF');
      await exec(destination, 'SET GLOBAL read_only = OFF');
    }
  }, 420_000);
});
