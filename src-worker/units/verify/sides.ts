/**
 * The SQL verification runs on one side: a digest of a key range (row count
 * and the sum of the row hashes, computed by the server: rows do not cross
 * the wire), the rows of a range or of given keys in canonical form, a key
 * boundary some rows into a range, and the extent of an integer key. A side
 * may be several tables (merged sources): digests add up, rows are the union.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { keyAfter, keyAtMost, keyEquals, keyOrder } from '../../chunking/key-sql';
import { quoteIdentifier, quoteName } from '../../mysql/quote';
import type { SidePlan, SideTable } from './plan';

/** Rows after `after` (exclusive) up to `through` (inclusive); null ends are open. */
export interface KeyRange {
  after: string[] | null;
  through: string[] | null;
}

export const WHOLE: KeyRange = { after: null, through: null };

/** Values as compared (canonical) or exact enough to be written back. */
export type ValueForm = 'compare' | 'write';

export interface Digest {
  rows: number;
  sum: bigint;
}

/** A row as read for comparison: its key (as checkpoints carry it) and its canonical values. */
export interface FetchedRow {
  key: string[] | null;
  values: (string | null)[];
}

/** The largest LIMIT: every row. */
const NO_LIMIT = '18446744073709551615';

/** Keys per lookup statement. */
const LOOKUP_BATCH = 200;

function conditions(plan: SidePlan, table: SideTable, range: KeyRange): string {
  const parts: string[] = [];
  if (table.where) parts.push(`(${table.where})`);
  if (plan.key && range.after) parts.push(keyAfter(plan.key, range.after));
  if (plan.key && range.through) parts.push(keyAtMost(plan.key, range.through));
  return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
}

function bucketCount(buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1) throw new Error(`A bucket count must be a positive whole number, not ${buckets}.`);
  return buckets;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

export class Side {
  constructor(readonly plan: SidePlan) {}

  async digest(connection: Connection, range: KeyRange): Promise<Digest> {
    let rows = 0;
    let sum = 0n;
    for (const table of this.plan.tables) {
      const [result] = await connection.query<RowDataPacket[]>({
        sql: `SELECT COUNT(*), CAST(COALESCE(SUM(${this.plan.rowHash}), 0) AS CHAR) FROM ${quoteName(table.name)}${conditions(this.plan, table, range)}`,
        rowsAsArray: true,
      });
      const [count, total] = result[0] as unknown as [number | string, string | Buffer];
      rows += Number(count);
      sum += BigInt(text(total) ?? '0');
    }
    return { rows, sum };
  }

  /**
   * Digests per bucket of rows, a row's bucket being its hash modulo
   * `buckets` (equal rows share a bucket): a table without a key is narrowed
   * down this way to the rows worth reading.
   */
  async bucketDigests(connection: Connection, buckets: number): Promise<Map<number, Digest>> {
    const out = new Map<number, Digest>();
    for (const table of this.plan.tables) {
      const [result] = await connection.query<RowDataPacket[]>({
        // The LIMIT keeps the derived table from being merged into the outer query, which would hash every row twice.
        sql: `SELECT MOD(h, ${bucketCount(buckets)}) AS b, COUNT(*), CAST(SUM(h) AS CHAR) FROM (SELECT ${this.plan.rowHash} AS h FROM ${quoteName(table.name)}${conditions(this.plan, table, WHOLE)} LIMIT ${NO_LIMIT}) hashed GROUP BY b`,
        rowsAsArray: true,
      });
      for (const [bucket, count, total] of result as unknown as [number | string, number | string, string | Buffer][]) {
        const previous = out.get(Number(bucket)) ?? { rows: 0, sum: 0n };
        out.set(Number(bucket), { rows: previous.rows + Number(count), sum: previous.sum + BigInt(text(total) ?? '0') });
      }
    }
    return out;
  }

