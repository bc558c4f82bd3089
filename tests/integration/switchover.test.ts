/**
 * The forward switchover on the MariaDB pair, driven through the API as the
 * UI drives it. Under an application's write load until the fence: precheck,
 * read_only fence, the confirmation (ending the open transaction), the drain
 * token, forward sync stopped, constraints added, hidden key dropped,
 * AUTO_INCREMENT raised; the project ends Completed with identical tables.
 * A privileged write after the fence is a breach that stops the switchover;
 * Cancel then leaves the source writable and forward sync running. From
 * the CLI, `cutover switchover run --yes` runs the project and the whole
 * switchover in its own process, and refuses to start without --yes. A
 * host that stops while the fence waits for the confirmation picks the
 * switchover up again when it starts, and it completes.
 */

import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { Rehearsal, SwitchoverOverview } from '../../src-shared/model';
import { compareTable, isIdentical } from './compare';
import { rowsOn } from './cases/multi-db/case';
import { cli, createCore, exec, freshHome, removeDir, servers } from './helpers';
import { createIncrementalProject, waitFor, waitForStage } from './incremental-helpers';

const { source, destination } = servers();

const SCHEMA = `CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL);
  CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
  CREATE TABLE counted (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, CONSTRAINT ck_positive CHECK (v >= 0));
  CREATE TABLE keyless (a INT, b VARCHAR(20));
  INSERT INTO parent SELECT seq, CONCAT('p', seq) FROM seq_1_to_50;
  INSERT INTO child SELECT seq, 1 + seq % 50 FROM seq_1_to_200;
  INSERT INTO counted (v) SELECT seq FROM seq_1_to_300;
  INSERT INTO keyless SELECT seq % 7, CONCAT('k', seq) FROM seq_1_to_100;`;

async function overview(core: CoreApp, id: string): Promise<SwitchoverOverview> {
  return call(core.dispatch, 'switchover/status', { id });
}

async function stepState(core: CoreApp, id: string, step: string): Promise<string | undefined> {
  return (await overview(core, id)).steps.find((s) => s.step === step)?.status;
}

async function readOnly(): Promise<number> {
  const [row] = await rowsOn<{ ro: number }>(source, 'SELECT @@GLOBAL.read_only AS ro');
  return Number(row.ro);
}

/** An application writing as a plain account: inserts and updates until stopped; refusals after the fence are counted. */
class AppLoad {
  writes = 0;
  refused = 0;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  constructor(private readonly database: string) {}

