/**
 * Page objects for the end-to-end tests: what a user does on each screen, in
 * the words of the screen, so that the tests read as scenarios.
 */

import type { Download, Locator, Page } from 'playwright-core';
import { screenshot } from './browser';

export const TIMEOUT = 30_000;
/** The app's header, above every page. */
const HEADER_PX = 52;

export interface ButtonLook {
  testid: string;
  disabled: boolean;
  /** The computed background colour, `rgba(0, 0, 0, 0)` when none. */
  fill: string;
  color: string;
  opacity: number;
}

/** Polls until `check` returns true (or throws its last error). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class App {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
  }

  id(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.id('nav').waitFor({ timeout: TIMEOUT });
  }

  async nav(item: 'projects' | 'datasources' | 'alerts' | 'settings'): Promise<void> {
    await this.id(`nav-${item}`).click();
    await this.id('page-title').waitFor();
  }

  /** Picks `text` in a naive-ui select, then waits for its menu to close (menus fade out). */
  async choose(select: Locator, text: string): Promise<void> {
    const menus = this.page.locator('.n-base-select-menu:visible');
    await eventually(async () => (await menus.count()) === 0, 'no select menu is open');
    await select.click();
    await menus.locator('.n-base-select-option', { hasText: text }).first().click();
    await eventually(async () => (await menus.count()) === 0, 'the select menu closed');
  }

  async download(trigger: Locator): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: TIMEOUT }), trigger.click()]);
    return download;
  }

  async confirm(): Promise<void> {
    await this.id('confirm-ok').click();
  }

  /** Whether the element is wholly inside the window (below the app's header). */
  async inView(locator: Locator): Promise<boolean> {
    const box = await locator.boundingBox();
    const window = this.page.viewportSize();
    if (!box || !window) return false;
    return box.x >= 0 && box.y >= HEADER_PX && box.x + box.width <= window.width && box.y + box.height <= window.height;
  }

  /** How each button inside `container` looks: whether it is disabled, its fill, text colour and opacity. */
  async buttonLooks(container: string): Promise<ButtonLook[]> {
    // A string, evaluated in the page: this file is compiled without the DOM's types.
    return this.page.evaluate<ButtonLook[]>(
      `[...document.querySelectorAll('[data-testid=${container}] button')].map((b) => {
        const s = getComputedStyle(b);
        return { testid: b.dataset.testid ?? '', disabled: b.disabled, fill: s.backgroundColor, color: s.color, opacity: Number(s.opacity) };
      })`,
    );
  }

  async shot(name: string): Promise<void> {
    await this.page.waitForLoadState('networkidle').catch(() => undefined);
    await screenshot(this.page, name);
  }
}

export interface DataSourceFields {
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
}

export class DataSourcesPage {
  constructor(private readonly app: App) {}

  async openForm(): Promise<void> {
    const empty = this.app.id('datasources-empty-add');
    await (await empty.isVisible() ? empty : this.app.id('datasources-add')).click();
    await this.app.id('datasource-form').waitFor();
  }

  async fill(fields: DataSourceFields): Promise<void> {
    await this.app.id('ds-form-name').fill(fields.name);
    await this.app.id('ds-form-host').fill(fields.host);
    await this.app.id('ds-form-port').fill(String(fields.port));
    await this.app.id('ds-form-user').fill(fields.user);
    await this.app.id('ds-form-password').fill(fields.password);
  }

  /** Presses Test connection in the form and returns whether it connected and what it says. */
  async testForm(): Promise<{ ok: boolean; text: string }> {
    // The form clears the previous result as soon as a test starts.
    await this.app.id('ds-form-test').click();
    const result = this.app.id('test-result');
    await result.waitFor({ timeout: TIMEOUT });
    return { ok: (await result.getAttribute('data-ok')) === 'true', text: ((await result.textContent()) ?? '').replace(/\s+/g, ' ') };
  }

  async save(): Promise<void> {
    await this.app.id('ds-form-save').click();
    await this.app.id('datasource-form').waitFor({ state: 'detached', timeout: TIMEOUT });
  }