  /** Every row in the given buckets (see bucketDigests). */
  async bucketRows(connection: Connection, buckets: number, which: number[]): Promise<FetchedRow[]> {
    const out: FetchedRow[] = [];
    const inBuckets = `MOD(${this.plan.rowHash}, ${bucketCount(buckets)}) IN (${which.map((b) => String(Math.floor(b))).join(', ')})`;
    for (const table of this.plan.tables) {
      const where = conditions(this.plan, table, WHOLE);
      out.push(...(await this.read(connection, this.select(table, where ? `${where} AND ${inBuckets}` : ` WHERE ${inBuckets}`))));
    }
    return out;
  }

  private select(table: SideTable, where: string, form: ValueForm = 'compare'): string {
    const values = form === 'compare' ? this.plan.values : this.plan.writes;
    return `SELECT ${[...this.plan.keyReads, ...values].join(', ')} FROM ${quoteName(table.name)}${where}`;
  }

  private async read(connection: Connection, sql: string): Promise<FetchedRow[]> {
    const [result] = await connection.query<RowDataPacket[]>({ sql, rowsAsArray: true });
    const keyCount = this.plan.keyReads.length;
    return (result as unknown as unknown[][]).map((row) => ({
      key: keyCount ? row.slice(0, keyCount).map((v) => text(v) ?? '') : null,
      values: row.slice(keyCount).map(text),
    }));
  }

  /** Every row of the range, in no particular order. */
  async rows(connection: Connection, range: KeyRange): Promise<FetchedRow[]> {
    const out: FetchedRow[] = [];
    for (const table of this.plan.tables) out.push(...(await this.read(connection, this.select(table, conditions(this.plan, table, range)))));
    return out;
  }

  /** The rows with these keys (a key no row has is simply absent), as compared or as written back. */
  async lookup(connection: Connection, keys: string[][], form: ValueForm = 'compare'): Promise<FetchedRow[]> {
    const key = this.plan.key;
    if (!key) throw new Error('Rows of a table without a key cannot be looked up by key.');
    const out: FetchedRow[] = [];
    for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
      const match = keys
        .slice(i, i + LOOKUP_BATCH)
        .map((k) => keyEquals(key, k))
        .join(' OR ');
      for (const table of this.plan.tables) {
        const filter = table.where ? `(${table.where}) AND ` : '';
        out.push(...(await this.read(connection, this.select(table, ` WHERE ${filter}(${match})`, form))));
      }
    }
    return out;
  }

  /** The key `offset` rows into the range (0: its first row), or null when the range has fewer rows. Single-table sides only. */
  async keyAt(connection: Connection, range: KeyRange, offset: number): Promise<string[] | null> {
    const key = this.plan.key;
    if (!key || this.plan.tables.length !== 1) throw new Error('A key boundary is read on a single keyed table.');
    const table = this.plan.tables[0];
    const [result] = await connection.query<RowDataPacket[]>({
      sql: `SELECT ${this.plan.keyReads.join(', ')} FROM ${quoteName(table.name)}${conditions(this.plan, table, range)} ORDER BY ${keyOrder(key)} LIMIT 1 OFFSET ${Math.max(0, Math.floor(offset))}`,
      rowsAsArray: true,
    });
    const row = (result as unknown as unknown[][])[0];
    return row ? row.map((v) => text(v) ?? '') : null;
  }

  /** The smallest and largest value of a single integer key over every table of the side, or null when they hold no rows. */
  async extent(connection: Connection): Promise<{ min: bigint; max: bigint } | null> {
    const key = this.plan.key;
    if (!key || key.length !== 1) throw new Error('An extent is read for a single-column key.');
    const column = quoteIdentifier(key[0].name);
    let min: bigint | null = null;
    let max: bigint | null = null;
    for (const table of this.plan.tables) {
      const [result] = await connection.query<RowDataPacket[]>({
        sql: `SELECT CAST(MIN(${column}) AS CHAR), CAST(MAX(${column}) AS CHAR) FROM ${quoteName(table.name)}${conditions(this.plan, table, WHOLE)}`,
        rowsAsArray: true,
      });
      const [lo, hi] = (result as unknown as unknown[][])[0].map(text);
      if (lo === null || hi === null) continue;
      min = min === null || BigInt(lo) < min ? BigInt(lo) : min;
      max = max === null || BigInt(hi) > max ? BigInt(hi) : max;
    }
    return min === null || max === null ? null : { min, max };
  }
}