  start(): void {
    this.done = (async () => {
      let connection: Connection | null = null;
      while (!this.stopped) {
        try {
          connection ??= await createConnection({ host: source.host, port: source.port, user: 'sw_app', password: 'pw', database: this.database });
          await connection.query('INSERT INTO counted (v) VALUES (?)', [this.writes]);
          await connection.query('UPDATE parent SET name = ? WHERE id = ?', [`n${this.writes}`, 1 + (this.writes % 50)]);
          this.writes++;
        } catch (error) {
          if ((error as { errno?: number }).errno === 1290) this.refused++;
          await connection?.end().catch(() => undefined);
          connection = null;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      await connection?.end().catch(() => undefined);
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

describe('forward switchover', () => {
  let home: string;
  let core: CoreApp;

  beforeAll(async () => {
    await exec(source, "DROP USER IF EXISTS 'sw_app'@'%'; CREATE USER 'sw_app'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, INSERT, UPDATE, DELETE ON `sw\\_%`.* TO 'sw_app'@'%';");
    home = freshHome('switchover');
    core = createCore(home);
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, "SET GLOBAL read_only = OFF; DROP USER IF EXISTS 'sw_app'@'%'; DROP DATABASE IF EXISTS sw_run; DROP DATABASE IF EXISTS sw_breach; DROP DATABASE IF EXISTS sw_cli; DROP DATABASE IF EXISTS sw_restart; DROP DATABASE IF EXISTS sw_retry; DROP DATABASE IF EXISTS sw_timeout;");
    await exec(destination, 'DROP DATABASE IF EXISTS sw_run; DROP DATABASE IF EXISTS sw_breach; DROP DATABASE IF EXISTS sw_cli; DROP DATABASE IF EXISTS sw_restart; DROP DATABASE IF EXISTS sw_retry; DROP DATABASE IF EXISTS sw_timeout;');
  });

  it('switches over under a live load: fenced, drained, forward sync stopped, objects processed, identical', async () => {
    await exec(source, `DROP DATABASE IF EXISTS sw_run; CREATE DATABASE sw_run; USE sw_run; ${SCHEMA}`);
    await exec(destination, 'DROP DATABASE IF EXISTS sw_run');
    const id = await createIncrementalProject(core, 'sw-run', { from: source, to: destination }, { include: ['sw_run.*'] }, {});
    const load = new AppLoad('sw_run');
    load.start();
    try {
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring');
      await waitFor(async () => load.writes > 20, 'the application writing');
      // An open write transaction of the application, which the confirmation ends.
      const open = await createConnection({ host: source.host, port: source.port, user: 'sw_app', password: 'pw', database: 'sw_run' });
      await open.query('BEGIN');
      await open.query('INSERT INTO counted (v) VALUES (-0)');
      open.on('error', () => undefined);

      await call(core.dispatch, 'switchover/start', { id, fence: 'read-only', accounts: '' });
      await waitFor(async () => (await stepState(core, id, 'confirm-writes-stopped')) === 'waiting', 'the fence up, waiting for the confirmation');
      expect(await readOnly()).toBe(1);
      const fenced = (await overview(core, id)).steps.find((s) => s.step === 'confirm-writes-stopped')!;
      expect(fenced.facts).toMatchObject({ fence: 'read-only', previousReadOnly: false, openTransactions: 1 });
      await waitFor(async () => load.refused > 0, 'the application refused');

      await call(core.dispatch, 'switchover/confirm', { id, endTransactions: true });
      await waitFor(async () => (await overview(core, id)).current === null || (await overview(core, id)).steps.some((s) => s.status === 'failed'), 'the switchover to end', 90_000);
      const done = await overview(core, id);
      expect(done.steps.map((s) => [s.step, s.status, s.error])).toEqual(done.steps.map((s) => [s.step, 'succeeded', null]));
      expect(done.steps.find((s) => s.step === 'confirm-timestamp-synced')!.facts).toMatchObject({ tokenFile: expect.any(String), drainMs: expect.any(Number) });
      expect(done.journal.map((e) => `${e.step ?? '-'}:${e.event}`)).toContain('confirm-writes-stopped:confirm');

      const project = await call(core.dispatch, 'projects/get', { id });
      expect(project.status).toBe('completed');
      expect(project.stages.find((s) => s.stage === 'incremental')?.status).toBe('completed');
      expect(project.stages.find((s) => s.stage === 'switchover')?.status).toBe('completed');
      // The source stays fenced after the point of no return.
      expect(await readOnly()).toBe(1);

      await load.stop();
      for (const table of ['parent', 'child', 'counted', 'keyless']) {
        const diff = await compareTable(source, { database: 'sw_run', table }, destination, { database: 'sw_run', table });
        expect(isIdentical(diff), `${table}: ${JSON.stringify({ ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3) })}`).toBe(true);
      }
      const constraints = await rowsOn<{ name: string }>(destination, "SELECT CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'sw_run' AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK') ORDER BY 1");
      expect(constraints.map((c) => c.name)).toEqual(['ck_positive', 'fk_child_parent']);
      expect(await rowsOn(destination, "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'sw_run' AND COLUMN_NAME = '__cutover_row_id'")).toEqual([]);
      const [counter] = await rowsOn<{ s: number; d: number }>(
        destination,
        `SELECT (SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sw_run' AND TABLE_NAME = 'counted') AS d, 0 AS s`,
      );
      const [sourceCounter] = await rowsOn<{ n: number }>(source, "SELECT AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sw_run' AND TABLE_NAME = 'counted'");
      expect(Number(counter.d)).toBeGreaterThanOrEqual(Number(sourceCounter.n));
      await open.end().catch(() => undefined);
    } finally {
      await load.stop();
      await exec(source, 'SET GLOBAL read_only = OFF');
    }
  });

  it('stops on a privileged write after the fence (a breach); Cancel leaves the source writable and forward sync running', async () => {
    await exec(source, `DROP DATABASE IF EXISTS sw_breach; CREATE DATABASE sw_breach; USE sw_breach; ${SCHEMA}`);
    await exec(destination, 'DROP DATABASE IF EXISTS sw_breach');
    const id = await createIncrementalProject(core, 'sw-breach', { from: source, to: destination }, { include: ['sw_breach.*'] }, {});
    try {
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring');
      await call(core.dispatch, 'switchover/start', { id, fence: 'read-only', accounts: '' });
      await waitFor(async () => (await stepState(core, id, 'confirm-writes-stopped')) === 'waiting', 'the fence up');
      // root holds SUPER: read_only does not stop it.
      await exec(source, "UPDATE sw_breach.parent SET name = 'breach' WHERE id = 7");
      await waitFor(async () => (await rowsOn<{ name: string }>(destination, 'SELECT name FROM sw_breach.parent WHERE id = 7'))[0]?.name === 'breach', 'the write captured and replayed');
      await call(core.dispatch, 'switchover/confirm', { id, endTransactions: false });
      const failed = (await overview(core, id)).steps.find((s) => s.step === 'confirm-writes-stopped')!;
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/^Breach of the write fence: 1 change\(s\) to migrated tables after it, first update on sw_breach\.parent key 7 at /);
      await expect(call(core.dispatch, 'switchover/skip', { id, step: 'confirm-writes-stopped', confirmed: true })).rejects.toThrow(/cannot be skipped/);

      await call(core.dispatch, 'switchover/cancel', { id });
      expect(await readOnly()).toBe(0);
      const after = await overview(core, id);
      expect(after.steps.every((s) => s.status === 'pending')).toBe(true);
      expect(after.journal.at(-1)?.event).toBe('cancel');
      const project = await call(core.dispatch, 'projects/get', { id });
      expect(project.stages.find((s) => s.stage === 'incremental')?.status).toBe('monitoring');
      await exec(source, "UPDATE sw_breach.parent SET name = 'after cancel' WHERE id = 8");
      await waitFor(async () => (await rowsOn<{ name: string }>(destination, 'SELECT name FROM sw_breach.parent WHERE id = 8'))[0]?.name === 'after cancel', 'forward sync still running');
    } finally {
      await exec(source, 'SET GLOBAL read_only = OFF');
      await core.services.orchestrator.pause(id).catch(() => undefined);
    }
  });

  it('runs the project and the whole switchover from the CLI, and refuses without --yes', async () => {
    await exec(source, `DROP DATABASE IF EXISTS sw_cli; CREATE DATABASE sw_cli; USE sw_cli; ${SCHEMA}`);
    await exec(destination, 'DROP DATABASE IF EXISTS sw_cli');
    const cliHome = freshHome('switchover-cli-run');
    const cliCore = createCore(cliHome);
    const id = await createIncrementalProject(cliCore, 'sw-cli', { from: source, to: destination }, { include: ['sw_cli.*'] }, {});
    await cliCore.close();
    try {
      const refused = await cli(cliHome, ['switchover', 'run', id]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('add --yes to confirm');
      // A rehearsal first: it runs the project here, times the drain, estimates the objects, and fences nothing.
      const rehearsed = await cli(cliHome, ['--json', 'switchover', 'rehearse', id]);
      expect(rehearsed.code, rehearsed.stderr).toBe(0);
      const plan = JSON.parse(rehearsed.stdout) as Rehearsal;
      expect(plan.parts.map((p) => `${p.how} ${p.part}`)).toEqual([
        'estimated Confirmation checks',
        'measured Drain (token round trip)',
        'estimated After the drain',
        'estimated Stop forward synchronization',
        'estimated Add constraint fk_child_parent on sw_cli.child',
        'estimated Add constraint ck_positive on sw_cli.counted',
        'estimated Drop hidden key __cutover_row_id on sw_cli.keyless',
      ]);
      expect(plan.downtimeMs).toBe(plan.parts.reduce((n, p) => n + p.ms, 0));
      expect(plan.checks.length).toBeGreaterThan(3);
      expect(await readOnly()).toBe(0);
      const human = await cli(cliHome, ['switchover', 'rehearse', id]);
      expect(human.stdout).toMatch(/Expected write downtime, from the fence to reverse incremental \(or the end\), not counting your confirmation: \d+\.\d s\./);

      const ran = await cli(cliHome, ['--json', 'switchover', 'run', id, '--fence', 'read-only', '--yes', '--timeout', '120']);
      expect(ran.code, ran.stderr).toBe(0);
      const overview = JSON.parse(ran.stdout) as SwitchoverOverview;
      expect(overview.current).toBeNull();
      expect(overview.steps.every((s) => s.status === 'succeeded')).toBe(true);
      // The rehearsal's estimate beside the downtime measured from the fence to the last step's end (the confirmation is immediate here).
      const fenced = overview.journal.find((e) => e.step === 'confirm-writes-stopped' && e.event === 'wait')!;
      const measured = Date.parse(overview.steps.at(-1)!.endedAt!) - Date.parse(fenced.at);
      console.log(`switchover downtime: rehearsal expected ${plan.downtimeMs} ms, measured ${measured} ms from the fence to the end`);
      expect(await readOnly()).toBe(1);
      const status = await cli(cliHome, ['--json', 'project', 'status', id]);
      expect(JSON.parse(status.stdout)).toMatchObject({ status: 'completed' });
      for (const table of ['parent', 'child', 'counted', 'keyless']) {
        expect(isIdentical(await compareTable(source, { database: 'sw_cli', table }, destination, { database: 'sw_cli', table })), table).toBe(true);
      }
    } finally {
      await exec(source, 'SET GLOBAL read_only = OFF');
      removeDir(cliHome);
    }
  });

  it('picks up a switchover waiting behind its fence when the host starts again, and completes it', async () => {
    await exec(source, `DROP DATABASE IF EXISTS sw_restart; CREATE DATABASE sw_restart; USE sw_restart; ${SCHEMA}`);
    await exec(destination, 'DROP DATABASE IF EXISTS sw_restart');
    const restartHome = freshHome('switchover-restart');
    let first: CoreApp | null = createCore(restartHome);
    let second: CoreApp | null = null;
    try {
      const id = await createIncrementalProject(first, 'sw-restart', { from: source, to: destination }, { include: ['sw_restart.*'] }, {});
      void first.services.orchestrator.start(id);
      await waitForStage(first, id, 'incremental', 'monitoring');
      await call(first.dispatch, 'switchover/start', { id, fence: 'read-only', accounts: '' });
      await waitFor(async () => (await stepState(first!, id, 'confirm-writes-stopped')) === 'waiting', 'the fence up');
      await first.close();
      first = null;

      second = createCore(restartHome);
      second.services.orchestrator.resumeRunning();
      second.services.switchover.resumeUnderway();
      await waitFor(async () => second!.services.orchestrator.isRunningHere(id), 'the project running in the new host');
      expect(await stepState(second, id, 'confirm-writes-stopped')).toBe('waiting');
      expect(await readOnly()).toBe(1);
      await call(second.dispatch, 'switchover/confirm', { id, endTransactions: false });
      await waitFor(async () => (await overview(second!, id)).current === null || (await overview(second!, id)).steps.some((s) => s.status === 'failed'), 'the switchover to end', 90_000);
      expect((await overview(second, id)).steps.every((s) => s.status === 'succeeded')).toBe(true);
      expect((await call(second.dispatch, 'projects/get', { id })).status).toBe('completed');
      for (const table of ['parent', 'child', 'counted', 'keyless']) {
        expect(isIdentical(await compareTable(source, { database: 'sw_restart', table }, destination, { database: 'sw_restart', table })), table).toBe(true);
      }
    } finally {
      await exec(source, 'SET GLOBAL read_only = OFF');
      await first?.close();
      await second?.close();
      removeDir(restartHome);
    }
  });

  it('fails Process database objects on a constraint the rows break, and completes on retry from the CLI once fixed', async () => {
    await exec(source, `DROP DATABASE IF EXISTS sw_retry; CREATE DATABASE sw_retry; USE sw_retry; ${SCHEMA}`);
    await exec(destination, 'DROP DATABASE IF EXISTS sw_retry');
    const id = await createIncrementalProject(core, 'sw-retry', { from: source, to: destination }, { include: ['sw_retry.*'] }, {});
    try {
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring');
      // A row only the destination has, which the held-back CHECK refuses.
      await exec(destination, 'INSERT INTO sw_retry.counted (id, v) VALUES (900000, -5)');
      await call(core.dispatch, 'switchover/start', { id, fence: 'read-only', accounts: '' });
      await waitFor(async () => (await stepState(core, id, 'confirm-writes-stopped')) === 'waiting', 'the fence up');
      await call(core.dispatch, 'switchover/confirm', { id, endTransactions: false });
      await waitFor(async () => (await stepState(core, id, 'process-objects')) === 'failed', 'Process database objects failed', 90_000);
      const failed = (await overview(core, id)).steps.find((s) => s.step === 'process-objects')!;
      expect(failed.error).toMatch(/^1 object\(s\) could not be processed: sw_retry\.counted check ck_positive: /);
      expect(failed.facts['item:sw_retry.child foreign_key fk_child_parent']).toBe('succeeded');
      const items = await call(core.dispatch, 'switchover/objects', { id });
      expect(items.find((i) => i.id === 'sw_retry.counted check ck_positive')).toMatchObject({ kind: 'constraint', state: 'failed', error: expect.stringMatching(/CONSTRAINT .*ck_positive.* failed/) });

      const status = JSON.parse((await cli(home, ['--json', 'project', 'status', id])).stdout) as { switchover: { current: string; pastPointOfNoReturn: boolean } };
      expect(status.switchover).toMatchObject({ current: 'process-objects', pastPointOfNoReturn: true });
      await expect(call(core.dispatch, 'switchover/cancel', { id })).rejects.toThrow(/can only be finished or rolled back/);

      const again = await cli(home, ['switchover', 'retry', id, '--step', 'process-objects', '--timeout', '60']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('the switchover stopped at "Process database objects": 1 object(s) could not be processed: sw_retry.counted check ck_positive');
      await exec(destination, 'DELETE FROM sw_retry.counted WHERE id = 900000');
      const fixed = await cli(home, ['switchover', 'retry', id, '--step', 'process-objects', '--timeout', '60']);
      expect(fixed.code, fixed.stderr).toBe(0);
      const done = await overview(core, id);
      expect(done.current).toBeNull();
      // The foreign key added on the first try was not run again.
      expect(done.journal.filter((e) => e.step === 'process-objects' && e.event === 'fail')).toHaveLength(2);
      const constraints = await rowsOn<{ name: string }>(destination, "SELECT CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'sw_retry' AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK') ORDER BY 1");
      expect(constraints.map((c) => c.name)).toEqual(['ck_positive', 'fk_child_parent']);
      expect((await call(core.dispatch, 'projects/get', { id })).status).toBe('completed');
    } finally {
      await exec(source, 'SET GLOBAL read_only = OFF');
    }
  });

  it('lifts a fence nobody confirms after its timeout, and says why', async () => {
    await exec(source, `DROP DATABASE IF EXISTS sw_timeout; CREATE DATABASE sw_timeout; USE sw_timeout; ${SCHEMA}`);
    await exec(destination, 'DROP DATABASE IF EXISTS sw_timeout');
    const id = await createIncrementalProject(core, 'sw-timeout', { from: source, to: destination }, { include: ['sw_timeout.*'] }, {});
    try {
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring');
      await call(core.dispatch, 'switchover/start', { id, fence: 'read-only', accounts: '', fenceTimeoutSeconds: 5 });
      await waitFor(async () => (await stepState(core, id, 'confirm-writes-stopped')) === 'waiting', 'the fence up');
      expect(await readOnly()).toBe(1);
      await waitFor(async () => (await readOnly()) === 0, 'the fence lifted by itself', 30_000);
      await waitFor(async () => (await overview(core, id)).journal.at(-1)?.event === 'cancel', 'the switchover cancelled');
      expect((await overview(core, id)).steps.every((s) => s.status === 'pending')).toBe(true);
      const logs = await call(core.dispatch, 'logs/list', { projectId: id });
      expect(logs.map((l) => l.message).join('\n')).toContain('nobody confirmed that writes stopped within 5 s, so the fence lifted itself');
      expect((await call(core.dispatch, 'projects/get', { id })).stages.find((s) => s.stage === 'incremental')?.status).toBe('monitoring');
    } finally {
      await exec(source, 'SET GLOBAL read_only = OFF');
      await core.services.orchestrator.pause(id).catch(() => undefined);
    }
  });
});
