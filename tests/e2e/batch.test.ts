/**
 * Batch operations on the projects list in the browser (seed 003): three
 * small projects started, paused and left Not Started through the page;
 * Batch Pause on all three pauses the running one and says why the other two
 * were refused; Batch Modify Alert Configuration sets a level on all three;
 * Batch Delete removes the Not Started one only after its second
 * confirmation, and the selection forgets it. No project is left running.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { createCore, exec, freshHome, removeDir, servers } from '../integration/helpers';
import type { App } from './pages';
import { BatchOperations, ProjectsPage } from './pages';
import type { UiSession } from './session';
import { openUi } from './session';

const { source, destination } = servers();
const DATABASES = ['e2e_batch_one', 'e2e_batch_two', 'e2e_batch_three'];
const [ONE, TWO, THREE] = ['Batch one', 'Batch two', 'Batch three'];

describe('batch operations in the browser', () => {
  let home: string;
  let core: CoreApp;
  let ui: UiSession;
  let app: App;
  let batch: BatchOperations;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const db of DATABASES) {
      await exec(source, `DROP DATABASE IF EXISTS ${db}; CREATE DATABASE ${db}; USE ${db}; CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t SELECT seq, seq FROM seq_1_to_50;`);
      await exec(destination, `DROP DATABASE IF EXISTS ${db}`);
    }
    home = freshHome('e2e-batch');
    core = createCore(home);
    const src = await call(core.dispatch, 'datasources/create', { name: 'batch-src', host: source.host, port: source.port, user: source.user, password: source.password });
    const dst = await call(core.dispatch, 'datasources/create', { name: 'batch-dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
    for (const [i, name] of [ONE, TWO, THREE].entries()) {
      const project = await call(core.dispatch, 'projects/create', {
        name,
        types: ['schema', 'full', 'incremental'],
        sourceId: src.id,
        destinationId: dst.id,
        objects: { include: [`${DATABASES[i]}.*`] },
      });
      ids[name] = project.id;
    }
    ui = await openUi(home);
    app = ui.app;
    batch = new BatchOperations(app);
    await new ProjectsPage(app).shows([ONE, TWO, THREE]);
  });

  afterAll(async () => {
    await ui?.close();
    await core?.close();
    if (home) removeDir(home);
    for (const db of DATABASES) {
      await exec(source, `DROP DATABASE IF EXISTS ${db}`);
      await exec(destination, `DROP DATABASE IF EXISTS ${db}`);
    }
  });

  it('starts two projects with Batch Start; one of them is then paused', async () => {
    await batch.select(ONE, TWO);
    const { qualifying, refused } = await batch.choose('start');
    expect(qualifying.map((r) => r.name).sort()).toEqual([ONE, TWO].sort());
    expect(refused).toEqual([]);
    const started = await batch.confirm();
    expect(started.succeeded).toBe(2);
    expect(started.summary).toBe('2 of 2 project(s) succeeded.');
    await batch.waitForStatus(ONE, 'running');
    await batch.waitForStatus(TWO, 'running');

    await app.page.locator(`[data-testid=project-row][data-project-name="${TWO}"]`).getByTestId('project-pause').click();
    await app.confirm();
    await batch.waitForStatus(TWO, 'paused');
  });

  it('Batch Pause on all three pauses the running one and says why the others were refused', async () => {
    await batch.clear();
    await batch.selectAll();
    expect(await batch.selectedCount()).toBe(3);
    const { qualifying, refused } = await batch.press('pause');
    expect(qualifying.map((r) => r.name)).toEqual([ONE]);
    expect(refused).toEqual(
      expect.arrayContaining([
        { name: TWO, reason: 'not possible while the project is Paused (only when Running)' },
        { name: THREE, reason: 'not possible while the project is Not Started (only when Running)' },
      ]),
    );
    await app.shot('batch-pause-review');
    const paused = await batch.confirm();
    expect(paused.summary).toBe('1 of 3 project(s) succeeded.');
    expect(paused.failures.map((f) => f.name).sort()).toEqual([THREE, TWO].sort());
    expect(paused.failures.every((f) => f.reason?.startsWith('not possible while the project is'))).toBe(true);
    await batch.waitForStatus(ONE, 'paused');
  });

  it('Batch Modify Alert Configuration sets the chosen level on every selected project', async () => {
    expect(await batch.selectedCount()).toBe(3);
    const { qualifying } = await batch.choose('alert');
    expect(qualifying).toHaveLength(3);
    expect(await batch.canConfirm()).toBe(false);
    await batch.chooseLevel('high');
    const alerted = await batch.confirm();
    expect(alerted.summary).toBe('3 of 3 project(s) succeeded.');
    for (const id of Object.values(ids)) expect((await call(core.dispatch, 'projects/get', { id })).options.alertLevel).toBe('high');
  });

  it('Batch Delete asks a second confirmation, deletes the Not Started project and forgets it in the selection', async () => {
    await app.id('theme-switch').click();
    await batch.clear();
    await batch.select(THREE);
    const { qualifying } = await batch.choose('delete');
    expect(qualifying.map((r) => r.name)).toEqual([THREE]);
    expect(await batch.canConfirm()).toBe(false);
    await app.shot('batch-delete-dark-unconfirmed');
    expect(await batch.acknowledge()).toContain('cannot be undone');
    await app.shot('batch-delete-dark-confirmed');
    const deleted = await batch.confirm();
    expect(deleted.summary).toBe('1 of 1 project(s) succeeded.');
    await new ProjectsPage(app).shows([ONE, TWO]);
    expect(await batch.selectedCount()).toBe(0);
    for (const name of [ONE, TWO]) expect((await call(core.dispatch, 'projects/get', { id: ids[name] })).status).toBe('paused');
    expect(app.errors).toEqual([]);
  });
});
