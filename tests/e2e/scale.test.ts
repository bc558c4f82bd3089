/**
 * The UI at a fleet's scale (issue 13, part 6): a state directory with 1,000
 * projects, one of them a paused project of 10,000 tables part-way through
 * its full copy, written by the host's own services and repos before
 * `cutover serve` starts. In Chromium, opening the list, filtering it,
 * opening the big project's details, its Full Migration table and its schema
 * objects each answer within a second; the times are printed. On the same
 * pages: the list fits a 1280 px window with its actions in view, and
 * disabled buttons look disabled in both themes.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedRunObject } from '../../src-shared/contract/units/probe';
import type { PlannedObject } from '../../src-shared/contract/units/schema';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { ProjectsRepo } from '../../src-main/core/state/repos/projects-repo';
import { createCore, freshHome, removeDir, servers } from '../integration/helpers';
import type { App, ButtonLook } from './pages';
import { eventually, ProjectsPage, StageRows } from './pages';
import type { UiSession } from './session';
import { openUi } from './session';

const PROJECTS = 1_000;
const DATABASES = 10;
const TABLES_PER_DATABASE = 1_000;
const BIG = 'Fleet warehouse (10,000 tables)';
const BUDGET_MS = 1_000;
/** The search that narrows the list: the projects of one team, 1 in 50. */
const TEAM = 'team-07';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** 999 small projects over 50 teams and the big one, created as a user would; a few small ones paused. */
async function seedProjects(core: CoreApp): Promise<string> {
  const { source, destination } = servers();
  const src = await call(core.dispatch, 'datasources/create', { name: 'fleet-src', host: source.host, port: source.port, user: source.user, password: source.password });
  const dst = await call(core.dispatch, 'datasources/create', { name: 'fleet-dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
  const repo = new ProjectsRepo(core.services.db);
  let bigId = '';
  for (let i = 1; i <= PROJECTS; i++) {
    const big = i === PROJECTS;
    const project = await call(core.dispatch, 'projects/create', {
      name: big ? BIG : `Fleet ${pad(i, 4)} orders`,
      tags: [`team-${pad(i % 50, 2)}`, i % 2 ? 'tier-1' : 'tier-2'],
      types: ['schema', 'full', 'incremental', 'verification'],
      sourceId: src.id,
      destinationId: dst.id,
      objects: { include: big ? Array.from({ length: DATABASES }, (_, d) => `warehouse_${d}.*`) : [`fleet_${pad(i, 4)}.*`] },
    });
    if (big) bigId = project.id;
    else if (i % 10 === 0) repo.setStatus(project.id, 'paused');
  }
  return bigId;
}

function tableName(d: number, t: number): { database: string; table: string } {
  return { database: `warehouse_${d}`, table: `t_${pad(t, 4)}` };
}

/** The big project as a paused run leaves it: schema migrated, 6,000 tables copied, 99 part-way with a checkpoint, one failed, the rest not started. */
function seedBigRun(core: CoreApp, id: string): void {
  const { db, objects, schema, stages } = core.services;
  const names = Array.from({ length: DATABASES * TABLES_PER_DATABASE }, (_, i) => tableName(Math.floor(i / TABLES_PER_DATABASE), i % TABLES_PER_DATABASE));
  const resolved: ResolvedRunObject[] = names.map((name, i) => ({
    kind: 'table',
    source: name,
    target: name,
    where: null,
    columns: null,
    matchedBy: `${name.database}.*`,
    rowsEstimated: 1_000 + (i % 97) * 1_000,
    key: [{ name: 'id', kind: 'numeric' }],
    uniqueKey: true,
  }));
  objects.insertAll(id, resolved);
  const planned: PlannedObject[] = [
    ...Array.from({ length: DATABASES }, (_, d): PlannedObject => {
      const database = `warehouse_${d}`;
      return { kind: 'database', source: { database, table: '' }, target: { database, table: '' }, ddl: `CREATE DATABASE \`${database}\``, notes: [], indexes: [], deferred: [] };
    }),
    ...names.map((name): PlannedObject => ({
      kind: 'table',
      source: name,
      target: name,
      ddl: `CREATE TABLE \`${name.database}\`.\`${name.table}\` (id BIGINT PRIMARY KEY, sku VARCHAR(40) NOT NULL, qty INT NOT NULL, KEY sku (sku))`,
      notes: [],
      indexes: [{ name: 'sku', ddl: `ALTER TABLE \`${name.database}\`.\`${name.table}\` ADD KEY sku (sku)` }],
      deferred: [],
    })),
  ];
  schema.savePlan(id, planned);
  const started = new Date(Date.now() - 3_600_000).toISOString();
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const p of planned) schema.setOutcome(id, p.kind, p.target, 'created', null, null, started);
    objects.markCopyStarted(id, names.slice(0, 6_100), started);
    resolved.slice(0, 6_100).forEach((o, i) => {
      const estimated = o.rowsEstimated ?? 0;
      const copied = Math.floor(estimated / 3);
      if (i < 6_000) objects.setCopyStatus(id, o.source, 'completed', estimated, null, now);
      else if (i < 6_099) {
        objects.setCopyStatus(id, o.source, 'running', copied, null, null);
        objects.saveCheckpoint(id, o.source, { lastKey: [String(copied)], rows: copied, done: false });
      } else objects.setCopyStatus(id, o.source, 'failed', 0, 'The table is full (1114): out of disk space on the destination', now);
    });
  })();
  stages.update(id, 'schema', { status: 'completed', progress: 1, startedAt: started, endedAt: started });
  stages.update(id, 'full', { status: 'paused', progress: 0.62, startedAt: started });
  new ProjectsRepo(db).setStatus(id, 'paused');
}

