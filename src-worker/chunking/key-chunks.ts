/**
 * The chunks of one table and its checkpoint, for every unit that walks a
 * table by its key (the full copy; verification chunks the same way). Tables
 * with a single integer key are cut into key ranges without scanning and
 * handled several at a time; other keyed tables go chunk after chunk (each
 * starts after the last key of the previous, several at a time where a unit
 * learns that key before the chunk is done); tables without a key are one
 * chunk. The checkpoint only moves over a contiguous run of finished chunks,
 * so a restart never skips a gap. Chunks are sized to take about a second.
 */

import type { CopyCheckpoint, KeyColumn } from '../../src-shared/model/copy';
import { quoteIdentifier } from '../mysql/quote';
import { keyAfter } from './key-sql';

export interface ChunkBounds {
  /** Rows after this key (exclusive); null from the start. */
  after: string[] | null;
  /** For integer keys: rows up to this key (inclusive). */
  through: string | null;
  /** For other keys: at most this many rows (the next chunk starts after the last one). */
  limit: number | null;
}

/** What a finished chunk tells the chunker: how many rows, the last key, and how long it took. */
export interface ChunkOutcome {
  rows: number;
  /** The key of the last row, when the table has a key and the chunk had rows. */
  lastKey: string[] | null;
  readMs: number;
  writeMs: number;
  /** Bytes of row data the chunk carried, when known: chunks of wide rows (large TEXT and BLOB values) are kept small. */
  bytes?: number;
  /** For keyset chunks: the table has no rows after this chunk (by default, it had fewer rows than its limit). */
  exhausted?: boolean;
}

/** The key a table is walked by: null for a table without one; `integerKey` for a single integer column. */
export interface KeyShape {
  key: KeyColumn[] | null;
  integerKey: boolean;
  /** The table has TEXT, BLOB or JSON columns: its first chunk is small, until the rows' size is known. */
  wideRows?: boolean;
}

/** The conditions that keep a read inside a chunk's bounds (without the ORDER BY and LIMIT). */
export function boundConditions(key: KeyColumn[] | null, bounds: ChunkBounds): string[] {
  const conditions: string[] = [];
  if (key && bounds.after) conditions.push(keyAfter(key, bounds.after));
  if (key && bounds.through !== null) conditions.push(`${quoteIdentifier(key[0].name)} <= ${bounds.through}`);
  return conditions;
}

/** Aim for chunks of about a second: long enough to amortise a round trip, short enough to resume cheaply. */
const TARGET_CHUNK_MS = 1000;
const MIN_CHUNK_ROWS = 500;
const MAX_CHUNK_ROWS = 200_000;
const FIRST_CHUNK_ROWS = 5_000;
/**
 * At most about this much row data per chunk, whatever the time: a chunk is
 * one destination transaction, and large TEXT and BLOB values in large
 * transactions slow the destination down. Measured on the `lob` shape
 * (200k × 4–64 KB at scale 0.1): uncapped 26.7 s, 16 MB 17.7 s, 4 MB 14.1 s,
 * 1 MB 16.0 s.
 */
const MAX_CHUNK_BYTES = 4 << 20;
/** The fewest rows a chunk is cut to for its bytes. */
const MIN_WIDE_CHUNK_ROWS = 16;
/** The first chunk of a table with large values: at 64 KB a row, 4 MB. */
const FIRST_WIDE_CHUNK_ROWS = 64;

export type ChunkMode = 'range' | 'keyset' | 'whole';

export interface Chunk {
  seq: number;
  bounds: ChunkBounds;
}

interface Issued extends Chunk {
  result: ChunkOutcome | null;
  /** Keyset mode: the chunk's last key, once known before the chunk finishes (see bound). */
  lastKey?: string[] | null;
}

export class KeyChunks {
  readonly mode: ChunkMode;
  checkpoint: CopyCheckpoint;
  private chunkRows = FIRST_CHUNK_ROWS;
  private issued: Issued[] = [];
  private nextSeq = 0;
  /** Range mode: the exclusive start of the next range and the last key to reach. */
  private nextLo: bigint | null = null;
  private max: bigint | null = null;
  private step = 1n;
  /** Keyset mode: where the next chunk starts; whether the table ran out. */
  private after: string[] | null;
  private exhausted = false;
  // A chunk that fails is retried with the same bounds by its task, or fails the whole table: chunks are never re-issued.

  constructor(shape: KeyShape, checkpoint: CopyCheckpoint | null) {
    this.mode = shape.key === null ? 'whole' : shape.integerKey ? 'range' : 'keyset';
    if (shape.wideRows) this.chunkRows = FIRST_WIDE_CHUNK_ROWS;
    this.checkpoint = checkpoint ?? { lastKey: null, rows: 0, done: false };
    this.after = this.checkpoint.lastKey;
  }

