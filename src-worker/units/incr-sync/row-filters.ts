/**
 * Row filters in the replay: a table's WHERE condition is evaluated by the
 * source server itself against each change's row image (as a one-row derived
 * table with the columns' names, types and collations), so that it means
 * exactly what it meant for the full copy.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { QualifiedName } from '../../../src-shared/model/objects';
import type { Image, Value } from '../../changelog/values';
import { quoteIdentifier } from '../../mysql/quote';
import { sqlString } from '../../dialect/sql-text';

interface SourceColumn {
  type: string;
  charset: string | null;
  collation: string | null;
}

/** Images evaluated per query. */
const BATCH = 200;

export class RowFilters {
  private readonly columns = new Map<string, Map<string, SourceColumn>>();

  constructor(private readonly connection: () => Promise<Connection>) {}

  /** For each image, whether it satisfies `where`. */
  async matches(source: QualifiedName, where: string, columns: string[], images: Image[]): Promise<boolean[]> {
    const types = await this.columnTypes(source);
    const connection = await this.connection();
    const results: boolean[] = [];
    for (let start = 0; start < images.length; start += BATCH) {
      const selects = images.slice(start, start + BATCH).map((image, i) => {
        const fields = columns.map((name, c) => `${literal(image[c] ?? null, types.get(name))} AS ${quoteIdentifier(name)}`);
        return `SELECT ${start + i} AS __cutover_i, ${fields.join(', ')}`;
      });
      const [rows] = await connection.query<RowDataPacket[]>(`SELECT __cutover_i AS i, (${where}) AS m FROM (${selects.join(' UNION ALL ')}) AS t ORDER BY __cutover_i`);
      for (const row of rows) results[Number(row.i)] = Number(row.m) === 1;
    }
    return results;
  }

  private async columnTypes(source: QualifiedName): Promise<Map<string, SourceColumn>> {
    const key = `${source.database}\u0000${source.table}`;
    let types = this.columns.get(key);
    if (!types) {
      const connection = await this.connection();
      const [rows] = await connection.query<RowDataPacket[]>(
        'SELECT COLUMN_NAME AS name, DATA_TYPE AS type, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
        [source.database, source.table],
      );
      types = new Map(rows.map((r) => [String(r.name), { type: String(r.type).toLowerCase(), charset: r.charset ? String(r.charset) : null, collation: r.collation ? String(r.collation) : null }]));
      this.columns.set(key, types);
    }
    return types;
  }

  /** After a DDL, column types are read again. */
  forget(): void {
    this.columns.clear();
  }
}

function literal(value: Value, column: SourceColumn | undefined): string {
  if (value === null) return 'NULL';
  const type = column?.type ?? '';
  if (Buffer.isBuffer(value)) {
    const bytes = value;
    if (type === 'bit') return bytes.length ? BigInt(`0x${bytes.toString('hex')}`).toString() : '0';
    return `X'${bytes.toString('hex')}'`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (/^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|year)$/.test(type) && /^-?\d+(\.\d+)?$/.test(value)) return value;
  if (type === 'json') return `CAST(${sqlString(value)} AS JSON)`;
  if (column?.charset && column.collation) {
    const hex = Buffer.from(value, 'utf8').toString('hex');
    return `CONVERT(_utf8mb4 X'${hex}' USING ${column.charset}) COLLATE ${column.collation}`;
  }
  return sqlString(value);
}
