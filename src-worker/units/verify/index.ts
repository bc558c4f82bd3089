/**
 * Full-Verification (F-33): verifies the selected tables with several range
 * pipelines ("slots") at once, each holding a source and a destination
 * session. A table is walked by its key the way the full copy walks it
 * (src-worker/chunking), over the union of both sides' key extents so that
 * rows only on the destination are found too. After each range the
 * differences it found are sent, then the table's checkpoint, so a
 * restarted worker resumes at the first range not verified.
 */

import type { VerifyConfig, VerifyTableTask } from '../../../src-shared/contract/units/verify';
import type { RowDifference } from '../../../src-shared/model/verify';
import { formatName } from '../../../src-shared/settings/object-names';
import type { Chunk } from '../../chunking/key-chunks';
import { KeyChunks } from '../../chunking/key-chunks';
import type { ColumnCatalog } from '../../mysql/columns';
import { loadColumns } from '../../mysql/columns';
import { describeSqlError, isTransient } from '../../mysql/transient';
import { Meter } from '../../runtime/meter';
import { Throttle } from '../../runtime/throttle';
import type { Unit, UnitContext } from '../../runtime/unit';
import type { VerifyPlan } from './plan';
import { planVerify, Unverifiable } from './plan';
import { ReplayWatch } from './replay-watch';
import { openVerifySession } from './session';
import type { KeyRange } from './sides';
import type { Found, Sessions } from './table-check';
import { Interrupted, TableCheck } from './table-check';

type Context = UnitContext<'verify'>;

const MAX_ATTEMPTS = 6;
/** Keys per records task (Verify Only Inconsistent Records). */
const RECORDS_BATCH = 1000;
const PROGRESS_EVENT_MS = 500;

class Slot {
  private sessions: Sessions | null = null;

  constructor(private readonly config: VerifyConfig) {}

  async open(): Promise<Sessions> {
    if (!this.sessions) {
      const source = await openVerifySession(this.config.source);
      try {
        this.sessions = { source, destination: await openVerifySession(this.config.destination) };
      } catch (error) {
        source.destroy();
        throw error;
      }
    }
    return this.sessions;
  }

  reset(): void {
    this.sessions?.source.destroy();
    this.sessions?.destination.destroy();
    this.sessions = null;
  }

  async close(): Promise<void> {
    await Promise.all([this.sessions?.source.end().catch(() => undefined), this.sessions?.destination.end().catch(() => undefined)]);
    this.sessions = null;
  }
}

type TableStatus = 'new' | 'starting' | 'walking' | 'verified' | 'capped' | 'unverifiable' | 'failed';

interface TableState {
  task: VerifyTableTask;
  status: TableStatus;
  check: TableCheck | null;
  chunks: KeyChunks | null;
  /** Range mode: the key extent the ranges are cut over; rows of either side outside it fall in the first or the last range, which are open-ended. */
  extent: { first: string; last: string } | null;
  /** Records mode: key batches still to verify, and batches being verified now. */
  records: string[][][];
  recordsRunning: number;
  differences: number;
  rowsVerified: number;
  lastEvent: number;
}

type Task = { kind: 'start'; table: TableState } | { kind: 'chunk'; table: TableState; chunk: Chunk } | { kind: 'records'; table: TableState; keys: string[][] };

export const verifyUnit: Unit<'verify'> = {
  async run(config, context) {
    return new VerifyRun(config, context).run();
  },
};

class VerifyRun {
  private readonly meter = new Meter(['source_rows', 'dest_rows', 'source_bytes', 'dest_bytes'], ['source_ms', 'dest_ms']);
  private readonly throttle: Throttle;
  private readonly watch: ReplayWatch | null;
  private readonly tables: TableState[];
  private readonly slots: Slot[];
  private sourceColumns: ColumnCatalog = new Map();
  private destinationColumns: ColumnCatalog = new Map();
  private busy = 0;
  private wake: () => void = () => undefined;
  private changed: Promise<void> = new Promise((resolve) => (this.wake = resolve));

