/**
 * `npm run bench -- incr [--minutes M] [--pause-seconds S] [--quick]`:
 * incremental synchronization under a write load, on throw-away MariaDB
 * servers. A Cutover project (schema, full, incremental) runs in this
 * process; once it monitors, the source takes 1,000 and 5,000 row changes/s
 * and then as many as it accepts, each for M minutes; then the replay is
 * stopped for S seconds under 5,000/s and its catch-up is timed; last, the
 * destination's own ceiling for the same changes is measured. Every phase
 * ends with the tables identical on both sides. Not a test: it prints and
 * saves the numbers, it does not judge them.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { call } from '../src-main/core/api/dispatch';
import type { CoreApp } from '../src-main/core/app';
import { createApp } from '../src-main/core/app';
import { createNodeHost } from '../src-main/node/node-host';
import type { BinlogPosition } from '../src-shared/model/incremental';
import { compareBinlogPositions } from '../src-shared/model/incremental';
import type { MariaDbServer } from '../tests/harness/mariadb';
import type { RowCounts, WriterOptions, WriterStats } from './incr-load';
import { createLoadData, expectIdentical, LoadWriter, MIX } from './incr-load';
import { children, cpuSeconds, serverCpuSeconds, treeRss } from './measure';
import { markdownTable } from './report';

export interface IncrOptions {
  minutes: number;
  pauseSeconds: number;
  /** A short smoke run: fewer initial rows and a shorter ceiling. */
  quick: boolean;
}

const DB = 'bench_incr';
const CEILING_DB = 'bench_ceiling';
/** The product's default apply concurrency, set explicitly so that the ceiling can use as many connections. */
const LANES = 8;
const RATES = [1000, 5000];
const PACED: Omit<WriterOptions, 'rate'> = { connections: 8, rowsPerTransaction: 10 };
const UNPACED: WriterOptions = { connections: 4, rowsPerTransaction: 10, rate: null };
/**
 * The destination's ceiling: the same row changes written straight to it on as many connections as
 * Incr-Sync has lanes, each transaction as large as one lane's share of an Incr-Sync round (4,000
 * operations over 8 lanes) and sent in one round trip; once in the statements Incr-Sync sends for
 * them, once row by row as the source load writes them.
 */
const CEILINGS: { name: string; options: WriterOptions }[] = [
  { name: 'multi-row statements as Incr-Sync sends them', options: { connections: LANES, rowsPerTransaction: 500, rate: null, grouped: true } },
  { name: 'single-row statements as the load writes them', options: { connections: LANES, rowsPerTransaction: 500, rate: null } },
];
const POLL_MS = 250;
const RSS_SAMPLE_MS = 500;
/** The replay is taken as stuck when its checkpoint does not move for this long while behind. */
const STALL_MS = 180_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const n = (value: number) => Math.round(value).toLocaleString('en-US');

interface Latency {
  /** The samples themselves, [epoch ms, latency ms] in time order, for the JSON file. */
  series: [number, number][];
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface PhaseResult {
  name: string;
  target: number | null;
  connections: number;
  seconds: number;
  written: number;
  achievedPerSecond: number;
  /** The load's slowest transaction on the source, and the ones over a second: [epoch ms, ms]. */
  sourceSlowestMs: number;
  sourceSlow: [number, number][];
  replayedPerSecond: number;
  latency: Latency | null;
  catchUpSeconds: number;
  storeRssBytes: number;
  syncRssBytes: number;
  rowsAfter: number;
}

interface CatchUpResult {
  pausedSeconds: number;
  achievedPerSecond: number;
  backlog: number;
  catchUpSeconds: number;
  catchUpPerSecond: number;
  /** CPU seconds of the Incr-Sync worker (from its start) and of the destination server during the catch-up: what bounds it on shared cores. */
  replayCpuSeconds: number;
  destinationCpuSeconds: number;
}

interface CeilingResult {
  name: string;
  seconds: number;
  changes: number;
  perSecond: number;
  rows: number;
  retries: number;
  /** The destination server's CPU seconds per 100,000 row changes. */
  destinationCpuPer100k: number;
}

type WorkerKind = 'store' | 'incr-sync';

/** The host's workers of one kind: children of this process started with `--cutover-unit <kind>`. */
function workerPids(kind: WorkerKind): number[] {
  return (children().get(process.pid) ?? []).filter((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('--cutover-unit');
      return at >= 0 && args[at + 1] === kind;
    } catch {
      return false;
    }
  });
}

