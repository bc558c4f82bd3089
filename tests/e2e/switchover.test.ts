/**
 * The forward switchover and reverse incremental of the demo project in the
 * browser: the demo (its types include reverse) runs through full
 * verification; Go To Next Stage opens the Forward Switchover page, where
 * Rehearse shows the write downtime to expect; Start with the read-only
 * fence runs the precheck and the destination Store and stops at "Confirm
 * writes stopped" with the source read-only; once confirmed (ending open
 * write transactions) the certificate is issued and downloaded, and Process
 * database objects stops on the source's trigger, which the reverse replay
 * would fire again (the seed: disable it with reverse); its items are
 * handled in their table (View Logs, Run the trigger's drop, Mark as
 * Complete and Skip the routines listed for migration by hand) and Retry
 * finishes the switchover, past the point of no return; the Reverse
 * Incremental page shows the reverse replay running with its latency, and
 * a row written on the destination arrives on the source; paused, the
 * latency says it is the last reading; resumed, Roll Back to the Source
 * brings the row back and leaves the project Completed with the source
 * writable; Release in the projects list leaves it Released, Delete
 * possible.
 */

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEndpoint } from '../harness/mariadb';
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

const readOnly = async (server: ServerEndpoint = source) => Number((await rowsOn<{ ro: number }>(server, 'SELECT @@GLOBAL.read_only AS ro'))[0].ro);
/** Items of Process database objects the demo gives, with the routines the test adds on the source. */
const TRIGGER = 'shop.trg_orders_status source trigger';
const PROCEDURE = 'shop.archive_orders procedure';
const FUNCTION = 'shop.order_total function';

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
    // The harness servers are shared by the run: never leave either fenced (a rollback fences the destination), whatever happened above.
    for (const server of [source, destination]) await exec(server, 'SET GLOBAL read_only = OFF');
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

  it('rehearses the switchover before it starts: the write downtime to expect, its parts and the checks', async () => {
    const downtime = await switchover.rehearse();
    expect(downtime).toBeGreaterThan(0);
    const rehearsal = app.id('switchover-rehearsal');
    expect(await rehearsal.textContent()).toContain('Expected write downtime from the fence on, not counting your confirmation');
    expect(await rehearsal.locator('[data-testid=rehearsal-part][data-how=measured]').count()).toBeGreaterThan(0);
    expect(await rehearsal.getByTestId('precheck-row').count()).toBeGreaterThan(0);
    expect(await rehearsal.getByTestId('precheck-results').getAttribute('data-status')).not.toBe('failed');
    await app.shot('50-switchover-rehearsed');
  });

  it('starts with the read-only fence: the precheck and the destination Store run, then it waits for the confirmation with the source read-only', async () => {
    // Routines for Process database objects to list for migration by hand.
    await exec(source, 'CREATE PROCEDURE shop.archive_orders() SELECT COUNT(*) FROM shop.orders');
    await exec(source, 'CREATE FUNCTION shop.order_total(n INT) RETURNS INT DETERMINISTIC RETURN n * 2');
    await switchover.start('read-only');
    await switchover.waitForStep('confirm-writes-stopped', 'waiting', 120_000);
    expect(await readOnly()).toBe(1);
    for (const step of ['start', 'precheck', 'start-destination-store']) expect(await switchover.step(step).getAttribute('data-status')).toBe('succeeded');
    expect(await switchover.fact('start', 'fence')).toBe('Read-only');
    expect(await switchover.fact('start-destination-store', 'captureFile')).toMatch(/:\d+$/);
    expect(await switchover.fact('confirm-writes-stopped', 'fenceFile')).toMatch(/:\d+$/);
    expect(await switchover.fact('confirm-writes-stopped', 'previousReadOnly')).toBe('OFF');
    // Before the point of no return, Cancel is offered; the rehearsal no longer is.
    expect(await app.id('switchover-cancel').isDisabled()).toBe(false);
    expect(await app.id('switchover-no-return').count()).toBe(0);
    expect(await app.id('switchover-rehearsal').count()).toBe(0);
    await app.shot('51-switchover-waiting');
  });

  it('confirms that writes stopped: the certificate is issued and downloads; Process database objects stops on the source trigger the reverse replay would fire', async () => {
    await switchover.confirmWritesStopped(true);
    await switchover.waitForStep('process-objects', 'failed', 240_000);
    expect(await app.id('switchover-step-process-objects').getByTestId('switchover-step-error').textContent()).toContain(TRIGGER);
    expect(await switchover.fact('confirm-timestamp-synced', 'tokenFile')).toMatch(/:\d+$/);
    expect(await switchover.fact('confirm-timestamp-synced', 'reverseFile')).toMatch(/:\d+$/);
    expect(Number((await switchover.fact('confirm-timestamp-synced', 'deltaTables')).replace(/,/g, ''))).toBeGreaterThanOrEqual(0);

    const certificate = app.id('switchover-certificate');
    expect(await certificate.getAttribute('data-issued')).toBe('true');
    expect(await certificate.textContent()).toContain('identical');
    const download = await switchover.downloadCertificate();
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const document = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { sourcePosition: { file: string; pos: number } };
    expect(document.sourcePosition.file).toMatch(/\S/);
    expect(document.sourcePosition.pos).toBeGreaterThan(0);

    // The items: what ran by itself succeeded, the trigger waits for a decision, the routines are for the user.
    await app.id('switchover-objects-table').waitFor();
    expect(await switchover.itemState(TRIGGER)).toBe('pending');
    for (const routine of [PROCEDURE, FUNCTION]) expect(await switchover.itemState(routine)).toBe('listed');
    const constraints = app.page.locator('[data-testid=switchover-item][data-kind=constraint]');
    expect(await constraints.count()).toBeGreaterThan(0);
    expect(await app.page.locator('[data-testid=switchover-item][data-kind=constraint]:not([data-state=succeeded])').count()).toBe(0);
    // The step's facts say the items' states in words, not per item.
    const facts = app.id('switchover-step-process-objects').getByTestId('switchover-fact');
    expect(await facts.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).not.toContain('inventory');
    expect(await switchover.fact('process-objects', 'items')).toMatch(/succeeded/);
    // Many items: filtered by kind.
    await app.choose(app.id('switchover-objects-kind'), 'Source trigger');
    expect(await app.id('switchover-item').count()).toBe(1);
    await app.page.locator('[data-testid=switchover-objects-kind] .n-base-clear').click();
    await eventually(async () => (await app.id('switchover-item').count()) > 1, 'every item listed again');
    expect(await readOnly()).toBe(1);
    await app.shot('52-switchover-objects-stopped');
  });

  it("handles the items in their table: View Logs, Run the trigger's drop, Mark as Complete, Skip; Retry finishes the switchover", async () => {
    const constraint = (await app.page.locator('[data-testid=switchover-item][data-kind=constraint]').first().getAttribute('data-item-id')) ?? '';
    const lines = await switchover.itemLogs(constraint);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain(`[${constraint}]`);

    await switchover.actOnItem(TRIGGER, 'run', 'succeeded');
    expect(await rowsOn(source, "SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'shop'")).toHaveLength(0);
    await switchover.actOnItem(PROCEDURE, 'complete', 'completed');
    await switchover.actOnItem(FUNCTION, 'skip', 'skipped');
    expect(await switchover.item(TRIGGER).getByTestId('switchover-item-run').count()).toBe(0);
    await app.shot('53-switchover-objects-handled');

    await app.id('switchover-step-process-objects').getByTestId('switchover-retry').click();
    await switchover.waitForStep('start-reverse', 'succeeded', 240_000);
    expect(Object.values(await switchover.statuses()).every((s) => s === 'succeeded')).toBe(true);
    await app.id('switchover-no-return').waitFor();
    expect(await app.id('switchover-no-return').textContent()).toContain('The source stays fenced (read-only)');
    expect(await app.id('switchover-cancel').isDisabled()).toBe(true);
    expect(await readOnly()).toBe(1);
    const confirmed = app.page.locator('[data-testid=switchover-journal-entry][data-step=confirm-writes-stopped][data-event=confirm]');
    expect(await confirmed.count()).toBe(1);
    const notes = app.page.locator('[data-testid=switchover-journal-entry][data-step=process-objects][data-event=note]');
    expect(await notes.count()).toBe(3);
    await app.shot('54-switchover-completed');
    await app.id('switchover-journal').scrollIntoViewIfNeeded();
    await app.shot('54-switchover-journal');
  });

  it('shows reverse incremental running with a latency; a row written on the destination arrives on the source', async () => {
    await detailPage();
    await stages.waitFor('switchover', ['completed']);
    await stages.waitFor('reverse', ['running', 'monitoring']);
    await app.shot('55-detail-after-switchover');
    await stages.open('reverse');
    const latency = app.id('incr-latency');
    await eventually(async () => (await latency.getAttribute('data-latency-ms')) !== null, 'a reverse latency is shown', 60_000);
    expect(await latency.textContent()).toMatch(/\d+(\.\d+)? seconds? \(updated \d+ seconds? ago\)/);

    await exec(destination, "INSERT INTO shop.customers (email, name, country) VALUES ('back@example.com', 'Written on OceanBase', 'FR')");
    await eventually(async () => (await rowsOn(source, "SELECT 1 FROM shop.customers WHERE email = 'back@example.com'")).length === 1, 'the row on the source', 60_000);
    const customers = app.page.locator('[data-testid=incr-stats-row][data-target="shop.customers"]');
    await eventually(async () => Number(await customers.getByTestId('incr-stats-inserts').getAttribute('data-value')) >= 1, 'the insert counted');
    await app.shot('55-reverse-running');

    await app.id('incr-tab-components').click();
    for (const kind of ['reverse-store', 'reverse-incr-sync']) {
      expect(await app.page.locator(`[data-testid=component-row][data-kind=${kind}]`).getAttribute('data-status')).toBe('running');
    }
    expect(await app.page.locator('[data-testid=component-row][data-kind=incr-sync]').count()).toBe(0);
    await app.id('incr-tab-performance').click();
    await eventually(async () => Number(await app.id('perf-chart-latency').getAttribute('data-points')) > 0, 'the latency chart has points', 60_000);
    await app.shot('55-reverse-performance');
  });

  it('pauses the project: the reverse latency is the last reading and says so; Roll Back waits for it to run again', async () => {
    await detailPage();
    await app.id('detail-pause').click();
    await app.confirm();
    await eventually(async () => (await app.id('project-status').first().getAttribute('data-status')) === 'paused', 'the project paused', 60_000);
    expect(await app.id('detail-release').isDisabled()).toBe(false);
    expect(await app.id('detail-delete').isDisabled()).toBe(true);
    await stages.open('reverse');
    await app.id('incr-latency-stale').waitFor();
    expect(await app.id('incr-latency').getAttribute('data-stale')).toBe('true');
    expect(await app.id('switchover-rollback-run').isDisabled()).toBe(true);
    await app.shot('56-reverse-paused');
    await app.id('stage-resume').click();
  });

  it('rolls back to the source: the destination write comes back, the project is Completed, the source writable and the destination read-only', async () => {
    const rollback = app.id('switchover-rollback-run');
    await eventually(async () => !(await rollback.isDisabled()), 'Roll Back offered while reverse incremental runs', 60_000);
    const dialog = await switchover.rollBack();
    for (const said of ['read-only', 'reverse replay', 'AUTO_INCREMENT', 'write fence', 'Completed']) expect(dialog).toContain(said);
    expect(Number(await app.id('switchover-rollback-report').getAttribute('data-rows-back'))).toBeGreaterThanOrEqual(1);
    expect(await app.id('switchover-rollback-report').textContent()).toContain('row change(s) flowed back');
    await eventually(async () => (await app.id('project-status').first().getAttribute('data-status')) === 'completed', 'the project completed', 60_000);
    expect(await readOnly(source)).toBe(0);
    expect(await readOnly(destination)).toBe(1);
    expect(await rowsOn(source, "SELECT 1 FROM shop.customers WHERE email = 'back@example.com'")).toHaveLength(1);
    await app.shot('57-rolled-back');
  });

  it('releases the completed project from the projects list: Released, Delete possible', async () => {
    await app.nav('projects');
    const row = app.page.locator(`[data-testid=project-row][data-project-id=${projectId}]`);
    await row.getByTestId('project-release').waitFor();
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