  row(name: string): Locator {
    return this.app.id('datasource-row').filter({ hasText: name });
  }
}

export class WizardPage {
  constructor(private readonly app: App) {}

  async next(): Promise<void> {
    await this.app.id('wizard-next').click();
  }

  async endpoints(name: string, tags: string[], source: string, destination: string): Promise<void> {
    await this.app.id('wizard-name').fill(name);
    await this.app.id('wizard-tags').click();
    for (const tag of tags) {
      await this.app.page.keyboard.type(tag);
      await this.app.page.keyboard.press('Enter');
    }
    await this.app.page.keyboard.press('Escape');
    await this.app.choose(this.app.id('wizard-source'), source);
    await this.app.choose(this.app.id('wizard-destination'), destination);
  }

  async toggleType(type: string): Promise<void> {
    await this.app.id(`wizard-type-${type}`).click();
  }

  /** Ticks a database in the source tree (adds `db.*`). */
  async tickDatabase(database: string): Promise<void> {
    await this.app.id('object-tree').waitFor({ timeout: TIMEOUT });
    await this.app.page.locator('[data-testid=object-tree] .n-tree-node', { hasText: database }).first().locator('.n-checkbox').click();
  }

  async excludeRules(rules: string[]): Promise<void> {
    await this.app.id('exclude-rules').fill(rules.join('\n'));
  }

  async addTableSetting(source: string, where: string): Promise<void> {
    await this.app.id('table-settings-add').click();
    const row = this.app.id('table-setting-row').last();
    await this.app.choose(row.getByTestId('table-setting-source'), source);
    await row.getByTestId('table-setting-where').fill(where);
  }

  previewObjects(): Locator {
    return this.app.id('preview-object');
  }

  async save(): Promise<void> {
    await this.app.id('wizard-save').click();
    await this.app.id('wizard-saved').waitFor({ timeout: TIMEOUT });
  }
}

export class PrecheckPanel {
  constructor(private readonly app: App) {}

  async run(): Promise<void> {
    await this.app.id('precheck-run').click();
    await this.finished();
  }

  async finished(): Promise<string> {
    const results = this.app.id('precheck-results');
    await results.waitFor({ timeout: TIMEOUT });
    await eventually(async () => (await results.getAttribute('data-status')) !== 'running', 'the precheck finished', 90_000);
    return (await results.getAttribute('data-status')) ?? '';
  }

  /** State of each check by its id, as shown in the results table. */
  async states(): Promise<Record<string, string>> {
    const rows = this.app.id('precheck-row');
    const out: Record<string, string> = {};
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      out[(await row.getAttribute('data-check-id')) ?? ''] = (await row.getAttribute('data-state')) ?? '';
    }
    return out;
  }
}

export class ProjectsPage {
  constructor(private readonly app: App) {}

  rows(): Locator {
    return this.app.id('project-row');
  }

  async names(): Promise<string[]> {
    const links = this.app.id('project-link');
    return (await links.allTextContents()).map((t) => t.trim());
  }

  /** Waits until the list shows exactly these project names (in any order). */
  async shows(expected: string[]): Promise<void> {
    await eventually(async () => {
      const names = (await this.names()).sort();
      return JSON.stringify(names) === JSON.stringify([...expected].sort());
    }, `the list shows ${expected.join(', ') || 'nothing'}`);
  }

  async search(text: string): Promise<void> {
    await this.app.id('projects-search').fill(text);
  }

  /** How many projects the list says it has (those matching, with a filter). */
  async count(): Promise<number> {
    return Number(await this.app.id('projects-count').getAttribute('data-count'));
  }

  /** How far the table scrolls sideways: 0 when every column fits the window. */
  async sidewaysOverflow(): Promise<number> {
    // A string, evaluated in the page: the body scrolls in naive-ui's scrollbar, or in its virtual list once long.
    return this.app.page.evaluate<number>(
      "Math.max(0, ...[...document.querySelectorAll('[data-testid=projects-table] .n-scrollbar-container, [data-testid=projects-table] .v-vl')].map((e) => e.scrollWidth - e.clientWidth))",
    );
  }

