/**
 * Adding and removing tables of a running project from the browser (F-17):
 * a project that migrates two tables of a database runs; on its details page
 * one more table of that database is picked from the source's tables and one
 * of the migrated tables is picked for removal; after the confirmation the
 * project shows Modifying (or Integrating), then Running with the notice
 * saying Completed. The added table ends identical on the destination,
 * changes made to it while it was being copied included, and a row written
 * to the removed table afterwards never arrives there.
 */

import type { Locator } from 'playwright-core';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTable, isIdentical } from '../integration/compare';
import { createCore, exec, freshHome, removeDir, rootConnection, servers } from '../integration/helpers';
import { createIncrementalProject, sourcePosition, waitCaughtUp } from '../integration/incremental-helpers';
import type { App } from './pages';
import { eventually, ProjectsPage } from './pages';
import type { UiSession } from './session';
import { openUi } from './session';

const { source, destination } = servers();
const DB = 'e2e_modo';
const NAME = 'modify-running';
/** Slow enough that Modifying lasts a few seconds: the added table's copy is throttled to this many rows per second. */
const RPS_LIMIT = 5000;
const ADDED_ROWS = 15_000;

/** `kept` and `gone` are migrated from the start; `late_added` is added while the project runs, `gone` removed; `never` stays out. */
async function prepare(): Promise<void> {
  await exec(
    source,
    `DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
     CREATE TABLE kept (id INT PRIMARY KEY, v VARCHAR(40) NOT NULL);
     CREATE TABLE gone (id INT PRIMARY KEY, v VARCHAR(40) NOT NULL);
     CREATE TABLE late_added (id INT PRIMARY KEY, v VARCHAR(40) NOT NULL, n INT NOT NULL);
     CREATE TABLE never (id INT PRIMARY KEY);
     INSERT INTO kept SELECT seq, CONCAT('k', seq) FROM seq_1_to_500;
     INSERT INTO gone SELECT seq, CONCAT('g', seq) FROM seq_1_to_500;
     INSERT INTO late_added SELECT seq, CONCAT('a', seq), seq % 97 FROM seq_1_to_${ADDED_ROWS};`,
  );
  await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
}

/** The project, in `home`, with a data source for each server; returns its id. */
async function createProject(home: string): Promise<string> {
  const core = createCore(home);
  try {
    const objects = { include: [`${DB}.kept`, `${DB}.gone`], exclude: [], tables: [] };
    return await createIncrementalProject(core, NAME, { from: source, to: destination }, objects, { rpsLimit: RPS_LIMIT });
  } finally {
    await core.close();
  }
}

async function destinationRows(sql: string): Promise<RowDataPacket[]> {
  const connection = await rootConnection(destination, DB);
  try {
    const [rows] = await connection.query<RowDataPacket[]>(sql);
    return rows;
  } finally {
    await connection.end();
  }
}

/** The Add or Remove Tables dialog of the details page, in the words of the screen. */
class ModifyObjectsDialog {
  readonly modal: Locator;

  constructor(private readonly app: App) {
    this.modal = app.id('modify-objects-modal');
  }

  async open(): Promise<void> {
    await this.app.id('detail-modify-objects').click();
    await this.modal.waitFor();
  }

  /** The table names the tree offers to add, once the source's tables are read. */
  async addable(): Promise<string[]> {
    await this.modal.getByTestId('object-tree').waitFor();
    await this.modal.locator('[data-testid=object-tree] .n-tree-node', { hasText: DB }).first().locator('.n-tree-node-switcher').click();
    return (await this.modal.locator('[data-testid=object-tree] .n-tree-node-content__text').allTextContents()).map((t) => t.trim());
  }

  async pickToAdd(table: string): Promise<void> {
    await this.modal.locator('[data-testid=object-tree] .n-tree-node', { hasText: table }).first().locator('.n-checkbox').click();
  }

  async typeRules(rules: string[]): Promise<void> {
    await this.app.id('modify-add-rules').fill(rules.join('\n'));
  }

  async pickToRemove(source: string): Promise<void> {
    await this.modal.locator(`[data-testid=modify-remove-row][data-source="${source}"] .n-checkbox`).click();
  }

  /** Next, then the confirmation's text. */
  async next(): Promise<string> {
    await this.app.id('modify-objects-next').click();
    const confirm = this.app.id('modify-confirm');
    await confirm.waitFor();
    return ((await confirm.textContent()) ?? '').replace(/\s+/g, ' ');
  }

  async submit(): Promise<void> {
    await this.app.id('modify-objects-submit').click();
    await this.modal.waitFor({ state: 'hidden' });
  }

  /** Submits a change the host refuses: its error, with the dialog still open. */
  async submitRefused(): Promise<string> {
    await this.app.id('modify-objects-submit').click();
    const error = this.modal.getByTestId('error-alert');
    await error.waitFor();
    return ((await error.textContent()) ?? '').replace(/\s+/g, ' ');
  }