/** Peak resident memory of the Store and Incr-Sync workers (each with any children), since the last `take`. */
class WorkerRss {
  private peaks = { store: 0, sync: 0 };
  private readonly timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);

  private sample(): void {
    const rss = (kind: WorkerKind) => workerPids(kind).reduce((sum, pid) => sum + treeRss(pid), 0);
    this.peaks = { store: Math.max(this.peaks.store, rss('store')), sync: Math.max(this.peaks.sync, rss('incr-sync')) };
  }

  take(): { store: number; sync: number } {
    this.sample();
    const peaks = this.peaks;
    this.peaks = { store: 0, sync: 0 };
    return peaks;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function percentiles(series: [number, number][]): Latency | null {
  if (!series.length) return null;
  const sorted = series.map(([, value]) => value).sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  return { series, samples: sorted.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted[sorted.length - 1] };
}

async function sourcePosition(server: MariaDbServer): Promise<BinlogPosition> {
  const connection = await server.connect();
  try {
    const [rows] = await connection.query<RowDataPacket[]>('SHOW MASTER STATUS');
    return { file: String(rows[0].File), pos: Number(rows[0].Position), gtid: null };
  } finally {
    await connection.end();
  }
}

/** One project in this process, watched through the same API the app's pages use. */
class Watched {
  constructor(
    readonly core: CoreApp,
    readonly id: string,
  ) {}

  async assertRunning(): Promise<void> {
    const project = await call(this.core.dispatch, 'projects/get', { id: this.id });
    if (project.status === 'failed') throw new Error(`The project failed: ${project.stages.map((s) => s.error).filter(Boolean).join('; ')}`);
  }

  async waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      await this.assertRunning();
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
      await sleep(POLL_MS);
    }
  }

  async stageIs(status: string): Promise<boolean> {
    const project = await call(this.core.dispatch, 'projects/get', { id: this.id });
    return project.stages.find((s) => s.stage === 'incremental')?.status === status;
  }

  /**
   * Latency while [from, to]: Incr-Sync's `latency_ms` samples, one a second. Each is the larger of
   * the last applied heartbeat's time from its write on the source to its commit on the destination
   * and the age of the oldest heartbeat still waiting; the Store writes one heartbeat a second, so
   * each sample stands for about one heartbeat, and a replay that falls behind shows at once.
   */
  async latency(from: number, to: number): Promise<Latency | null> {
    const [series] = await call(this.core.dispatch, 'metrics/series', { id: this.id, component: 'incr-sync', names: ['latency_ms'], sinceMs: Math.floor(from) });
    return percentiles(series.points.filter(([ts]) => ts >= from && ts <= to));
  }

  /** Row changes Incr-Sync has replayed into the load's tables (its per-table statistics, reported every second). */
  async replayed(): Promise<number> {
    const stats = await call(this.core.dispatch, 'incremental/stats', { id: this.id });
    return stats.filter((s) => s.source.database === DB).reduce((sum, s) => sum + s.inserts + s.updates + s.deletes, 0);
  }

  /** Waits until the replay's checkpoint is at or past `position`; returns the milliseconds it took. */
  async caughtUp(position: BinlogPosition): Promise<number> {
    const started = performance.now();
    let last = -1;
    let movedAt = started;
    await this.waitFor(
      async () => {
        const { checkpoint } = await call(this.core.dispatch, 'incremental/status', { id: this.id });
        if (checkpoint && checkpoint.changeId !== last) [last, movedAt] = [checkpoint.changeId, performance.now()];
        if (performance.now() - movedAt > STALL_MS) throw new Error(`The replay checkpoint has not moved for ${STALL_MS / 1000} s (change ${last}).`);
        return checkpoint !== null && compareBinlogPositions(checkpoint, position) >= 0;
      },
      `the replay to reach ${position.file}:${position.pos}`,
      3_600_000,
    );
    return performance.now() - started;
  }

  /** Statistics arrive once a second: waits briefly for them to count `expected` changes, and says so when they do not. */
  async expectReplayed(expected: number, since: number): Promise<void> {
    const deadline = Date.now() + 5000;
    let counted = (await this.replayed()) - since;
    while (counted !== expected && Date.now() < deadline) {
      await sleep(POLL_MS);
      counted = (await this.replayed()) - since;
    }
    if (counted !== expected) console.warn(`  Warning: Incr-Sync's statistics count ${n(counted)} replayed row changes, the source took ${n(expected)}.`);
  }
}

