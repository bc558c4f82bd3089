/**
 * The forward switchover and reverse incremental of the demo project in the
 * browser: the demo (its types include reverse) runs through full
 * verification; Go To Next Stage opens the Forward Switchover page; with
 * the source's trigger dropped (as the seed asks with reverse), Start with
 * the read-only fence runs the precheck and the destination Store and
 * stops at "Confirm writes stopped" with the source read-only; the
 * confirmation (ending open write transactions) lets every step succeed,
 * past the point of no return; the Reverse Incremental page shows the
 * reverse replay running with its latency, and a row written on the
 * destination arrives on the source; Pause on the details page and Release
 * in the projects list leave the project Released, the source writable, and
 * Delete possible.
 */

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../integration/helpers';
import { exec, removeDir, servers } from '../integration/helpers';
import { rowsOn } from '../integration/cases/multi-db/case';
import type { App } from './pages';
import { eventually, StageRows, SwitchoverPage } from './pages';
import type { UiSession } from './session';
import { dropDemo, openDemo } from './session';

const { source, destination } = servers();
/** With reverse, every step of the seed's eight. */
const STEPS = ['start', 'precheck', 'start-destination-store', 'confirm-writes-stopped', 'confirm-timestamp-synced', 'stop-forward-sync', 'process-objects', 'start-reverse'];

const readOnly = async () => Number((await rowsOn<{ ro: number }>(source, 'SELECT @@GLOBAL.read_only AS ro'))[0].ro);