  async filter(which: 'tag' | 'status' | 'type', label: string): Promise<void> {
    await this.app.choose(this.app.id(`projects-filter-${which}`), label);
  }

  async clearFilters(): Promise<void> {
    await this.app.id('projects-clear-filters').click();
  }

  /** Opens the project with exactly this name (not one whose name merely contains it). */
  async open(name: string): Promise<void> {
    const exact = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    await this.app.id('project-link').filter({ hasText: exact }).click();
    await this.app.id('basic-info').waitFor({ timeout: TIMEOUT });
  }
}

export class ProjectDetailPage {
  constructor(private readonly app: App) {}

  async title(): Promise<string> {
    return ((await this.app.id('page-title').textContent()) ?? '').trim();
  }

  async id(): Promise<string> {
    return ((await this.app.id('detail-id').textContent()) ?? '').trim();
  }

  async exportObjects(): Promise<Download> {
    return this.app.download(this.app.id('detail-objects-export'));
  }

  async importObjects(file: string): Promise<void> {
    await this.app.id('detail-objects-import-input').setInputFiles(file);
  }

  async clone(): Promise<void> {
    const before = await this.id();
    await this.app.id('detail-clone').click();
    await eventually(async () => (await this.id()) !== before && (await this.id()) !== '', 'the clone opened');
  }

  async objectsDrawer(): Promise<{ include: string; exclude: string; tables: string[] }> {
    await this.app.id('detail-view-objects').click();
    const drawer = this.app.id('objects-drawer');
    await drawer.waitFor();
    const result = {
      include: ((await drawer.getByTestId('objects-include').textContent()) ?? '').trim(),
      exclude: ((await drawer.getByTestId('objects-exclude').textContent()) ?? '').trim(),
      tables: (await drawer.getByTestId('objects-table-row').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()),
    };
    await this.app.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    return result;
  }
}

/** The stage rows of a project's details page (Migration Details). */
export class StageRows {
  constructor(private readonly app: App) {}

  row(stage: string): Locator {
    return this.app.page.locator(`[data-testid=stage-row][data-stage=${stage}]`);
  }

  async status(stage: string): Promise<string> {
    return (await this.row(stage).getAttribute('data-status')) ?? '';
  }

  async waitFor(stage: string, statuses: string[], timeoutMs = TIMEOUT): Promise<void> {
    await eventually(async () => statuses.includes(await this.status(stage)), `${stage} is ${statuses.join(' or ')}`, timeoutMs);
  }

  /** Opens the stage's page from its name and waits for it. */
  async open(stage: string): Promise<void> {
    await this.row(stage).getByTestId('stage-link').click();
    await this.app.id(`stage-page-${stage}`).waitFor({ timeout: TIMEOUT });
  }
}

/** The Forward Switchover page: its steps, their actions, and the journal. */
export class SwitchoverPage {
  constructor(private readonly app: App) {}

  step(step: string): Locator {
    return this.app.page.locator(`[data-testid=switchover-step][data-step=${step}]`);
  }

  async statuses(): Promise<Record<string, string>> {
    const steps = this.app.id('switchover-step');
    const out: Record<string, string> = {};
    for (let i = 0; i < (await steps.count()); i++) out[(await steps.nth(i).getAttribute('data-step')) ?? ''] = (await steps.nth(i).getAttribute('data-status')) ?? '';
    return out;
  }

  /** A fact a step shows, by its key (the text as the page words it). */
  async fact(step: string, key: string): Promise<string> {
    return ((await this.app.id(`switchover-step-${step}`).locator(`[data-testid=switchover-fact][data-key=${key}]`).textContent()) ?? '').trim();
  }

  /** Waits until `step` is `status`; a step that fails meanwhile ends the wait with its error. */
  async waitForStep(step: string, status: string, timeoutMs = TIMEOUT): Promise<void> {
    let failure: string | null = null;
    await eventually(
      async () => {
        if ((await this.step(step).getAttribute('data-status')) === status) return true;
        failure = status === 'failed' ? null : await this.failure();
        return failure !== null;
      },
      `${step} is ${status}`,
      timeoutMs,
    );
    if (failure) throw new Error(failure);
  }

