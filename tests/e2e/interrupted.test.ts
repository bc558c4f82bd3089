/**
 * A project whose host was killed, as the browser host shows it: while
 * `cutover run` runs it, the list and its page say another process runs it;
 * once that process is killed, "Running (interrupted)" in the list and, on
 * its page, a notice that no Cutover process runs it, which one did, and
 * what to do — never "Running" with a latency that no longer moves.
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { Served } from '../integration/helpers';
import { createCore, exec, freshHome, REPO, removeDir, servers } from '../integration/helpers';
import { launchBrowser, screenshot, serve } from './browser';
import { App, eventually, ProjectsPage } from './pages';

const { source, destination } = servers();
const NAME = 'Killed host';

describe('an interrupted project in the browser', () => {
  let home: string;
  let core: CoreApp;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let app: App;
  let id: string;
  let host: ChildProcess;

  beforeAll(async () => {
    await exec(source, 'DROP DATABASE IF EXISTS e2e_gone; CREATE DATABASE e2e_gone; USE e2e_gone; CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO t SELECT seq, CONCAT("v", seq) FROM seq_1_to_500;');
    await exec(destination, 'DROP DATABASE IF EXISTS e2e_gone;');
    home = freshHome('e2e-interrupted');
    core = createCore(home);
    const src = await call(core.dispatch, 'datasources/create', { name: 'gone-src', host: source.host, port: source.port, user: source.user, password: source.password });
    const dst = await call(core.dispatch, 'datasources/create', { name: 'gone-dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
    id = (await call(core.dispatch, 'projects/create', { name: NAME, types: ['schema', 'full', 'incremental'], sourceId: src.id, destinationId: dst.id, objects: { include: ['e2e_gone.*'] } })).id;
    // The browser host first: it picks up projects left running only when it starts.
    served = await serve(home);
    host = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'run', id], { cwd: REPO, stdio: 'ignore' });
    await eventually(async () => (await call(core.dispatch, 'projects/get', { id })).stages.find((s) => s.stage === 'incremental')?.status === 'monitoring', 'Monitoring', 120_000);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    app = new App(page);
    await app.open(served.url);
  });

  afterAll(async () => {
    if (host && host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
    await browser?.close();
    await served?.stop();
    await core?.close();
    if (home) removeDir(home);
    await exec(source, 'DROP DATABASE IF EXISTS e2e_gone;');
    await exec(destination, 'DROP DATABASE IF EXISTS e2e_gone;');
  });

  it('says which process runs it, then that none does once that process is killed', async () => {
    const status = app.id('project-status');
    await expect.poll(() => status.first().getAttribute('data-runner')).toBe('elsewhere');
    await new ProjectsPage(app).open(NAME);
    const notice = app.id('runner-notice');
    await expect.poll(() => notice.getAttribute('data-runner')).toBe('elsewhere');
    expect(await notice.textContent()).toMatch(/Another Cutover process \(.+, pid \d+\) runs this project/);

    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGKILL');
    await exited;
    await page.reload();
    await expect.poll(() => notice.getAttribute('data-runner'), { timeout: 30_000 }).toBe('interrupted');
    expect(await notice.textContent()).toMatch(/Interrupted.*No Cutover process runs this project: the one that ran it \(.+, pid \d+\) ended or stopped without pausing it/s);
    expect(await app.id('project-status').first().textContent()).toContain('Running (interrupted)');
    await screenshot(page, 'interrupted-project');

    await app.nav('projects');
    await eventually(async () => (await status.first().textContent())?.trim() === 'Running (interrupted)', 'the list shows the project interrupted');
    expect(await status.first().getAttribute('data-runner')).toBe('interrupted');
  });
});
