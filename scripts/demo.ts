/**
 * `npm run demo` (F-53): two throw-away MariaDB servers with a sample schema
 * and data, registered as data sources, a ready project, and the app — the
 * desktop window where Electron can start, otherwise `cutover serve` with its
 * URL printed. A live write load runs against the source (see demo-load.ts),
 * so the project flows from full migration into incremental synchronization
 * with something to replay. Ctrl-C stops everything it started.
 *
 *   npm run demo -- [--serve] [--port N] [--home DIR] [--no-load]
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { call } from '../src-main/core/api/dispatch';
import { createApp } from '../src-main/core/app';
import { createNodeHost, PACKAGE_ROOT } from '../src-main/node/node-host';
import { startWebServer } from '../src-main/web/server';
import type { MariaDbServer } from '../tests/harness/mariadb';
import { startMariaDb } from '../tests/harness/mariadb';
import { DemoLoad } from './demo-load';

const DEMO = join(PACKAGE_ROOT, 'resources', 'demo');
const DEMO_USER = 'cutover';

function electronBinary(): string | null {
  const pathFile = join(PACKAGE_ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(PACKAGE_ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  return existsSync(binary) && display ? binary : null;
}

/** A migration account with the privileges the project needs, not more. */
async function createDemoUser(server: MariaDbServer, password: string, side: 'source' | 'destination'): Promise<void> {
  const grants =
    side === 'source'
      ? [
          'GRANT SELECT, SHOW VIEW, TRIGGER, REPLICATION SLAVE, REPLICATION CLIENT ON *.*',
          // Reverse incremental writes back into the source after switchover.
          'GRANT INSERT, UPDATE, DELETE ON shop.*',
          'GRANT INSERT, UPDATE, DELETE ON crm.*',
          // The heartbeat that measures latency in milliseconds.
          'GRANT CREATE, INSERT, UPDATE ON cutover_meta.*',
        ]
      : [
          'GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.*',
          'GRANT ALL PRIVILEGES ON shop.*',
          'GRANT ALL PRIVILEGES ON crm.*',
          'GRANT ALL PRIVILEGES ON cutover_meta.*',
        ];
  await server.exec(
    [`CREATE USER '${DEMO_USER}'@'%' IDENTIFIED BY '${password}'`, ...grants.map((g) => `${g} TO '${DEMO_USER}'@'%'`)].join(';\n'),
  );
}

/**
 * Opens the desktop app; true when it is running. An app that dies at once (most often
 * better-sqlite3 not rebuilt for Electron) falls back to the browser host.
 */
async function openDesktop(electron: string, home: string, cleanups: (() => unknown)[], stop: (code: number) => Promise<void>): Promise<boolean> {
  const app: ChildProcess = spawn(electron, [join(PACKAGE_ROOT, 'out', 'main', 'index.js'), '--home', home], { stdio: 'inherit' });
  const early = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 8000);
    app.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
  if (early !== null) {
    console.log('The desktop app could not start (see above). If it mentions NODE_MODULE_VERSION, run `npx @electron/rebuild -f -w better-sqlite3`.');
    console.log('Using the browser host instead.');
    return false;
  }
  cleanups.push(() => void app.kill());
  app.once('exit', () => void stop(0));
  console.log('The desktop app is open. Close it, or press Ctrl-C here, to stop the demo.');
  return true;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { serve: { type: 'boolean' }, port: { type: 'string' }, home: { type: 'string' }, 'no-load': { type: 'boolean' } } });
  const started: MariaDbServer[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the demo...');
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    await Promise.all(started.map((s) => s.destroy().catch(() => undefined)));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    console.log('Starting two throw-away MariaDB servers...');
    const [source, destination] = await Promise.all([startMariaDb({ name: 'demo-source', serverId: 1 }), startMariaDb({ name: 'demo-destination', serverId: 2 })]);
    started.push(source, destination);
    console.log('Loading the sample schema and data into the source...');
    await source.exec(readFileSync(join(DEMO, 'schema.sql'), 'utf8'));
    // The sequence engine's seq_1_to_N tables need a current database.
    await source.exec(readFileSync(join(DEMO, 'data.sql'), 'utf8'), 'shop');
    const password = randomBytes(12).toString('base64url');
    await createDemoUser(source, password, 'source');
    await createDemoUser(destination, password, 'destination');
    if (!values['no-load']) {
      const load = new DemoLoad(() => source.connect(), { transactionsPerSecond: 5, ddlEveryMs: 3 * 60_000 });
      load.start();
      cleanups.push(() => load.stop());
      console.log('A live write load runs against the source: orders, page views, customers and contacts, and a DDL every 3 minutes.');
    }

    const home = values.home ?? mkdtempSync(join(tmpdir(), 'cutover-demo-home-'));
    // A state directory made for this run goes with its servers; one given with --home stays.
    if (!values.home) cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const core = createApp(createNodeHost('web', home));
    cleanups.push(() => core.close());
    for (const [name, server] of [['demo-source', source], ['demo-destination', destination]] as const) {
      const existing = (await call(core.dispatch, 'datasources/list', {})).find((d) => d.name === name);
      if (existing) await call(core.dispatch, 'datasources/update', { id: existing.id, patch: { host: server.host, port: server.port, user: DEMO_USER, password } });
      else await call(core.dispatch, 'datasources/create', { name, host: server.host, port: server.port, user: DEMO_USER, password });
      const test = await call(core.dispatch, 'datasources/test', { id: (await call(core.dispatch, 'datasources/list', {})).find((d) => d.name === name)!.id });
      console.log(`  ${name}: ${server.host}:${server.port} — ${test.ok ? test.versionString : test.error?.message}`);
    }
    const { project, created } = await call(core.dispatch, 'projects/importFile', {
      fileName: 'resources/demo/project.json',
      content: readFileSync(join(DEMO, 'project.json'), 'utf8'),
    });
    console.log(`${created ? 'Created' : 'Updated'} project "${project.name}" (${project.id}).`);

    const electron = values.serve ? null : electronBinary();
    if (electron && (await openDesktop(electron, home, cleanups, stop))) return;
    const server = await startWebServer({ core, rendererDir: join(PACKAGE_ROOT, 'out', 'renderer'), port: Number(values.port ?? 4711) });
    cleanups.push(() => server.close());
    console.log(`\nState directory: ${home}`);
    console.log(`Open Cutover in your browser: ${server.url}`);
    console.log('Press Ctrl-C to stop the demo and remove its servers.');
  } catch (error) {
    console.error(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

void main();