  /** The first failed step and its error, or null. */
  async failure(): Promise<string | null> {
    const failed = this.app.page.locator('[data-testid=switchover-step][data-status=failed]');
    if (!(await failed.count())) return null;
    const step = await failed.first().getAttribute('data-step');
    return `${step} failed: ${await this.app.id(`switchover-step-${step}`).getByTestId('switchover-step-error').textContent()}`;
  }

  async start(fence: 'read-only' | 'accounts' | 'manual', options: { accounts?: string; timeoutSeconds?: number } = {}): Promise<void> {
    await this.app.id(`switchover-fence-${fence}`).click();
    if (options.accounts !== undefined) await this.app.id('switchover-accounts').fill(options.accounts);
    if (options.timeoutSeconds !== undefined) await this.app.id('switchover-fence-timeout').fill(String(options.timeoutSeconds));
    await this.app.id('switchover-start').click();
    await this.app.confirm();
  }

  async confirmWritesStopped(endTransactions: boolean): Promise<void> {
    await this.app.id('switchover-confirm').click();
    await this.app.id('switchover-confirm-modal').waitFor();
    if (endTransactions) await this.app.id('switchover-end-transactions').click();
    await this.app.id('switchover-confirm-ok').click();
  }

  /** Rehearse, then the write downtime it expects, in ms. */
  async rehearse(): Promise<number> {
    await this.app.id('switchover-rehearse').click();
    const downtime = this.app.id('switchover-rehearsal-downtime');
    await downtime.waitFor({ timeout: 120_000 });
    return Number(await downtime.getAttribute('data-ms'));
  }

  async downloadCertificate(): Promise<Download> {
    return this.app.download(this.app.id('switchover-certificate-download'));
  }

  /** An item of Process database objects, by its id. */
  item(id: string): Locator {
    return this.app.page.locator(`[data-testid=switchover-item][data-item-id="${id}"]`);
  }

  async itemState(id: string): Promise<string> {
    return (await this.item(id).getAttribute('data-state')) ?? '';
  }

  /** Run, Skip (confirmed) or Mark as Complete an item, then wait for the state it should reach. */
  async actOnItem(id: string, action: 'run' | 'skip' | 'complete', state: string): Promise<void> {
    await this.item(id).getByTestId(`switchover-item-${action}`).click();
    if (action === 'skip') await this.app.confirm();
    await eventually(async () => (await this.itemState(id)) === state, `${id} is ${state}`);
  }

  /** View Logs of an item: the lines its drawer shows, then the drawer closed. */
  async itemLogs(id: string): Promise<string[]> {
    await this.item(id).getByTestId('switchover-item-logs').click();
    const drawer = this.app.id('logs-drawer');
    await drawer.getByTestId('log-line').first().waitFor();
    const lines = await drawer.getByTestId('log-line').allTextContents();
    await this.app.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    return lines;
  }

  /** Roll Back to the Source (on the Reverse Incremental page): what its confirmation says, once the report is shown. */
  async rollBack(): Promise<string> {
    await this.app.id('switchover-rollback-run').click();
    const said = (await this.app.page.locator('.n-dialog').textContent()) ?? '';
    await this.app.confirm();
    await this.app.id('switchover-rollback-report').waitFor({ timeout: 120_000 });
    return said;
  }
}

/** The charts of a performance tab (Full Migration, Incremental Synchronization, Full Verification). */
export class PerformanceCharts {
  constructor(private readonly app: App) {}

  /** A chart's first and last point and the span of its time axis, in epoch ms. */
  async span(chart: string): Promise<{ first: number; last: number; from: number; to: number }> {
    const drawn = this.app.id(`perf-chart-${chart}`).getByTestId('time-series-chart');
    const read = async (what: string) => Number(await drawn.getAttribute(`data-${what}`));
    return { first: await read('first'), last: await read('last'), from: await read('axis-from'), to: await read('axis-to') };
  }
}

/** A project of a batch dialog: its name (or id when no such project) and, when refused or failed, why. */
export interface BatchRow {
  name: string;
  reason: string | null;
}

