/**
 * Full-Import (F-31): copies the selected tables with several chunk pipelines
 * ("slots") at once, then builds each table's secondary indexes. Every chunk
 * is retried on a new connection after a transient failure; the table fails
 * (and the others go on) after a real one. A pause finishes the chunks in
 * flight, checkpoints them, and returns.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { CopyTable, FullImportConfig } from '../../../src-shared/contract/units/full-import';
import { isAppError } from '../../../src-shared/errors';
import { formatName } from '../../../src-shared/settings/object-names';
import { connect } from '../../mysql/connect';
import { quoteIdentifier, quoteName } from '../../mysql/quote';
import { openReader, openWriter } from '../../mysql/sessions';
import { openSnapshot } from '../../mysql/snapshot';
import { describeSqlError, isTransient } from '../../mysql/transient';
import { WriterFence } from '../../mysql/writer-fence';
import { destinationProfile } from '../../mysql/inspector';
import { Meter } from '../../runtime/meter';
import { Throttle } from '../../runtime/throttle';
import type { Unit, UnitContext } from '../../runtime/unit';
import type { WriteMode } from './copy-chunk';
import { copyChunk } from './copy-chunk';
import { buildIndexes } from './index-builder';
import type { Chunk } from '../../chunking/key-chunks';
import { KeyChunks } from '../../chunking/key-chunks';
import type { TablePlan } from './table-plan';
import { planTable } from './table-plan';
import type { ColumnCatalog } from '../../mysql/columns';
import { loadColumns, tableKey } from '../../mysql/columns';

const MAX_ATTEMPTS = 8;
/** After a pause request, chunks still in flight get this long to finish; then they are cut (and redone on resume). */
const PAUSE_GRACE_MS = 3000;
const PROGRESS_EVENT_MS = 500;

type Context = UnitContext<'full-import'>;

interface TableState {
  task: CopyTable;
  group: string;
  plan: TablePlan | null;
  progress: KeyChunks | null;
  status: 'new' | 'starting' | 'copying' | 'data_done' | 'indexing' | 'completed' | 'failed';
  lastEvent: number;
}

type Task = { kind: 'start'; table: TableState } | { kind: 'chunk'; table: TableState; chunk: Chunk } | { kind: 'indexes'; group: string };

class Slot {
  private reader: Connection | null = null;
  private writer: Connection | null = null;

  constructor(
    private readonly config: FullImportConfig,
    /** This pipeline's row in the destination's writer fence. */
    readonly writerName: string,
  ) {}

  async connections(): Promise<{ reader: Connection; writer: Connection }> {
    this.reader ??= await openReader(this.config.source);
    this.writer ??= await openWriter(this.config.destination);
    return { reader: this.reader, writer: this.writer };
  }

  /** Drops both connections (a failed chunk may have left either mid-statement). */
  reset(): void {
    this.reader?.destroy();
    this.writer?.destroy();
    this.reader = null;
    this.writer = null;
  }

  async close(): Promise<void> {
    await Promise.all([this.reader?.end().catch(() => undefined), this.writer?.end().catch(() => undefined)]);
    this.reader = null;
    this.writer = null;
  }
}

const LARGE_VALUE_TYPES = new Set(['tinytext', 'text', 'mediumtext', 'longtext', 'tinyblob', 'blob', 'mediumblob', 'longblob', 'json']);

/** Whether the table's copied columns can hold large values (its chunks start small). */
function hasLargeValues(columns: ColumnCatalog, task: CopyTable): boolean {
  return (columns.get(tableKey(task.source)) ?? []).some((c) => LARGE_VALUE_TYPES.has(c.type) && (!task.columns || task.columns.includes(c.name)));
}

function groupOf(task: CopyTable): string {
  return formatName(task.target);
}

async function writeModeFor(destination: Connection): Promise<WriteMode> {
  const [rows] = await destination.query<RowDataPacket[]>("SHOW GLOBAL VARIABLES LIKE 'local_infile'");
  const value = String(rows[0]?.Value ?? 'OFF').toUpperCase();
  return value === 'ON' || value === '1' ? 'load' : 'insert';
}

