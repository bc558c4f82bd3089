/**
 * Throw-away MariaDB servers for tests, the demo and benchmarks: a fresh data
 * directory, a free loopback port, binlog in ROW format with full row images
 * and row metadata, GTID strict mode, and a root account reachable over TCP.
 */

import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import type { ServerEndpoint } from './server-process';
import { rootSessions, stopProcess } from './server-process';

export const ROOT_PASSWORD = 'harness-root-pw';

const SEARCH_PATH = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/usr/local/mysql/bin'];

function findBinary(names: string[], dirs: string[]): string | null {
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

export function mariadbBinaries(dirs: string[] = [...SEARCH_PATH, ...(process.env.PATH ?? '').split(':')]): { server: string; installDb: string } {
  const server = findBinary(['mariadbd', 'mysqld'], dirs);
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db'], dirs);
  if (!server || !installDb) {
    throw new Error(
      'MariaDB is not installed: the tests start their own throw-away MariaDB servers and need `mariadbd` and `mariadb-install-db`. ' +
        'Install them with `sudo apt-get install mariadb-server` (Debian/Ubuntu), then run the tests again.',
    );
  }
  return { server, installDb };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type { ServerEndpoint };

export interface MariaDbServer extends ServerEndpoint {
  name: string;
  dataDir: string;
  serverId: number;
  /** Connects as root, optionally to a database. */
  connect(database?: string): Promise<Connection>;
  /** Runs SQL statements (separated by `;` at line ends) as root. */
  exec(sql: string, database?: string): Promise<void>;
  stop(): Promise<void>;
  /** Stops (SIGTERM, or SIGKILL with `crash`) and starts again on the same port and data. */
  restart(options?: { crash?: boolean }): Promise<void>;
  /** Stops and removes the data directory. */
  destroy(): Promise<void>;
}

export interface StartOptions {
  name: string;
  serverId: number;
  /** Parent directory for the data; a fresh temporary directory by default. */
  baseDir?: string;
  port?: number;
  extraArgs?: string[];
}

function serverArgs(dir: string, port: number, serverId: number, extra: string[]): string[] {
  const user = userInfo().username;
  return [
    '--no-defaults',
    `--datadir=${join(dir, 'data')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--log-error=${join(dir, 'error.log')}`,
    `--user=${user}`,
    `--server-id=${serverId}`,
    `--gtid-domain-id=${serverId}`,
    '--gtid-strict-mode=1',
    `--log-bin=${join(dir, 'binlog', 'mysql-bin')}`,
    '--log-slave-updates=1',
    '--binlog-format=ROW',
    '--binlog-row-image=FULL',
    '--binlog-row-metadata=FULL',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_general_ci',
    '--skip-name-resolve',
    '--max-connections=500',
    '--max-allowed-packet=64M',
    '--innodb-buffer-pool-size=128M',
    '--innodb-flush-log-at-trx-commit=2',
    '--sync-binlog=0',
    '--local-infile=1',
    '--secure-file-priv=',
    ...extra,
  ];
}

async function waitForSocket(socketPath: string, child: ChildProcess, errorLog: string, timeoutMs = 60_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`mariadbd exited with code ${child.exitCode} while starting:\n${log}`);
    }
    try {
      return await createConnection({ socketPath, user: 'root', password: ROOT_PASSWORD, multipleStatements: true });
    } catch (error) {
      lastError = error;
      // A freshly initialised server: root has no password yet.
      if ((error as { code?: string }).code === 'ER_ACCESS_DENIED_ERROR') {
        return createConnection({ socketPath, user: 'root', multipleStatements: true });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`mariadbd did not accept connections within ${timeoutMs / 1000} s: ${String(lastError)}`);
}

export async function startMariaDb(options: StartOptions): Promise<MariaDbServer> {
  const { server, installDb } = mariadbBinaries();
  const dir = mkdtempSync(join(options.baseDir ?? tmpdir(), `cutover-${options.name}-`));
  mkdirSync(join(dir, 'binlog'));
  execFileSync(
    installDb,
    ['--no-defaults', `--datadir=${join(dir, 'data')}`, `--user=${userInfo().username}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'],
    { stdio: 'pipe' },
  );
  const port = options.port ?? (await freePort());
  let child: ChildProcess;

  async function launch(): Promise<Connection> {
    child = spawn(server, serverArgs(dir, port, options.serverId, options.extraArgs ?? []), { stdio: 'ignore' });
    return waitForSocket(join(dir, 'mysqld.sock'), child, join(dir, 'error.log'));
  }

  const admin = await launch();
  await admin.query(
    `ALTER USER 'root'@'localhost' IDENTIFIED BY '${ROOT_PASSWORD}';
     CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
     ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '${ROOT_PASSWORD}';
     GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
     FLUSH PRIVILEGES;`,
  );
  await admin.end();

  const endpoint: ServerEndpoint = { host: '127.0.0.1', port, user: 'root', password: ROOT_PASSWORD };
  return {
    ...endpoint,
    ...rootSessions(endpoint),
    name: options.name,
    dataDir: dir,
    serverId: options.serverId,
    stop: () => stopProcess(child, 'SIGTERM'),
    async restart(restartOptions = {}) {
      await stopProcess(child, restartOptions.crash ? 'SIGKILL' : 'SIGTERM');
      const admin = await launch();
      await admin.end();
    },
    async destroy() {
      await stopProcess(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