  constructor(
    private readonly config: VerifyConfig,
    private readonly context: Context,
  ) {
    this.throttle = new Throttle(config.rpsLimit, null);
    this.watch = config.replay ? new ReplayWatch(config.replay.projectId, config.replay.lagLimitMs) : null;
    this.tables = config.tables.map((task) => ({
      task,
      status: 'new',
      check: null,
      chunks: null,
      extent: null,
      records: [],
      recordsRunning: 0,
      differences: task.differencesSoFar,
      rowsVerified: task.checkpoint?.rows ?? 0,
      lastEvent: 0,
    }));
    this.slots = Array.from({ length: config.slots }, () => new Slot(config));
  }

  private get aborted(): boolean {
    return this.context.pause.aborted || this.context.signal.aborted;
  }

  async run() {
    const meta = new Slot(this.config);
    try {
      const { source, destination } = await meta.open();
      this.sourceColumns = await loadColumns(source, [...new Set(this.config.tables.flatMap((t) => t.sources.map((s) => s.source.database)))]);
      this.destinationColumns = await loadColumns(destination, [...new Set(this.config.tables.map((t) => t.target.database))]);
    } finally {
      await meta.close();
    }
    const mode = this.config.tables.some((t) => t.records) ? 'the recorded differences of' : '';
    this.context.log('info', `Verifying ${mode} ${this.tables.length} tables with ${this.config.slots} pipelines${this.watch ? ', beside the running replay' : ''}.`.replace('  ', ' '));
    const metricsTimer = setInterval(() => this.context.metrics(this.meter.sample()), 1000);
    const stopAll = () => this.slots.forEach((s) => s.reset());
    this.context.signal.addEventListener('abort', stopAll, { once: true });
    try {
      await Promise.all(this.slots.map((slot) => this.drive(slot)));
    } finally {
      clearInterval(metricsTimer);
      this.context.metrics(this.meter.sample());
      await Promise.all(this.slots.map((s) => s.close()));
    }
    const settled = this.tables.every((t) => isSettled(t.status));
    if (!settled && !this.aborted) {
      throw new Error(`Verification stalled with tables in states ${[...new Set(this.tables.map((t) => t.status))].join(', ')}; please report this.`);
    }
    return {
      paused: this.aborted && !settled,
      verified: this.tables.filter((t) => t.status === 'verified' || t.status === 'capped').length,
      failed: this.tables.filter((t) => t.status === 'failed').length,
    };
  }

  private notify(): void {
    this.wake();
    this.changed = new Promise((resolve) => (this.wake = resolve));
  }

  private async drive(slot: Slot): Promise<void> {
    for (;;) {
      const task = this.pick();
      if (task) {
        this.busy++;
        try {
          await this.runTask(slot, task);
        } finally {
          this.busy--;
          this.notify();
        }
        continue;
      }
      if (this.busy === 0) return;
      await this.changed;
    }
  }

  private pick(): Task | null {
    if (this.aborted) return null;
    for (const table of this.tables) {
      if (table.status !== 'walking') continue;
      const keys = table.records.shift();
      if (keys) {
        table.recordsRunning++;
        return { kind: 'records', table, keys };
      }
      const chunk = table.chunks?.nextChunk();
      if (chunk) return { kind: 'chunk', table, chunk };
    }
    const next = this.tables.find((t) => t.status === 'new');
    if (next) {
      next.status = 'starting';
      return { kind: 'start', table: next };
    }
    return null;
  }

  private async runTask(slot: Slot, task: Task): Promise<void> {
    try {
      await this.attempt(slot, task);
    } finally {
      if (task.kind === 'records') task.table.recordsRunning--;
    }
    const table = task.table;
    // Batches of a table run in parallel: it is verified once none is queued and none is running.
    if (task.kind === 'records' && !this.aborted && table.records.length === 0 && table.recordsRunning === 0) this.finish(table, 'verified', null);
  }

