/**
 * The foundation as a DBA uses it in a browser: Chromium against `cutover
 * serve` and real MariaDB servers. Add both data sources, create a project
 * through the wizard, find it by search and filters, export its objects and
 * import them into a clone, and read the precheck results. A screenshot of
 * every main screen is kept in test-results/screenshots/.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, freshHome, removeDir, servers } from '../integration/helpers';
import type { Served } from '../integration/helpers';
import type { App } from './pages';
import { DataSourcesPage, eventually, PrecheckPanel, ProjectDetailPage, ProjectsPage, WizardPage } from './pages';
import type { UiSession } from './session';
import { openUi } from './session';

const { source, destination } = servers();
const PROJECT = 'E2E shop to OceanBase';

describe('foundation in the browser', () => {
  let home: string;
  let files: string;
  let ui: UiSession;
  let served: Served;
  let page: Page;
  let app: App;

  beforeAll(async () => {
    home = freshHome('e2e');
    files = freshHome('e2e-files');
    await exec(
      source,
      `DROP DATABASE IF EXISTS e2e_shop; CREATE DATABASE e2e_shop;
       CREATE TABLE e2e_shop.orders (id INT PRIMARY KEY, customer VARCHAR(50), total DECIMAL(10,2));
       CREATE TABLE e2e_shop.order_lines (order_id INT, line INT, sku VARCHAR(20), PRIMARY KEY (order_id, line));
       CREATE TABLE e2e_shop.tmp_load (raw TEXT);
       CREATE TABLE e2e_shop.clicks (at DATETIME, path VARCHAR(100));
       CREATE VIEW e2e_shop.big_orders AS SELECT id, total FROM e2e_shop.orders WHERE total > 100;
       INSERT INTO e2e_shop.orders VALUES (1, 'Ana', 120.00), (2, 'Zoë', 80.50);`,
    );
    ui = await openUi(home, { width: 1280, height: 800, acceptDownloads: true });
    ({ served, page, app } = ui);
  });

  afterAll(async () => {
    await ui?.close();
    removeDir(home);
    removeDir(files);
    await exec(source, 'DROP DATABASE IF EXISTS e2e_shop');
  });

  it('opens on the projects page with an empty state', async () => {
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await app.id('projects-empty').waitFor();
    await app.shot('01-projects-empty');
  });

  it('adds both data sources, with a clear error for a wrong password', async () => {
    await app.nav('datasources');
    const sources = new DataSourcesPage(app);
    await sources.openForm();
    await app.id('ds-form-save').click();
    await eventually(async () => (await page.locator('.n-form-item-feedback--error').count()) > 0, 'the form shows what is missing');
    await sources.fill({ name: 'shop-src', host: source.host, port: source.port, user: source.user, password: 'not-the-password' });
    const wrong = await sources.testForm();
    expect(wrong.ok).toBe(false);
    expect(wrong.text).toContain(`refused user ${source.user}`);
    await app.shot('02-datasource-wrong-password');
    await app.id('ds-form-password').fill(source.password);
    const right = await sources.testForm();
    expect(right.ok).toBe(true);
    expect(right.text).toMatch(/MariaDB/);
    await sources.save();

    await sources.openForm();
    await sources.fill({ name: 'ob-dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
    expect((await sources.testForm()).ok).toBe(true);
    await sources.save();

    await eventually(async () => (await app.id('datasource-row').count()) === 2, 'both data sources are listed');
    await eventually(async () => /MariaDB/.test((await sources.row('shop-src').textContent()) ?? ''), 'the source shows its server');
    await app.shot('03-datasources');
  });

  it('creates a project through the wizard, with a live preview of the objects', async () => {
    await app.nav('projects');
    await app.id('projects-empty-create').click();
    const wizard = new WizardPage(app);
    // In a short window, Next with the step's last field in view brings its first problem, the name, into view.
    await page.setViewportSize({ width: 1280, height: 480 });
    await app.id('wizard-add-destination').scrollIntoViewIfNeeded();
    expect(await app.inView(app.id('wizard-name'))).toBe(false);
    await wizard.next();
    await eventually(async () => (await page.locator('.n-form-item-feedback--error').count()) > 0, 'step 1 says what is missing');
    await eventually(() => app.inView(app.id('wizard-name')), 'the wizard scrolled to the name');
    await page.setViewportSize({ width: 1280, height: 800 });
    await wizard.endpoints(PROJECT, ['e2e', 'wave-1'], 'shop-src', 'ob-dst');
    await app.shot('04-wizard-endpoints');
    await wizard.next();

    await app.id('wizard-page-types').waitFor();
    await wizard.toggleType('verification');
    await app.shot('05-wizard-types');
    await wizard.next();

    await app.id('wizard-page-objects').waitFor();
    await wizard.tickDatabase('e2e_shop');
    await wizard.excludeRules(['e2e_shop.tmp_*']);
    await wizard.addTableSetting('e2e_shop.orders', 'total > 0');
    await eventually(async () => (await wizard.previewObjects().count()) === 4, 'the preview lists 3 tables and 1 view');
    const preview = (await app.id('object-preview').textContent()) ?? '';
    expect(preview).toContain('e2e_shop.tmp_load (selected by include e2e_shop.*) is dropped by exclude e2e_shop.tmp_*');
    await app.shot('06-wizard-objects');
    await wizard.next();

    await app.id('wizard-page-options').waitFor();
    await app.id('options-full-concurrency-fast').click();
    await app.shot('07-wizard-options');
    await wizard.next();

    await app.id('wizard-page-save').waitFor();
    await wizard.save();
    const precheck = new PrecheckPanel(app);
    await precheck.run();
    const states = await precheck.states();
    expect(states['source.connection']).toBe('success');
    expect(states['objects.selection']).toBe('warn');
    expect(states['objects.keys']).toBe('warn');
    expect(states['source.binlog_format']).toBe('success');
    expect(Object.values(states)).not.toContain('fail');
    await app.shot('08-wizard-precheck');
  });

  it('finds the project by search and by filters', async () => {
    // A second project, so that filters have something to leave out.
    await exec(source, 'CREATE DATABASE IF NOT EXISTS e2e_other');
    await app.nav('projects');
    const projects = new ProjectsPage(app);
    await projects.shows([PROJECT]);
    await app.id('project-row').first().getByTestId('project-clone').click();
    await projects.shows([PROJECT, `${PROJECT} (copy)`]);

    await projects.search('shop to');
    await projects.shows([PROJECT, `${PROJECT} (copy)`]);
    await projects.search('no such project');
    await app.id('projects-no-match').waitFor();
    await projects.clearFilters();

    await projects.filter('tag', 'wave-1');
    await projects.shows([PROJECT, `${PROJECT} (copy)`]);
    await projects.filter('status', 'Running');
    await app.id('projects-no-match').waitFor();
    await projects.filter('status', 'Not Started');
    await projects.filter('type', 'Reverse Incremental');
    await app.id('projects-no-match').waitFor();
    await projects.filter('type', 'Full Verification');
    await projects.shows([PROJECT, `${PROJECT} (copy)`]);
    await app.shot('09-projects-filtered');
    await projects.clearFilters();
    await exec(source, 'DROP DATABASE IF EXISTS e2e_other');
  });

  it('exports the object settings and imports them into a clone', async () => {
    const projects = new ProjectsPage(app);
    await projects.search(`${PROJECT} (copy)`);
    await projects.shows([`${PROJECT} (copy)`]);
    await projects.open(`${PROJECT} (copy)`);
    const copy = new ProjectDetailPage(app);
    const copyId = await copy.id();
    // The copy starts with its own, different objects.
    await app.nav('projects');
    await projects.clearFilters();
    await projects.open(PROJECT);
    const detail = new ProjectDetailPage(app);
    expect(await detail.title()).toContain(PROJECT);
    const download = await detail.exportObjects();
    const csv = join(files, download.suggestedFilename());
    await download.saveAs(csv);
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain('source_database,source_table,target_database,target_table,where,columns');
    expect(text).toContain('e2e_shop,*,,,,');
    expect(text).toContain('e2e_shop,orders,,,total > 0,');
    const original = await detail.objectsDrawer();
    await app.shot('10-project-detail');

    await page.goto(new URL(`/#/projects/${copyId}`, served.url).href);
    await app.id('basic-info').waitFor();
    // A broken file first: every bad line is named and nothing changes.
    const broken = join(files, 'broken.csv');
    writeFileSync(broken, `${text.trim()}\r\ne2e_shop,,,,,\r\ne2e_shop,t_*,x,t_*,,\r\n`);
    await copy.importObjects(broken);
    await app.id('error-details').waitFor();
    const lines = await app.id('error-detail-line').allTextContents();
    expect(lines.some((l) => l.includes('broken.csv:4: source_table is empty'))).toBe(true);
    expect(lines.some((l) => l.includes('broken.csv:5: target_table "t_*" uses a wildcard'))).toBe(true);
    await app.shot('11-clone-import-errors');

    const edited = join(files, 'objects.csv');
    writeFileSync(edited, text.replace('e2e_shop,orders,,,total > 0,', 'e2e_shop,orders,e2e_shop,orders_archive,total > 100,id;total'));
    await copy.importObjects(edited);
    await eventually(async () => (await copy.objectsDrawer()).tables.some((t) => t.includes('orders_archive')), 'the clone shows the imported objects');
    const imported = await copy.objectsDrawer();
    expect(imported.include).toBe(original.include);
    expect(imported.exclude).toBe(original.exclude);
    expect(imported.tables.join(' ')).toContain('total > 100');
    await app.shot('12-clone-imported');
  });

  it('shows the latest precheck results on the details page', async () => {
    const projects = new ProjectsPage(app);
    await app.nav('projects');
    await projects.open(PROJECT);
    await app.id('precheck-section').scrollIntoViewIfNeeded();
    const precheck = new PrecheckPanel(app);
    expect(await precheck.finished()).toBe('warned');
    expect((await precheck.states())['destination.privileges']).toBe('success');
    await app.shot('13-detail-precheck');
  });

  it('modifies the alert level and the parameters, and explains a refused data source change', async () => {
    const projects = new ProjectsPage(app);
    await app.nav('datasources');
    const sources = new DataSourcesPage(app);
    await sources.openForm();
    await sources.fill({ name: 'never-tested', host: '127.0.0.1', port: 1, user: 'x', password: 'y' });
    await sources.save();
    await app.nav('projects');
    await projects.open(PROJECT);

    await app.id('detail-alert-level').click();
    await app.id('alert-level-high').click();
    await app.id('alert-level-save').click();
    await eventually(async () => /High Protection/.test((await app.id('detail-alert').textContent()) ?? ''), 'the alert level shows High Protection');

    await app.id('detail-params').click();
    await app.id('options-full-concurrency-smooth').click();
    await app.id('parameters-save').click();
    await eventually(async () => /Smooth/.test((await app.id('detail-full-concurrency').textContent()) ?? ''), 'the concurrency shows Smooth');

    await app.id('detail-change-datasource').click();
    await app.choose(app.id('change-datasource-target'), 'never-tested');
    await app.id('change-datasource-save').click();
    const refusal = app.id('change-datasource-modal').getByTestId('error-alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('The flavour of "never-tested" is not known yet.');
    await app.shot('14-change-datasource-refused');
    await page.keyboard.press('Escape');
  });

  it('shows alerts and settings, in light and dark themes', async () => {
    await app.nav('alerts');
    await app.id('alerts-empty').waitFor();
    await app.shot('15-alerts');
    await app.nav('settings');
    await eventually(async () => ((await app.id('about-home').textContent()) ?? '').includes(home), 'settings show the state directory');
    expect(await app.id('about-secrets').textContent()).toMatch(/key file/i);
    await app.shot('16-settings');
    await app.id('theme-switch').click();
    await app.nav('projects');
    await app.shot('17-projects-dark');
    await app.id('theme-switch').click();
    expect(app.errors).toEqual([]);
  });
});
