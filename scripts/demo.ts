/**
 * `npm run demo` (F-53): a throw-away MariaDB source with a sample schema and
 * data, a throw-away destination (MariaDB, or with `--destination seekdb`
 * OceanBase's engine from the Python package seekdb), registered as data
 * sources, a ready project, and the app — the desktop window where Electron
 * can start, otherwise `cutover serve` with its URL printed. A live write load
 * runs against the source (see demo-load.ts), so the project flows from full
 * migration into incremental synchronization with something to replay.
 * `--start` starts the project as well. Ctrl-C stops everything it started.
 *
 *   npm run demo -- [--destination mariadb|seekdb] [--serve] [--port N] [--home DIR] [--no-load]
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
import type { SeekdbServer } from '../tests/harness/seekdb';
import { startSeekdb } from '../tests/harness/seekdb';
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

type DemoServer = MariaDbServer | SeekdbServer;
const DESTINATIONS = ['mariadb', 'seekdb'] as const;
type DestinationKind = (typeof DESTINATIONS)[number];

/** What the demo's migration account may do on each server: what the project needs, not more. */
const DEMO_GRANTS = {
  source: [
    'GRANT SELECT, SHOW VIEW, TRIGGER, REPLICATION SLAVE, REPLICATION CLIENT ON *.*',
    // Reverse incremental writes back into the source after switchover.
    'GRANT INSERT, UPDATE, DELETE ON shop.*',
    'GRANT INSERT, UPDATE, DELETE ON crm.*',
    // The heartbeat that measures latency in milliseconds.
    'GRANT CREATE, INSERT, UPDATE ON cutover_meta.*',
  ],
  mariadb: ['GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.*', 'GRANT ALL PRIVILEGES ON shop.*', 'GRANT ALL PRIVILEGES ON crm.*', 'GRANT ALL PRIVILEGES ON cutover_meta.*'],
  // seekdb serves no binlog: nothing to grant for reverse incremental.
  seekdb: ['GRANT ALL PRIVILEGES ON shop.*', 'GRANT ALL PRIVILEGES ON crm.*', 'GRANT ALL PRIVILEGES ON cutover_meta.*'],
} as const;

async function createDemoUser(server: DemoServer, password: string, role: keyof typeof DEMO_GRANTS): Promise<void> {
  await server.exec([`CREATE USER '${DEMO_USER}'@'%' IDENTIFIED BY '${password}'`, ...DEMO_GRANTS[role].map((g) => `${g} TO '${DEMO_USER}'@'%'`)].join(';\n'));
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

/** The demo's destination server, and the project's migration types there (seekdb has no binlog to reverse from). */
async function startDestination(kind: DestinationKind): Promise<{ server: DemoServer; types: (types: string[]) => string[] }> {
  if (kind === 'seekdb') {
    return { server: await startSeekdb({ name: 'demo-destination' }), types: (types) => types.filter((t) => t !== 'reverse') };
  }
  return { server: await startMariaDb({ name: 'demo-destination', serverId: 2 }), types: (types) => types };
}

function destinationKind(value: string | undefined): DestinationKind {
  const kind = value ?? 'mariadb';
  if ((DESTINATIONS as readonly string[]).includes(kind)) return kind as DestinationKind;
  throw new Error(`--destination must be one of ${DESTINATIONS.join(', ')}, not "${kind}".`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { serve: { type: 'boolean' }, port: { type: 'string' }, home: { type: 'string' }, 'no-load': { type: 'boolean' }, destination: { type: 'string' }, start: { type: 'boolean' } },
  });
  const started: DemoServer[] = [];
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
    const kind = destinationKind(values.destination);
    console.log(`Starting a throw-away MariaDB source and ${kind === 'seekdb' ? 'seekdb (OceanBase\'s engine)' : 'MariaDB'} destination...`);
    const [source, target] = await Promise.all([startMariaDb({ name: 'demo-source', serverId: 1 }), startDestination(kind)]);
    const destination = target.server;
    started.push(source, destination);
    console.log('Loading the sample schema and data into the source...');
    await source.exec(readFileSync(join(DEMO, 'schema.sql'), 'utf8'));
    // The sequence engine's seq_1_to_N tables need a current database.
    await source.exec(readFileSync(join(DEMO, 'data.sql'), 'utf8'), 'shop');
    const password = randomBytes(12).toString('base64url');
    await createDemoUser(source, password, 'source');
    await createDemoUser(destination, password, kind);
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
    const file = JSON.parse(readFileSync(join(DEMO, 'project.json'), 'utf8')) as { types: string[] };
    file.types = target.types(file.types);
    const { project, created } = await call(core.dispatch, 'projects/importFile', { fileName: 'resources/demo/project.json', content: JSON.stringify(file, null, 2) });
    console.log(`${created ? 'Created' : 'Updated'} project "${project.name}" (${project.id}).`);
    if (values.start && project.status === 'not_started') {
      await call(core.dispatch, 'projects/start', { id: project.id });
      console.log('Started it: schema migration, then the full copy, the replay and full verification.');
    } else if (project.status === 'not_started') {
      console.log('Open it and press Start to run it (or start the demo with `npm run demo -- --start`).');
    }

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