/** Row selection on the projects list and the batch operations: the bar under the table and the dialog. */
export class BatchOperations {
  constructor(private readonly app: App) {}

  private row(name: string): Locator {
    return this.app.page.locator(`[data-testid=project-row][data-project-name="${name}"]`);
  }

  async select(...names: string[]): Promise<void> {
    for (const name of names) await this.row(name).locator('.n-checkbox').click();
  }

  /** The header's checkbox: every project on the page. */
  async selectAll(): Promise<void> {
    await this.app.page.locator('[data-testid=projects-table] thead .n-checkbox').click();
  }

  async clear(): Promise<void> {
    await this.app.id('batch-clear').click();
  }

  async selectedCount(): Promise<number> {
    return Number(await this.app.id('batch-bar').getAttribute('data-selected'));
  }

  /** Opens an action's dialog from More Batch Operations; returns what its dry run says. */
  async choose(action: string): Promise<{ qualifying: BatchRow[]; refused: BatchRow[] }> {
    await this.app.id('batch-more').click();
    await this.app.id(`batch-option-${action}`).click();
    return this.review();
  }

  /** Opens an action's dialog from its own button under the table. */
  async press(action: string): Promise<{ qualifying: BatchRow[]; refused: BatchRow[] }> {
    await this.app.id(`batch-${action}`).click();
    return this.review();
  }

  private async review(): Promise<{ qualifying: BatchRow[]; refused: BatchRow[] }> {
    await this.app.id('batch-review').waitFor({ timeout: TIMEOUT });
    await this.settled();
    return { qualifying: await this.rows('batch-qualifying'), refused: await this.rows('batch-refused') };
  }

  private async rows(table: string): Promise<BatchRow[]> {
    const rows = this.app.page.locator(`[data-testid=${table}] [data-testid=batch-project]`);
    const out: BatchRow[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const reason = rows.nth(i).getByTestId('batch-reason');
      out.push({ name: (await rows.nth(i).getAttribute('data-project-name')) ?? '', reason: (await reason.count()) ? ((await reason.textContent()) ?? '').trim() : null });
    }
    return out;
  }

  /** Waits until the dialog's transitions (fade and scale in) are over, for a screenshot that shows it as the user sees it. */
  async settled(): Promise<void> {
    // A string, evaluated in the page: this file is compiled without the DOM's types.
    const moving = () => this.app.page.evaluate<number>("document.getAnimations().filter((a) => a instanceof CSSTransition && a.playState === 'running').length");
    await eventually(async () => (await moving()) === 0, 'the dialog settled');
  }

  async chooseLevel(level: string): Promise<void> {
    await this.app.id(`alert-level-${level}`).click();
  }

  /** The second confirmation of what cannot be undone: its text, then ticked. */
  async acknowledge(): Promise<string> {
    const text = ((await this.app.id('batch-irreversible').textContent()) ?? '').trim();
    await this.app.id('batch-acknowledge').click();
    return text;
  }

  async canConfirm(): Promise<boolean> {
    return this.app.id('batch-ok').isEnabled();
  }

  /** OK, then the results: how many succeeded and each failure with its reason; the dialog closed afterwards. */
  async confirm(): Promise<{ summary: string; succeeded: number; failures: BatchRow[] }> {
    await this.app.id('batch-ok').click();
    const results = this.app.id('batch-results');
    await results.waitFor({ timeout: TIMEOUT });
    const outcome = {
      summary: ((await this.app.id('batch-summary').textContent()) ?? '').trim(),
      succeeded: Number(await results.getAttribute('data-succeeded')),
      failures: await this.rows('batch-failures'),
    };
    await this.app.id('batch-close').click();
    await this.app.id('batch-modal').waitFor({ state: 'hidden' });
    return outcome;
  }

  async status(name: string): Promise<string> {
    return (await this.row(name).getByTestId('project-status').getAttribute('data-status')) ?? '';
  }

  async waitForStatus(name: string, status: string, timeoutMs = TIMEOUT): Promise<void> {
    await eventually(async () => (await this.status(name)) === status, `${name} is ${status}`, timeoutMs);
  }
}

