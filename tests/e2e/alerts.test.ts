/**
 * Alerts that follow their cause, in the browser (F-40, seed "Alert
 * settings"): a small incremental project gets its own thresholds (latency
 * 2 s, interruption 3 s, frequency 10 s) from Modify Alert Settings before it
 * starts; Incr-Sync held from component monitoring raises a latency alert,
 * which the project's details and the Alerts page list, the navigation counts
 * (still after a reload) and the browser notifies once allowed; raised again,
 * it is updated in place; acknowledging it drops the count, and starting
 * Incr-Sync again resolves it. The project is left paused.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import { createCore, exec, freshHome, removeDir, servers } from '../integration/helpers';
import type { App } from './pages';
import { AlertSettings, AlertsPage, ComponentRows, eventually, ProjectsPage } from './pages';
import type { UiSession } from './session';
import { openUi } from './session';

const { source, destination } = servers();
const DATABASE = 'e2e_alerts';
const NAME = 'Alerts follow their cause';

/** A stand-in for the browser's Notification (page script) that records what is shown and grants permission when asked. */
const RECORD_NOTIFICATIONS = `
  window.shownNotifications = [];
  window.Notification = class {
    static permission = 'default';
    static requestPermission() {
      this.permission = 'granted';
      return Promise.resolve('granted');
    }
    constructor(title, options) {
      window.shownNotifications.push({ title, body: options?.body ?? '' });
    }
  };
`;

describe('alerts in the browser', () => {
  let home: string;
  let ui: UiSession;
  let app: App;
  let projectId: string;
  const alerts = () => new AlertsPage(app);
  const components = () => new ComponentRows(app);
  const openProject = async () => {
    await app.page.goto(new URL(`/#/projects/${projectId}`, ui.served.url).href);
    await app.id('component-monitoring').waitFor();
  };

  const pauseIfRunning = async () => {
    await openProject();
    if (await app.id('detail-pause').isDisabled()) return;
    await app.id('detail-pause').click();
    await app.confirm();
    await eventually(async () => ((await app.id('project-status').first().textContent()) ?? '').includes('Paused'), 'the project paused');
  };

  beforeAll(async () => {
    await exec(source, `DROP DATABASE IF EXISTS ${DATABASE}; CREATE DATABASE ${DATABASE}; USE ${DATABASE}; CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t SELECT seq, seq FROM seq_1_to_50;`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DATABASE}`);
    home = freshHome('e2e-alerts');
    const core = createCore(home);
    try {
      const src = await call(core.dispatch, 'datasources/create', { name: 'alerts-src', host: source.host, port: source.port, user: source.user, password: source.password });
      const dst = await call(core.dispatch, 'datasources/create', { name: 'alerts-dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
      const project = await call(core.dispatch, 'projects/create', {
        name: NAME,
        types: ['schema', 'full', 'incremental'],
        sourceId: src.id,
        destinationId: dst.id,
        objects: { include: [`${DATABASE}.*`] },
      });
      projectId = project.id;
    } finally {
      await core.close();
    }
    ui = await openUi(home);
    app = ui.app;
    await ui.page.addInitScript({ content: RECORD_NOTIFICATIONS });
    await ui.page.reload();
    await app.id('nav').waitFor();
  });

  afterAll(async () => {
    // Never leave the project running: pause it from its page if it still runs.
    if (ui && projectId) await pauseIfRunning().catch((error: unknown) => console.error('could not pause the project', error));
    await ui?.close();
    if (home) removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DATABASE}`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DATABASE}`);
  });

  it('sets custom thresholds in Modify Alert Settings before the start, and allows notifications', async () => {
    await new ProjectsPage(app).open(NAME);
    const settings = new AlertSettings(app);
    await settings.open();
    expect(await app.id('alert-thresholds-disabled').count()).toBe(0);
    await settings.custom({ latencySeconds: 2, interruptionSeconds: 3, frequencySeconds: 10 });
    await app.shot('alerts-settings');
    await settings.save();
    await eventually(async () => /custom: latency 2 s, interruption 3 s, every 10 s/.test((await app.id('detail-alert').textContent()) ?? ''), 'the details show the custom thresholds');

    await app.nav('alerts');
    await app.id('alerts-allow-notifications').click();
    await app.id('alerts-notifications-on').waitFor();
    expect(await alerts().count()).toBe(0);
  });

  it('raises a latency alert while Incr-Sync is held; the Alerts page lists it and the navigation counts it, also after a reload', async () => {
    await openProject();
    await app.id('detail-start').click();
    await app.confirm();
    await components().waitForStatus('incr-sync', 'running', 60_000);
    // Alert settings stay editable while the project runs.
    await new AlertSettings(app).open();
    expect(await app.id('alert-thresholds-disabled').count()).toBe(0);
    await app.page.keyboard.press('Escape');
    await app.id('alert-level-modal').waitFor({ state: 'detached' });

    await components().hold('incr-sync');
    const card = app.id('project-alerts');
    await eventually(async () => (await alerts().row('latency', card).count()) === 1, 'the project lists a latency alert');
    await alerts().waitForCount(1);

    await app.nav('alerts');
    const alert = await alerts().waitForRow('latency', (r) => r.state === 'open' && !r.acknowledged, 'an open latency alert');
    expect(alert.text).toContain('Replication latency');
    expect(alert.text).toMatch(/over the 2 s threshold/);
    expect(alert.text).toContain(NAME);
    const notes = (await app.page.evaluate('window.shownNotifications')) as { title: string; body: string }[];
    expect(notes[0]).toMatchObject({ title: `${NAME}: Replication latency` });
    expect(notes[0]?.body).toContain('over the 2 s threshold');
    await app.shot('alerts-open');

    await app.page.reload();
    await app.id('alerts-table').waitFor();
    await alerts().waitForCount(1);
    // Still held at the alert frequency (10 s): raised again, the same row counts it.
    const again = await alerts().waitForRow('latency', (r) => r.times >= 2, 'the latency alert raised again', 20_000);
    expect(again.text).toMatch(/over the 2 s threshold/);
    expect((await alerts().rows()).filter((r) => r.kind === 'latency')).toHaveLength(1);
    expect(await alerts().count()).toBe(1);
  });

  it('acknowledging the alert drops the count; starting Incr-Sync again resolves it', async () => {
    await alerts().acknowledge('latency');
    await alerts().waitForCount(0);
    // The list keeps one row per alert: a raise again updates it in place.
    expect((await alerts().rows()).filter((r) => r.kind === 'latency')).toHaveLength(1);

    await openProject();
    await components().start('incr-sync');
    await app.nav('alerts');
    const resolved = await alerts().waitForRow('latency', (r) => r.state === 'resolved', 'the latency alert resolved');
    expect(resolved.text).toMatch(/Resolved at \d{4}-\d\d-\d\d/);
    expect(resolved.acknowledged).toBe(true);
    await app.shot('alerts-resolved');
    await app.id('alerts-filter-open').click();
    await eventually(async () => (await app.id('alerts-none-match').count()) === 1, 'no open alert is left');
    expect(await alerts().count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
