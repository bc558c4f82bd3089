/**
 * One writer per project, even after a stall: the host that runs a project
 * under a live write load is frozen (SIGSTOP) for longer than its lease, a
 * second host takes the project over and runs it, then the first is resumed
 * (SIGCONT). The first writes nothing more and stops with a clear message,
 * the second goes on, and every table ends identical, with no Failed state.
 * Five times, frozen during the full copy and during the replay, while the
 * frozen host's workers (which SIGSTOP does not stop) keep running until the
 * new host's workers fence them out.
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { createCore, exec, freshHome, REPO, removeDir, servers } from './helpers';
import { createIncrementalProject, expectLoadIdentical, sourcePosition, waitCaughtUp, waitFor, waitForStage } from './incremental-helpers';
import { LiveLoad, loadSchema, MEMBERS_COLUMNS, MEMBERS_FILTER, seedLoad } from './live-load';

const DB = 'freeze_app';
const TRIALS = 5;
const ROWS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `cutover run ID` as its own process, with what it prints. */
interface RunningHost {
  process: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
}

function runHost(home: string, id: string): RunningHost {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'run', id], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, stderr: () => stderr, exited };
}

function leaseOf(core: CoreApp, id: string): { holder: string; expires_at: number; epoch: number } {
  return core.services.db.prepare('SELECT holder, expires_at, epoch FROM leases WHERE project_id = ?').get(id) as { holder: string; expires_at: number; epoch: number };
}

async function copiedRows(core: CoreApp, id: string): Promise<number> {
  const tables = await call(core.dispatch, 'full/tables', { id });
  return tables.reduce((n, t) => n + t.rowsCopied, 0);
}

describe('a host frozen for longer than its lease', () => {
  const { source, destination } = servers();
  const homes: string[] = [];

  afterAll(async () => {
    for (const home of homes) removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  for (let trial = 0; trial < TRIALS; trial++) {
    const phase = trial % 2 === 0 ? 'full' : 'incremental';
    it(`trial ${trial + 1}: frozen during the ${phase === 'full' ? 'full copy' : 'replay'}, taken over, woken: it writes nothing more and the tables are identical`, async () => {
      await exec(source, loadSchema(DB));
      await seedLoad(source, DB, ROWS);
      await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
      const home = freshHome(`freeze-${trial}`);
      homes.push(home);
      const core = createCore(home);
      const load = new LiveLoad(source, DB, { statementsPerSecond: 150, seed: 40 + trial, rows: ROWS });
      let frozen: RunningHost | null = null;
      try {
        const id = await createIncrementalProject(
          core,
          `freeze-${trial}`,
          { from: source, to: destination },
          { include: [`${DB}.*`], exclude: [], tables: [{ source: `${DB}.members`, where: MEMBERS_FILTER, columns: MEMBERS_COLUMNS }] },
          // A slow copy, so that the freeze lands in its middle.
          { fullConcurrency: 'normal', applyConcurrency: 4, alertLevel: 'high', rpsLimit: phase === 'full' ? 4000 : null },
        );
        load.start();
        frozen = runHost(home, id);
        if (phase === 'full') await waitFor(async () => (await copiedRows(core, id)) > ROWS / 5, 'a fifth of the copy', 120_000);
        else await waitForStage(core, id, 'incremental', 'monitoring', 180_000);

        frozen.process.kill('SIGSTOP');
        const { epoch } = leaseOf(core, id);
        // Its workers run on; the lease runs out because nothing renews it.
        await waitFor(async () => leaseOf(core, id).expires_at < Date.now(), 'the frozen host to lose its lease', 30_000);
        const run = core.services.orchestrator.attach(id);
        expect(leaseOf(core, id)).toMatchObject({ epoch: epoch + 1 });
        await waitForStage(core, id, 'incremental', 'monitoring', 240_000);

        frozen.process.kill('SIGCONT');
        const code = await Promise.race([frozen.exited, sleep(30_000).then(() => 'still running')]);
        expect(code, frozen.stderr()).toBe(1);
        expect(frozen.stderr()).toMatch(/^cutover: Project "freeze-\d" was taken over by another Cutover process \([^)]+\): this process did not renew its lease/);
        expect(frozen.stderr()).toMatch(/It stopped its components and writes nothing more for the project/);

        // The load goes on for a while after the wake-up, while anything the first host left could still write.
        await sleep(3000);
        await load.stop();
        await waitCaughtUp(core, id, await sourcePosition(source), 180_000);
        await expectLoadIdentical(source, destination, DB);

        const project = await call(core.dispatch, 'projects/get', { id });
        expect(project.status).toBe('running');
        expect(project.runner).toEqual({ state: 'here', holder: expect.any(String) });
        expect(project.stages.filter((s) => s.status === 'failed' || s.error)).toEqual([]);
        expect(leaseOf(core, id)).toMatchObject({ epoch: epoch + 1 });
        const logs = core.services.db.prepare("SELECT message FROM logs WHERE project_id = ? AND level = 'warn' AND message LIKE '%taken over%'").all(id);
        expect(logs.length).toBeGreaterThanOrEqual(1);
        await core.services.orchestrator.pause(id);
        await run;
      } finally {
        if (frozen && frozen.process.exitCode === null && frozen.process.signalCode === null) {
          frozen.process.kill('SIGCONT');
          frozen.process.kill('SIGKILL');
        }
        await load.stop();
        await core.close();
      }
    }, 420_000);
  }
});
