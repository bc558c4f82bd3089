/**
 * `npm run bench -- verify [--rows N]`: Full Verification, side by side in one
 * run on the same servers and data. The bench tables are copied by Cutover and
 * verified once (this warms both servers' caches); then differences are
 * planted on the destination and each contestant checks all the tables:
 *
 * - Cutover at Fast: `cutover verify run ID --mode all`, a process of its own;
 * - pt-table-checksum, with the destination made a replica of the source from
 *   the position after the copy (the only way it compares two servers): it
 *   checksums chunks on the source and replication repeats them on the replica;
 * - a plain row-streaming compare (bench/stream-compare.ts).
 *
 * Wall time, rows/s and peak RSS with ratios to pt-table-checksum, and what
 * each one found: every planted difference must be found by Cutover, with
 * exact counts per category, or the benchmark fails.
 */

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { MariaDbServer } from '../tests/harness/mariadb';
import { BENCH_DB, generate } from './dataset';
import { createBenchProject, ensureOk, runCli } from './full';
import type { Measured } from './measure';
import { measure } from './measure';
import { markdownTable } from './report';

/** Differences planted on the destination (binlog off there), and what a correct compare must count. */
export const PLANTS = [
  // A changed value.
  "UPDATE orders SET note = 'changed on the destination' WHERE id = 500",
  // Four DATETIMEs in one chunk shifted by 10 minutes: an XOR of row checksums cancels them out.
  'UPDATE orders SET placed_at = placed_at + INTERVAL 10 MINUTE WHERE id BETWEEN 2001 AND 2004',
  // Trailing spaces.
  "UPDATE customers SET name = CONCAT(name, '  ') WHERE id = 77",
  // NULL on the source, '' on the destination.
  "UPDATE orders SET note = '' WHERE id = 3000",
  // Missing rows.
  'DELETE FROM orders WHERE id = 1000',
  'DELETE FROM order_items WHERE order_id = 5 AND line = 2',
  // Extra rows: one past the end of the key, one duplicate on the table without a key.
  "INSERT INTO orders VALUES (900000001, 1, 'new', 1.00, NULL, '2030-01-01 00:00:00')",
  'INSERT INTO events SELECT * FROM events ORDER BY at LIMIT 1',
];
const EXPECTED = { sourceOnly: 2, destinationOnly: 2, mismatch: 7 };
const DIFFERING_TABLES = ['customers', 'events', 'order_items', 'orders'];

interface Contestant {
  name: string;
  measured: Measured;
  found: string;
}

const counted = z.object({ sourceOnly: z.number(), destinationOnly: z.number(), mismatch: z.number() });

function describe(counts: z.infer<typeof counted>): string {
  return `${counts.sourceOnly} only in source, ${counts.destinationOnly} only in destination, ${counts.mismatch} different`;
}

function sameCounts(counts: z.infer<typeof counted>): boolean {
  return counts.sourceOnly === EXPECTED.sourceOnly && counts.destinationOnly === EXPECTED.destinationOnly && counts.mismatch === EXPECTED.mismatch;
}

async function plant(destination: MariaDbServer): Promise<void> {
  await destination.exec(`SET SESSION sql_log_bin = 0; ${PLANTS.join('; ')}`, BENCH_DB);
}

/** Makes the destination a replica of the source from the source's current position, for pt-table-checksum. */
async function replicate(source: MariaDbServer, destination: MariaDbServer): Promise<void> {
  await source.exec(
    `CREATE DATABASE IF NOT EXISTS percona;
     CREATE TABLE IF NOT EXISTS percona.dsns (id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT NULL, dsn VARCHAR(255) NOT NULL);
     INSERT INTO percona.dsns (dsn) VALUES ('h=${destination.host},P=${destination.port},u=${destination.user},p=${destination.password}')`,
  );
  const connection = await source.connect();
  try {
    const [rows] = await connection.query('SHOW MASTER STATUS');
    const { File: file, Position: position } = (rows as { File: string; Position: number }[])[0];
    await destination.exec(
      `CHANGE MASTER TO MASTER_HOST = '${source.host}', MASTER_PORT = ${source.port}, MASTER_USER = '${source.user}', MASTER_PASSWORD = '${source.password}',
         MASTER_LOG_FILE = '${file}', MASTER_LOG_POS = ${position}, MASTER_USE_GTID = no;
       CREATE DATABASE IF NOT EXISTS percona; START SLAVE`,
    );
  } finally {
    await connection.end();
  }
}

async function runCutover(home: string, id: string): Promise<Contestant> {
  const measured = await runCli(home, ['verify', 'run', id, '--mode', 'all']);
  if (measured.code !== 4) throw new Error(`cutover verify run should end with differences (exit 4), it exited ${measured.code}:\n${measured.output.slice(-2000)}`);
  const diff = ensureOk('cutover verify diff', await runCli(home, ['verify', 'diff', id, '--json']));
  const rows = z.object({ rows: z.array(z.object({ table: z.string(), category: z.string(), state: z.string() })) }).parse(JSON.parse(diff.output)).rows;
  const counts = {
    sourceOnly: rows.filter((r) => r.category === 'source-only').length,
    destinationOnly: rows.filter((r) => r.category === 'destination-only').length,
    mismatch: rows.filter((r) => r.category === 'mismatch').length,
  };
  if (!sameCounts(counts) || rows.some((r) => r.state !== 'confirmed')) {
    throw new Error(`Cutover found ${describe(counts)} (${rows.map((r) => `${r.table} ${r.category} ${r.state}`).join('; ')}); planted: ${describe(EXPECTED)}.`);
  }
  return { name: 'Cutover (Fast)', measured, found: `${describe(counts)}: every planted difference` };
}

