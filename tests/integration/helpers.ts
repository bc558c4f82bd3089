/** Shared pieces of the integration tests: the run's MariaDB servers, fresh state directories, the CLI as a process. */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';
import type { ServerEndpoint } from '../harness/mariadb';
import { createApp } from '../../src-main/core/app';
import type { CoreApp } from '../../src-main/core/app';
import { createNodeHost } from '../../src-main/node/node-host';

export const REPO = join(import.meta.dirname, '..', '..');

export function servers(): { source: ServerEndpoint; destination: ServerEndpoint } {
  return inject('servers');
}

export function freshHome(label = 'home'): string {
  return mkdtempSync(join(tmpdir(), `cutover-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function createCore(home: string): CoreApp {
  return createApp(createNodeHost('cli', home));
}

export async function rootConnection(server: ServerEndpoint, database?: string): Promise<Connection> {
  return createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database, multipleStatements: true });
}

export async function exec(server: ServerEndpoint, sql: string): Promise<void> {
  const connection = await rootConnection(server);
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cutover` exactly as a user would (through bin/cutover.mjs) with its own state directory. */
export function cli(home: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Every file under a directory, recursively, with its bytes. */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}

/** `cutover serve` as a process on a free port, with the URL (and token) it printed. */
export interface Served {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function serve(home: string): Promise<Served> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'serve', '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Open: (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`cutover serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    },
  };
}

