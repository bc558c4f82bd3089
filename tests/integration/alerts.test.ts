/**
 * Alerts that follow their cause, on the MariaDB pair under a live load, with
 * a project's own thresholds (latency 3 s, interruption 3 s, frequency 10 s):
 * Incr-Sync held makes the latency alert fire, fire again at the frequency,
 * and resolve itself once the replay has caught up; a replay frozen with
 * SIGSTOP raises an interruption alert that resolves when it runs again.
 * Acknowledged alerts stay listed; the CLI lists and acknowledges them.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { Alert } from '../../src-shared/model';
import { cli, createCore, exec, freshHome, removeDir, servers } from './helpers';
import { componentPid, createIncrementalProject, waitFor, waitForStage } from './incremental-helpers';
import { LiveLoad, loadSchema, seedLoad } from './live-load';

const { source, destination } = servers();
const DB = 'al_run';

describe('alerts', () => {
  let home: string;
  let core: CoreApp;
  let id: string;
  const load = new LiveLoad(source, DB, { statementsPerSecond: 60, seed: 41, rows: 500 });

  beforeAll(async () => {
    await exec(source, loadSchema(DB));
    await seedLoad(source, DB, 500);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB}`);
    home = freshHome('alerts');
    core = createCore(home);
    id = await createIncrementalProject(core, 'al-run', { from: source, to: destination }, { include: [`${DB}.*`] }, { alertLevel: 'high', alertThresholds: { latencySeconds: 3, interruptionSeconds: 3, frequencySeconds: 10 } });
    void core.services.orchestrator.start(id);
    await waitForStage(core, id, 'incremental', 'monitoring');
    load.start();
  });

  afterAll(async () => {
    await load.stop();
    if (core.services.orchestrator.isRunningHere(id)) await core.services.orchestrator.pause(id);
    await core.close();
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB}`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB}`);
  });

  const alertsOf = async (kind: string): Promise<Alert[]> => (await call(core.dispatch, 'alerts/list', { projectId: id })).filter((a) => a.kind === kind);

  it('fires a latency alert past the threshold, fires it again at the frequency, and resolves it once caught up', async () => {
    await call(core.dispatch, 'components/pause', { id, kind: 'incr-sync' });
    await waitFor(async () => (await alertsOf('latency')).length === 1, 'the latency alert', 20_000);
    const [first] = await alertsOf('latency');
    expect(first).toMatchObject({ severity: 'warning', times: 1, resolvedAt: null, acknowledgedAt: null });
    expect(first.message).toMatch(/^Replication latency is \d+ s, over the 3 s threshold\.$/);
    // Held by the user: no interruption alert for that.
    await waitFor(async () => (await alertsOf('latency'))[0].times === 2, 'raised again at the frequency', 20_000);
    expect((await alertsOf('interruption')).map((a) => a.message)).toEqual([]);

    const acked = await cli(home, ['alerts', 'ack', String(first.id)]);
    expect(acked.code, acked.stderr).toBe(0);
    expect((await alertsOf('latency'))[0].acknowledgedAt).not.toBeNull();
    const bad = await cli(home, ['alerts', 'ack', 'x1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"x1" is not an alert number');

    await call(core.dispatch, 'components/start', { id, kind: 'incr-sync' });
    await waitFor(async () => (await alertsOf('latency'))[0].resolvedAt !== null, 'the latency alert resolved', 60_000);
    const listed = await cli(home, ['alerts', 'list', '--project', id]);
    expect(listed.stdout).toMatch(/Replication latency\s+warning\s+\S+ \S+\s+2\s+resolved \S+ \S+, acknowledged/);
  });

  it('raises an interruption alert for a replay that stops reporting, resolved when it runs again', async () => {
    const pid = componentPid(core, id, 'incr-sync')!;
    process.kill(pid, 'SIGSTOP');
    try {
      await waitFor(async () => (await alertsOf('interruption')).some((a) => a.resolvedAt === null), 'the interruption alert', 30_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const [interruption] = await alertsOf('interruption');
    expect(interruption).toMatchObject({ severity: 'critical', times: 1 });
    expect(interruption.message).toMatch(/^The replay is not reporting: No reading for \d+ s: it may be stuck\. \(for \d+ s\)\.$/);
    await waitFor(async () => (await alertsOf('interruption')).every((a) => a.resolvedAt !== null), 'the interruption alert resolved', 60_000);
    // Alert settings change while the project runs.
    const changed = await call(core.dispatch, 'projects/updateAlertLevel', { id, alertLevel: 'medium', alertThresholds: null });
    expect(changed).toMatchObject({ status: 'running', options: { alertLevel: 'medium', alertThresholds: null } });
  });
});
