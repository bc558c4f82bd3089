/**
 * `npm run bench -- full [--shape S] [--rows N] [--destination mariadb|seekdb]`:
 * the full copy of one shape of data (shapes.ts), side by side in one run on
 * the same servers and data: Cutover at Fast; mydumper -t 2 + myloader -t 2,
 * as it runs by default (the restored rows kept out of the destination's
 * binlog) and with -e (written to it, as Cutover's copy and every other
 * tool here are);
 * mariadb-dump | mariadb; and the destination's ceiling, LOAD DATA LOCAL of
 * the same rows by the mariadb client (up to four clients at a time, one
 * table each, secondary indexes added after the data, as Cutover does).
 * Wall time, rows/s, MB/s and peak RSS of each (and of each Cutover process),
 * with ratios to the reference peer, and how Cutover's time split between
 * copying data and building indexes. A peer that does not work against the
 * destination is reported as failed, with the reason, and the others still run.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../src-main/core/api/dispatch';
import { createApp } from '../src-main/core/app';
import { createNodeHost, PACKAGE_ROOT } from '../src-main/node/node-host';
import type { MigrationType, ProjectOptionsInput } from '../src-shared/model';
import type { MariaDbServer } from '../tests/harness/mariadb';
import type { SeekdbServer } from '../tests/harness/seekdb';
import { STATE_FILE } from '../src-main/core/state/db';
import { BENCH_DB } from './dataset';
import type { Measured } from './measure';
import { measure, serverCpuSeconds } from './measure';
import type { Result } from './report';
import { MYLOADER, MYLOADER_BINLOG } from './report';
import type { ShapeName } from './shapes';
import { SHAPE_DEFS } from './shapes';

/** A table's CREATE TABLE (as the source shows it, one key per line) with only its primary key: secondary keys are added after the data, as Cutover does. */
function withoutSecondaryKeys(createTable: string): string {
  const lines = createTable.split('\n').filter((line) => !/^\s*(UNIQUE )?KEY /.test(line));
  return lines.map((line, i) => (lines[i + 1]?.trimStart().startsWith(')') ? line.replace(/,\s*$/, '') : line)).join('\n');
}

