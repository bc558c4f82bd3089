/**
 * Full verification beside incremental synchronization under a live write
 * load: rows that change while they are compared are followed until the
 * replay has passed them, so no difference is reported that is not there; a
 * row changed on the destination during the load is confirmed, corrected
 * with the replay held, and a rerun is clean. The table without a key,
 * written all the time, is said to be unverifiable rather than guessed at,
 * and verifies clean once the load stops.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { VerificationOverview } from '../../src-shared/model';
import { createCore, exec, freshHome, removeDir, servers } from './helpers';
import { createIncrementalProject, expectLoadIdentical, sourcePosition, waitCaughtUp, waitFor, waitForStage } from './incremental-helpers';
import { LiveLoad, loadSchema, MEMBERS_COLUMNS, MEMBERS_FILTER, seedLoad } from './live-load';

const { source, destination } = servers();
const DB = 'ver_live';

describe('full verification under a live load, beside the replay', () => {
  let home: string;
  let core: CoreApp;
  let projectId: string;
  let load: LiveLoad;

  const overview = () => call(core.dispatch, 'verification/overview', { id: projectId });
  const notConsistent = (o: VerificationOverview) => o.tables.filter((t) => t.status !== 'consistent').map((t) => `${t.id} ${t.status} ${t.reason ?? ''}`);
  const verified = async () => {
    await waitForStage(core, projectId, 'verification', 'completed', 240_000);
    return overview();
  };

  beforeAll(async () => {
    await exec(source, loadSchema(DB));
    await seedLoad(source, DB, 4000);
    await exec(source, `USE ${DB}; CREATE TABLE quiet (id INT PRIMARY KEY, label VARCHAR(30)); INSERT INTO quiet SELECT seq, CONCAT('q', seq) FROM seq_1_to_3000;`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
    home = freshHome('verify-live');
    core = createCore(home);
    projectId = await createIncrementalProject(
      core,
      'verify-live',
      { from: source, to: destination },
      { include: [`${DB}.*`], exclude: [], tables: [{ source: `${DB}.members`, where: MEMBERS_FILTER, columns: MEMBERS_COLUMNS }] },
      { fullConcurrency: 'fast', verifyConcurrency: 'normal', applyConcurrency: 4, alertLevel: 'high' },
      ['schema', 'full', 'incremental', 'verification'],
    );
    load = new LiveLoad(source, DB, { statementsPerSecond: 120, seed: 23, rows: 4000 });
    load.start();
    void call(core.dispatch, 'projects/start', { id: projectId });
  });

  afterAll(async () => {
    await load?.stop();
    await core?.close();
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('starts once the replay has caught up and reports no difference that is not there', async () => {
    const first = await verified();
    expect(load.stats.statements).toBeGreaterThan(100);
    const detail = await call(core.dispatch, 'projects/get', { id: projectId });
    expect(detail.stages.find((s) => s.stage === 'incremental')?.status).toBe('monitoring');
    // Every keyed table, written all the time, verifies consistent; the keyless journal cannot be pinned down under this load.
    const others = notConsistent(first).filter((t) => !t.startsWith(`${DB}.journal `));
    expect(others).toEqual([]);
    const journal = first.tables.find((t) => t.id === `${DB}.journal`)!;
    expect(['consistent', 'unverifiable']).toContain(journal.status);
    expect(first.summary.counts).toEqual({ sourceOnly: 0, destinationOnly: 0, mismatch: 0 });
  });

  it('follows the rows that differ while the replay lags behind, until it has passed them, and reports none', async () => {
    // Held, the replay falls a few seconds behind the load: ranges verified meanwhile differ on the rows changed since.
    await call(core.dispatch, 'components/pause', { id: projectId, kind: 'incr-sync' });
    await new Promise((r) => setTimeout(r, 3000));
    await call(core.dispatch, 'verification/reverify', { id: projectId, mode: 'all' });
    await waitFor(async () => (await overview()).tables.some((t) => t.status === 'running' || t.rowsVerified > 0), 'verification under way', 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    await call(core.dispatch, 'components/start', { id: projectId, kind: 'incr-sync' });
    const lagged = await verified();
    // Ranges did differ (their rows were read to compare), and every such row settled once the replay passed it.
    const series = await call(core.dispatch, 'metrics/series', { id: projectId, component: 'full-verification', names: ['source_bytes'] });
    expect(series[0].points.some(([, bytes]) => bytes > 0)).toBe(true);
    expect(lagged.summary.counts).toEqual({ sourceOnly: 0, destinationOnly: 0, mismatch: 0 });
    expect(notConsistent(lagged).filter((t) => !t.startsWith(`${DB}.journal `))).toEqual([]);
  });

  it('confirms a row changed on the destination during the load, corrects it with the replay held, and reverifies clean', async () => {
    await exec(destination, `UPDATE ${DB}.quiet SET label = 'changed on the destination' WHERE id = 1234`);
    await call(core.dispatch, 'verification/reverify', { id: projectId, mode: 'all' });
    const again = await verified();
    const diff = await call(core.dispatch, 'verification/differences', { id: projectId });
    expect(diff.rows.map((r) => `${r.table} ${r.key} ${r.category} ${r.columns} ${r.state}`)).toEqual([`${DB}.quiet 1234 mismatch label confirmed`]);
    expect(notConsistent(again).filter((t) => !t.startsWith(`${DB}.journal `))).toEqual([`${DB}.quiet inconsistent `]);

    const report = await call(core.dispatch, 'verification/fix', { id: projectId, includeDeletes: false });
    expect(report).toMatchObject({ applied: 1, failures: [] });
    const detail = await call(core.dispatch, 'projects/get', { id: projectId });
    // The replay was held for the correction and runs again.
    expect(detail.components.find((c) => c.kind === 'incr-sync')?.held).toBe(false);
    await call(core.dispatch, 'verification/reverify', { id: projectId, mode: 'records' });
    const records = await verified();
    expect(records.tables.find((t) => t.id === `${DB}.quiet`)?.status).toBe('consistent');
    expect(records.summary.counts).toEqual({ sourceOnly: 0, destinationOnly: 0, mismatch: 0 });
  });

  it('verifies every table, the keyless one too, once the load stops; the tables are identical', async () => {
    await load.stop();
    await waitCaughtUp(core, projectId, await sourcePosition(source), 180_000);
    await call(core.dispatch, 'verification/reverify', { id: projectId, mode: 'all' });
    const quiet = await verified();
    expect(notConsistent(quiet)).toEqual([]);
    await expectLoadIdentical(source, destination, DB);
    await waitFor(async () => (await call(core.dispatch, 'projects/get', { id: projectId })).status === 'running', 'the project still running');
  });
});