/** Runs `step`, prints how long it took, and returns that. */
async function timed(what: string, step: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await step();
  const ms = Math.round(performance.now() - start);
  console.log(`scale: ${what} in ${ms} ms`);
  return ms;
}

describe('the UI at 1,000 projects and a 10,000-table project', () => {
  let home: string;
  let bigId: string;
  let ui: UiSession;
  let app: App;
  let projects: ProjectsPage;
  let stages: StageRows;

  beforeAll(async () => {
    home = freshHome('e2e-scale');
    const core = createCore(home);
    try {
      bigId = await seedProjects(core);
      seedBigRun(core, bigId);
    } finally {
      await core.close();
    }
    ui = await openUi(home);
    app = ui.app;
    projects = new ProjectsPage(app);
    stages = new StageRows(app);
    // The app has opened on the list: measured from here on, once its first answer is shown.
    await projects.rows().first().waitFor();
  });

  afterAll(async () => {
    await ui?.close();
    if (home) removeDir(home);
  });

  it('opens the list of 1,000 projects within a second', async () => {
    await app.nav('datasources');
    const ms = await timed('project list opened (first row shown)', async () => {
      await app.id('nav-projects').click();
      await projects.rows().first().waitFor();
    });
    expect(await projects.count()).toBe(PROJECTS);
    await app.shot('scale-projects');
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('fits a 1280 px window with the row actions in view; in a narrower one the actions stay in view', async () => {
    const actions = projects.rows().first().getByTestId('project-clone');
    expect(await projects.sidewaysOverflow()).toBe(0);
    expect(await app.inView(actions)).toBe(true);
    await app.page.setViewportSize({ width: 1024, height: 900 });
    try {
      await eventually(async () => (await projects.sidewaysOverflow()) > 0, 'the table scrolls sideways at 1024 px');
      expect(await app.inView(actions)).toBe(true);
    } finally {
      await app.page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('narrows the list by a search within a second', async () => {
    const team = PROJECTS / 50;
    const ms = await timed(`filter applied (${PROJECTS} → ${team} rows)`, async () => {
      await projects.search(TEAM);
      await eventually(async () => (await projects.count()) === team && (await projects.rows().count()) === team, `the list shows the ${team} projects of ${TEAM}`, BUDGET_MS * 5);
    });
    expect((await projects.names()).every((name) => /^Fleet \d{4} orders$/.test(name))).toBe(true);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("opens the 10,000-table project's details and its Full Migration table within a second each", async () => {
    await projects.search('warehouse');
    await eventually(async () => (await projects.names()).join() === BIG, 'the big project is the one row');
    const details = await timed('details page of the 10,000-table project shown', () => projects.open(BIG));
    expect(await stages.status('full')).toBe('paused');
    const full = await timed('Full Migration table of 10,000 tables shown', async () => {
      await stages.open('full');
      await app.id('full-table-row').first().waitFor();
    });
    expect(await app.id('full-tables-completed').textContent()).toBe('6000');
    expect(await app.id('full-tab-tables').textContent()).toContain(`(${DATABASES * TABLES_PER_DATABASE})`);
    await app.shot('scale-full-tables');
    expect(details).toBeLessThan(BUDGET_MS);
    expect(full).toBeLessThan(BUDGET_MS);
  });

  it('shows the schema objects of the 10,000 tables within a second', async () => {
    await app.id('stage-back').click();
    await app.id('basic-info').waitFor();
    const ms = await timed('Schema Migration objects of 10,000 tables shown', async () => {
      await stages.open('schema');
      await app.page.locator('[data-testid=schema-object-row][data-kind=table]').first().waitFor();
    });
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('draws disabled buttons alike and unfilled, in the light and the dark theme', async () => {
    await app.page.goto(new URL(`/#/projects/${bigId}`, ui.served.url).href);
    await app.id('basic-info').waitFor();
    for (const theme of ['light', 'dark']) {
      if (theme === 'dark') await app.id('theme-switch').click();
      // Colours change with a transition: wait until they have settled.
      await eventually(async () => disabledLookAlike(await app.buttonLooks('detail-actions')), `the disabled buttons look alike (${theme})`);
      const looks = await app.buttonLooks('detail-actions');
      const start = looks.find((b) => b.testid === 'detail-start');
      const resume = looks.find((b) => b.testid === 'detail-resume');
      expect(start).toMatchObject({ disabled: true, fill: NO_FILL });
      expect(start?.opacity).toBeLessThan(1);
      expect(resume).toMatchObject({ disabled: false });
      expect(resume?.fill).not.toBe(NO_FILL);
      await app.shot(`scale-detail-buttons-${theme}`);
    }
    await app.id('theme-switch').click();
  });
});

const NO_FILL = 'rgba(0, 0, 0, 0)';

/** Every disabled button, primary or not, unfilled and in one colour. */
function disabledLookAlike(looks: ButtonLook[]): boolean {
  const disabled = looks.filter((b) => b.disabled);
  return disabled.length > 1 && disabled.every((b) => b.fill === NO_FILL && b.color === disabled[0].color);
}
