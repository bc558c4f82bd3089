/**
 * A throw-away seekdb for tests, the demo and benchmarks: OceanBase's
 * single-node engine (its SQL engine and storage, MySQL mode), from the
 * Python package `seekdb`, whose wheel carries the server binary. It is
 * started on its own on a free loopback port with a fresh base directory,
 * a bounded memory budget, a password for root, and the 64 MB packet limit
 * the MariaDB servers of the harness have (seekdb's default is 16 MB).
 */

import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { freePort, ROOT_PASSWORD } from './mariadb';
import type { ServerEndpoint } from './server-process';
import { rootSessions, stopProcess } from './server-process';

/** As the harness's MariaDB servers (--max-allowed-packet=64M). */
export const MAX_ALLOWED_PACKET = 64 * 1024 * 1024;

/** The package and version the tests are run against (`.ci/run` installs it). */
export const SEEKDB_PACKAGE = 'seekdb==1.4.0.dev2';

const INSTALL_HINT = `Install it with \`pip install --pre ${SEEKDB_PACKAGE}\` (Python 3.11 or later, Linux x86_64 or aarch64 with glibc 2.28+), or point SEEKDB_BIN at a seekdb server binary.`;

/** The server binary: $SEEKDB_BIN, else the one inside the installed Python package. */
export function seekdbBinary(): string {
  const fromEnv = process.env.SEEKDB_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SEEKDB_BIN is ${fromEnv}, which does not exist. ${INSTALL_HINT}`);
    return fromEnv;
  }
  let dir: string;
  try {
    dir = execFileSync('python3', ['-c', 'import os, seekdb; print(os.path.dirname(seekdb.__file__))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const detail = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').pop();
    throw new Error(`seekdb is not installed: the tests run Cutover against OceanBase's engine through the Python package seekdb (${detail}). ${INSTALL_HINT}`);
  }
  const binary = join(dir, 'seekdb');
  if (!existsSync(binary)) throw new Error(`The seekdb package at ${dir} has no server binary. ${INSTALL_HINT}`);
  return binary;
}

export interface SeekdbServer extends ServerEndpoint {
  name: string;
  baseDir: string;
  /** What the server reports as its version, e.g. `5.7.25-OceanBase seekdb-v1.4.0.0`. */
  version: string;
  /** From spawn to the first answered query, ms. */
  startMs: number;
  /** The server process's resident memory now, MB. */
  rssMb(): number;
  /** The server's process id while it runs. */
  pid(): number | undefined;
  connect(database?: string): Promise<Connection>;
  exec(sql: string, database?: string): Promise<void>;
  /** Stops (SIGTERM, or SIGKILL with `crash`) and starts again on the same port and data. */
  restart(options?: { crash?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** Stops and removes the base directory. */
  destroy(): Promise<void>;
}

export interface SeekdbOptions {
  name: string;
  /** Parent directory for the base directory; a fresh temporary directory by default. */
  parentDir?: string;
  port?: number;
  /** The engine's memory budget (caches, memstore); it takes 80% of the machine otherwise. */
  memoryBudget?: string;
}

function logTail(baseDir: string): string {
  const log = join(baseDir, 'log', 'seekdb.log');
  if (!existsSync(log)) return '';
  return readFileSync(log, 'utf8').split('\n').filter((l) => /ERROR|WARN/.test(l)).slice(-8).join('\n');
}

async function waitReady(port: number, password: string | null, child: ChildProcess, baseDir: string, timeoutMs = 180_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`seekdb exited (${child.exitCode ?? child.signalCode}) while starting; the end of its log:\n${logTail(baseDir)}`);
    }
    try {
      const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', password: password ?? '', multipleStatements: true });
      await connection.query('SELECT 1');
      return connection;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`seekdb did not answer on port ${port} within ${timeoutMs / 1000} s: ${String(lastError)}\n${logTail(baseDir)}`);
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

export async function startSeekdb(options: SeekdbOptions): Promise<SeekdbServer> {
  const binary = seekdbBinary();
  const baseDir = mkdtempSync(join(options.parentDir ?? tmpdir(), `cutover-${options.name}-`));
  const port = options.port ?? (await freePort());
  const args = ['--nodaemon', '--port', String(port), '--base-dir', baseDir, '--parameter', `memory_budget=${options.memoryBudget ?? '2G'}`, '--log-level', 'WARN'];
  let child!: ChildProcess;
  let password: string | null = null;

  async function launch(): Promise<Connection> {
    child = spawn(binary, args, { stdio: 'ignore', cwd: baseDir });
    return waitReady(port, password, child, baseDir);
  }

  const started = Date.now();
  const admin = await launch();
  const startMs = Date.now() - started;
  // A fresh server: root has no password; the tests and the demo use the same one as for MariaDB.
  await admin.query(`ALTER USER root IDENTIFIED BY '${ROOT_PASSWORD}'`);
  await admin.query(`SET GLOBAL max_allowed_packet = ${MAX_ALLOWED_PACKET}`);
  password = ROOT_PASSWORD;
  const [rows] = await admin.query('SELECT @@version AS version');
  const version = String((rows as { version: string }[])[0].version);
  await admin.end();

  const endpoint: ServerEndpoint = { host: '127.0.0.1', port, user: 'root', password: ROOT_PASSWORD };
  return {
    ...endpoint,
    ...rootSessions(endpoint),
    name: options.name,
    baseDir,
    version,
    startMs,
    rssMb: () => rssMb(child.pid),
    pid: () => child.pid,
    async restart(restartOptions = {}) {
      await stopProcess(child, restartOptions.crash ? 'SIGKILL' : 'SIGTERM');
      const again = await launch();
      await again.end();
    },
    stop: () => stopProcess(child, 'SIGTERM'),
    async destroy() {
      await stopProcess(child, 'SIGTERM');
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}