async function runPtTableChecksum(source: MariaDbServer): Promise<Contestant> {
  const dsn = `h=${source.host},P=${source.port},u=${source.user},p=${source.password}`;
  const measured = await measure('pt-table-checksum', [dsn, '--databases', BENCH_DB, '--recursion-method', 'dsn=D=percona,t=dsns', '--no-check-binlog-format', '--no-version-check']);
  // Its exit status is a bit set; 16 only says that some chunk differs.
  if (measured.code !== 0 && measured.code !== 16) throw new Error(`pt-table-checksum failed (exit ${measured.code}):\n${measured.output.slice(-2000)}`);
  // TS ERRORS DIFFS ROWS DIFF_ROWS CHUNKS SKIPPED TIME TABLE
  const lines = measured.output.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length === 9 && f[8].startsWith(`${BENCH_DB}.`));
  const differing = lines.filter((f) => Number(f[2]) > 0).map((f) => f[8].slice(BENCH_DB.length + 1));
  const skipped = lines.filter((f) => Number(f[6]) > 0).map((f) => f[8].slice(BENCH_DB.length + 1));
  const missed = DIFFERING_TABLES.filter((t) => !differing.includes(t));
  const found = `differing chunks in ${differing.length} of ${DIFFERING_TABLES.length} tables with differences${missed.length ? ` (missed ${missed.join(', ')})` : ''}${skipped.length ? `; chunks skipped in ${skipped.join(', ')}` : ''}; no rows`;
  return { name: 'pt-table-checksum', measured, found };
}

async function runStreamCompare(source: MariaDbServer, destination: MariaDbServer): Promise<Contestant> {
  const endpoint = (s: MariaDbServer) => ({ host: s.host, port: s.port, user: s.user, password: s.password });
  const env = { ...process.env, COMPARE_SERVERS: JSON.stringify({ source: endpoint(source), destination: endpoint(destination) }) };
  const tsx = join(import.meta.dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const measured = ensureOk('row-streaming compare', await measure(process.execPath, [tsx, join(import.meta.dirname, 'stream-compare.ts'), BENCH_DB], env));
  const counts = counted.parse(JSON.parse(measured.output.trim().split('\n').at(-1) ?? '{}'));
  return { name: 'row-streaming compare', measured, found: describe(counts) + (sameCounts(counts) ? '' : ' (not what was planted)') };
}

export async function benchVerify(source: MariaDbServer, destination: MariaDbServer, rows: number): Promise<{ markdown: string; data: unknown }> {
  console.log(`Generating ${rows.toLocaleString('en-US')} rows on the source...`);
  const total = Object.values(await generate(source, rows)).reduce((a, b) => a + b, 0);
  const { home, id } = await createBenchProject(source, destination, ['schema', 'full', 'verification'], { fullConcurrency: 'fast', verifyConcurrency: 'fast' });
  try {
    console.log('Copying and verifying once with Cutover...');
    const first = ensureOk('cutover run', await runCli(home, ['run', id, '--until', 'verification:completed']));
    console.log(`  ${(first.wallMs / 1000).toFixed(2)} s`);
    await replicate(source, destination);
    await plant(destination);
    const contestants: Contestant[] = [];
    for (const [name, run] of [
      ['Cutover (Fast)', () => runCutover(home, id)],
      ['pt-table-checksum', () => runPtTableChecksum(source)],
      ['row-streaming compare', () => runStreamCompare(source, destination)],
    ] as const) {
      console.log(`Running ${name}...`);
      const result = await run();
      console.log(`  ${(result.measured.wallMs / 1000).toFixed(2)} s: ${result.found}`);
      contestants.push(result);
    }
    const reference = contestants.find((c) => c.name === 'pt-table-checksum')!.measured.wallMs;
    const table = markdownTable(
      ['tool', 'wall s', 'rows/s', 'peak RSS MB', 'time vs pt-table-checksum', 'found'],
      contestants.map((c) => [
        c.name,
        (c.measured.wallMs / 1000).toFixed(2),
        Math.round(total / (c.measured.wallMs / 1000)).toLocaleString('en-US'),
        (c.measured.peakRssBytes / 2 ** 20).toFixed(0),
        (c.measured.wallMs / reference).toFixed(2),
        c.found,
      ]),
    );
    const markdown = `## Full verification\n\n${new Date().toISOString()} · ${total.toLocaleString('en-US')} rows in 4 tables (one without a key) · planted: ${describe(EXPECTED)}\n\n${table}`;
    return { markdown, data: contestants.map((c) => ({ name: c.name, wallMs: c.measured.wallMs, peakRssBytes: c.measured.peakRssBytes, found: c.found })) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