/** The data set one run copies: its tables, their rows, the secondary indexes a loader adds after the data. */
export interface BenchData {
  shape: ShapeName;
  tables: string[];
  rows: number;
  indexes: Record<string, string>;
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

async function countRows(server: BenchDestination, tables: string[]): Promise<number> {
  const connection = await server.connect(BENCH_DB);
  try {
    let total = 0;
    for (const table of tables) {
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

/** How a run's time split: the wall time during which some table was being copied, and during which some index was being built (they overlap). */
export interface PhaseSplit {
  dataMs: number;
  indexMs: number;
}

/** The union of intervals' length, in ms. */
function coveredMs(intervals: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of intervals.sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

function phaseSplit(home: string, projectId: string): PhaseSplit {
  const db = new Database(join(home, STATE_FILE), { readonly: true });
  try {
    const spans = (sql: string) =>
      (db.prepare(sql).all(projectId) as { s: string | null; e: string | null }[]).filter((r) => r.s && r.e).map((r): [number, number] => [Date.parse(r.s!), Date.parse(r.e!)]);
    return {
      dataMs: coveredMs(spans('SELECT full_started_at AS s, full_ended_at AS e FROM project_objects WHERE project_id = ?')),
      indexMs: coveredMs(spans('SELECT started_at AS s, ended_at AS e FROM table_indexes WHERE project_id = ?')),
    };
  } finally {
    db.close();
  }
}

async function runCutover(source: MariaDbServer, destination: BenchDestination, split: (s: PhaseSplit) => void): Promise<Measured> {
  const { home, id } = await createBenchProject(source, destination, ['schema', 'full'], { fullConcurrency: 'fast' });
  try {
    const measured = ensureOk('cutover', await runCli(home, ['run', id, '--until', 'full:completed']));
    split(phaseSplit(home, id));
    return measured;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** mydumper + myloader; `binlog`: myloader's -e, which writes the restored rows to the destination's binlog too (its default skips it, with SQL_LOG_BIN = 0). */
async function runMyloader(source: MariaDbServer, destination: BenchDestination, binlog: boolean): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-mydumper-'));
  try {
    const dump = ensureOk(
      'mydumper',
      await measure('mydumper', ['-h', source.host, '-P', String(source.port), '-u', source.user, '-p', source.password, '-B', BENCH_DB, '-t', '2', '-r', '100000', '-o', join(dir, 'dump')]),
    );
    const load = ensureOk(
      'myloader',
      await measure('myloader', [
        ...['-h', destination.host, '-P', String(destination.port), '-u', destination.user, '-p', destination.password],
        ...['-B', BENCH_DB, '-t', '2', '-o', ...(binlog ? ['-e'] : []), '-d', join(dir, 'dump')],
      ]),
    );
    return {
      wallMs: dump.wallMs + load.wallMs,
      peakRssBytes: Math.max(dump.peakRssBytes, load.peakRssBytes),
      cpuSeconds: (dump.cpuSeconds ?? 0) + (load.cpuSeconds ?? 0),
      code: 0,
      output: '',
    };
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

/** Each table's CREATE TABLE on the source, with only its primary key. */
async function primaryOnlySchema(source: MariaDbServer, tables: string[]): Promise<string[]> {
  const connection = await source.connect(BENCH_DB);
  try {
    const out: string[] = [];
    for (const table of tables) {
      const [rows] = await connection.query(`SHOW CREATE TABLE \`${table}\``);
      out.push(withoutSecondaryKeys(String((rows as Record<string, unknown>[])[0]['Create Table'])) + ';');
    }
    return out;
  } finally {
    await connection.end();
  }
}

/** How many loading clients the ceiling runs at once: one per table, at most four. */
const CEILING_CLIENTS = 4;

/** The destination's own limit: its client loading the same rows, then adding the indexes. */
async function runCeiling(source: MariaDbServer, destination: BenchDestination, data: BenchData): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-tsv-'));
  try {
    for (const table of data.tables) await source.exec(`SELECT * FROM \`${table}\` INTO OUTFILE '${join(dir, `${table}.tsv`)}'`, BENCH_DB);
    const schema = await primaryOnlySchema(source, data.tables);
    await destination.exec(`CREATE DATABASE ${BENCH_DB}`);
    for (let i = 0; i < schema.length; i += 200) await destination.exec(schema.slice(i, i + 200).join('\n'), BENCH_DB);
    // OceanBase ends a statement after 10 s by default: the loads and index builds get a day, as Cutover's sessions do.
    const session = 'version' in destination ? 'SET SESSION ob_query_timeout = 86400000000, ob_trx_timeout = 86400000000; ' : '';
    // One script per table; xargs runs four at a time and fails if any does.
    for (const table of data.tables) {
      const sql = `${session}LOAD DATA LOCAL INFILE '${join(dir, `${table}.tsv`)}' INTO TABLE \`${table}\`;${data.indexes[table] ? ` ALTER TABLE \`${table}\` ${data.indexes[table]};` : ''}`;
      writeFileSync(join(dir, `${table}.sh`), `exec mariadb ${clientArgs(destination).join(' ')} --local-infile=1 ${BENCH_DB} -e "${sql.replaceAll('`', '\\`')}"\n`);
    }
    writeFileSync(join(dir, 'tables'), data.tables.map((t) => join(dir, `${t}.sh`)).join('\n') + '\n');
    return ensureOk('LOAD DATA ceiling', await measure('sh', ['-c', `xargs -P ${CEILING_CLIENTS} -n 1 sh < '${join(dir, 'tables')}'`], env(destination)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds both servers have used so far. */
function serversCpu(source: MariaDbServer, destination: BenchDestination): { source: number; destination: number } {
  return { source: serverCpuSeconds(source), destination: serverCpuSeconds(destination) };
}

export interface FullRun {
  shape: ShapeName;
  results: Result[];
  split: PhaseSplit | null;
}

const CUTOVER = 'Cutover (Fast)';

/** Of several runs of one tool, the one of median wall time, carrying every run's wall time. */
function medianRun(runs: Result[]): Result {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], wallsMs: runs.map((r) => r.wallMs) };
}

/** `repeat`: every tool runs that many times, in rounds (each tool once per round), and its median run is reported. */
export async function benchFull(source: MariaDbServer, destination: BenchDestination, shape: ShapeName, scale: number, repeat = 1): Promise<FullRun> {
  console.log(`Generating the ${shape} shape (scale ${scale}) on the source...`);
  const generated = await SHAPE_DEFS[shape].generate(source, scale);
  const data: BenchData = { shape, tables: generated.tables, rows: generated.rows, indexes: generated.indexes };
  // Table statistics as a server that has run a while has them (sizes for the report, row estimates for the tools).
  for (let i = 0; i < data.tables.length; i += 200) await source.exec(`ANALYZE TABLE ${data.tables.slice(i, i + 200).map((t) => `\`${t}\``).join(', ')}`, BENCH_DB);
  const expected = await countRows(source, data.tables);
  const bytes = await dataBytes(source);
  /** Cutover's split of each of its runs, in order: the median run's is reported. */
  const splits: PhaseSplit[] = [];
  const contestants: [string, () => Promise<Measured>][] = [
    [CUTOVER, () => runCutover(source, destination, (s) => splits.push(s))],
    [MYLOADER, () => runMyloader(source, destination, false)],
    [MYLOADER_BINLOG, () => runMyloader(source, destination, true)],
    ['mariadb-dump, piped to mariadb', () => runDumpPipe(source, destination)],
    ['LOAD DATA LOCAL ceiling', () => runCeiling(source, destination, data)],
  ];
  const runs = new Map<string, Result[]>(contestants.map(([name]) => [name, []]));
  for (let round = 1; round <= repeat; round++) {
    for (const [name, run] of contestants) {
      const done = runs.get(name)!;
      if (done.some((r) => r.failed)) continue;
      await destination.exec(`DROP DATABASE IF EXISTS ${BENCH_DB}`);
      console.log(`Running ${name}${repeat > 1 ? ` (round ${round} of ${repeat})` : ''}...`);
      try {
        const before = serversCpu(source, destination);
        const measured = await run();
        const after = serversCpu(source, destination);
        const copied = await countRows(destination, data.tables);
        if (copied !== expected) throw new Error(`it copied ${copied} rows instead of ${expected}.`);
        const cpu = { tool: measured.cpuSeconds ?? 0, source: after.source - before.source, destination: after.destination - before.destination };
        done.push({ name, wallMs: measured.wallMs, rows: copied, bytes, peakRssBytes: measured.peakRssBytes, peakByProcess: measured.peakByProcess, cpu, cpuByProcess: measured.cpuByProcess });
        console.log(`  ${(measured.wallMs / 1000).toFixed(2)} s`);
      } catch (error) {
        // Cutover itself must work; a peer that does not work against this destination is reported as such.
        if (name.startsWith('Cutover')) throw error;
        const reason = (error instanceof Error ? error.message : String(error)).split('\n').find((l) => /error|fail/i.test(l)) ?? String(error).slice(0, 200);
        done.splice(0, done.length, { name, wallMs: 0, rows: 0, bytes, peakRssBytes: 0, failed: reason.trim().slice(0, 200) });
        console.log(`  failed: ${reason}`);
      }
    }
  }
  const results = contestants.map(([name]) => {
    const done = runs.get(name)!;
    return done[0]?.failed ? done[0] : medianRun(done);
  });
  await destination.exec(`DROP DATABASE IF EXISTS ${BENCH_DB}`);
  const cutoverRuns = runs.get(CUTOVER)!;
  const reported = results.find((r) => r.name === CUTOVER)!;
  const split = splits[cutoverRuns.findIndex((r) => r.wallMs === reported.wallMs)] ?? null;
  return { shape, results, split };
}