describe('forward switchover and reverse incremental in the browser', () => {
  let home: string;
  let ui: UiSession;
  let served: Served;
  let page: Page;
  let app: App;
  let stages: StageRows;
  let switchover: SwitchoverPage;
  let projectId: string;

  beforeAll(async () => {
    ({ home, projectId, ui } = await openDemo('e2e-switchover', { source, destination }));
    ({ served, page, app } = ui);
    stages = new StageRows(app);
    switchover = new SwitchoverPage(app);
  });

  afterAll(async () => {
    await ui?.close();
    removeDir(home);
    // The harness servers are shared by the run: never leave the source fenced, whatever happened above.
    await exec(source, 'SET GLOBAL read_only = OFF');
    await dropDemo(source, destination);
  });

  const detailPage = () => page.goto(new URL(`/#/projects/${projectId}`, served.url).href);

  it('runs the demo through full verification; Go To Next Stage opens the forward switchover', async () => {
    await detailPage();
    await app.id('detail-start').click();
    await app.confirm();
    await stages.waitFor('verification', ['completed'], 180_000);
    await stages.open('verification');
    await eventually(async () => !(await app.id('verify-next').isDisabled()), 'Go To Next Stage enabled');
    await app.id('verify-next').click();
    await app.confirm();
    await app.id('stage-page-switchover').waitFor();
    await eventually(async () => (await app.id('switchover-step').count()) === STEPS.length, 'every step listed');
    expect(Object.keys(await switchover.statuses())).toEqual(STEPS);
    expect(Object.values(await switchover.statuses()).every((s) => s === 'pending')).toBe(true);
    expect(await app.id('switchover-cancel').isDisabled()).toBe(true);
    await app.shot('50-switchover-entered');
  });

  it('starts with the read-only fence: the precheck and the destination Store run, then it waits for the confirmation with the source read-only', async () => {
    // With reverse incremental the seed has the source's triggers disabled first: they would fire again on what the reverse replay writes.
    await exec(source, 'DROP TRIGGER shop.trg_orders_status');
    await switchover.start('read-only');
    await switchover.waitForStep('confirm-writes-stopped', 'waiting', 120_000);
    expect(await readOnly()).toBe(1);
    for (const step of ['start', 'precheck', 'start-destination-store']) expect(await switchover.step(step).getAttribute('data-status')).toBe('succeeded');
    expect(await switchover.fact('start', 'fence')).toBe('Read-only');
    expect(await switchover.fact('start-destination-store', 'captureFile')).toMatch(/:\d+$/);
    expect(await switchover.fact('confirm-writes-stopped', 'fenceFile')).toMatch(/:\d+$/);
    expect(await switchover.fact('confirm-writes-stopped', 'previousReadOnly')).toBe('OFF');
    // Before the point of no return, Cancel is offered.
    expect(await app.id('switchover-cancel').isDisabled()).toBe(false);
    expect(await app.id('switchover-no-return').count()).toBe(0);
    await app.shot('51-switchover-waiting');
  });

  it('confirms that writes stopped; every step succeeds, past the point of no return', async () => {
    await switchover.confirmWritesStopped(true);
    await switchover.waitForStep('start-reverse', 'succeeded', 240_000);
    expect(Object.values(await switchover.statuses()).every((s) => s === 'succeeded')).toBe(true);
    await app.id('switchover-no-return').waitFor();
    expect(await app.id('switchover-no-return').textContent()).toContain('The source stays fenced (read-only)');
    expect(await app.id('switchover-cancel').isDisabled()).toBe(true);
    expect(await readOnly()).toBe(1);
    expect(await switchover.fact('confirm-timestamp-synced', 'tokenFile')).toMatch(/:\d+$/);
    expect(await switchover.fact('confirm-timestamp-synced', 'reverseFile')).toMatch(/:\d+$/);
    expect(await app.id('switchover-step-process-objects').getByTestId('switchover-fact').count()).toBeGreaterThan(0);
    const confirmed = app.page.locator('[data-testid=switchover-journal-entry][data-step=confirm-writes-stopped][data-event=confirm]');
    expect(await confirmed.count()).toBe(1);
    await app.shot('52-switchover-completed');
    await app.id('switchover-journal').scrollIntoViewIfNeeded();
    await app.shot('52-switchover-journal');
  });

  it('shows reverse incremental running with a latency; a row written on the destination arrives on the source', async () => {
    await detailPage();
    await stages.waitFor('switchover', ['completed']);
    await stages.waitFor('reverse', ['running', 'monitoring']);
    await app.shot('53-detail-after-switchover');
    await stages.open('reverse');
    const latency = app.id('incr-latency');
    await eventually(async () => (await latency.getAttribute('data-latency-ms')) !== null, 'a reverse latency is shown', 60_000);
    expect(await latency.textContent()).toMatch(/\d+(\.\d+)? seconds? \(updated \d+ seconds? ago\)/);

    await exec(destination, "INSERT INTO shop.customers (email, name, country) VALUES ('back@example.com', 'Written on OceanBase', 'FR')");
    await eventually(async () => (await rowsOn(source, "SELECT 1 FROM shop.customers WHERE email = 'back@example.com'")).length === 1, 'the row on the source', 60_000);
    const customers = app.page.locator('[data-testid=incr-stats-row][data-target="shop.customers"]');
    await eventually(async () => Number(await customers.getByTestId('incr-stats-inserts').getAttribute('data-value')) >= 1, 'the insert counted');
    await app.shot('54-reverse-running');

    await app.id('incr-tab-components').click();
    for (const kind of ['reverse-store', 'reverse-incr-sync']) {
      expect(await app.page.locator(`[data-testid=component-row][data-kind=${kind}]`).getAttribute('data-status')).toBe('running');
    }
    expect(await app.page.locator('[data-testid=component-row][data-kind=incr-sync]').count()).toBe(0);
    await app.id('incr-tab-performance').click();
    await eventually(async () => Number(await app.id('perf-chart-latency').getAttribute('data-points')) > 0, 'the latency chart has points', 60_000);
    await app.shot('55-reverse-performance');
  });

  it('pauses the project and releases it from the projects list: Released, the source writable again, Delete possible', async () => {
    await detailPage();
    await app.id('detail-pause').click();
    await app.confirm();
    await eventually(async () => (await app.id('project-status').first().getAttribute('data-status')) === 'paused', 'the project paused', 60_000);
    expect(await app.id('detail-release').isDisabled()).toBe(false);
    expect(await app.id('detail-delete').isDisabled()).toBe(true);
    // Paused, the reverse latency is the last reading and says so.
    await stages.open('reverse');
    await app.id('incr-latency-stale').waitFor();
    expect(await app.id('incr-latency').getAttribute('data-stale')).toBe('true');
    await app.shot('56-reverse-paused');

    await app.nav('projects');
    const row = app.page.locator(`[data-testid=project-row][data-project-id=${projectId}]`);
    await row.getByTestId('project-release').waitFor();
    await app.shot('57-list-paused');
    await row.getByTestId('project-release').click();
    const dialog = (await app.page.locator('.n-dialog').textContent()) ?? '';
    for (const said of ['stops for good', 'write fence', 'lifted', 'cutover_meta', 'change logs']) expect(dialog).toContain(said);
    await app.confirm();
    await eventually(async () => (await row.getByTestId('project-status').getAttribute('data-status')) === 'released', 'the project released', 120_000);
    expect(await readOnly()).toBe(0);
    await eventually(async () => !(await row.getByTestId('project-delete').isDisabled()), 'Delete possible');
    await app.shot('58-list-released');
    expect(app.errors).toEqual([]);
  });
});