export const fullImportUnit: Unit<'full-import'> = {
  async run(config, context) {
    const meter = new Meter(['source_rows', 'source_bytes', 'dest_rows', 'dest_bytes'], ['read_ms', 'write_ms', 'shard_ms']);
    const throttle = new Throttle(config.rpsLimit, config.bytesPerSecondLimit);
    const tables: TableState[] = config.tables.map((task) => ({ task, group: groupOf(task), plan: null, progress: null, status: 'new', lastEvent: 0 }));
    const indexesStarted = new Set<string>();

    const slots = Array.from({ length: config.slots }, (_, i) => new Slot(config, `full-import:${i}`));

    const fence = config.fence ? new WriterFence(config.fence.projectId, config.fence.epoch) : null;
    const sourceMeta = await connect(config.source, { database: null });
    const destinationMeta = await connect(config.destination, { database: null });
    let mode: WriteMode;
    let sourceColumns: ColumnCatalog;
    let destinationColumns: ColumnCatalog;
    try {
      mode = config.writeMode === 'insert' || !(await destinationProfile(destinationMeta)).loadData ? 'insert' : await writeModeFor(destinationMeta);
      sourceColumns = await loadColumns(sourceMeta, [...new Set(config.tables.map((t) => t.source.database))]);
      destinationColumns = await loadColumns(destinationMeta, [...new Set(config.tables.map((t) => t.target.database))]);
      // Before anything is written: from here on no pipeline of an older run of the project commits a chunk.
      await fence?.claim(destinationMeta, slots.map((slot) => slot.writerName));
      await checkFreshTargets(destinationMeta, tables, config, context);
    } finally {
      await sourceMeta.end().catch(() => undefined);
      await destinationMeta.end().catch(() => undefined);
    }
    context.log('info', `Copying ${tables.length} tables with ${config.slots} pipelines, writing with ${mode === 'load' ? 'LOAD DATA LOCAL' : 'multi-row INSERT'}.`);

    const emitTable = (table: TableState, force = false, error: string | null = null) => {
      const now = Date.now();
      if (!force && now - table.lastEvent < PROGRESS_EVENT_MS) return;
      table.lastEvent = now;
      const status = table.status === 'failed' ? 'failed' : table.status === 'completed' ? 'completed' : table.status === 'indexing' ? 'indexing' : 'running';
      context.emit({ type: 'table', id: table.task.id, status, rowsCopied: table.progress?.checkpoint.rows ?? table.task.checkpoint?.rows ?? 0, error });
    };

    const fail = (table: TableState, error: unknown) => {
      if (table.status === 'failed') return;
      table.status = 'failed';
      const message = error instanceof Error && !('sqlMessage' in error) ? error.message : describeSqlError(error);
      context.log('error', `${formatName(table.task.source)} → ${formatName(table.task.target)} failed: ${message}`);
      emitTable(table, true, message);
    };

    for (const table of tables) {
      if (table.status === 'failed') continue;
      try {
        const plan = planTable(table.task, sourceColumns, destinationColumns);
        table.plan = plan;
        table.progress = new KeyChunks({ ...plan, wideRows: hasLargeValues(sourceColumns, table.task) }, table.task.checkpoint);
        if (table.progress.dataDone) table.status = 'data_done';
      } catch (error) {
        fail(table, error);
      }
    }

    let wake: () => void = () => undefined;
    let changed = new Promise<void>((resolve) => (wake = resolve));
    const notify = () => {
      wake();
      changed = new Promise<void>((resolve) => (wake = resolve));
    };
    let rotate = 0;

    const groupDone = (group: string) => tables.filter((t) => t.group === group).every((t) => t.status === 'data_done' || t.status === 'failed');

    const pick = (): Task | null => {
      if (context.pause.aborted || context.signal.aborted) return null;
      for (const table of tables) {
        if (table.status === 'data_done' && !indexesStarted.has(table.group) && groupDone(table.group)) {
          indexesStarted.add(table.group);
          return { kind: 'indexes', group: table.group };
        }
      }
      const copying = tables.filter((t) => t.status === 'copying');
      for (let i = 0; i < copying.length; i++) {
        const table = copying[(rotate + i) % copying.length];
        const chunk = table.progress!.nextChunk();
        if (chunk) {
          rotate = (rotate + i + 1) % Math.max(1, copying.length);
          return { kind: 'chunk', table, chunk };
        }
      }
      const next = tables.find((t) => t.status === 'new');
      if (next) {
        next.status = 'starting';
        return { kind: 'start', table: next };
      }
      return null;
    };

    const settled = () => tables.every((t) => t.status === 'completed' || t.status === 'failed');

    const startTable = async (slot: Slot, table: TableState) => {
      const { reader, writer } = await slot.connections();
      const progress = table.progress!;
      if (progress.mode === 'whole' && table.task.resumed) {
        // Rows of an interrupted copy of a keyless table cannot be told apart: start it over (TRUNCATE commits on its own: guarded just before).
        await fence?.begin(writer, slot.writerName);
        await writer.query(`TRUNCATE TABLE ${quoteName(table.task.target)}`);
        context.checkpoint({ table: table.task.id, checkpoint: { lastKey: null, rows: 0, done: false } });
      }
      if (progress.mode === 'range') {
        const started = Date.now();
        const key = quoteIdentifier(table.plan!.key![0].name);
        const [rows] = await reader.query<RowDataPacket[]>({
          sql: `SELECT MIN(${key}), MAX(${key}) FROM ${quoteName(table.task.source)}`,
          rowsAsArray: true,
          typeCast: (field: { buffer(): Buffer | null }) => field.buffer(),
        } as never);
        const [min, max] = (rows as unknown as (Buffer | null)[][])[0];
        progress.setExtent(min ? min.toString('latin1') : null, max ? max.toString('latin1') : null, table.task.rowsEstimated);
        meter.time('shard_ms', Date.now() - started);
      }
      table.status = progress.dataDone ? 'data_done' : 'copying';
      if (progress.dataDone) context.checkpoint({ table: table.task.id, checkpoint: progress.checkpoint });
      emitTable(table, true);
    };

    const copy = async (slot: Slot, table: TableState, chunk: Chunk) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const { reader, writer } = await slot.connections();
          // A keyless table is one chunk: read it at a known binlog position when a replay follows.
          const snapshot = config.snapshotKeyless && table.progress!.mode === 'whole' ? await openSnapshot(reader, table.task.source, config.sourceFlavour) : null;
          let result;
          try {
            // Under the fence, a chunk is one transaction: all of it lands, or none of it.
            await fence?.begin(writer, slot.writerName);
            result = await copyChunk(reader, writer, table.plan!, chunk.bounds, mode, { throttle, meter });
            if (fence) await writer.query('COMMIT');
          } finally {
            await snapshot?.release();
          }
          if (snapshot) table.progress!.checkpoint = { ...table.progress!.checkpoint, snapshot: snapshot.position };
          meter.time('read_ms', result.readMs);
          meter.time('write_ms', result.writeMs);
          if (table.status === 'failed') return;
          const checkpoint = table.progress!.complete(chunk, result);
          if (checkpoint) context.checkpoint({ table: table.task.id, checkpoint });
          if (table.progress!.dataDone) table.status = 'data_done';
          emitTable(table, table.status === 'data_done');
          return;
        } catch (error) {
          slot.reset();
          if (context.signal.aborted || context.pause.aborted) throw error;
          if (!isTransient(error) || attempt >= MAX_ATTEMPTS) throw error;
          const delay = Math.min(10_000, 250 * 2 ** attempt);
          context.log('warn', `${formatName(table.task.source)}: ${describeSqlError(error)}; retrying the chunk in ${Math.round(delay / 100) / 10} s (attempt ${attempt + 1}).`);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    };

    const indexGroup = async (slot: Slot, group: string) => {
      const members = tables.filter((t) => t.group === group && t.status !== 'failed');
      for (const table of members) {
        table.status = 'indexing';
        emitTable(table, true);
      }
      const failure = await buildIndexes(
        members[0].task.target,
        members.flatMap((t) => t.task.indexes),
        {
          writer: async () => (await slot.connections()).writer,
          reset: () => slot.reset(),
          aborted: () => context.signal.aborted || context.pause.aborted,
          report: (id, status, error) => context.emit({ type: 'index', id, status, error }),
        },
      );
      if (failure) {
        for (const table of members) fail(table, new Error(`index creation failed: ${failure}`));
        return;
      }
      for (const table of members) {
        table.status = 'completed';
        context.checkpoint({ table: table.task.id, checkpoint: { ...table.progress!.checkpoint, done: true } });
        emitTable(table, true);
      }
    };

    let busy = 0;
    const run = async (slot: Slot, task: Task) => {
      const table = task.kind === 'indexes' ? null : task.table;
      busy++;
      try {
        if (task.kind === 'start') await startTable(slot, task.table);
        else if (task.kind === 'chunk') await copy(slot, task.table, task.chunk);
        else await indexGroup(slot, task.group);
      } catch (error) {
        slot.reset();
        // Another run of the project took over: this whole worker stops, nothing of it is a table failure.
        if (isAppError(error) && error.code === 'lease_lost') throw error;
        // Work cut short by a pause or stop is not a failure: it was not checkpointed and is redone later.
        if (context.pause.aborted || context.signal.aborted) return;
        if (table) fail(table, error);
        else for (const member of tables.filter((t) => t.group === (task as { group: string }).group)) fail(member, error);
      } finally {
        busy--;
        notify();
      }
    };

    const metricsTimer = setInterval(() => context.metrics(meter.sample()), 1000);
    const stopAll = () => slots.forEach((s) => s.reset());
    context.signal.addEventListener('abort', stopAll, { once: true });
    context.pause.addEventListener('abort', () => setTimeout(stopAll, PAUSE_GRACE_MS).unref(), { once: true });
    try {
      await Promise.all(
        slots.map(async (slot) => {
          for (;;) {
            const task = pick();
            if (task) {
              await run(slot, task);
              continue;
            }
            // Nothing to pick and nothing running anywhere: finished, paused, or stopped.
            if (busy === 0) return;
            await changed;
          }
        }),
      );
    } finally {
      clearInterval(metricsTimer);
      context.metrics(meter.sample());
      await Promise.all(slots.map((s) => s.close()));
    }
    if (!settled() && !context.pause.aborted && !context.signal.aborted) {
      throw new Error(`The copy stalled with tables in states ${[...new Set(tables.map((t) => t.status))].join(', ')}; please report this.`);
    }
    const completed = tables.filter((t) => t.status === 'completed').length;
    const failed = tables.filter((t) => t.status === 'failed').length;
    return { paused: context.pause.aborted && !settled(), completed, failed };
  },
};

