/**
 * Starts one source and one destination MariaDB for the whole test run and
 * hands their endpoints to every test file through `inject('servers')`.
 */

import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import type { MariaDbServer, ServerEndpoint } from './mariadb';
import { startMariaDb } from './mariadb';

export interface HarnessServers {
  source: ServerEndpoint & { dataDir: string };
  destination: ServerEndpoint & { dataDir: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: HarnessServers;
  }
}

let started: MariaDbServer[] = [];

export async function setup(project: TestProject): Promise<void> {
  const [source, destination] = await Promise.all([
    startMariaDb({ name: 'source', serverId: 1 }),
    startMariaDb({ name: 'destination', serverId: 2 }),
  ]);
  started = [source, destination];
  const endpoint = (s: MariaDbServer) => ({ host: s.host, port: s.port, user: s.user, password: s.password, dataDir: s.dataDir });
  project.provide('servers', { source: endpoint(source), destination: endpoint(destination) });
}

export async function teardown(): Promise<void> {
  await Promise.all(started.map((s) => s.destroy()));
  started = [];
}
