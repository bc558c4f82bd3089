/**
 * `npm run bench -- <suite> [--rows N]`: benchmarks against peers, side by
 * side in one run on throw-away MariaDB servers. Not a test: it prints and
 * saves numbers (bench/results/), it does not judge them.
 */

import { parseArgs } from 'node:util';
import type { MariaDbServer } from '../tests/harness/mariadb';
import { startMariaDb } from '../tests/harness/mariadb';
import { benchFull } from './full';
import { markdown, save } from './report';

const SUITES = ['full'] as const;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } }, allowPositionals: true });
  const suite = positionals[0] ?? 'full';
  if (!(SUITES as readonly string[]).includes(suite)) throw new Error(`Unknown suite "${suite}"; choose one of ${SUITES.join(', ')}.`);
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1000) throw new Error('--rows must be a whole number of at least 1000.');
  const servers: MariaDbServer[] = [];
  try {
    // A larger buffer pool than the tests use: the data set should fit, as on a real server.
    const extraArgs = ['--innodb-buffer-pool-size=1G', '--innodb-log-file-size=512M'];
    servers.push(...(await Promise.all([startMariaDb({ name: 'bench-source', serverId: 1, extraArgs }), startMariaDb({ name: 'bench-destination', serverId: 2, extraArgs })])));
    const [source, destination] = servers;
    const results = await benchFull(source, destination, rows);
    const table = markdown('Full migration', results, 'mydumper -t 2 + myloader -t 2');
    console.log('\n' + table);
    console.log(`Saved ${save(suite, results, table)}`);
  } finally {
    await Promise.all(servers.map((s) => s.destroy()));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