  /** A task, retried on a new session after a transient failure; a table that cannot go on ends failed or unverifiable. */
  private async attempt(slot: Slot, task: Task): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const sessions = await slot.open();
        if (task.kind === 'start') await this.startTable(sessions, task.table);
        else if (task.kind === 'chunk') await this.verifyChunk(sessions, task.table, task.chunk);
        else await this.verifyRecords(sessions, task.table, task.keys);
        return;
      } catch (error) {
        slot.reset();
        // Cut short by a pause or stop: not checkpointed, verified again on resume.
        if (error instanceof Interrupted || this.aborted) return;
        if (error instanceof Unverifiable) return this.finish(task.table, 'unverifiable', error.message);
        if (!isTransient(error) || attempt >= MAX_ATTEMPTS) return this.finish(task.table, 'failed', describe(error));
        const delay = Math.min(10_000, 250 * 2 ** attempt);
        this.context.log('warn', `${formatName(task.table.task.target)}: ${describeSqlError(error)}; retrying in ${Math.round(delay / 100) / 10} s (attempt ${attempt + 1}).`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async startTable(sessions: Sessions, table: TableState): Promise<void> {
    const plan: VerifyPlan = planVerify(table.task, this.sourceColumns, this.destinationColumns, {
      source: this.config.sourceFlavour,
      destination: this.config.destinationFlavour,
    });
    const check = new TableCheck(plan, {
      watch: this.watch,
      waitCapMs: this.config.replay?.waitCapMs ?? 0,
      keylessRowLimit: this.config.keylessRowLimit,
      meter: this.meter,
      aborted: () => this.aborted,
    });
    table.check = check;
    this.context.emit({ type: 'table', id: table.task.id, status: 'running', rowsVerified: table.rowsVerified, columns: plan.columns, reason: null });
    const records = table.task.records;
    if (records && plan.source.key) {
      for (let i = 0; i < records.length; i += RECORDS_BATCH) table.records.push(records.slice(i, i + RECORDS_BATCH));
      table.rowsVerified = 0;
      table.status = table.records.length ? 'walking' : 'verified';
      if (table.status === 'verified') this.finish(table, 'verified', null);
      return;
    }
    if (records) {
      // A table without a key is verified again whole: its earlier differences are replaced by what is found now.
      this.context.emit({ type: 'resolved', id: table.task.id, keys: null });
      table.differences = 0;
    }
    const chunks = new KeyChunks({ key: plan.source.key, integerKey: plan.integerKey }, records ? null : table.task.checkpoint);
    table.chunks = chunks;
    if (chunks.mode === 'range' && !chunks.dataDone) {
      // Ranges follow the source's keys (the destination's when the source has none): a few destination rows far
      // beyond them cannot stretch every range. The first and last ranges are open-ended, so those rows are compared too.
      const extent = (await check.source.extent(sessions.source)) ?? (await check.destination.extent(sessions.destination));
      table.extent = extent ? { first: (extent.min - 1n).toString(), last: extent.max.toString() } : null;
      chunks.setExtent(extent?.min.toString() ?? null, extent?.max.toString() ?? null, table.task.rowsEstimated);
    }
    if (chunks.dataDone) return this.finish(table, 'verified', null);
    table.status = 'walking';
  }

  private async verifyChunk(sessions: Sessions, table: TableState, chunk: Chunk): Promise<void> {
    const check = table.check!;
    if (this.watch) await this.watch.waitForReplay(sessions.source, sessions.destination, () => this.aborted);
    let range: KeyRange;
    let exhausted: boolean | undefined;
    if (chunk.bounds.limit !== null) {
      // A chunk of a key that is not a single integer: up to the key `limit` rows on, on the destination (which holds every source of a merge).
      const through = await check.destination.keyAt(sessions.destination, { after: chunk.bounds.after, through: null }, chunk.bounds.limit - 1);
      range = { after: chunk.bounds.after, through };
      exhausted = through === null;
      // The next chunk can start after this one's last key while this one is compared.
      table.chunks!.bound(chunk, through);
      this.notify();
    } else {
      const { extent } = table;
      range = {
        after: extent && chunk.bounds.after?.[0] === extent.first ? null : chunk.bounds.after,
        through: chunk.bounds.through === null || chunk.bounds.through === extent?.last ? null : [chunk.bounds.through],
      };
    }
    const started = Date.now();
    const found = await check.range(sessions, range);
    const ms = Date.now() - started;
    await this.pace(found.rows);
    if (isSettled(table.status)) return;
    this.report(table, found);
    const checkpoint = table.chunks!.complete(chunk, { rows: found.rows, lastKey: range.through, readMs: ms, writeMs: 0, exhausted });
    if (checkpoint) {
      table.rowsVerified = checkpoint.rows;
      this.context.checkpoint({ table: table.task.id, checkpoint });
    }
    if (table.differences >= this.config.differenceCap) return this.finish(table, 'capped', `stopped after ${this.config.differenceCap.toLocaleString('en-US')} differences`);
    if (table.chunks!.dataDone) return this.finish(table, 'verified', null);
    this.emitTable(table);
  }

  private async verifyRecords(sessions: Sessions, table: TableState, keys: string[][]): Promise<void> {
    if (this.watch) await this.watch.waitForReplay(sessions.source, sessions.destination, () => this.aborted);
    const found = await table.check!.records(sessions, keys);
    if (isSettled(table.status)) return;
    if (found.resolved.length) this.context.emit({ type: 'resolved', id: table.task.id, keys: found.resolved });
    this.report(table, found);
    table.rowsVerified += keys.length;
    this.emitTable(table);
  }

  /** Sends what a range found, up to the table's difference cap. */
  private report(table: TableState, found: Found): void {
    const room = Math.max(0, this.config.differenceCap - table.differences);
    const send = (state: 'confirmed' | 'suspect', rows: RowDifference[]) => {
      const kept = rows.slice(0, Math.max(0, this.config.differenceCap - table.differences));
      if (kept.length === 0) return;
      table.differences += kept.length;
      this.context.emit({ type: 'differences', id: table.task.id, state, rows: kept });
    };
    if (room === 0) return;
    send('confirmed', found.confirmed);
    send('suspect', found.suspect);
    if (found.suspect.length) {
      this.context.log(
        'warn',
        `${formatName(table.task.target)}: ${found.suspect.length} rows still differ but the replay did not pass where they were read within ${Math.round((this.config.replay?.waitCapMs ?? 0) / 1000)} s; they are kept as suspect. Verify only inconsistent records once the replay has caught up.`,
      );
    }
  }

  private async pace(rows: number): Promise<void> {
    const wait = this.throttle.reserve(rows, 0);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private emitTable(table: TableState, force = false): void {
    const now = Date.now();
    if (!force && now - table.lastEvent < PROGRESS_EVENT_MS) return;
    table.lastEvent = now;
    this.context.emit({ type: 'table', id: table.task.id, status: 'running', rowsVerified: table.rowsVerified, columns: null, reason: null });
  }

  private finish(table: TableState, status: 'verified' | 'capped' | 'unverifiable' | 'failed', reason: string | null): void {
    if (isSettled(table.status)) return;
    table.status = status;
    if (status === 'failed') this.context.log('error', `${formatName(table.task.target)}: verification failed: ${reason}`);
    if (status === 'unverifiable') this.context.log('warn', `${formatName(table.task.target)} cannot be verified: ${reason}.`);
    this.context.emit({ type: 'table', id: table.task.id, status, rowsVerified: table.rowsVerified, columns: null, reason });
  }
}

function isSettled(status: TableStatus): boolean {
  return status === 'verified' || status === 'capped' || status === 'unverifiable' || status === 'failed';
}

function describe(error: unknown): string {
  return error instanceof Error && !('sqlMessage' in error) ? error.message : describeSqlError(error);
}
