/**
 * Compares one verified object, a range at a time: digests on both servers;
 * where they differ, the range is cut at key boundaries into pieces of about
 * ROWS_PER_PIECE rows and the pieces digested again; the rows of the pieces
 * that still differ are read from both sides and matched by key. A table
 * without a key is digested whole; when it differs, its rows are bucketed by
 * hash and the rows of the differing buckets compared as two multisets.
 *
 * With a replay running beside it, a difference is only *suspect* when
 * found: the source position right after the read is noted, and once the
 * replay has passed it both sides are read again. A row whose source values
 * did not move in between and that still differs is *confirmed*; one that
 * now agrees is dropped; one whose source moved is followed again. Without a
 * replay the source is taken as quiet and the first answer is final.
 */

import type { Connection } from 'mysql2/promise';
import type { RowDifference } from '../../../src-shared/model/verify';
import { comparedValue, compareRows } from '../../../src-shared/model/verify';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { currentPosition } from '../../mysql/binlog';
import type { Meter } from '../../runtime/meter';
import type { VerifyPlan } from './plan';
import { Unverifiable } from './plan';
import type { ReplayWatch } from './replay-watch';
import type { Digest, FetchedRow, KeyRange } from './sides';
import { Side, WHOLE } from './sides';

/** Rows per piece a differing range is cut into before its rows are read. */
export const ROWS_PER_PIECE = 2000;
/** Buckets a table without a key is split into by row hash, at the most. */
const MAX_BUCKETS = 4096;
/** Times a suspect row is read again while its source keeps changing. */
const MAX_ROUNDS = 10;

export interface Sessions {
  source: Connection;
  destination: Connection;
}

export interface CheckOptions {
  watch: ReplayWatch | null;
  waitCapMs: number;
  keylessRowLimit: number;
  meter: Meter;
  aborted: () => boolean;
}

/** What comparing a range found: the source rows it covered, confirmed differences, and those the replay did not let us confirm in time. */
export interface Found {
  rows: number;
  confirmed: RowDifference[];
  suspect: RowDifference[];
}

interface Pending {
  difference: RowDifference;
  /** The source values when last read (null: no such source row). */
  source: (string | null)[] | null;
}

const sameDigest = (a: Digest, b: Digest) => a.rows === b.rows && a.sum === b.sum;

export class TableCheck {
  readonly source: Side;
  readonly destination: Side;

  constructor(
    readonly plan: VerifyPlan,
    private readonly options: CheckOptions,
  ) {
    this.source = new Side(plan.source);
    this.destination = new Side(plan.destination);
  }

  /** Compares a key range (the whole table for a table without a key). */
  async range(sessions: Sessions, range: KeyRange): Promise<Found> {
    if (!this.plan.source.key) return this.whole(sessions);
    if (this.plan.strategy === 'rows') return this.compareRows(sessions, range);
    const [source, destination] = await this.digests(sessions, range);
    if (sameDigest(source, destination)) return { rows: source.rows, confirmed: [], suspect: [] };
    return this.split(sessions, range, source, destination);
  }

  /** Only these rows, again (Verify Only Inconsistent Records). */
  async records(sessions: Sessions, keys: string[][]): Promise<Found & { resolved: string[][] }> {
    const position = await this.position(sessions);
    const [sourceRows, destinationRows] = await Promise.all([this.source.lookup(sessions.source, keys), this.destination.lookup(sessions.destination, keys)]);
    const differences = this.match(sourceRows, destinationRows);
    const found = await this.settle(sessions, differences, position);
    const still = new Set([...found.confirmed, ...found.suspect].map((d) => JSON.stringify(d.key)));
    return { ...found, rows: keys.length, resolved: keys.filter((k) => !still.has(JSON.stringify(k))) };
  }

  private async digests(sessions: Sessions, range: KeyRange): Promise<[Digest, Digest]> {
    const started = Date.now();
    const result = await Promise.all([
      this.source.digest(sessions.source, range).then((d) => (this.options.meter.time('source_ms', Date.now() - started), d)),
      this.destination.digest(sessions.destination, range).then((d) => (this.options.meter.time('dest_ms', Date.now() - started), d)),
    ]);
    this.options.meter.add('source_rows', result[0].rows);
    this.options.meter.add('dest_rows', result[1].rows);
    return result;
  }

