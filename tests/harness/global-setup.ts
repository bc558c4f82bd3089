/**
 * Starts one source and one destination MariaDB, and a seekdb (OceanBase's
 * engine) as a second destination, for the whole test run, and hands their
 * endpoints to every test file through `inject('servers')`. Each is required:
 * a missing one fails the run with what to install.
 */

import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import type { MariaDbServer, ServerEndpoint } from './mariadb';
import { startMariaDb } from './mariadb';
import type { SeekdbServer } from './seekdb';
import { startSeekdb } from './seekdb';

export interface HarnessServers {
  source: ServerEndpoint & { dataDir: string };
  destination: ServerEndpoint & { dataDir: string };
  /** OceanBase's engine, as a destination. */
  seekdb: ServerEndpoint & { baseDir: string; version: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: HarnessServers;
  }
}

let started: (MariaDbServer | SeekdbServer)[] = [];
let seekdbPeakMb = 0;
let sampler: NodeJS.Timeout | null = null;

export async function setup(project: TestProject): Promise<void> {
  const settled = await Promise.allSettled([
    startMariaDb({ name: 'source', serverId: 1 }),
    startMariaDb({ name: 'destination', serverId: 2 }),
    startSeekdb({ name: 'seekdb' }),
  ]);
  started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  const [source, destination, seekdb] = started as [MariaDbServer, MariaDbServer, SeekdbServer];
  const endpoint = (s: MariaDbServer) => ({ host: s.host, port: s.port, user: s.user, password: s.password, dataDir: s.dataDir });
  console.log(`seekdb ${seekdb.version}: answered ${seekdb.startMs} ms after it was started, ${seekdb.rssMb()} MB resident`);
  sampler = setInterval(() => (seekdbPeakMb = Math.max(seekdbPeakMb, seekdb.rssMb())), 1000);
  sampler.unref();
  project.provide('servers', {
    source: endpoint(source),
    destination: endpoint(destination),
    seekdb: { host: seekdb.host, port: seekdb.port, user: seekdb.user, password: seekdb.password, baseDir: seekdb.baseDir, version: seekdb.version },
  });
}

export async function teardown(): Promise<void> {
  if (sampler) clearInterval(sampler);
  if (seekdbPeakMb) console.log(`seekdb peak resident memory during the run: ${seekdbPeakMb} MB`);
  await Promise.all(started.map((s) => s.destroy()));
  started = [];
}
