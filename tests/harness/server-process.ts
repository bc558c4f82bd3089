/** What the throw-away servers of the harness (MariaDB, seekdb) share: stopping their process, and root sessions. */

import type { ChildProcess } from 'node:child_process';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';

export interface ServerEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Stops a server process with `signal` (SIGKILL after 30 s); resolves once it is gone. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Root sessions to a server: values as the tests compare them (big numbers and dates as text). */
export function rootSessions(endpoint: ServerEndpoint): { connect(database?: string): Promise<Connection>; exec(sql: string, database?: string): Promise<void> } {
  const connect = (database?: string) =>
    createConnection({ ...endpoint, database, multipleStatements: true, supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
  return {
    connect,
    async exec(sql, database) {
      const connection = await connect(database);
      try {
        await connection.query(sql);
      } finally {
        await connection.end();
      }
    },
  };
}
