/**
 * `npm run bench -- full [--rows N] [--destination mariadb|seekdb]`: the full
 * copy, side by side in one run on the same servers and data: Cutover at
 * Fast; mydumper -t 2 + myloader -t 2; mariadb-dump | mariadb; and the
 * destination's ceiling, LOAD DATA LOCAL of the same rows by the mariadb
 * client (one client per table, secondary indexes added after the data, as
 * Cutover does). Wall time, rows/s, MB/s and peak RSS of each, with ratios to
 * the reference peer. A peer that does not work against the destination is
 * reported as failed, with the reason, and the others still run.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../src-main/core/api/dispatch';
import { createApp } from '../src-main/core/app';
import { createNodeHost, PACKAGE_ROOT } from '../src-main/node/node-host';
import type { MigrationType, ProjectOptionsInput } from '../src-shared/model';
import type { MariaDbServer } from '../tests/harness/mariadb';
import type { SeekdbServer } from '../tests/harness/seekdb';
import { BENCH_DB, generate, SCHEMA, TABLES } from './dataset';
import type { Measured } from './measure';
import { measure } from './measure';
import type { Result } from './report';

const SECONDARY_INDEXES: Record<string, string> = {
  customers: 'ADD UNIQUE KEY uk_email (email), ADD KEY ix_country (country)',
  orders: 'ADD KEY ix_customer (customer_id), ADD KEY ix_placed (placed_at)',
  order_items: 'ADD KEY ix_sku (sku)',
  events: '',
};

/** The schema with only primary keys: secondary keys are added after the data, as Cutover does. */
function withoutSecondaryKeys(schema: string): string {
  const lines = schema.split('\n').filter((line) => !/^\s*(UNIQUE )?KEY /.test(line));
  return lines.map((line, i) => (lines[i + 1]?.trimStart().startsWith(')') ? line.replace(/,\s*$/, '') : line)).join('\n');
}

/** A destination: a MariaDB or a seekdb, both reached as MySQL-protocol servers. */
export type BenchDestination = MariaDbServer | SeekdbServer;

function clientArgs(server: BenchDestination): string[] {
  return ['-h', server.host, '-P', String(server.port), '-u', server.user];
}

function env(server: BenchDestination): NodeJS.ProcessEnv {
  // The password travels in the environment, never on a command line others can see.
  return { ...process.env, MYSQL_PWD: server.password };
}

async function countRows(server: BenchDestination): Promise<number> {
  const connection = await server.connect(BENCH_DB);
  try {
    let total = 0;
    for (const table of TABLES) {
      const [rows] = await connection.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
      total += Number((rows as { n: number }[])[0].n);
    }
    return total;
  } finally {
    await connection.end();
  }
}

