/**
 * Incr-Sync's side of the change log: reads whole captured transactions in
 * change-id order, and records how far the replay has applied them so that
 * the Store's retention never purges a change still needed.
 */

import type { BinlogPosition } from '../../src-shared/model/incremental';
import type { ChangeLogDb } from './schema';
import { KIND, openChangeLog, readMeta } from './schema';
import type { Image } from './values';
import { decodeImage } from './values';

export interface LoggedTable {
  id: number;
  database: string;
  name: string;
  columns: string[];
  /** Indexes into `columns` of the source's primary key, when the binlog carried it. */
  keyColumns: number[];
}

export type LoggedKind = 'insert' | 'update' | 'delete' | 'ddl' | 'heartbeat';

export interface LoggedChange {
  id: number;
  txn: number;
  kind: LoggedKind;
  table: LoggedTable | null;
  /** DDL: the session's default database. */
  database: string | null;
  statement: string | null;
  /** Heartbeat: when the Store wrote it (epoch ms, this machine's clock). */
  beat: number | null;
  eventTs: number;
  before: Image | null;
  after: Image | null;
  /** Size of the row images in the log, for traffic metrics. */
  bytes: number;
  /** The binlog position after this change's transaction. */
  position: BinlogPosition;
}

const KIND_NAMES: Record<number, LoggedKind> = Object.fromEntries(Object.entries(KIND).map(([name, code]) => [code, name as LoggedKind]));

/** A change as read: an array in the SELECT's column order (no object per row on the replay's hottest path). */
type ChangeRow = [
  id: number,
  txn: number,
  kind: number,
  tableId: number | null,
  db: string | null,
  eventTs: number,
  before: string | Buffer | null,
  after: string | Buffer | null,
  statement: string | null,
  beat: number | null,
];

export class ChangeLogReader {
  private readonly tables = new Map<number, LoggedTable>();
  private readonly readStatement;
  private readonly lastCommittedStatement;
  private readonly positionsStatement;
  private readonly replayedStatement;

  private constructor(private readonly db: ChangeLogDb) {
    this.readStatement = db.prepare(
      'SELECT id, txn, kind, table_id, db, event_ts, before, after, statement, beat FROM changes WHERE id > ? AND id <= ? ORDER BY id LIMIT ?',
    );
    this.readStatement.raw(true);
    // A transaction's row is written last, so changes past the newest one's last change belong to a transaction still being captured.
    this.lastCommittedStatement = db.prepare('SELECT last_change FROM transactions ORDER BY seq DESC LIMIT 1').pluck();
    this.positionsStatement = db.prepare('SELECT seq, file, pos, gtid FROM transactions WHERE seq BETWEEN ? AND ?');
    this.replayedStatement = db.prepare(
      "INSERT INTO consumers (name, change_id, updated_at) VALUES ('incr-sync', ?, ?) ON CONFLICT (name) DO UPDATE SET change_id = excluded.change_id, updated_at = excluded.updated_at",
    );
  }

  static open(path: string): ChangeLogReader {
    return new ChangeLogReader(openChangeLog(path, 'read'));
  }

  /** The log's identity, recorded with the replay checkpoint on the destination. */
  logId(): string {
    return readMeta(this.db, 'log_id') ?? 'unknown';
  }

  /** The last change of the last whole transaction captured (0 when none): changes past it are not visible yet. */
  lastCommittedChange(): number {
    return (this.lastCommittedStatement.get() as number | undefined) ?? 0;
  }

  /** Where the Store has captured the binlog to (its resume position), or null before it has written any. */
  capturedTo(): BinlogPosition | null {
    const saved = readMeta(this.db, 'position') ?? readMeta(this.db, 'start');
    return saved ? (JSON.parse(saved) as BinlogPosition) : null;
  }

