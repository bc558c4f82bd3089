/**
 * The switchover survives its host being killed at every step. A project
 * with full verification and reverse incremental runs to verification in a
 * `cutover` process; then `cutover switchover run --yes` drives the
 * switchover under an application's write load (until the fence), and is
 * SIGKILLed once at each step in turn, then run again, until the switchover
 * is done. Every table ends identical, the constraints are there once, the
 * hidden key is gone, the certificate is issued, reverse incremental carries
 * destination writes back, and releasing restores the source's read_only as
 * it was before the first fence (the journal kept what the fence found, not
 * what a rerun found behind it).
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { SwitchoverStepId } from '../../src-shared/model';
import { compareBinlogPositions } from '../../src-shared/model/incremental';
import { compareTable, isIdentical } from './compare';
import { rowsOn } from './cases/multi-db/case';
import { cli, createCore, exec, freshHome, REPO, removeDir, servers } from './helpers';
import { createIncrementalProject, sourcePosition, waitFor } from './incremental-helpers';
import { LiveLoad, loadSchema, seedLoad } from './live-load';
import { constrainedTables, createAppAccount } from './switchover-helpers';

const { source, destination } = servers();
const DB = 'swk_run';
const APP = { user: 'swk_app', password: 'pw' };
const TABLES = ['accounts', 'items', 'journal', 'members', 'fidelity', 'parent', 'child'];

/** Steps in order, each killed once while it runs (or, when it passed too fast to be caught, right after). */
const KILL_AT: SwitchoverStepId[] = ['precheck', 'start-destination-store', 'confirm-writes-stopped', 'confirm-timestamp-synced', 'stop-forward-sync', 'process-objects', 'start-reverse'];

describe('switchover faults', () => {
  let home: string;
  let watcher: CoreApp;

  beforeAll(async () => {
    await createAppAccount(source, APP, DB);
    home = freshHome('switchover-faults');
  });

  afterAll(async () => {
    await watcher?.close();
    removeDir(home);
    await exec(source, `SET GLOBAL read_only = OFF; DROP USER IF EXISTS '${APP.user}'@'%'; DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `SET GLOBAL read_only = OFF; DROP DATABASE IF EXISTS ${DB};`);
  });

  it('completes with zero differences after the host is SIGKILLed at every step', async () => {
    await exec(
      source,
      `${loadSchema(DB)}
       ${constrainedTables('swk')}`,
    );
    await seedLoad(source, DB, 1500);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB}`);
    const setup = createCore(home);
    const id = await createIncrementalProject(setup, 'swk', { from: source, to: destination }, { include: [`${DB}.*`] }, {}, ['schema', 'full', 'incremental', 'verification', 'reverse']);
    await setup.close();
    const toVerified = await cli(home, ['run', id, '--until', 'verification:completed', '--timeout', '300']);
    expect(toVerified.code, toVerified.stderr).toBe(0);

    watcher = createCore(home);
    const load = new LiveLoad(source, DB, { statementsPerSecond: 120, seed: 21, rows: 1500, account: APP });
    const steps = () => watcher.services.switchoverSteps.steps(id);
    const runHost = (): ChildProcess =>
      spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'switchover', 'run', id, '--fence', 'read-only', '--yes', '--end-transactions', '--timeout', '240'], { stdio: 'ignore' });
    let host: ChildProcess | null = null;
    const hit: string[] = [];
    try {
      load.start();
      for (const step of KILL_AT) {
        host = runHost();
        await waitFor(
          async () => {
            const record = steps().find((s) => s.step === step);
            return record !== undefined && record.status !== 'pending';
          },
          `the switchover at ${step}`,
          120_000,
        );
        const exited = new Promise((r) => host!.once('exit', r));
        host.kill('SIGKILL');
        await exited;
        const record = steps().find((s) => s.step === step)!;
        hit.push(`${step}:${record.status}`);
        if (step === 'confirm-writes-stopped') await load.stop();
      }
      host = runHost();
      const code = await new Promise<number | null>((r) => host!.once('exit', r));
      expect(code, JSON.stringify(steps().map((s) => [s.step, s.status, s.error]))).toBe(0);
      console.log(`switchover killed at: ${hit.join(', ')}`);
      expect(hit.filter((h) => h.endsWith(':running') || h.endsWith(':waiting')).length).toBeGreaterThanOrEqual(4);

      const overview = await call(watcher.dispatch, 'switchover/status', { id });
      expect(overview.steps.map((s) => [s.step, s.status])).toEqual(overview.steps.map((s) => [s.step, 'succeeded']));
      const fence = overview.steps.find((s) => s.step === 'confirm-writes-stopped')!.facts;
      // A rerun after the kill found the source read-only behind its own fence; the journal kept what the first run found.
      expect(fence.previousReadOnly).toBe(false);
      expect(overview.steps.find((s) => s.step === 'confirm-timestamp-synced')!.facts.certificate).toMatch(/^Source and destination identical at /);
      for (const table of TABLES) {
        const diff = await compareTable(source, { database: DB, table }, destination, { database: DB, table });
        expect(isIdentical(diff), `${table}: ${JSON.stringify({ ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3), different: diff.different.slice(0, 3) })}`).toBe(true);
      }
      const constraints = await rowsOn<{ name: string }>(destination, `SELECT CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = '${DB}' AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK') ORDER BY 1`);
      expect(constraints.map((c) => c.name).filter((n) => n.includes('swk'))).toEqual(['ck_swk_child', 'fk_swk_child']);
      expect(await rowsOn(destination, `SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${DB}' AND COLUMN_NAME = '__cutover_row_id'`)).toEqual([]);

      // Reverse incremental, run by a host of its own: destination writes reach the source.
      host = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'run', id], { stdio: 'ignore' });
      const back = new LiveLoad(destination, DB, { statementsPerSecond: 150, seed: 22, rows: 1500 });
      back.start();
      await new Promise((r) => setTimeout(r, 4000));
      await back.stop();
      const end = await sourcePosition(destination);
      await waitFor(
        async () => {
          const checkpoint = watcher.services.reverse.status(id, false).checkpoint;
          return checkpoint !== null && compareBinlogPositions(checkpoint, end) >= 0;
        },
        'the reverse replay caught up',
        120_000,
      );
      for (const table of TABLES) {
        expect(isIdentical(await compareTable(source, { database: DB, table }, destination, { database: DB, table })), `${table} after reverse`).toBe(true);
      }
      const stopped = new Promise((r) => host!.once('exit', r));
      host.kill('SIGINT');
      await stopped;
      await waitFor(async () => (await call(watcher.dispatch, 'projects/get', { id })).status === 'paused', 'the project paused');
      const released = await cli(home, ['project', 'release', id, '--yes']);
      expect(released.code, released.stderr).toBe(0);
      expect(Number((await rowsOn<{ ro: number }>(source, 'SELECT @@GLOBAL.read_only AS ro'))[0].ro)).toBe(0);
    } finally {
      await load.stop();
      host?.kill('SIGKILL');
      await exec(source, 'SET GLOBAL read_only = OFF');
    }
  }, 600_000);
});