async function dataBytes(server: MariaDbServer): Promise<number> {
  const connection = await server.connect();
  try {
    const [rows] = await connection.query('SELECT SUM(DATA_LENGTH) AS b FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [BENCH_DB]);
    return Number((rows as { b: number }[])[0].b);
  } finally {
    await connection.end();
  }
}

export function ensureOk(name: string, run: Measured): Measured {
  if (run.code !== 0) throw new Error(`${name} failed (exit ${run.code}):\n${run.output.slice(-2000)}`);
  return run;
}

/** A Cutover state home with both servers as data sources and a project over the bench database; the caller removes `home`. */
export async function createBenchProject(
  source: MariaDbServer,
  destination: BenchDestination,
  types: MigrationType[],
  options: ProjectOptionsInput,
): Promise<{ home: string; id: string }> {
  const home = mkdtempSync(join(tmpdir(), 'cutover-bench-'));
  const core = createApp(createNodeHost('cli', home));
  try {
    const src = await call(core.dispatch, 'datasources/create', { name: 'src', host: source.host, port: source.port, user: source.user, password: source.password });
    const dst = await call(core.dispatch, 'datasources/create', { name: 'dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
    const project = await call(core.dispatch, 'projects/create', { name: 'bench', types, sourceId: src.id, destinationId: dst.id, objects: { include: [`${BENCH_DB}.*`] }, options });
    return { home, id: project.id };
  } finally {
    await core.close();
  }
}

/** Runs `cutover ARGS...` against a state home as its own process, measured whole (host and workers). */
export function runCli(home: string, args: string[]): Promise<Measured> {
  return measure(process.execPath, [join(PACKAGE_ROOT, 'bin', 'cutover.mjs'), '--home', home, ...args]);
}

async function runCutover(source: MariaDbServer, destination: BenchDestination): Promise<Measured> {
  const { home, id } = await createBenchProject(source, destination, ['schema', 'full'], { fullConcurrency: 'fast' });
  try {
    return ensureOk('cutover', await runCli(home, ['run', id, '--until', 'full:completed']));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function runMyloader(source: MariaDbServer, destination: BenchDestination): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-mydumper-'));
  try {
    const dump = ensureOk(
      'mydumper',
      await measure('mydumper', ['-h', source.host, '-P', String(source.port), '-u', source.user, '-p', source.password, '-B', BENCH_DB, '-t', '2', '-r', '100000', '-o', join(dir, 'dump')]),
    );
    const load = ensureOk(
      'myloader',
      await measure('myloader', ['-h', destination.host, '-P', String(destination.port), '-u', destination.user, '-p', destination.password, '-B', BENCH_DB, '-t', '2', '-o', '-d', join(dir, 'dump')]),
    );
    return { wallMs: dump.wallMs + load.wallMs, peakRssBytes: Math.max(dump.peakRssBytes, load.peakRssBytes), code: 0, output: '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runDumpPipe(source: MariaDbServer, destination: BenchDestination): Promise<Measured> {
  await destination.exec(`CREATE DATABASE ${BENCH_DB}`);
  const dump = ['mariadb-dump', ...clientArgs(source), `-p${source.password}`, '--single-transaction', BENCH_DB].join(' ');
  const load = ['mariadb', ...clientArgs(destination), `-p${destination.password}`, BENCH_DB].join(' ');
  return ensureOk('mariadb-dump | mariadb', await measure('sh', ['-c', `${dump} | ${load}`]));
}

/** The destination's own limit: its client loading the same rows, then adding the indexes. */
async function runCeiling(source: MariaDbServer, destination: BenchDestination): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-tsv-'));
  try {
    for (const table of TABLES) await source.exec(`SELECT * FROM \`${table}\` INTO OUTFILE '${join(dir, `${table}.tsv`)}'`, BENCH_DB);
    const primaryOnly = withoutSecondaryKeys(SCHEMA);
    await destination.exec(`CREATE DATABASE ${BENCH_DB}; USE ${BENCH_DB}; ${primaryOnly}`);
    // OceanBase ends a statement after 10 s by default: the loads and index builds get a day, as Cutover's sessions do.
    const session = 'version' in destination ? 'SET SESSION ob_query_timeout = 86400000000, ob_trx_timeout = 86400000000; ' : '';
    const script = TABLES.map((table) => {
      const sql = `${session}LOAD DATA LOCAL INFILE '${join(dir, `${table}.tsv`)}' INTO TABLE \`${table}\`;${SECONDARY_INDEXES[table] ? ` ALTER TABLE \`${table}\` ${SECONDARY_INDEXES[table]};` : ''}`;
      return `mariadb ${clientArgs(destination).join(' ')} --local-infile=1 ${BENCH_DB} -e "${sql.replaceAll('`', '\\`')}" & pids="$pids $!"`;
    }).join('\n');
    // Each client's own exit status: a bare `wait` would hide a failed load.
    return ensureOk('LOAD DATA ceiling', await measure('sh', ['-c', `pids=''\n${script}\nfor pid in $pids; do wait "$pid" || exit 1; done`], env(destination)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFull(source: MariaDbServer, destination: BenchDestination, rows: number): Promise<Result[]> {
  console.log(`Generating ${rows.toLocaleString('en-US')} rows on the source...`);
  const expected = Object.values(await generate(source, rows)).reduce((a, b) => a + b, 0);
  const bytes = await dataBytes(source);
  const contestants: [string, () => Promise<Measured>][] = [
    ['Cutover (Fast)', () => runCutover(source, destination)],
    ['mydumper -t 2 + myloader -t 2', () => runMyloader(source, destination)],
    ['mariadb-dump, piped to mariadb', () => runDumpPipe(source, destination)],
    ['LOAD DATA LOCAL ceiling', () => runCeiling(source, destination)],
  ];
  const results: Result[] = [];
  for (const [name, run] of contestants) {
    await destination.exec(`DROP DATABASE IF EXISTS ${BENCH_DB}`);
    console.log(`Running ${name}...`);
    try {
      const measured = await run();
      const copied = await countRows(destination);
      if (copied !== expected) throw new Error(`it copied ${copied} rows instead of ${expected}.`);
      results.push({ name, wallMs: measured.wallMs, rows: copied, bytes, peakRssBytes: measured.peakRssBytes });
      console.log(`  ${(measured.wallMs / 1000).toFixed(2)} s`);
    } catch (error) {
      // Cutover itself must work; a peer that does not work against this destination is reported as such.
      if (name.startsWith('Cutover')) throw error;
      const reason = (error instanceof Error ? error.message : String(error)).split('\n').find((l) => /error|fail/i.test(l)) ?? String(error).slice(0, 200);
      results.push({ name, wallMs: 0, rows: 0, bytes, peakRssBytes: 0, failed: reason.trim().slice(0, 200) });
      console.log(`  failed: ${reason}`);
    }
  }
  await destination.exec(`DROP DATABASE IF EXISTS ${BENCH_DB}`);
  return results;
}