/** Waits `seconds` while the load runs, printing progress and stopping early when the writer or the project fails. */
async function runFor(seconds: number, writer: LoadWriter, project: Watched, replayPaused = false): Promise<void> {
  const started = Date.now();
  let nextReport = started + 15_000;
  while (Date.now() - started < seconds * 1000 && !writer.failed) {
    await sleep(Math.min(1000, started + seconds * 1000 - Date.now()));
    await project.assertRunning();
    if (Date.now() >= nextReport) {
      nextReport += 15_000;
      const status = await call(project.core.dispatch, 'incremental/status', { id: project.id });
      const elapsed = (Date.now() - started) / 1000;
      // A paused replay reports nothing: its last latency would be stale.
      const latency = replayPaused ? 'Incr-Sync paused' : `latency ${status.latencyMs ?? '-'} ms`;
      console.log(`  ${elapsed.toFixed(0)} s: ${n(writer.written)} row changes (${n(writer.written / elapsed)}/s), ${latency}`);
    }
  }
}

class IncrBench {
  private readonly rss = new WorkerRss();
  private readonly results: { phases: PhaseResult[]; catchUp: CatchUpResult | null; ceilings: CeilingResult[] } = { phases: [], catchUp: null, ceilings: [] };
  /** Rows in the load's tables at the last comparison. */
  private rows = 0;

  constructor(
    private readonly source: MariaDbServer,
    private readonly destination: MariaDbServer,
    private readonly project: Watched,
    private readonly writer: LoadWriter,
    private readonly options: IncrOptions,
  ) {}

  /** The phases in order, each starting from a caught-up replay and identical tables. */
  async run(): Promise<typeof this.results> {
    try {
      for (const rate of RATES) await this.loadPhase(`${n(rate)}/s, paced`, { ...PACED, rate });
      await this.loadPhase('highest the source accepts, unpaced', UNPACED);
      await this.catchUpPhase();
      await call(this.project.core.dispatch, 'projects/pause', { id: this.project.id });
      for (const ceiling of CEILINGS) await this.ceilingPhase(ceiling.name, ceiling.options);
      return this.results;
    } finally {
      this.rss.stop();
    }
  }

  private async loadPhase(name: string, options: WriterOptions): Promise<void> {
    console.log(`Phase: ${name}, ${this.options.minutes} min...`);
    const replayedBefore = await this.project.replayed();
    this.rss.take();
    const from = Date.now();
    this.writer.start(options);
    await runFor(this.options.minutes * 60, this.writer, this.project);
    const load = await this.writer.stop();
    const to = Date.now();
    const replayedDuring = (await this.project.replayed()) - replayedBefore;
    const catchUpMs = await this.project.caughtUp(await sourcePosition(this.source));
    this.rows = total(await expectIdentical(this.source, this.destination, DB));
    await this.project.expectReplayed(load.changes, replayedBefore);
    const peaks = this.rss.take();
    const seconds = load.ms / 1000;
    const result: PhaseResult = {
      name,
      target: options.rate,
      connections: options.connections,
      seconds,
      written: load.changes,
      achievedPerSecond: load.changes / seconds,
      sourceSlowestMs: load.slowestMs,
      sourceSlow: load.slow,
      replayedPerSecond: replayedDuring / ((to - from) / 1000),
      latency: await this.project.latency(from, to),
      catchUpSeconds: catchUpMs / 1000,
      storeRssBytes: peaks.store,
      syncRssBytes: peaks.sync,
      rowsAfter: this.rows,
    };
    this.results.phases.push(result);
    console.log(
      `  ${n(result.achievedPerSecond)}/s written, ${n(result.replayedPerSecond)}/s replayed, p99 ${result.latency ? n(result.latency.p99) : '-'} ms, caught up ${result.catchUpSeconds.toFixed(1)} s after; identical (${n(result.rowsAfter)} rows)`,
    );
  }