  /** Cuts a differing range into pieces at key boundaries of its fuller side, and reads the rows of the pieces that differ. */
  private async split(sessions: Sessions, range: KeyRange, source: Digest, destination: Digest): Promise<Found> {
    if (Math.max(source.rows, destination.rows) <= ROWS_PER_PIECE) return this.compareRows(sessions, range);
    // Several merged sources have no single key order to probe: the destination holds them all.
    const bySource = source.rows > destination.rows && this.plan.source.tables.length === 1;
    const side = bySource ? this.source : this.destination;
    const connection = bySource ? sessions.source : sessions.destination;
    const found: Found = { rows: 0, confirmed: [], suspect: [] };
    let after = range.after;
    for (;;) {
      stopIfAborted(this.options);
      const boundary = await side.keyAt(connection, { after, through: range.through }, ROWS_PER_PIECE - 1);
      const piece: KeyRange = { after, through: boundary ?? range.through };
      const [s, d] = await this.digests(sessions, piece);
      if (sameDigest(s, d)) found.rows += s.rows;
      else add(found, await this.compareRows(sessions, piece));
      if (!boundary) return found;
      after = boundary;
    }
  }

  private async compareRows(sessions: Sessions, range: KeyRange): Promise<Found> {
    const [sourceRows, destinationRows] = await this.readBoth(sessions, (side, connection) => side.rows(connection, range));
    const position = await this.position(sessions);
    const found = await this.settle(sessions, this.match(sourceRows, destinationRows), position);
    return { ...found, rows: sourceRows.length };
  }

  private async readBoth(sessions: Sessions, read: (side: Side, connection: Connection) => Promise<FetchedRow[]>): Promise<[FetchedRow[], FetchedRow[]]> {
    const result = await Promise.all([read(this.source, sessions.source), read(this.destination, sessions.destination)]);
    const bytes = (rows: FetchedRow[]) => rows.reduce((n, r) => n + r.values.reduce((m, v) => m + (v?.length ?? 1), 0), 0);
    this.options.meter.add('source_bytes', bytes(result[0]));
    this.options.meter.add('dest_bytes', bytes(result[1]));
    return result;
  }

  /** The source position right after a read, when a replay runs: what the replay must pass before a difference can be confirmed. */
  private async position(sessions: Sessions): Promise<BinlogPosition | null> {
    return this.options.watch ? currentPosition(sessions.source) : null;
  }

  /** The rows of both sides matched by key, as differences. */
  match(sourceRows: FetchedRow[], destinationRows: FetchedRow[]): RowDifference[] {
    const { columns, keyIndexes } = this.plan;
    const matchKey = (row: FetchedRow) => JSON.stringify(keyIndexes.map((i) => row.values[i]));
    const destination = new Map(destinationRows.map((row) => [matchKey(row), row]));
    const differences: RowDifference[] = [];
    for (const row of sourceRows) {
      const k = matchKey(row);
      const other = destination.get(k);
      destination.delete(k);
      const difference = compareRows(columns, row.key, row.values, other?.values ?? null);
      if (difference) differences.push(difference);
    }
    for (const row of destination.values()) differences.push(compareRows(columns, row.key, null, row.values)!);
    return differences;
  }

