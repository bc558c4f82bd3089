/**
 * `npm run demo` end to end, into MariaDB and into seekdb: both servers with
 * the sample schema, both data sources, the ready project (its precheck
 * passes with warnings only), the browser host's URL, and Ctrl-C stopping
 * everything it started.
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createConnection as connectMysql } from 'mysql2/promise';
import { ROOT_PASSWORD } from '../harness/mariadb';
import { REPO } from './helpers';

const tsx = createRequire(import.meta.url).resolve('tsx');

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function callOver(url: string, method: string, input: unknown): Promise<unknown> {
  const { port, searchParams } = new URL(url);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers: { Authorization: `Bearer ${searchParams.get('token')}` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const reply = new Promise<unknown>((resolve) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { kind: string; result?: unknown; error?: unknown };
      if (frame.kind === 'result') resolve(frame.result ?? frame.error);
    }),
  );
  ws.send(JSON.stringify({ id: 1, method, input }));
  const result = await reply;
  ws.close();
  return result;
}

interface Expected {
  args: string[];
  destinationFlavour: string;
  /** The version the demo prints for each server, source first. */
  versions: [RegExp, RegExp];
  types: string[];
}

const MARIADB: Expected = {
  args: [],
  destinationFlavour: 'mariadb',
  versions: [/^10\./, /^10\./],
  types: ['schema', 'full', 'incremental', 'verification', 'reverse'],
};
const SEEKDB: Expected = {
  args: ['--destination', 'seekdb'],
  destinationFlavour: 'oceanbase-mysql',
  versions: [/^10\./, /OceanBase seekdb/],
  types: ['schema', 'full', 'incremental', 'verification'],
};

describe('npm run demo', () => {
  let demo: ChildProcess | null = null;
  afterAll(() => demo?.kill('SIGKILL'));

  for (const [label, expected] of [['MariaDB', MARIADB], ['seekdb', SEEKDB]] as const) {
    it(`starts servers, data sources and a ready project into ${label}, serves the UI, and cleans up on Ctrl-C`, () => runDemo(expected), 120_000);
  }

  async function runDemo(expected: Expected): Promise<void> {
    demo = spawn(process.execPath, ['--import', tsx, join(REPO, 'scripts', 'demo.ts'), '--serve', '--port', '0', ...expected.args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    demo.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      demo!.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const match = /Open Cutover in your browser: (\S+)/.exec(output);
        if (match) resolve(match[1]);
      });
      demo!.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
    });
    const servers = [...output.matchAll(/demo-(?:source|destination): 127\.0\.0\.1:(\d+) — (.*)/g)];
    expect(servers).toHaveLength(2);
    servers.forEach((m, i) => expect(m[2]).toMatch(expected.versions[i]));
    const ports = servers.map((m) => Number(m[1]));
    const home = /State directory: (\S+)/.exec(output)![1];

    const projects = (await callOver(url, 'projects/list', {})) as { id: string; name: string; status: string; tags: string[]; types: string[] }[];
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ name: 'Demo: shop and CRM to OceanBase', status: 'not_started', tags: ['demo', 'shop'], types: expected.types });
    const sources = (await callOver(url, 'datasources/list', {})) as { name: string; flavour: string; user: string }[];
    expect(sources.map((s) => [s.name, s.flavour, s.user])).toEqual([
      ['demo-destination', expected.destinationFlavour, 'cutover'],
      ['demo-source', 'mariadb', 'cutover'],
    ]);
    const catalog = (await callOver(url, 'datasources/catalog', { id: (sources as unknown as { id: string; name: string }[]).find((s) => s.name === 'demo-source')!.id })) as {
      objects: { database: string; name: string; kind: string }[];
    };
    expect(catalog.objects.filter((o) => o.kind === 'view').map((o) => `${o.database}.${o.name}`).sort()).toEqual(['shop.customer_revenue', 'shop.paid_orders']);

    await callOver(url, 'precheck/run', { id: projects[0].id });
    let run: { status: string; checks: { state: string }[] } = { status: 'running', checks: [] };
    for (let i = 0; i < 100 && run.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      run = (await callOver(url, 'precheck/latest', { id: projects[0].id })) as typeof run;
    }
    expect(run.checks.filter((c) => c.state === 'fail')).toEqual([]);
    expect(run.status).toBe('warned');

    // The live write load keeps adding orders on the source.
    expect(output).toContain('A live write load runs against the source');
    // New orders raise the table's AUTO_INCREMENT counter, which deletes (of the newest order too) never lower;
    // the load picks its writes at random, so give it time.
    const nextOrder = async () => {
      const connection = await connectMysql({ host: '127.0.0.1', port: ports[0], user: 'root', password: ROOT_PASSWORD });
      try {
        const [rows] = await connection.query("SELECT AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'orders'");
        return Number((rows as { n: number }[])[0].n);
      } finally {
        await connection.end();
      }
    };
    const before = await nextOrder();
    for (let i = 0; i < 30 && (await nextOrder()) === before; i++) await new Promise((r) => setTimeout(r, 500));
    expect(await nextOrder()).toBeGreaterThan(before);

    demo.kill('SIGINT');
    await new Promise((resolve) => demo!.once('exit', resolve));
    expect(output).toContain('Stopping the demo');
    for (const port of ports) expect(await portOpen(port)).toBe(false);
    expect(await portOpen(Number(new URL(url).port))).toBe(false);
    expect(existsSync(home)).toBe(false);
  }
});
