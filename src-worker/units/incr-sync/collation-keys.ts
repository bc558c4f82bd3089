/**
 * Unique-key values as the destination's unique indexes compare them. Two rows
 * whose text differs can still clash in a unique index: case, accents, 'ß'
 * and 's' under utf8mb4_general_ci, any two characters outside the BMP there,
 * trailing spaces under PAD SPACE collations, values sharing an indexed
 * prefix. Changes of such rows must stay in one apply lane, in order, or a
 * REPLACE in one lane can remove a row that another lane inserted. No local
 * rule can know every collation, so the destination server says: the
 * collation weights of the compared text (WEIGHT_STRING), fetched in batches
 * before a round is planned and cached. A server that cannot answer makes
 * every value of the column one key: slower (one lane), never wrong.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { quoteIdentifier } from '../../mysql/quote';
import { isTransient } from '../../mysql/transient';

export interface TextColumn {
  charset: string;
  collation: string;
}

/** Values per query. */
const BATCH = 500;
/** Cached weights; the cache starts over beyond this. */
const CACHE_LIMIT = 200_000;
/** The key of every value when the server cannot give weights. */
const ONE_KEY = '*';

/** The part of a value a unique index compares: its indexed prefix, without trailing spaces under a PAD SPACE collation. */
export function comparedText(value: string, column: TextColumn, prefix: number | null): string {
  let text = prefix === null ? value : Array.from(value).slice(0, prefix).join('');
  if (!/nopad/i.test(column.collation)) text = text.replace(/ +$/, '');
  return text;
}

function cacheKey(column: TextColumn, text: string): string {
  return `${column.collation}\u0000${text}`;
}

export class CollationKeys {
  private readonly weights = new Map<string, string>();
  private unavailable = false;

  constructor(
    private readonly connection: () => Promise<Connection>,
    private readonly warn: (message: string) => void,
  ) {}

  /** Fetches the weights of the texts not cached yet. */
  async prepare(items: { column: TextColumn; text: string }[]): Promise<void> {
    if (this.unavailable) return;
    // Starting over between pages, never within one: everything asked for here is then cached.
    if (this.weights.size + items.length > CACHE_LIMIT) this.weights.clear();
    const missing = new Map<string, { column: TextColumn; text: string }>();
    for (const item of items) {
      const key = cacheKey(item.column, item.text);
      if (!this.weights.has(key)) missing.set(key, item);
    }
    if (missing.size === 0) return;
    const pending = [...missing];
    for (let i = 0; i < pending.length; i += BATCH) {
      const batch = pending.slice(i, i + BATCH);
      const select = batch
        .map(([, { column }], j) => `HEX(WEIGHT_STRING(CONVERT(? USING ${quoteIdentifier(column.charset)}) COLLATE ${quoteIdentifier(column.collation)})) AS w${j}`)
        .join(', ');
      let row: RowDataPacket;
      try {
        const [rows] = await (await this.connection()).query<RowDataPacket[]>(`SELECT ${select}`, batch.map(([, { text }]) => text));
        row = rows[0];
      } catch (error) {
        // Only the server's own refusal means it cannot; a lost connection is retried like any other.
        if (isTransient(error) || (error as { errno?: number }).errno === undefined) throw error;
        // The server refused the weights (no WEIGHT_STRING, an unknown collation): fall back to one key per column.
        this.unavailable = true;
        this.warn(`The destination cannot compute collation weights (${(error as Error).message}); changes to tables with text unique keys are applied on one connection per table.`);
        return;
      }
      batch.forEach(([key], j) => this.weights.set(key, String(row[`w${j}`])));
    }
  }

  /** The key of a text: equal for any two texts the collation considers equal. Call prepare() with it first. */
  key(column: TextColumn, text: string): string {
    if (this.unavailable) return ONE_KEY;
    const weight = this.weights.get(cacheKey(column, text));
    if (weight === undefined) throw new Error(`No collation weight prepared for a value of collation ${column.collation}.`);
    return weight;
  }
}