  /** Incr-Sync paused on its own (component monitoring's Pause) while the Store keeps capturing, then started again. */
  private async catchUpPhase(): Promise<void> {
    const seconds = this.options.pauseSeconds;
    console.log(`Phase: catch-up, Incr-Sync paused for ${seconds} s under 5,000/s...`);
    const { dispatch } = this.project.core;
    const replayedBefore = await this.project.replayed();
    let load: WriterStats;
    let position: BinlogPosition;
    let backlog: number;
    await call(dispatch, 'components/pause', { id: this.project.id, kind: 'incr-sync' });
    try {
      this.writer.start({ ...PACED, rate: 5000 });
      await runFor(seconds, this.writer, this.project, true);
      load = await this.writer.stop();
      position = await sourcePosition(this.source);
      // Everything before the pause was replayed and counted (the previous phase caught up): the backlog is what was written since.
      backlog = load.changes - ((await this.project.replayed()) - replayedBefore);
    } finally {
      await call(dispatch, 'components/start', { id: this.project.id, kind: 'incr-sync' });
    }
    const destinationCpu = serverCpuSeconds(this.destination);
    const catchUpMs = await this.project.caughtUp(position);
    const destinationCpuSeconds = serverCpuSeconds(this.destination) - destinationCpu;
    const replayCpuSeconds = workerPids('incr-sync').reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    this.rows = total(await expectIdentical(this.source, this.destination, DB));
    await this.project.expectReplayed(load.changes, replayedBefore);
    const catchUpSeconds = catchUpMs / 1000;
    const perSecond = backlog / catchUpSeconds;
    this.results.catchUp = { pausedSeconds: load.ms / 1000, achievedPerSecond: load.changes / (load.ms / 1000), backlog, catchUpSeconds, catchUpPerSecond: perSecond, replayCpuSeconds, destinationCpuSeconds };
    console.log(
      `  backlog ${n(backlog)} row changes, caught up in ${catchUpSeconds.toFixed(1)} s (${n(perSecond)}/s; CPU s: Incr-Sync ${replayCpuSeconds.toFixed(2)}, destination ${destinationCpuSeconds.toFixed(2)}); identical`,
    );
  }

  /** The destination's own rate for the same changes, on a database of as many rows as the load's tables hold now. */
  private async ceilingPhase(name: string, options: WriterOptions): Promise<void> {
    const seconds = this.options.quick ? 10 : 30;
    const rows = this.rows;
    console.log(`Phase: destination ceiling, ${name}, ${seconds} s on ${n(rows)} rows...`);
    const initial = await createLoadData(this.destination, CEILING_DB, rows);
    const writer = new LoadWriter(this.destination, CEILING_DB, initial);
    try {
      const cpu = serverCpuSeconds(this.destination);
      writer.start(options);
      await sleep(seconds * 1000);
      const load = await writer.stop();
      const destinationCpuPer100k = ((serverCpuSeconds(this.destination) - cpu) / load.changes) * 100_000;
      const result = { name, seconds: load.ms / 1000, changes: load.changes, perSecond: load.changes / (load.ms / 1000), rows, retries: load.retries, destinationCpuPer100k };
      this.results.ceilings.push(result);
      console.log(`  ${n(result.perSecond)} row changes/s`);
    } finally {
      await this.destination.exec(`DROP DATABASE IF EXISTS ${CEILING_DB}`);
    }
  }
}