  /** Range mode needs the key's extent; a table with no rows (null) has nothing to copy. */
  setExtent(min: string | null, max: string | null, estimatedRows: number | null): void {
    if (min === null || max === null) {
      this.checkpoint = { ...this.checkpoint, done: true };
      return;
    }
    this.max = BigInt(max);
    this.nextLo = this.after ? BigInt(this.after[0]) : BigInt(min) - 1n;
    // Resumed after its last range finished, before the checkpoint said so.
    if (!this.rangeLeft) {
      this.checkpoint = { ...this.checkpoint, done: true };
      return;
    }
    const span = this.max - BigInt(min) + 1n;
    const rows = BigInt(Math.max(1, estimatedRows ?? FIRST_CHUNK_ROWS));
    this.step = maxBig(1n, (span * BigInt(this.chunkRows)) / rows);
  }

  private get rangeLeft(): boolean {
    return this.nextLo !== null && this.max !== null && this.nextLo < this.max;
  }

  /** The next chunk to copy now, or null (none left, or the previous one must finish first). */
  nextChunk(): Chunk | null {
    if (this.checkpoint.done || this.exhausted) return null;
    let bounds: ChunkBounds;
    switch (this.mode) {
      case 'whole':
        if (this.issued.length > 0) return null;
        bounds = { after: null, through: null, limit: null };
        break;
      case 'keyset': {
        // The next chunk starts after the last key of the one before: wait until that key is known.
        const last = this.issued.at(-1);
        if (last && last.lastKey === undefined) return null;
        bounds = { after: this.after, through: null, limit: this.chunkRows };
        break;
      }
      case 'range': {
        if (!this.rangeLeft) return null;
        const lo = this.nextLo!;
        const hi = minBig(lo + this.step, this.max!);
        this.nextLo = hi;
        bounds = { after: [lo.toString()], through: hi.toString(), limit: null };
        break;
      }
    }
    const chunk: Issued = { seq: this.nextSeq++, bounds, result: null };
    this.issued.push(chunk);
    return chunk;
  }

  /**
   * Keyset mode: the last key of the chunk issued last, known before the
   * chunk finishes (verification reads it first), so that the next chunk can
   * start at once; null when the chunk reaches the end of the table.
   */
  bound(chunk: Chunk, lastKey: string[] | null): void {
    const entry = this.issued.at(-1);
    if (this.mode !== 'keyset' || entry?.seq !== chunk.seq) throw new Error(`Only the last chunk of a walk by a key that is not an integer is bounded ahead (chunk ${chunk.seq}).`);
    entry.lastKey = lastKey;
    if (lastKey === null) this.exhausted = true;
    else this.after = lastKey;
  }

  get inFlight(): number {
    return this.issued.filter((c) => c.result === null).length;
  }

  /** True once every row is copied (the data part; indexes come after). */
  get dataDone(): boolean {
    return this.checkpoint.done;
  }

  /** Records a finished chunk; returns the new checkpoint when it moved. */
  complete(chunk: Chunk, result: ChunkOutcome): CopyCheckpoint | null {
    const entry = this.issued.find((c) => c.seq === chunk.seq);
    if (!entry) throw new Error(`Chunk ${chunk.seq} of a table finished twice.`);
    entry.result = result;
    this.adapt(result, chunk);
    let moved = false;
    while (this.issued.length > 0 && this.issued[0].result !== null) {
      const done = this.issued.shift()!;
      moved = true;
      this.checkpoint = {
        ...this.checkpoint,
        lastKey: this.keyAfterChunk(done) ?? this.checkpoint.lastKey,
        rows: this.checkpoint.rows + done.result!.rows,
        done: false,
      };
      // A chunk bounded ahead already moved the walk on (see bound).
      if (this.mode === 'keyset' && done.lastKey === undefined) {
        this.after = this.checkpoint.lastKey;
        if (done.result!.exhausted ?? done.result!.rows < (done.bounds.limit ?? Infinity)) this.exhausted = true;
      }
    }
    if (moved && this.issued.length === 0 && (this.mode === 'whole' || this.exhausted || (this.mode === 'range' && !this.rangeLeft))) {
      this.checkpoint = { ...this.checkpoint, done: true };
    }
    return moved ? this.checkpoint : null;
  }

  private keyAfterChunk(chunk: Issued): string[] | null {
    if (this.mode === 'range') return [chunk.bounds.through!];
    if (this.mode === 'keyset') return chunk.lastKey ?? chunk.result!.lastKey ?? chunk.bounds.after;
    return null;
  }

  /** Sizes the next chunks so that each takes about TARGET_CHUNK_MS. */
  private adapt(result: ChunkOutcome, chunk: Chunk): void {
    const ms = Math.max(1, result.readMs, result.writeMs);
    const byTime = clamp(Math.round((result.rows * TARGET_CHUNK_MS) / ms), MIN_CHUNK_ROWS, MAX_CHUNK_ROWS);
    const byBytes = result.bytes && result.rows > 0 ? Math.max(MIN_WIDE_CHUNK_ROWS, Math.floor((result.rows * MAX_CHUNK_BYTES) / result.bytes)) : Infinity;
    const wanted = Math.min(byTime, byBytes);
    if (this.mode === 'keyset') {
      if (result.rows > 0) this.chunkRows = wanted;
    } else if (this.mode === 'range') {
      const span = BigInt(chunk.bounds.through!) - BigInt(chunk.bounds.after![0]);
      if (result.rows === 0) this.step = this.step * 2n;
      else this.step = maxBig(1n, (span * BigInt(wanted)) / BigInt(result.rows));
    }
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