  async back(): Promise<void> {
    await this.app.id('modify-objects-back').click();
    await this.modal.getByTestId('modify-add').waitFor();
  }
}

describe('adding and removing tables of a running project in the browser', () => {
  let home: string;
  let ui: UiSession;
  let app: App;
  let projectId: string;

  beforeAll(async () => {
    await prepare();
    home = freshHome('e2e-modify-objects');
    projectId = await createProject(home);
    ui = await openUi(home);
    app = ui.app;
  });

  afterAll(async () => {
    await ui?.close();
    if (home) removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  const status = () => app.id('project-status').first().getAttribute('data-status');
  const notice = () => app.id('modification-notice');

  it('adds a table and removes one while the replay runs: Modifying, then Running with the change Completed', async () => {
    await new ProjectsPage(app).open(NAME);
    const button = app.id('detail-modify-objects');
    expect(await button.isDisabled()).toBe(true);
    await app.id('detail-start').click();
    await app.confirm();
    await eventually(async () => !(await button.isDisabled()), 'Add or Remove Tables allowed once the replay runs', 60_000);
    expect(await notice().count()).toBe(0);

    const dialog = new ModifyObjectsDialog(app);
    await dialog.open();
    // Only what the project does not migrate is offered.
    const addable = await dialog.addable();
    expect(addable).toEqual(expect.arrayContaining([DB, 'late_added', 'never']));
    expect(addable).not.toContain('kept');
    expect(addable).not.toContain('gone');

    // A rule that matches nothing new is refused by the host; the dialog stays open with its reason.
    await dialog.typeRules([`${DB}.kept*`]);
    expect(await dialog.next()).toContain(`${DB}.kept*`);
    expect(await dialog.submitRefused()).toMatch(/match no table the project does not migrate yet/);
    await dialog.back();
    await dialog.typeRules([]);
    await dialog.pickToAdd('late_added');
    await dialog.pickToRemove(`${DB}.gone`);
    await app.shot('60-modify-objects-choose');
    const confirmation = await dialog.next();
    expect(confirmation).toContain(`${DB}.late_added`);
    expect(confirmation).toContain('a full copy while the replay keeps going');
    expect(confirmation).toContain(`${DB}.gone`);
    expect(confirmation).toContain('Their destination tables stay as they are');
    await app.shot('61-modify-objects-confirm');
    await dialog.submit();

    // Changes to the added table while it is copied: the catch-up brings them.
    await exec(source, `USE ${DB}; UPDATE late_added SET n = n + 1000 WHERE id <= 300; INSERT INTO late_added SELECT ${ADDED_ROWS} + seq, 'during', 0 FROM seq_1_to_200; DELETE FROM late_added WHERE id BETWEEN 301 AND 350;`);
    await eventually(async () => ['modifying', 'integrating'].includes((await status()) ?? ''), 'the project shows Modifying or Integrating', 10_000);
    expect(await app.id('project-status').first().textContent()).toMatch(/Modifying|Integrating/);
    expect(['modifying', 'integrating']).toContain(await notice().getAttribute('data-status'));
    expect(await app.id('modification-added').textContent()).toContain(`${DB}.late_added`);
    expect(await app.id('modification-removed').textContent()).toContain(`${DB}.gone`);
    await app.shot('62-modify-objects-modifying');

    await eventually(async () => (await status()) === 'running' && (await notice().getAttribute('data-status')) === 'completed', 'Running with the change Completed', 45_000);
    expect(await app.id('modification-status').textContent()).toBe('Completed');
    expect(await app.id('modification-ended').textContent()).not.toBe('-');
    await app.shot('63-modify-objects-completed');
    expect(app.errors).toEqual([]);
  });

  it('finds the added table identical on the destination, and nothing new in the removed one', async () => {
    await exec(source, `USE ${DB}; INSERT INTO gone VALUES (100001, 'after-removal'); INSERT INTO kept VALUES (100001, 'after-removal');`);
    // Once the replay has committed past this position, the row in `gone` would be there had the table not been removed.
    const core = createCore(home);
    try {
      await waitCaughtUp(core, projectId, await sourcePosition(source), 20_000);
    } finally {
      await core.close();
    }
    expect(await destinationRows('SELECT 1 FROM kept WHERE id = 100001')).toHaveLength(1);
    expect(await destinationRows('SELECT 1 FROM gone WHERE id = 100001')).toHaveLength(0);
    expect((await destinationRows('SELECT COUNT(*) AS n FROM gone'))[0].n).toBe(500);
    const diff = await compareTable(source, { database: DB, table: 'late_added' }, destination, { database: DB, table: 'late_added' });
    expect(diff.sourceRows).toBe(ADDED_ROWS + 200 - 50);
    expect(isIdentical(diff), JSON.stringify({ ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3), different: diff.different.slice(0, 3) })).toBe(true);
  });
});