function total(rows: RowCounts): number {
  return Object.values(rows).reduce((a, b) => a + b, 0);
}

async function startProject(core: CoreApp, source: MariaDbServer, destination: MariaDbServer): Promise<Watched> {
  const src = await call(core.dispatch, 'datasources/create', { name: 'src', host: source.host, port: source.port, user: source.user, password: source.password });
  const dst = await call(core.dispatch, 'datasources/create', { name: 'dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
  const created = await call(core.dispatch, 'projects/create', {
    name: 'bench-incr',
    types: ['schema', 'full', 'incremental'],
    sourceId: src.id,
    destinationId: dst.id,
    objects: { include: [`${DB}.*`] },
    options: { fullConcurrency: 'fast', applyConcurrency: LANES },
  });
  const project = new Watched(core, created.id);
  await call(core.dispatch, 'projects/start', { id: project.id });
  await project.waitFor(() => project.stageIs('monitoring'), 'incremental:monitoring', 600_000);
  // Every Incr-Sync start replays its first minute idempotently (safe mode); the phases measure the steady state after it.
  await project.waitFor(async () => !(await call(core.dispatch, 'incremental/status', { id: project.id })).safeMode, 'the end of safe mode', 300_000);
  const status = await call(core.dispatch, 'incremental/status', { id: project.id });
  if (!status.heartbeat) throw new Error('The replay reports no heartbeats: latency would come from binlog event times, in whole seconds.');
  return project;
}

async function serverVersion(server: MariaDbServer): Promise<string> {
  const connection = await server.connect();
  try {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS v');
    return String(rows[0].v);
  } finally {
    await connection.end();
  }
}

function report(results: Awaited<ReturnType<IncrBench['run']>>, options: IncrOptions, facts: { version: string; initialRows: number }): string {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const ms = (latency: Latency | null, key: 'p50' | 'p95' | 'p99' | 'max') => (latency ? n(latency[key]) : '-');
  const phases = markdownTable(
    ['phase', 'connections', 'achieved rows/s', 'slowest source transaction ms', 'replayed rows/s', 'latency p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'latency samples', 'caught up after load s', 'Store peak RSS MB', 'Incr-Sync peak RSS MB', 'rows after'],
    results.phases.map((p) => [
      p.name,
      String(p.connections),
      n(p.achievedPerSecond),
      n(p.sourceSlowestMs),
      n(p.replayedPerSecond),
      ms(p.latency, 'p50'),
      ms(p.latency, 'p95'),
      ms(p.latency, 'p99'),
      ms(p.latency, 'max'),
      String(p.latency?.samples ?? 0),
      p.catchUpSeconds.toFixed(1),
      mb(p.storeRssBytes),
      mb(p.syncRssBytes),
      n(p.rowsAfter),
    ]),
  );
  const { catchUp, ceilings } = results;
  const at5k = results.phases.find((p) => p.target === 5000)?.latency;
  const unpaced = results.phases.find((p) => p.target === null)?.latency;
  const ratio = (ceiling: CeilingResult) => (catchUp ? (catchUp.catchUpPerSecond / ceiling.perSecond).toFixed(2) : '-');
  const summary = markdownTable(
    ['measure', 'value'],
    [
      ['Incr-Sync paused while the source took 5,000/s, s', catchUp ? `${catchUp.pausedSeconds.toFixed(0)} (achieved ${n(catchUp.achievedPerSecond)}/s)` : '-'],
      ['backlog, row changes', catchUp ? n(catchUp.backlog) : '-'],
      ['catch-up time, s', catchUp ? catchUp.catchUpSeconds.toFixed(1) : '-'],
      ['catch-up rate, row changes/s', catchUp ? n(catchUp.catchUpPerSecond) : '-'],
      ['CPU during the catch-up, s: Incr-Sync worker (from its start) / destination server', catchUp ? `${catchUp.replayCpuSeconds.toFixed(2)} / ${catchUp.destinationCpuSeconds.toFixed(2)}` : '-'],
      ...ceilings.map((c) => [`destination ceiling (${c.name}), row changes/s`, `${n(c.perSecond)} (${c.seconds.toFixed(0)} s on ${n(c.rows)} rows; server CPU ${c.destinationCpuPer100k.toFixed(2)} s per 100k)`]),
      ...ceilings.map((c) => [`catch-up rate / ceiling (${c.name}), target ≥ 0.80`, ratio(c)]),
      ['p99 latency at 5,000/s, ms, target < 1,000', at5k ? n(at5k.p99) : '-'],
      ['p99 latency, unpaced, ms, target < 250', unpaced ? n(unpaced.p99) : '-'],
    ],
  );
  const mix = `${MIX.insert * 100}% INSERT / ${MIX.update * 100}% UPDATE / ${MIX.delete * 100}% DELETE`;
  return [
    '## Incremental synchronization',
    '',
    `${new Date().toISOString()} · ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}) · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version} · ${facts.version} source and destination on this machine · Incr-Sync with ${LANES} apply lanes`,
    '',
    `Data: ${n(facts.initialRows)} initial rows in \`accounts\` (30%), \`orders\` (50%, two secondary indexes) and \`events\` (20%); BIGINT keys, DECIMAL, ENUM, TINYINT, VARCHAR, TEXT, VARBINARY, DATETIME(3/6), NULLs.`,
    '',
    `Load: row changes by primary key, ${mix}, spread over the tables as their rows; ${PACED.rowsPerTransaction} per transaction sent in one round trip; paced phases on ${PACED.connections} connections, the unpaced one on ${UNPACED.connections}; ${options.minutes} min each. Achieved = rows the source reported changed; slowest source transaction = the load's slowest round trip on the source (a stall there shows in the latency too).`,
    '',
    'Latency: Incr-Sync\'s `latency_ms` samples while the load ran, one a second: the larger of the last applied heartbeat\'s time from its write on the source to its commit on the destination and the age of the oldest heartbeat still waiting. ' +
      'Replayed rows/s: Incr-Sync\'s per-table statistics over the load. Caught up: the replay checkpoint at or past the source binlog position taken when the load stopped (polled every 250 ms; the replay reports its checkpoint within 200 ms of running out of changes). ' +
      'Every phase ends with all tables identical (row count and a hash of every row). ' +
      `Catch-up: Incr-Sync paused on its own for ${options.pauseSeconds} s (component monitoring's Pause) while the Store kept capturing, then started; the time runs from Start, so it includes the worker's start and its safe mode (upserts) of the first 60 s after a start. ` +
      `Ceilings: the same mix written straight to a copy-sized database on the destination, ${LANES} connections, 500 row changes per transaction in one round trip, with the project paused.`,
    '',
    phases,
    summary,
  ].join('\n');
}

export async function benchIncr(source: MariaDbServer, destination: MariaDbServer, options: IncrOptions): Promise<{ markdown: string; data: unknown }> {
  const initialRows = options.quick ? 20_000 : 100_000;
  console.log(`Creating ${n(initialRows)} rows on the source...`);
  const initial = await createLoadData(source, DB, initialRows);
  await destination.exec(`DROP DATABASE IF EXISTS ${DB}`);
  const home = mkdtempSync(join(tmpdir(), 'cutover-bench-incr-'));
  const core = createApp(createNodeHost('cli', home));
  try {
    console.log('Starting the project: schema, full copy, then incremental until it monitors...');
    const project = await startProject(core, source, destination);
    const bench = new IncrBench(source, destination, project, new LoadWriter(source, DB, initial), options);
    const results = await bench.run();
    return { markdown: report(results, options, { version: await serverVersion(source), initialRows: total(initial) }), data: { options, initialRows: total(initial), lanes: LANES, ...results } };
  } finally {
    await core.close();
    rmSync(home, { recursive: true, force: true });
  }
}
