/**
 * What the replay needs to know of a destination table: the columns it may
 * write (not generated, not Cutover's hidden key) and its unique keys. Read
 * once per table and again after a DDL touches it.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { QualifiedName } from '../../../src-shared/model/objects';
import { formatName } from '../../../src-shared/settings/object-names';
import { HIDDEN_KEY_COLUMN } from '../../dialect/types';
import type { TextColumn } from './collation-keys';

export interface UniqueKey {
  name: string;
  columns: string[];
  /** For each column, the prefix length the index compares (characters, or bytes for binary columns), or null for all of it. */
  prefixes: (number | null)[];
  /** Every column NOT NULL: the key identifies a row by itself. */
  notNull: boolean;
}

export interface DestinationTable {
  name: QualifiedName;
  /** Columns the replay writes, in the table's order. */
  writable: string[];
  /** Data type of every column, lower case. */
  types: Map<string, string>;
  /** Character set and collation of every text column. */
  text: Map<string, TextColumn>;
  uniqueKeys: UniqueKey[];
}

function keyOf(name: QualifiedName): string {
  return `${name.database}\u0000${name.table}`;
}

export class DestinationTables {
  private readonly cache = new Map<string, DestinationTable>();

  constructor(private readonly connection: () => Promise<Connection>) {}

  async get(name: QualifiedName): Promise<DestinationTable> {
    const cached = this.cache.get(keyOf(name));
    if (cached) return cached;
    const connection = await this.connection();
    const [columns] = await connection.query<RowDataPacket[]>(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra, IS_NULLABLE AS nullable, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
       FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [name.database, name.table],
    );
    if (columns.length === 0) {
      throw new Error(`The destination table ${formatName(name)} does not exist; create it (or let schema migration do it) and retry.`);
    }
    const [indexes] = await connection.query<RowDataPacket[]>(
      `SELECT INDEX_NAME AS name, COLUMN_NAME AS col, SUB_PART AS prefix FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX`,
      [name.database, name.table],
    );
    const nullable = new Set(columns.filter((c) => c.nullable === 'YES').map((c) => String(c.name)));
    const keys = new Map<string, { columns: string[]; prefixes: (number | null)[] }>();
    for (const row of indexes) {
      const key = keys.get(String(row.name)) ?? { columns: [], prefixes: [] };
      key.columns.push(String(row.col));
      key.prefixes.push(row.prefix === null ? null : Number(row.prefix));
      keys.set(String(row.name), key);
    }
    const table: DestinationTable = {
      name,
      writable: columns.filter((c) => !/GENERATED|VIRTUAL|STORED|PERSISTENT/i.test(String(c.extra)) && c.name !== HIDDEN_KEY_COLUMN).map((c) => String(c.name)),
      types: new Map(columns.map((c) => [String(c.name), String(c.type).toLowerCase()])),
      text: new Map(columns.filter((c) => c.collation !== null).map((c) => [String(c.name), { charset: String(c.charset), collation: String(c.collation) }])),
      uniqueKeys: [...keys].map(([keyName, key]) => ({ name: keyName, ...key, notNull: key.columns.every((c) => !nullable.has(c)) })),
    };
    this.cache.set(keyOf(name), table);
    return table;
  }

  forget(name: QualifiedName): void {
    this.cache.delete(keyOf(name));
  }

  forgetAll(): void {
    this.cache.clear();
  }
}
