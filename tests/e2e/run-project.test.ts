/**
 * Running the demo project from the browser: start it, see its schema stage
 * fail on a table whose default needs a sequence the migration does not copy,
 * modify that DDL and retry it on the Schema Migration page, watch the tables
 * arrive on the Full Migration page, and see the performance charts draw.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { Served } from '../integration/helpers';
import { createCore, exec, freshHome, REPO, removeDir, servers } from '../integration/helpers';
import { compareTable, isIdentical } from '../integration/compare';
import { launchBrowser, serve } from './browser';
import { App, eventually, ProjectsPage } from './pages';

const { source, destination } = servers();
const DEMO = join(REPO, 'resources', 'demo');
const DEMO_NAME = 'Demo: shop and CRM to OceanBase';

describe('running a project in the browser', () => {
  let home: string;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let app: App;
  let projectId: string;

  beforeAll(async () => {
    await exec(source, 'DROP DATABASE IF EXISTS shop; DROP DATABASE IF EXISTS crm;');
    await exec(destination, 'DROP DATABASE IF EXISTS shop; DROP DATABASE IF EXISTS crm;');
    await exec(source, readFileSync(join(DEMO, 'schema.sql'), 'utf8'));
    await exec(source, `USE shop; ${readFileSync(join(DEMO, 'data.sql'), 'utf8')}`);
    // Sequences are not migrated: a default that reads one fails on the destination, as it would in real life.
    await exec(
      source,
      `CREATE SEQUENCE crm.ticket_no;
       CREATE TABLE crm.tickets (id BIGINT NOT NULL DEFAULT NEXTVAL(crm.ticket_no) PRIMARY KEY, subject VARCHAR(80) NOT NULL);
       USE crm; INSERT INTO crm.tickets (subject) SELECT CONCAT('ticket ', seq) FROM seq_1_to_2000;`,
    );
    home = freshHome('e2e-run');
    const core = createCore(home);
    for (const [name, server] of [['demo-source', source], ['demo-destination', destination]] as const) {
      const created = await call(core.dispatch, 'datasources/create', { name, host: server.host, port: server.port, user: server.user, password: server.password });
      await call(core.dispatch, 'datasources/test', { id: created.id });
    }
    const file = JSON.parse(readFileSync(join(DEMO, 'project.json'), 'utf8')) as { options: Record<string, unknown> };
    // Slow enough to watch the tables fill and the charts draw.
    file.options.rpsLimit = 12_000;
    const { project } = await call(core.dispatch, 'projects/importFile', { fileName: 'project.json', content: JSON.stringify(file) });
    projectId = project.id;
    await core.close();
    served = await serve(home);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    app = new App(page);
    await app.open(served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    removeDir(home);
    await exec(source, 'DROP DATABASE IF EXISTS shop; DROP DATABASE IF EXISTS crm;');
    await exec(destination, 'DROP DATABASE IF EXISTS shop; DROP DATABASE IF EXISTS crm;');
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
    for (const [db, table] of [['shop', 'orders'], ['shop', 'order_items'], ['crm', 'tickets'], ['shop', 'page_views']]) {
      expect(isIdentical(await compareTable(source, { database: db, table }, destination, { database: db, table })), `${db}.${table}`).toBe(true);
    }
  });

  it('draws the performance charts from the recorded metrics', async () => {
    await app.id('full-tab-performance').click();
    await app.id('perf-charts').waitFor();
    for (const chart of ['rps', 'traffic', 'read-time', 'shard-time', 'write-time']) {
      await eventually(async () => Number(await app.id(`perf-chart-${chart}`).getAttribute('data-points')) > 2, `${chart} has points`);
    }
    const canvases = await app.page.locator('[data-testid=perf-charts] canvas').count();
    expect(canvases).toBeGreaterThanOrEqual(5);
    await app.shot('26-full-performance');
    await page.goto(new URL(`/#/projects/${projectId}`, served.url).href);
    await eventually(async () => (await stage('full').getAttribute('data-status')) === 'completed', 'the details page shows the full stage completed');
    await app.shot('27-detail-after-full');
    expect(app.errors).toEqual([]);
  });
});
