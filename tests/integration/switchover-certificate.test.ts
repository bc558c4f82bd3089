/**
 * The switchover's certificate on the MariaDB pair: once the replay has
 * drained the fenced source, every table changed since full verification
 * began is verified again, whole; the others keep full verification's
 * verdict. A destination row that differs in a changed table stops the step
 * with the row named; fixed by hand, Retry issues the certificate, which the
 * API exports as a file.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { Certificate, SwitchoverOverview } from '../../src-shared/model';
import { createCore, exec, freshHome, removeDir, servers } from './helpers';
import { createIncrementalProject, waitFor, waitForStage } from './incremental-helpers';

const { source, destination } = servers();

const SCHEMA = `CREATE TABLE hot (id INT PRIMARY KEY, v INT NOT NULL);
  CREATE TABLE cold (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL);
  INSERT INTO hot SELECT seq, seq FROM seq_1_to_500;
  INSERT INTO cold SELECT seq, CONCAT('c', seq) FROM seq_1_to_300;`;

const step = async (core: CoreApp, id: string, name: string) => (await call(core.dispatch, 'switchover/status', { id })).steps.find((s) => s.step === name)!;

async function settled(core: CoreApp, id: string): Promise<SwitchoverOverview> {
  let overview: SwitchoverOverview | null = null;
  await waitFor(
    async () => {
      overview = await call(core.dispatch, 'switchover/status', { id });
      return overview.current === null || overview.steps.some((s) => s.status === 'failed' || s.status === 'waiting');
    },
    'the switchover to stop or end',
    120_000,
  );
  return overview!;
}

describe('switchover certificate', () => {
  let home: string;
  let core: CoreApp;

  beforeAll(() => {
    home = freshHome('certificate');
    core = createCore(home);
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, 'SET GLOBAL read_only = OFF; DROP DATABASE IF EXISTS sc_run;');
    await exec(destination, 'DROP DATABASE IF EXISTS sc_run;');
  });

  it('verifies again what changed since full verification, stops on a differing row, and certifies once it is fixed', async () => {
    await exec(source, `DROP DATABASE IF EXISTS sc_run; CREATE DATABASE sc_run; USE sc_run; ${SCHEMA}`);
    await exec(destination, 'DROP DATABASE IF EXISTS sc_run');
    const id = await createIncrementalProject(core, 'sc-run', { from: source, to: destination }, { include: ['sc_run.*'] }, {}, ['schema', 'full', 'incremental', 'verification']);
    try {
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'verification', 'completed', 180_000);
      // After verification: the source changes `hot`; a row of `hot` is then damaged on the destination alone.
      await exec(source, 'UPDATE sc_run.hot SET v = v + 1 WHERE id <= 20');
      await waitFor(async () => core.services.incremental.status(id, false).latencyMs !== null, 'the replay running');
      await new Promise((r) => setTimeout(r, 1500));
      await exec(destination, 'UPDATE sc_run.hot SET v = -1 WHERE id = 400');

      await call(core.dispatch, 'projects/enterSwitchover', { id });
      await call(core.dispatch, 'switchover/start', { id, fence: 'read-only', accounts: '' });
      await waitFor(async () => (await step(core, id, 'confirm-writes-stopped')).status === 'waiting', 'the fence up');
      await call(core.dispatch, 'switchover/confirm', { id, endTransactions: true });
      await settled(core, id);
      const failed = await step(core, id, 'confirm-timestamp-synced');
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/^Delta verification found differences .*\(1 differing row\(s\)\): sc_run\.hot key 400: mismatch \(v\)/);
      await expect(call(core.dispatch, 'switchover/certificate', { id })).rejects.toThrow(/no switchover certificate yet/);

      await exec(destination, 'UPDATE sc_run.hot SET v = 400 WHERE id = 400');
      await call(core.dispatch, 'switchover/retry', { id, step: 'confirm-timestamp-synced' });
      const done = await settled(core, id);
      expect(done.steps.map((s) => [s.step, s.status, s.error])).toEqual(done.steps.map((s) => [s.step, 'succeeded', null]));
      const drained = (await step(core, id, 'confirm-timestamp-synced')).facts;
      expect(drained.certificate).toMatch(/^Source and destination identical at .+: 1 changed table\(s\) verified again, 1 unchanged since full verification\.$/);

      const file = await call(core.dispatch, 'switchover/certificate', { id });
      expect(file.fileName).toBe('cutover-certificate-sc-run.json');
      const certificate = JSON.parse(file.content) as Certificate;
      expect(certificate.sourcePosition).toMatchObject({ file: drained.tokenFile, pos: drained.tokenPos });
      expect(certificate.verified).toEqual([{ table: 'sc_run.hot', rows: 500, changes: expect.any(Number) }]);
      expect(certificate.verified[0].changes).toBeGreaterThanOrEqual(20);
      expect(certificate.carried).toEqual(['sc_run.cold']);
      expect(certificate).toMatchObject({ project: { id, name: 'sc-run' }, source: 'sc-run-src', destination: 'sc-run-dst' });
    } finally {
      await exec(source, 'SET GLOBAL read_only = OFF');
    }
  }, 360_000);
});