/** The components of a project's details page (Component Monitoring): hold one alone and start it again. */
export class ComponentRows {
  constructor(private readonly app: App) {}

  row(kind: string): Locator {
    return this.app.page.locator(`[data-testid=component-row][data-kind=${kind}]`);
  }

  async waitForStatus(kind: string, status: string, timeoutMs = TIMEOUT): Promise<void> {
    await eventually(async () => (await this.row(kind).getAttribute('data-status')) === status, `${kind} is ${status}`, timeoutMs);
  }

  async hold(kind: string): Promise<void> {
    await this.row(kind).getByTestId('component-pause').click();
    await this.app.confirm();
    await eventually(async () => (await this.row(kind).getAttribute('data-held')) === 'true', `${kind} held`);
  }

  async start(kind: string): Promise<void> {
    await this.row(kind).getByTestId('component-start').click();
    await this.app.confirm();
    await eventually(async () => (await this.row(kind).getAttribute('data-held')) === 'false', `${kind} no longer held`);
  }
}

/** Modify Alert Settings on a project's details page: the level and the project's own thresholds. */
export class AlertSettings {
  constructor(private readonly app: App) {}

  async open(): Promise<void> {
    await this.app.id('detail-alert-level').click();
    await this.app.id('alert-level-modal').waitFor();
  }

  async custom(thresholds: { latencySeconds: number; interruptionSeconds: number; frequencySeconds: number }): Promise<void> {
    await this.app.id('alert-thresholds-custom').click();
    for (const [field, value] of Object.entries(thresholds)) await this.app.id(`alert-thresholds-${field}`).fill(String(value));
  }

  async save(): Promise<void> {
    await this.app.id('alert-level-save').click();
    await this.app.id('alert-level-modal').waitFor({ state: 'detached', timeout: TIMEOUT });
  }
}

/** An alert as a list shows it. */
export interface AlertRow {
  kind: string;
  state: string;
  acknowledged: boolean;
  times: number;
  text: string;
}

/** An alert list (the Alerts page, or a project's Alerts card) and the count in the navigation. */
export class AlertsPage {
  constructor(private readonly app: App) {}

  /** The navigation's count of unacknowledged alerts (0 when it shows none). */
  async count(): Promise<number> {
    const badge = this.app.id('nav-alerts-count');
    if ((await badge.count()) === 0) return 0;
    return Number(await badge.getAttribute('data-count'));
  }

  async waitForCount(n: number, timeoutMs = TIMEOUT): Promise<void> {
    await eventually(async () => (await this.count()) === n, `the navigation counts ${n} unacknowledged alert(s)`, timeoutMs);
  }

  async rows(within: Locator = this.app.page.locator('body')): Promise<AlertRow[]> {
    const rows = within.getByTestId('alert-row');
    const found: AlertRow[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      found.push({
        kind: (await row.getAttribute('data-kind')) ?? '',
        state: (await row.getAttribute('data-state')) ?? '',
        acknowledged: (await row.getAttribute('data-acknowledged')) === 'true',
        times: Number(await row.getAttribute('data-times')),
        text: ((await row.textContent()) ?? '').replace(/\s+/g, ' '),
      });
    }
    return found;
  }

  row(kind: string, within: Locator = this.app.page.locator('body')): Locator {
    return within.locator(`[data-testid=alert-row][data-kind=${kind}]`);
  }

  async waitForRow(kind: string, check: (row: AlertRow) => boolean, what: string, timeoutMs = TIMEOUT): Promise<AlertRow> {
    const matching = async () => (await this.rows()).find((r) => r.kind === kind && check(r));
    await eventually(async () => (await matching()) !== undefined, what, timeoutMs);
    const row = await matching();
    if (!row) throw new Error(`${what}: the row went away`);
    return row;
  }

  async acknowledge(kind: string): Promise<void> {
    await this.row(kind).getByTestId('alert-acknowledge').click();
    await eventually(async () => (await this.row(kind).getAttribute('data-acknowledged')) === 'true', `the ${kind} alert acknowledged`);
  }
}
