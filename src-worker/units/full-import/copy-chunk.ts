/**
 * Copies one chunk: streams the rows from the source and writes them to the
 * destination as they arrive, with backpressure end to end, so memory stays
 * bounded whatever the chunk or row size. Writing REPLACEs by key, so a chunk
 * that is copied again after a crash leaves exactly one copy of each row.
 * A chunk only counts as done when both the read and the write finished.
 */

import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Connection as CoreConnection } from 'mysql2';
import type { Connection } from 'mysql2/promise';
import { quoteIdentifier, quoteName } from '../../mysql/quote';
import type { Meter } from '../../runtime/meter';
import type { Throttle } from '../../runtime/throttle';
import { rowBytes, TsvBlock, valuesTuple } from './encode';
import type { ChunkBounds, ChunkOutcome } from '../../chunking/key-chunks';
import { boundConditions } from '../../chunking/key-chunks';
import { keyOrder } from '../../chunking/key-sql';
import type { TablePlan } from './table-plan';

export interface ChunkResult extends ChunkOutcome {
  bytes: number;
}

export type WriteMode = 'load' | 'insert';

const INSERT_BATCH_BYTES = 1 << 20;

type RawRow = (Buffer | null)[];

function selectSql(plan: TablePlan, bounds: ChunkBounds): string {
  const { task, key } = plan;
  const conditions = boundConditions(key, bounds);
  if (task.where) conditions.push(`(${task.where})`);
  const columns = [...plan.columns.map((c) => c.read), ...plan.keyReads].join(', ');
  return (
    `SELECT ${columns} FROM ${quoteName(task.source)}` +
    (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '') +
    (key ? ` ORDER BY ${keyOrder(key)}` : '') +
    (bounds.limit !== null ? ` LIMIT ${bounds.limit}` : '')
  );
}

export function loadDataSql(plan: TablePlan): string {
  const targets: string[] = [];
  const sets: string[] = [];
  plan.columns.forEach((column, i) => {
    if (column.writeAs === null) {
      targets.push(quoteIdentifier(column.name));
      return;
    }
    targets.push(`@v${i}`);
    sets.push(`${quoteIdentifier(column.name)} = ${column.writeAs === 'bit' ? `CAST(@v${i} AS UNSIGNED)` : `CONVERT(@v${i} USING utf8mb4)`}`);
  });
  return (
    `LOAD DATA LOCAL INFILE 'cutover-chunk' REPLACE INTO TABLE ${quoteName(plan.task.target)} CHARACTER SET binary ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${targets.join(', ')})` +
    (sets.length ? ` SET ${sets.join(', ')}` : '')
  );
}

function insertPrefix(plan: TablePlan): string {
  return `REPLACE INTO ${quoteName(plan.task.target)} (${plan.columns.map((c) => quoteIdentifier(c.name)).join(', ')}) VALUES `;
}

/**
 * Streams a query's rows to `onRow`, reading them off the connection's events
 * (no stream objects per row). When `onRow` returns a promise, the socket is
 * paused until it settles: the source never runs ahead of the destination.
 * A rejected promise ends the read with its error.
 */
function streamRows(reader: Connection, sql: string, onRow: (row: RawRow) => Promise<unknown> | undefined): Promise<void> {
  // The promise wrapper keeps the callback connection, which emits rows as they arrive.
  const core = (reader as unknown as { connection: CoreConnection }).connection;
  return new Promise((resolve, reject) => {
    let held = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      core.destroy();
      reject(error);
    };
    const query = core.query({
      sql,
      rowsAsArray: true,
      // Every value exactly as the server sent it; nothing is decoded or re-encoded.
      typeCast: (field: { buffer(): Buffer | null }) => field.buffer(),
    } as never);
    query.on('result', (row: unknown) => {
      if (failed) return;
      const hold = onRow(row as RawRow);
      if (!hold) return;
      if (held++ === 0) core.pause();
      hold.then(() => {
        if (--held === 0 && !failed) core.resume();
      }, fail);
    });
    query.on('error', fail);
    query.on('end', () => {
      if (!failed) resolve();
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChunkContext {
  throttle: Throttle;
  meter: Meter;
}

export async function copyChunk(reader: Connection, writer: Connection, plan: TablePlan, bounds: ChunkBounds, mode: WriteMode, context: ChunkContext): Promise<ChunkResult> {
  const started = Date.now();
  const sql = selectSql(plan, bounds);
  const width = plan.columns.length;
  let rows = 0;
  let bytes = 0;
  let lastRow: RawRow | null = null;
  let readMs = 0;

  /** Counts a row; returns how long the throttles want the read held. */
  const account = (row: RawRow): number => {
    const size = rowBytes(row, width);
    rows++;
    bytes += size;
    lastRow = row;
    return context.throttle.reserve(1, size);
  };

  const writeStarted = Date.now();
  if (mode === 'load') {
    const block = new TsvBlock();
    const plain = plan.columns.map((c) => c.plain);
    const file = new PassThrough({ highWaterMark: 1 << 20 });
    const load = writer.query({ sql: loadDataSql(plan), infileStreamFactory: () => file } as never);
    const read = streamRows(reader, sql, (row) => {
      const wait = account(row);
      block.add(row, width, plain);
      const drained = block.full && !file.write(block.take()) ? once(file, 'drain') : undefined;
      return wait > 0 ? Promise.all([drained, sleep(wait)]) : drained;
    }).then(
      () => {
        if (!block.empty) file.write(block.take());
        file.end();
        readMs = Date.now() - started;
      },
      (error: unknown) => {
        // A failed read ends the file early, and the server would happily load the part it got: fail the load too.
        file.destroy(error as Error);
        throw error;
      },
    );
    await Promise.all([load, read]);
  } else {
    const prefix = insertPrefix(plan);
    let batch: string[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const statement = prefix + batch.join(',');
      batch = [];
      batchBytes = 0;
      await writer.query(statement);
    };
    await streamRows(reader, sql, (row) => {
      const wait = account(row);
      const tuple = valuesTuple(row, plan.columns);
      batch.push(tuple);
      batchBytes += tuple.length;
      const written = batchBytes >= INSERT_BATCH_BYTES ? flush() : undefined;
      return wait > 0 ? Promise.all([written, sleep(wait)]) : written;
    });
    readMs = Date.now() - started;
    await flush();
  }
  const writeMs = Date.now() - writeStarted;
  // Counted per chunk, not per row: the meter's maps are too slow for a per-row update.
  context.meter.add('source_rows', rows);
  context.meter.add('source_bytes', bytes);
  context.meter.add('dest_rows', rows);
  context.meter.add('dest_bytes', bytes);
  const last = lastRow as RawRow | null;
  const lastKey = last && plan.key ? plan.keyReads.map((_, i) => (last[width + i] as Buffer).toString('latin1')) : null;
  return { rows, bytes, lastKey, readMs, writeMs };
}
