/**
 * The change-log browser: captured changes by table, key value and time
 * range, newest first, with values as display text.
 */

import type { ChangeLogQuery } from '../../src-shared/contract/units/changelog';
import type { BinlogPosition, ChangeKind, ChangeLogEntry, ChangeLogPage } from '../../src-shared/model/incremental';
import { compareBinlogPositions } from '../../src-shared/model/incremental';
import type { QualifiedName } from '../../src-shared/model/objects';
import { parseExactName } from '../../src-shared/settings/object-names';
import type { ChangeLogDb } from './schema';
import { KIND } from './schema';
import type { Image } from './values';
import { decodeImage, displayValue } from './values';

/** Long values are cut for display; the change log keeps them whole. */
const DISPLAY_LIMIT = 512;

interface Row {
  id: number;
  kind: number;
  db: string | null;
  table_db: string | null;
  tbl: string | null;
  columns: string | null;
  row_key: string | null;
  event_ts: number;
  before: string | Buffer | null;
  after: string | Buffer | null;
  statement: string | null;
  file: string;
  pos: number;
  gtid: string | null;
}

const KIND_BY_CODE: Record<number, ChangeKind> = { [KIND.insert]: 'insert', [KIND.update]: 'update', [KIND.delete]: 'delete', [KIND.ddl]: 'ddl' };

function display(image: Image | null, columns: string[]): Record<string, string | null> | null {
  if (!image) return null;
  const out: Record<string, string | null> = {};
  columns.forEach((name, i) => {
    const text = displayValue(image[i] ?? null);
    out[name] = text !== null && text.length > DISPLAY_LIMIT ? `${text.slice(0, DISPLAY_LIMIT)}… (${text.length} characters)` : text;
  });
  return out;
}

