/**
 * What every browser test sets up: `cutover serve` on a state directory,
 * Chromium with one page on it, and (for the demo's tests) the demo schema
 * on the source with the demo project imported.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { call } from '../../src-main/core/api/dispatch';
import type { ServerEndpoint } from '../harness/mariadb';
import type { Served } from '../integration/helpers';
import { createCore, exec, freshHome, REPO } from '../integration/helpers';
import { launchBrowser, serve } from './browser';
import { App } from './pages';

export const DEMO = join(REPO, 'resources', 'demo');

export interface UiSession {
  served: Served;
  browser: Browser;
  page: Page;
  app: App;
  close(): Promise<void>;
}

/** Serves `home` and opens it in Chromium; `close` ends both. */
export async function openUi(home: string, page: { width: number; height: number; acceptDownloads?: boolean } = { width: 1280, height: 900 }): Promise<UiSession> {
  const served = await serve(home);
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await served.stop();
    throw error;
  });
  const opened = await browser.newPage({ viewport: { width: page.width, height: page.height }, acceptDownloads: page.acceptDownloads });
  const app = new App(opened);
  const session: UiSession = {
    served,
    browser,
    page: opened,
    app,
    async close() {
      await browser.close();
      await served.stop();
    },
  };
  await app.open(served.url);
  return session;
}

/** Both servers without the demo's databases. */
export async function dropDemo(source: ServerEndpoint, destination: ServerEndpoint): Promise<void> {
  for (const server of [source, destination]) await exec(server, 'DROP DATABASE IF EXISTS shop; DROP DATABASE IF EXISTS crm;');
}

/** The demo's schema and rows on the source, nothing of it on the destination. */
export async function loadDemo(source: ServerEndpoint, destination: ServerEndpoint): Promise<void> {
  await dropDemo(source, destination);
  await exec(source, readFileSync(join(DEMO, 'schema.sql'), 'utf8'));
  await exec(source, `USE shop; ${readFileSync(join(DEMO, 'data.sql'), 'utf8')}`);
}

/** Adds (and tests) the demo's data sources in `home` and imports the demo project, optionally edited first; returns its id. */
export async function importDemoProject(
  home: string,
  servers: { source: ServerEndpoint; destination: ServerEndpoint },
  edit: (file: { options: Record<string, unknown> }) => void = () => undefined,
): Promise<string> {
  const core = createCore(home);
  try {
    for (const [name, server] of [['demo-source', servers.source], ['demo-destination', servers.destination]] as const) {
      const created = await call(core.dispatch, 'datasources/create', { name, host: server.host, port: server.port, user: server.user, password: server.password });
      await call(core.dispatch, 'datasources/test', { id: created.id });
    }
    const file = JSON.parse(readFileSync(join(DEMO, 'project.json'), 'utf8')) as { options: Record<string, unknown> };
    edit(file);
    const { project } = await call(core.dispatch, 'projects/importFile', { fileName: 'project.json', content: JSON.stringify(file) });
    return project.id;
  } finally {
    await core.close();
  }
}

/** The demo on the source, its project imported in a fresh state directory named after `label`, and the UI open on it. */
export async function openDemo(label: string, servers: { source: ServerEndpoint; destination: ServerEndpoint }): Promise<{ home: string; projectId: string; ui: UiSession }> {
  await loadDemo(servers.source, servers.destination);
  const home = freshHome(label);
  const projectId = await importDemoProject(home, servers);
  return { home, projectId, ui: await openUi(home) };
}