  /** Final differences: at once without a replay; otherwise each confirmed (or dropped) once the replay has passed where it was seen. */
  private async settle(sessions: Sessions, differences: RowDifference[], position: BinlogPosition | null): Promise<Omit<Found, 'rows'>> {
    if (differences.length === 0) return { confirmed: [], suspect: [] };
    if (!this.options.watch || !position) return { confirmed: differences, suspect: [] };
    let pending: Pending[] = differences.map((difference) => ({ difference, source: difference.source }));
    const confirmed: RowDifference[] = [];
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      const passed = await this.options.watch.waitPassed(sessions.destination, position!, this.options.waitCapMs, this.options.aborted);
      stopIfAborted(this.options);
      if (!passed) break;
      const keys = pending.map((p) => p.difference.key!);
      const [destinationRows, sourceRows] = await Promise.all([this.destination.lookup(sessions.destination, keys), this.source.lookup(sessions.source, keys)]);
      position = await currentPosition(sessions.source);
      const now = new Map(this.match(sourceRows, destinationRows).map((d) => [JSON.stringify(d.key), d]));
      const next: Pending[] = [];
      for (const p of pending) {
        const difference = now.get(JSON.stringify(p.difference.key));
        if (!difference) continue;
        const sourceMoved = JSON.stringify(difference.source) !== JSON.stringify(p.source);
        if (sourceMoved) next.push({ difference, source: difference.source });
        else confirmed.push(difference);
      }
      pending = next;
    }
    return { confirmed, suspect: pending.map((p) => p.difference) };
  }

  /**
   * The rows of a table without a key that may differ: both sides' rows are
   * put in buckets by their hash (about ROWS_PER_PIECE rows each), and only
   * the buckets whose digests differ are read.
   */
  private async differingBuckets(sessions: Sessions, largest: number): Promise<[FetchedRow[], FetchedRow[]]> {
    const buckets = Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(largest / ROWS_PER_PIECE)));
    const [source, destination] = await Promise.all([this.source.bucketDigests(sessions.source, buckets), this.destination.bucketDigests(sessions.destination, buckets)]);
    const none: Digest = { rows: 0, sum: 0n };
    const differing = [...new Set([...source.keys(), ...destination.keys()])].filter((b) => !sameDigest(source.get(b) ?? none, destination.get(b) ?? none));
    const rows = differing.reduce((n, b) => n + Math.max(source.get(b)?.rows ?? 0, destination.get(b)?.rows ?? 0), 0);
    if (rows > this.options.keylessRowLimit) {
      throw new Unverifiable(
        `it has no key and its differing rows lie among ${rows.toLocaleString('en-US')} rows, more than the ${this.options.keylessRowLimit.toLocaleString('en-US')} a table without a key is compared row by row up to`,
      );
    }
    if (differing.length === 0) return [[], []];
    return this.readBoth(sessions, (side, connection) => side.bucketRows(connection, buckets, differing));
  }

  /**
   * A table without a key: both sides as multisets of rows; differences have
   * no key. Beside a replay, a difference counts only when the source did not
   * move from one digest to the next while the replay passed where the first
   * was read; a table that keeps changing cannot be verified that way, and
   * says so rather than guess.
   */
  private async whole(sessions: Sessions): Promise<Found> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const [source, destination] = await this.digests(sessions, WHOLE);
      if (sameDigest(source, destination)) return { rows: source.rows, confirmed: [], suspect: [] };
      const largest = Math.max(source.rows, destination.rows);
      const position = await this.position(sessions);
      if (this.options.watch && position) {
        const passed = await this.options.watch.waitPassed(sessions.destination, position, this.options.waitCapMs, this.options.aborted);
        stopIfAborted(this.options);
        if (!passed) throw new Unverifiable(`it has no key and the replay did not pass where it was read within ${Math.round(this.options.waitCapMs / 1000)} s; verify it again once the replay has caught up`);
        const [again, destinationAgain] = await this.digests(sessions, WHOLE);
        if (sameDigest(again, destinationAgain)) return { rows: again.rows, confirmed: [], suspect: [] };
        // The source moved meanwhile: look again.
        if (!sameDigest(source, again)) continue;
      }
      const [sourceRows, destinationRows] = await this.differingBuckets(sessions, largest);
      return { rows: source.rows, confirmed: multisetDifferences(this.plan, sourceRows, destinationRows), suspect: [] };
    }
    throw new Unverifiable(`it has no key and its rows kept changing while it was verified (${MAX_ROUNDS} tries); verify it again when writes to it pause (Reverify Abnormal Table)`);
  }
}

/** Thrown to leave a range unfinished (not checkpointed) when the worker pauses or stops: it is compared again on resume. */
export class Interrupted extends Error {}

function stopIfAborted(options: CheckOptions): void {
  if (options.aborted()) throw new Interrupted('verification was paused or stopped');
}

function add(into: Found, found: Found): void {
  into.rows += found.rows;
  into.confirmed.push(...found.confirmed);
  into.suspect.push(...found.suspect);
}

/** Rows of a keyless table present more often on one side than on the other, once per extra copy. */
function multisetDifferences(plan: VerifyPlan, sourceRows: FetchedRow[], destinationRows: FetchedRow[]): RowDifference[] {
  const counts = new Map<string, { values: (string | null)[]; count: number }>();
  const identity = (row: FetchedRow) => JSON.stringify(row.values.map((v, i) => comparedValue(plan.columns[i].kind, v)));
  for (const row of sourceRows) {
    const k = identity(row);
    const entry = counts.get(k) ?? { values: row.values, count: 0 };
    entry.count++;
    counts.set(k, entry);
  }
  for (const row of destinationRows) {
    const k = identity(row);
    const entry = counts.get(k) ?? { values: row.values, count: 0 };
    entry.count--;
    counts.set(k, entry);
  }
  const differences: RowDifference[] = [];
  for (const { values, count } of counts.values()) {
    for (let i = 0; i < Math.abs(count); i++) {
      differences.push(count > 0 ? compareRows(plan.columns, null, values, null)! : compareRows(plan.columns, null, null, values)!);
    }
  }
  return differences;
}