export function searchChangeLog(db: ChangeLogDb, query: ChangeLogQuery): ChangeLogPage {
  const where: string[] = ['c.kind <> ?'];
  const params: unknown[] = [KIND.heartbeat];
  if (query.table) {
    const name = parseExactName(query.table);
    if (!name.ok) throw new Error(`"${query.table}" is not a table name: write it as database.table.`);
    const ids = (db.prepare('SELECT id FROM tables WHERE db = ? AND tbl = ?').all(name.value.database, name.value.table) as { id: number }[]).map((r) => r.id);
    if (ids.length === 0) return { entries: [], nextBeforeId: null, ...timeRange(db) };
    where.push(`c.table_id IN (${ids.map(() => '?').join(', ')})`);
    params.push(...ids);
  }
  if (query.key) {
    const key = JSON.stringify(query.key.split(',').map((part) => part.trim()));
    where.push('(c.row_key = ? OR c.old_key = ?)');
    params.push(key, key);
  }
  if (query.from !== undefined) {
    where.push('c.event_ts >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('c.event_ts <= ?');
    params.push(query.to);
  }
  if (query.kinds?.length) {
    where.push(`c.kind IN (${query.kinds.map(() => '?').join(', ')})`);
    params.push(...query.kinds.map((k) => KIND[k]));
  }
  if (query.beforeId !== undefined) {
    where.push('c.id < ?');
    params.push(query.beforeId);
  }
  const rows = db
    .prepare(
      `SELECT c.id, c.kind, c.db, tb.db AS table_db, tb.tbl, tb.columns, c.row_key, c.event_ts, c.before, c.after, c.statement, t.file, t.pos, t.gtid
       FROM changes c JOIN transactions t ON t.seq = c.txn LEFT JOIN tables tb ON tb.id = c.table_id
       WHERE ${where.join(' AND ')} ORDER BY c.id DESC LIMIT ?`,
    )
    .all(...params, query.limit + 1) as Row[];
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  return { entries: page.map(toEntry), nextBeforeId: more ? page[page.length - 1].id : null, ...timeRange(db) };
}

function toEntry(row: Row): ChangeLogEntry {
  const columns = row.columns ? (JSON.parse(row.columns) as string[]) : [];
  return {
    id: row.id,
    kind: KIND_BY_CODE[row.kind],
    database: row.table_db ?? row.db ?? '',
    table: row.tbl,
    key: row.row_key ? (JSON.parse(row.row_key) as string[]) : null,
    eventTs: row.event_ts,
    file: row.file,
    pos: row.pos,
    gtid: row.gtid,
    before: display(decodeImage(row.before), columns),
    after: display(decodeImage(row.after), columns),
    statement: row.statement,
  };
}

/**
 * The first transaction committed after `position` (null: none), and whether
 * the log still reaches back to the position (changes purged since may have
 * been there).
 */
function firstTransactionAfter(db: ChangeLogDb, position: BinlogPosition): { first: number | null; complete: boolean } {
  // Transactions are captured in binlog order: walk back from the newest to the last one at or before the position.
  let first: number | null = null;
  for (const t of db.prepare('SELECT seq, file, pos FROM transactions ORDER BY seq DESC').iterate() as Iterable<{ seq: number; file: string; pos: number }>) {
    if (compareBinlogPositions(t, position) <= 0) return { first, complete: true };
    first = t.seq;
  }
  const oldest = db.prepare('SELECT MIN(id) AS id FROM changes').get() as { id: number | null };
  // Every transaction is after the position: complete only if nothing was ever purged.
  return { first, complete: oldest.id === null || oldest.id <= 1 };
}

/**
 * The tables with row changes committed after `position`, with how many;
 * null when the log no longer reaches back that far (purged), so any table
 * may have changed.
 */
export function tablesChangedAfter(db: ChangeLogDb, position: BinlogPosition): { database: string; table: string; changes: number }[] | null {
  const { first, complete } = firstTransactionAfter(db, position);
  if (!complete) return null;
  if (first === null) return [];
  return db
    .prepare(
      `SELECT tb.db AS database, tb.tbl AS "table", COUNT(*) AS changes FROM changes c JOIN tables tb ON tb.id = c.table_id
       WHERE c.txn >= ? AND c.table_id IS NOT NULL GROUP BY tb.db, tb.tbl ORDER BY tb.db, tb.tbl`,
    )
    .all(first) as { database: string; table: string; changes: number }[];
}

/**
 * Changes committed after `position` to the given tables (and DDL in their
 * databases), oldest first: after the switchover's write fence, each is a
 * breach. Heartbeats and Cutover's own schema are never among them.
 */
export function changesAfter(db: ChangeLogDb, position: BinlogPosition, tables: QualifiedName[], limit: number): { entries: ChangeLogEntry[]; count: number } {
  const wanted = new Set(tables.map((t) => `${t.database}\u0000${t.table}`));
  const tableIds = (db.prepare('SELECT id, db, tbl FROM tables').all() as { id: number; db: string; tbl: string }[]).filter((t) => wanted.has(`${t.db}\u0000${t.tbl}`)).map((t) => t.id);
  const databases = [...new Set(tables.map((t) => t.database))];
  const { first } = firstTransactionAfter(db, position);
  if (first === null || (tableIds.length === 0 && databases.length === 0)) return { entries: [], count: 0 };
  const rows = db
    .prepare(
      `SELECT c.id, c.kind, c.db, tb.db AS table_db, tb.tbl, tb.columns, c.row_key, c.event_ts, c.before, c.after, c.statement, t.file, t.pos, t.gtid
       FROM changes c JOIN transactions t ON t.seq = c.txn LEFT JOIN tables tb ON tb.id = c.table_id
       WHERE t.seq >= ? AND (c.table_id IN (${tableIds.map(() => '?').join(', ') || 'NULL'}) OR (c.kind = ? AND c.db IN (${databases.map(() => '?').join(', ')})))
       ORDER BY c.id`,
    )
    .all(first, ...tableIds, KIND.ddl, ...databases) as Row[];
  return { entries: rows.slice(0, limit).map(toEntry), count: rows.length };
}

function timeRange(db: ChangeLogDb): { oldestTs: number | null; newestTs: number | null } {
  const row = db.prepare('SELECT MIN(event_ts) AS oldest, MAX(event_ts) AS newest FROM transactions').get() as { oldest: number | null; newest: number | null };
  return { oldestTs: row.oldest, newestTs: row.newest };
}
