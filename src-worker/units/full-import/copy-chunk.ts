/**
 * Copies one chunk: streams the rows from the source and writes them to the
 * destination as they arrive, with backpressure end to end, so memory stays
 * bounded whatever the chunk or row size. Writing REPLACEs by key, so a chunk
 * that is copied again after a crash leaves exactly one copy of each row.
 * A chunk only counts as done when both the read and the write finished.
 */

import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Connection as CoreConnection } from 'mysql2';
import type { Connection } from 'mysql2/promise';
import { quoteIdentifier, quoteName } from '../../mysql/quote';
import type { Meter } from '../../runtime/meter';
import type { Throttle } from '../../runtime/throttle';
import { rowBytes, TsvBlock, valuesTuple } from './encode';
import { keyAfter, keyOrder } from './key-sql';
import type { TablePlan } from './table-plan';

export interface ChunkBounds {
  /** Copy rows after this key (exclusive); null from the start. */
  after: string[] | null;
  /** For integer keys: copy rows up to this key (inclusive). */
  through: string | null;
  /** For other keys: at most this many rows (the next chunk starts after the last one). */
  limit: number | null;
}

export interface ChunkResult {
  rows: number;
  bytes: number;
  /** The key of the last row copied, when the table has a key and the chunk had rows. */
  lastKey: string[] | null;
  readMs: number;
  writeMs: number;
}

export type WriteMode = 'load' | 'insert';

const INSERT_BATCH_BYTES = 1 << 20;

type RawRow = (Buffer | null)[];

function selectSql(plan: TablePlan, bounds: ChunkBounds): string {
  const { task, key } = plan;
  const conditions: string[] = [];
  if (key && bounds.after) conditions.push(keyAfter(key, bounds.after));
  if (key && bounds.through !== null) conditions.push(`${quoteIdentifier(key[0].name)} <= ${bounds.through}`);
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
    if (column.loadVariable) {
      targets.push(`@v${i}`);
      sets.push(`${quoteIdentifier(column.name)} = CAST(@v${i} AS UNSIGNED)`);
    } else targets.push(quoteIdentifier(column.name));
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

function openRowStream(reader: Connection, sql: string): Readable {
  // The promise wrapper keeps the callback connection, which can stream.
  return (reader as unknown as { connection: CoreConnection }).connection
    .query({
      sql,
      rowsAsArray: true,
      // Every value exactly as the server sent it; nothing is decoded or re-encoded.
      typeCast: (field: { buffer(): Buffer | null }) => field.buffer(),
    } as never)
    .stream({ highWaterMark: 256 });
}

export interface ChunkContext {
  throttle: Throttle;
  meter: Meter;
}

export async function copyChunk(reader: Connection, writer: Connection, plan: TablePlan, bounds: ChunkBounds, mode: WriteMode, context: ChunkContext): Promise<ChunkResult> {
  const started = Date.now();
  const rowStream = openRowStream(reader, selectSql(plan, bounds));
  const width = plan.columns.length;
  let rows = 0;
  let bytes = 0;
  let lastRow: RawRow | null = null;
  let readMs = 0;

  const account = (row: RawRow): number => {
    const size = rowBytes(row, width);
    rows++;
    bytes += size;
    lastRow = row;
    return context.throttle.reserve(1, size);
  };

  let writeStarted = Date.now();
  if (mode === 'load') {
    const block = new TsvBlock();
    const plain = plan.columns.map((c) => c.plain);
    const encoder = new Transform({
      writableObjectMode: true,
      readableHighWaterMark: 1 << 20,
      transform(row: RawRow, _encoding, callback) {
        const wait = account(row);
        block.add(row, width, plain);
        const out = block.full ? block.take() : undefined;
        if (wait > 0) setTimeout(() => callback(null, out), wait);
        else callback(null, out);
      },
      flush(callback) {
        callback(null, block.empty ? undefined : block.take());
      },
    });
    rowStream.on('error', (error) => encoder.destroy(error));
    rowStream.pipe(encoder);
    writeStarted = Date.now();
    const load = writer.query({ sql: loadDataSql(plan), infileStreamFactory: () => encoder } as never);
    const read = finished(rowStream).then(() => {
      readMs = Date.now() - started;
    });
    // Both must succeed: a failed read ends the file early, and the server would happily load the part it got.
    await Promise.all([load, read]);
  } else {
    const prefix = insertPrefix(plan);
    let batch: string[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await writer.query(prefix + batch.join(','));
      batch = [];
      batchBytes = 0;
    };
    for await (const row of rowStream as AsyncIterable<RawRow>) {
      const wait = account(row);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const tuple = valuesTuple(row, plan.columns);
      batch.push(tuple);
      batchBytes += tuple.length;
      if (batchBytes >= INSERT_BATCH_BYTES) await flush();
    }
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