  /** The last change of the transactions committed at or before `position` (0 when none). */
  lastChangeAtOrBefore(position: Pick<BinlogPosition, 'file' | 'pos'>): number {
    // Binlog file names differ only in their zero-padded sequence number, so they order as text.
    const row = this.db.prepare('SELECT MAX(last_change) AS id FROM transactions WHERE file < ? OR (file = ? AND pos <= ?)').get(position.file, position.file, position.pos) as { id: number | null };
    return row.id ?? 0;
  }

  /** The oldest change the log still holds, or null when it holds none. */
  oldestChange(): number | null {
    const row = this.db.prepare('SELECT MIN(id) AS id FROM changes').get() as { id: number | null };
    return row.id;
  }

  /** Whole-transaction changes after `afterId` (and not past `upTo`), at most `limit` of them and about `maxBytes` of row images. */
  read(afterId: number, limit: number, maxBytes = 32 << 20, upTo = Number.MAX_SAFE_INTEGER): LoggedChange[] {
    const lastVisible = Math.min(upTo, this.lastCommittedChange());
    if (lastVisible <= afterId) return [];
    const rows: ChangeRow[] = [];
    let bytes = 0;
    for (const row of this.readStatement.iterate(afterId, lastVisible, limit) as IterableIterator<ChangeRow>) {
      rows.push(row);
      bytes += (row[6]?.length ?? 0) + (row[7]?.length ?? 0);
      if (bytes >= maxBytes) break;
    }
    if (rows.length === 0) return [];
    // One position object per transaction, shared by its changes.
    const positions = new Map<number, BinlogPosition>();
    for (const t of this.positionsStatement.iterate(rows[0][1], rows[rows.length - 1][1]) as IterableIterator<{ seq: number; file: string; pos: number; gtid: string | null }>) {
      positions.set(t.seq, { file: t.file, pos: t.pos, gtid: t.gtid });
    }
    const changes: LoggedChange[] = [];
    for (const [id, txn, kind, tableId, db, eventTs, before, after, statement, beat] of rows) {
      const position = positions.get(txn);
      // Not captured whole (cannot happen below the last visible change; stop rather than guess).
      if (!position) break;
      changes.push({
        id,
        txn,
        kind: KIND_NAMES[kind],
        table: tableId === null ? null : this.table(tableId),
        database: db,
        statement,
        beat,
        eventTs,
        before: decodeImage(before),
        after: decodeImage(after),
        bytes: (before?.length ?? 0) + (after?.length ?? 0) + (statement?.length ?? 0),
        position,
      });
    }
    return changes;
  }

  /** The oldest heartbeat after a change id: how long ago it was written is a lower bound of the latency. */
  heartbeatAfter(changeId: number): number | null {
    const row = this.db.prepare('SELECT beat FROM changes WHERE id > ? AND kind = ? ORDER BY id LIMIT 1').get(changeId, KIND.heartbeat) as { beat: number } | undefined;
    return row?.beat ?? null;
  }

  /** Event time of the first change after a change id that is captured whole, if any. */
  firstPendingEventTs(changeId: number): number | null {
    const row = this.db.prepare('SELECT c.event_ts AS ts FROM changes c JOIN transactions t ON t.seq = c.txn WHERE c.id > ? ORDER BY c.id LIMIT 1').get(changeId) as
      | { ts: number }
      | undefined;
    return row?.ts ?? null;
  }

  /**
   * Tells the Store how far the replay got (it purges only what is replayed).
   * The one write a reader makes: when the Store holds the file's write lock
   * longer than a moment it is left for the next call, rather than stalling
   * the replay.
   */
  recordReplayed(changeId: number): boolean {
    try {
      this.replayedStatement.run(changeId, Date.now());
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }

  private table(id: number): LoggedTable {
    let table = this.tables.get(id);
    if (!table) {
      const row = this.db.prepare('SELECT db, tbl, columns, key_columns FROM tables WHERE id = ?').get(id) as { db: string; tbl: string; columns: string; key_columns: string };
      table = { id, database: row.db, name: row.tbl, columns: JSON.parse(row.columns) as string[], keyColumns: JSON.parse(row.key_columns) as number[] };
      this.tables.set(id, table);
    }
    return table;
  }
}
