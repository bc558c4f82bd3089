/**
 * Running the demo project from the browser while the demo's write load runs
 * on the source: start it, see its schema stage fail on a table whose default
 * needs a sequence the migration does not copy, modify that DDL and retry it
 * on the Schema Migration page, watch the tables arrive on the Full Migration
 * page and the performance charts draw, then follow incremental
 * synchronization to Monitoring (statistics, charts, an applied DDL), skip a
 * DDL the destination refuses, pause and start Incr-Sync alone, and find
 * source and destination identical once the load stops.
 */

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../integration/helpers';
import { exec, freshHome, removeDir, rootConnection, servers } from '../integration/helpers';
import { compareTable, isIdentical } from '../integration/compare';
import { DemoLoad } from '../../scripts/demo-load';
import type { App } from './pages';
import { eventually, PerformanceCharts, ProjectsPage } from './pages';
import type { UiSession } from './session';
import { dropDemo, importDemoProject, loadDemo, openUi } from './session';

const { source, destination } = servers();
const DEMO_NAME = 'Demo: shop and CRM to OceanBase';

describe('running a project in the browser', () => {
  let home: string;
  let ui: UiSession;
  let served: Served;
  let page: Page;
  let app: App;
  let projectId: string;
  let load: DemoLoad;

  beforeAll(async () => {
    await loadDemo(source, destination);
    // Sequences are not migrated: a default that reads one fails on the destination, as it would in real life.
    await exec(
      source,
      `CREATE SEQUENCE crm.ticket_no;
       CREATE TABLE crm.tickets (id BIGINT NOT NULL DEFAULT NEXTVAL(crm.ticket_no) PRIMARY KEY, subject VARCHAR(80) NOT NULL);
       USE crm; INSERT INTO crm.tickets (subject) SELECT CONCAT('ticket ', seq) FROM seq_1_to_2000;`,
    );
    // The demo's live load, from before the project starts to the end: the full copy and the replay both run under it.
    load = new DemoLoad(() => rootConnection(source), { transactionsPerSecond: 20 });
    load.start();
    home = freshHome('e2e-run');
    // Slow enough to watch the tables fill and the charts draw.
    projectId = await importDemoProject(home, { source, destination }, (file) => (file.options.rpsLimit = 12_000));
    ui = await openUi(home);
    ({ served, page, app } = ui);
  });

  afterAll(async () => {
    await load?.stop();
    await ui?.close();
    removeDir(home);
    await dropDemo(source, destination);
  });

  const stage = (name: string) => app.page.locator(`[data-testid=stage-row][data-stage=${name}]`);

  it('starts the demo project from the details page; the schema stage stops on the failed table', async () => {
    await new ProjectsPage(app).open(DEMO_NAME);
    await app.id('detail-start').click();
    await app.confirm();
    await eventually(async () => (await stage('schema').getAttribute('data-status')) === 'failed', 'the schema stage failed', 60_000);
    expect(await app.id('project-status').first().textContent()).toContain('Failed');
    expect(await app.id('stage-error').first().textContent()).toContain('crm.tickets');
    await app.shot('20-run-schema-failed');
  });

  it('modifies the failed DDL and retries it on the Schema Migration page; the project goes on', async () => {
    await app.id('stage-error-link').first().click();
    await app.id('stage-page-schema').waitFor();
    const row = app.page.locator('[data-testid=schema-object-row][data-status=failed]');
    await eventually(async () => (await row.count()) === 1, 'one failed object');
    expect(await row.getAttribute('data-target')).toBe('crm.tickets');
    await app.shot('21-schema-page-failed');
    await row.getByTestId('schema-modify').click();
    await app.id('schema-modify-modal').waitFor();
    expect(await app.id('schema-modify-error').textContent()).toContain('ticket_no');
    const ddl = app.id('schema-modify-ddl');
    const text = await ddl.inputValue();
    const fixed = text.replace(/ DEFAULT \(nextval\([^)]*\)\)/i, '');
    expect(fixed).not.toBe(text);
    await ddl.fill(fixed);
    await app.shot('22-schema-modify');
    await app.id('schema-modify-submit').click();
    await eventually(async () => (await app.page.locator('[data-testid=schema-object-row][data-target="crm.tickets"]').getAttribute('data-status')) === 'created', 'the table was created');
    await app.shot('23-schema-page-fixed');
  });

  it('shows the tables arriving on the Full Migration page, then completed', async () => {
    await page.goto(new URL(`/#/projects/${projectId}/full`, served.url).href);
    await app.id('stage-page-full').waitFor();
    const rows = app.id('full-table-row');
    await eventually(async () => (await rows.count()) >= 9, 'every table listed', 60_000);
    await eventually(async () => (await app.page.locator('[data-testid=full-table-row][data-status=running], [data-testid=full-table-row][data-status=completed]').count()) > 0, 'the copy moving');
    await app.shot('24-full-running');
    await eventually(async () => (await app.page.locator('[data-testid=full-table-row][data-status=completed]').count()) === (await rows.count()), 'every table completed', 120_000);
    await app.shot('25-full-completed');
    // The copy's rows are compared at the end, once the load has stopped and the replay caught up.
  });

  it('draws the performance charts from the recorded metrics', async () => {
    await app.id('full-tab-performance').click();
    await app.id('perf-charts').waitFor();
    for (const chart of ['rps', 'traffic', 'read-time', 'shard-time', 'write-time']) {
      await eventually(async () => Number(await app.id(`perf-chart-${chart}`).getAttribute('data-points')) > 2, `${chart} has points`);
    }
    const canvases = await app.page.locator('[data-testid=perf-charts] canvas').count();
    expect(canvases).toBeGreaterThanOrEqual(5);
    // A copy of a few seconds is drawn in the middle of its axis, its points apart, not pressed against an edge.
    const rps = await new PerformanceCharts(app).span('rps');
    expect(rps.last - rps.first).toBeLessThan(20_000);
    expect(rps.first - rps.from).toBeGreaterThan(0);
    expect(Math.abs(rps.first - rps.from - (rps.to - rps.last))).toBeLessThanOrEqual(1);
    await app.shot('26-full-performance');
    await page.goto(new URL(`/#/projects/${projectId}`, served.url).href);
    await eventually(async () => (await stage('full').getAttribute('data-status')) === 'completed', 'the details page shows the full stage completed');
    await app.shot('27-detail-after-full');
    expect(app.errors).toEqual([]);
  });

  const incrementalPage = async () => {
    await page.goto(new URL(`/#/projects/${projectId}/incremental`, served.url).href);
    await app.id('stage-page-incremental').waitFor();
  };
  const incrementalStatus = () => app.id('incr-status').getAttribute('data-status');

  it('follows incremental synchronization to Monitoring with its latency, statistics and charts', async () => {
    await incrementalPage();
    await eventually(async () => (await incrementalStatus()) === 'monitoring', 'incremental synchronization is Monitoring', 120_000);
    expect(await app.id('incr-status').textContent()).toContain('Monitoring');
    await eventually(async () => (await app.id('incr-latency').getAttribute('data-latency-ms')) !== null, 'a latency is shown');
    expect(await app.id('incr-latency').textContent()).toMatch(/\d+(\.\d+)? seconds? \(updated \d+ seconds? ago\)/);
    // Heartbeats are written (the harness user may), so no whole-seconds note.
    expect(await app.id('incr-latency-seconds-only').count()).toBe(0);
    expect(await app.id('incr-checkpoint').textContent()).toMatch(/\S+:\d+/);
    await eventually(async () => Number(await app.id('incr-total-inserts').getAttribute('data-value')) > 0, 'inserts counted');
    const orders = app.page.locator('[data-testid=incr-stats-row][data-source="shop.orders"]');
    await eventually(async () => Number(await orders.getByTestId('incr-stats-sum').getAttribute('data-value')) > 0, 'changes counted for shop.orders');
    await app.shot('28-incremental-monitoring');
    // The name search narrows the statistics (and their totals) to matching tables.
    await app.id('incr-search').fill('order_items');
    await eventually(async () => (await app.id('incr-stats-row').count()) === 1, 'only shop.order_items listed');
    expect(await app.id('incr-stats-row').getAttribute('data-source')).toBe('shop.order_items');
    await app.id('incr-search').fill('');
    await eventually(async () => (await app.id('incr-stats-row').count()) > 1, 'every table listed again');

    await app.id('incr-tab-performance').click();
    await app.id('perf-charts').waitFor();
    for (const chart of ['latency', 'traffic', 'exec-time', 'commit-time', 'rps']) {
      await eventually(async () => Number(await app.id(`perf-chart-${chart}`).getAttribute('data-points')) > 2, `${chart} has points`, 60_000);
    }
    await app.shot('29-incremental-performance');
  });

  it('applies a DDL made on the source, and lists it', async () => {
    await exec(source, 'ALTER TABLE shop.customers ADD COLUMN loyalty_points INT NOT NULL DEFAULT 0');
    await app.id('incr-tab-ddl').click();
    const applied = app.page.locator('[data-testid=incr-ddl-row][data-outcome=applied]');
    await eventually(async () => (await applied.count()) === 1, 'the ADD COLUMN applied', 60_000);
    expect(await applied.textContent()).toContain('loyalty_points');
    // Run without USE: the list still names the database it acts on.
    expect(await applied.getAttribute('data-database')).toBe('shop');
    // In a 1280 px window the tab's buttons stay inside it.
    const refresh = await app.id('incr-refresh').boundingBox();
    expect(refresh && refresh.x + refresh.width).toBeLessThanOrEqual(app.page.viewportSize()!.width);
  });

  it('stops on a DDL the destination refuses, shows its statement, and goes on after Skip', async () => {
    // A row only the destination has makes the source's new unique key impossible there.
    await exec(destination, "INSERT INTO shop.products (sku, title, price) VALUES ('SKU-DEST-ONLY', 'Product 1', 1.00)");
    await exec(source, 'ALTER TABLE shop.products ADD UNIQUE KEY uk_products_title (title)');
    await eventually(async () => (await app.id('incr-failed-ddl').count()) === 1, 'the failed DDL is shown', 60_000);
    expect(await app.id('incr-failed-ddl-statement').textContent()).toContain('uk_products_title');
    expect(await app.id('incr-failed-ddl-error').textContent()).toMatch(/Duplicate entry/i);
    await eventually(async () => (await incrementalStatus()) === 'failed', 'the stage is Failed');
    // The project is Failed once its other stages (verification, under the load) have stopped too.
    await eventually(async () => ((await app.id('project-status').first().textContent()) ?? '').includes('Failed'), 'the project is Failed');
    await app.shot('30-incremental-ddl-failed');

    await app.id('incr-skip-ddl').click();
    expect(await app.page.locator('.n-dialog').textContent()).toContain('will not be run on the destination');
    await app.confirm();
    await eventually(async () => (await app.id('incr-failed-ddl').count()) === 0, 'the failed DDL is gone', 60_000);
    await eventually(async () => ['running', 'monitoring'].includes((await incrementalStatus()) ?? ''), 'synchronization resumed', 60_000);
    await app.id('incr-tab-ddl').click();
    await eventually(async () => (await app.page.locator('[data-testid=incr-ddl-row][data-outcome=skipped]').count()) === 1, 'the DDL is listed as skipped');
    await app.shot('31-incremental-ddl-skipped');
  });

  it('pauses Incr-Sync alone from component monitoring while the Store keeps capturing, and starts it again', async () => {
    await page.goto(new URL(`/#/projects/${projectId}`, served.url).href);
    await app.id('component-monitoring').waitFor();
    const row = (kind: string) => app.page.locator(`[data-testid=component-row][data-kind=${kind}]`);
    await eventually(async () => (await row('incr-sync').getAttribute('data-status')) === 'running', 'Incr-Sync running');
    expect(await row('store').getByTestId('component-start').isDisabled()).toBe(true);

    await row('incr-sync').getByTestId('component-pause').click();
    expect(await app.page.locator('.n-dialog').textContent()).toContain('the Store keeps capturing');
    await app.confirm();
    // Held at once; Paused once its worker has stopped at its checkpoint, which the page may show a moment later.
    await eventually(async () => (await row('incr-sync').getAttribute('data-held')) === 'true', 'Incr-Sync held');
    await eventually(async () => (await row('incr-sync').getAttribute('data-status')) === 'paused', 'Incr-Sync paused');
    expect(await row('incr-sync').getByTestId('component-held').textContent()).toContain('until started');
    expect(await row('store').getAttribute('data-status')).toBe('running');
    expect(await app.id('project-status').first().textContent()).toContain('Running');
    expect(await row('incr-sync').getByTestId('component-pause').isDisabled()).toBe(true);
    await app.page.locator('.n-dialog').waitFor({ state: 'detached' });
    await app.shot('32-component-paused');

    // Honest health: the stage row and the incremental page say Paused by you, never caught up, and the latency grows from the last reading.
    await eventually(async () => (await app.id('stage-latency').getAttribute('data-replay')) === 'paused-by-you', 'the stage row says Paused by you');
    await incrementalPage();
    await eventually(async () => (await app.id('incr-status').getAttribute('data-health')) === 'paused-by-you', 'the page says Paused by you');
    expect(await app.id('incr-status').textContent()).not.toContain('caught up');
    const grown = async () => Number(/at least ([\d.]+) seconds?/.exec((await app.id('incr-latency').textContent()) ?? '')?.[1] ?? NaN);
    const first = await grown();
    await eventually(async () => (await grown()) >= first + 2, 'the latency growing while held', 15_000);
    expect(await app.id('incr-latency').getAttribute('data-stale')).toBe('true');
    await app.shot('33-incremental-paused-by-you');
    await page.goto(new URL(`/#/projects/${projectId}`, served.url).href);
    await app.id('component-monitoring').waitFor();

    await row('incr-sync').getByTestId('component-start').click();
    await app.confirm();
    await eventually(async () => (await row('incr-sync').getAttribute('data-status')) === 'running', 'Incr-Sync running again', 60_000);
    expect(await row('incr-sync').getAttribute('data-held')).toBe('false');
    await incrementalPage();
  });

  it('ends with the destination identical to the source once the load stops', async () => {
    await load.stop();
    expect(load.transactions).toBeGreaterThan(100);
    await exec(destination, "DELETE FROM shop.products WHERE sku = 'SKU-DEST-ONLY'");
    const tables: [string, string, { where?: string; columns?: string[] }][] = [
      ['shop', 'customers', {}],
      ['shop', 'products', {}],
      ['shop', 'orders', {}],
      ['shop', 'order_items', {}],
      ['shop', 'order_audit', {}],
      ['shop', 'page_views', {}],
      ['crm', 'tickets', {}],
      ['crm', 'interactions', {}],
      ['crm', 'contacts', { where: 'is_deleted = 0', columns: ['id', 'full_name', 'phone', 'notes', 'is_deleted'] }],
    ];
    for (const [database, table, options] of tables) {
      await eventually(
        async () => isIdentical(await compareTable(source, { database, table }, destination, { database, table }, options)),
        `${database}.${table} identical`,
        120_000,
      );
    }
    await eventually(async () => (await incrementalStatus()) === 'monitoring', 'Monitoring again');
    expect(app.errors).toEqual([]);
  });
});
