/**
 * Full verification of the demo project in the browser: it runs by itself
 * once the replay has caught up and finds the copy consistent; a row changed
 * on the destination is found by Restart Full Verification, its differing
 * column highlighted, its correction SQL previewed and applied; Verify Only
 * Inconsistent Records finds it consistent again; Go To Next Stage enters
 * the forward switchover and opens its page.
 */

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../integration/helpers';
import { exec, removeDir, servers } from '../integration/helpers';
import { compareTable, isIdentical } from '../integration/compare';
import type { App } from './pages';
import { eventually } from './pages';
import type { UiSession } from './session';
import { dropDemo, openDemo } from './session';

const { source, destination } = servers();

describe('full verification in the browser', () => {
  let home: string;
  let ui: UiSession;
  let served: Served;
  let page: Page;
  let app: App;
  let projectId: string;

  beforeAll(async () => {
    ({ home, projectId, ui } = await openDemo('e2e-verify', { source, destination }));
    ({ served, page, app } = ui);
  });

  afterAll(async () => {
    await ui?.close();
    removeDir(home);
    await dropDemo(source, destination);
  });

  const stage = (name: string) => app.page.locator(`[data-testid=stage-row][data-stage=${name}]`);
  const tableRow = (target: string) => app.page.locator(`[data-testid=verify-table-row][data-target="${target}"]`);

  it('verifies the demo by itself once the replay has caught up, and finds it consistent', async () => {
    await page.goto(new URL(`/#/projects/${projectId}`, served.url).href);
    await app.id('detail-start').click();
    await app.confirm();
    await eventually(async () => (await stage('verification').getAttribute('data-status')) === 'completed', 'verification completed', 180_000);
    expect(await stage('incremental').getAttribute('data-status')).toBe('monitoring');
    await stage('verification').getByTestId('stage-link').click();
    await app.id('stage-page-verification').waitFor();
    await eventually(async () => (await app.id('verify-table-row').count()) >= 8, 'every table listed');
    expect(await app.page.locator('[data-testid=verify-table-row]:not([data-status=consistent])').count()).toBe(0);
    expect(await app.id('verify-inconsistent').count()).toBe(0);
    await app.shot('40-verification-consistent');
  });

  it('finds a row changed on the destination with Restart Full Verification, and highlights the column', async () => {
    await exec(destination, "UPDATE shop.customers SET name = CONCAT(name, ' (edited)') WHERE id = 2");
    await app.id('verify-reverify').click();
    await app.id('verify-reverify-all').click();
    await app.confirm();
    await eventually(async () => (await tableRow('shop.customers').getAttribute('data-status')) === 'inconsistent', 'shop.customers inconsistent', 120_000);
    expect(await tableRow('shop.customers').getByTestId('verify-table-summary').textContent()).toBe('1 with different values');
    await app.shot('41-verification-inconsistent');

    await tableRow('shop.customers').getByTestId('verify-open-differences').click();
    const row = app.id('verify-diff-row');
    await eventually(async () => (await row.count()) === 1, 'one differing row');
    expect(await row.getAttribute('data-category')).toBe('mismatch');
    expect(await row.getByTestId('verify-diff-key').textContent()).toBe('2');
    const changed = row.locator('td.changed');
    expect(await changed.count()).toBe(2);
    expect(await changed.nth(1).textContent()).toContain('(edited)');
    await app.shot('42-verification-differences');
  });

  it('previews the correction SQL, applies it, and verifies only the inconsistent records again', async () => {
    await app.id('verify-preview-sql').click();
    await eventually(async () => ((await app.id('verify-sql-text').textContent()) ?? '').includes('REPLACE INTO `shop`.`customers`'), 'the correction SQL');
    await app.shot('43-verification-sql');
    await app.page.keyboard.press('Escape');
    await app.id('verify-sql').waitFor({ state: 'detached' });

    await app.id('verify-apply-fix').click();
    await app.id('verify-apply-ok').click();
    await eventually(async () => (await app.id('verify-diff-fixed').count()) === 1, 'the correction is applied');
    expect(isIdentical(await compareTable(source, { database: 'shop', table: 'customers' }, destination, { database: 'shop', table: 'customers' }))).toBe(true);
    await app.page.keyboard.press('Escape');

    await app.id('verify-reverify').click();
    await app.id('verify-reverify-records').click();
    await app.confirm();
    await eventually(async () => (await tableRow('shop.customers').getAttribute('data-status')) === 'consistent', 'shop.customers consistent again', 120_000);
    expect(await app.page.locator('[data-testid=verify-table-row]:not([data-status=consistent])').count()).toBe(0);
    await app.shot('44-verification-fixed');
  });

  it('goes to the next stage: the forward switchover, and verification can no longer be rerun', async () => {
    await eventually(async () => !(await app.id('verify-next').isDisabled()), 'Go To Next Stage enabled');
    await app.id('verify-next').click();
    await app.confirm();
    await app.id('stage-page-switchover').waitFor();
    await page.goto(new URL(`/#/projects/${projectId}/verification`, served.url).href);
    await eventually(async () => (await app.id('verify-reverify').isDisabled()) === true, 'reverify no longer possible');
    await page.goto(new URL(`/#/projects/${projectId}`, served.url).href);
    await eventually(async () => (await stage('switchover').getAttribute('data-status')) === 'running', 'forward switchover entered');
    await app.shot('45-switchover-entered');
    expect(app.errors).toEqual([]);
  });
});