/**
 * A target fed only by tables no earlier worker touched must be empty, unless
 * the policy says to ignore what is there (rows with the same key are then
 * overwritten). Tables without a key cannot be copied into a non-empty table
 * at all: their rows could not be told apart from the copy's on a restart.
 */
async function checkFreshTargets(destination: Connection, tables: TableState[], config: FullImportConfig, context: Context): Promise<void> {
  const groups = new Map<string, TableState[]>();
  for (const table of tables) groups.set(table.group, [...(groups.get(table.group) ?? []), table]);
  for (const [group, members] of groups) {
    if (members.some((t) => t.task.resumed)) continue;
    const target = members[0].task.target;
    let holdsRows = false;
    try {
      const [rows] = await destination.query<RowDataPacket[]>(`SELECT 1 FROM ${quoteName(target)} LIMIT 1`);
      holdsRows = rows.length > 0;
    } catch (error) {
      for (const table of members) failEarly(table, `cannot read the destination table ${group}: ${describeSqlError(error)}`, context);
      continue;
    }
    if (!holdsRows) continue;
    for (const table of members) {
      if (config.targetNotEmpty === 'stop') {
        failEarly(table, `the destination table ${group} already holds rows; empty it, or set "When a destination table is not empty" to ignore`, context);
      } else if (table.task.key === null) {
        failEarly(table, `the destination table ${group} holds rows and ${formatName(table.task.source)} has no key, so its copy could not be resumed safely; empty the destination table`, context);
      }
    }
  }
}

function failEarly(table: TableState, message: string, context: Context): void {
  table.status = 'failed';
  context.log('error', `${formatName(table.task.source)}: ${message}`);
  context.emit({ type: 'table', id: table.task.id, status: 'failed', rowsCopied: 0, error: message });
}
