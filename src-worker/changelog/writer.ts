/**
 * The Store's side of the change log. Changes are appended as the binlog
 * delivers them and written to the file at every `flush` (the caller's
 * rhythm, and whenever `full`), so a transaction of millions of rows never
 * sits in memory; the transaction only becomes visible (its `transactions`
 * row) when its commit arrives. Between flushes the changes wait in memory
 * rather than in an open SQLite transaction: the file's write lock is then
 * held only while a flush writes, and the replay can record its progress in
 * between. A crash loses nothing that a restart from the recorded resume
 * position does not capture again, with the same change ids.
 *
 * One writer at a time, by fencing: each Store opens the log under its
 * host's lease epoch, which the log records; every write first checks that
 * the recorded epoch is still its own. A Store of a host that lost the
 * project (stopped, then woken up) finds a newer epoch and stops without
 * writing, however long it ran on unaware.
 */

import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import type { BinlogPosition } from '../../src-shared/model/incremental';
import type { ChangeLogDb, KindCode } from './schema';
import { KIND, openChangeLog, readMeta, writeMeta } from './schema';
import type { Image } from './values';
import { encodeImage } from './values';

/** A flush is due beyond this many changes or bytes of images held in memory. */
const MAX_HELD_CHANGES = 5000;
const MAX_HELD_BYTES = 16 << 20;

interface Statements {
  insertChange: Statement<unknown[]>;
  insertTransaction: Statement<unknown[]>;
  savePosition: Statement<unknown[]>;
}

export class ChangeLogWriter {
  private readonly statements: Statements;
  private readonly tableIds = new Map<string, number>();
  private nextChange: number;
  private nextTxn: number;
  /** Changes of the transaction being received (not yet visible). */
  private open = 0;
  /** Rows waiting for the next flush: changes (in id order), transactions, and the resume position. */
  private heldChanges: unknown[][] = [];
  private heldBytes = 0;
  private heldTransactions: unknown[][] = [];
  private heldPosition: string | null = null;
  /** Changes added since the last flush. */
  pending = 0;
  lastFlush = Date.now();

  /** The epoch recorded in the log: read at the start of every write. */
  private readonly recordedEpoch: Statement<unknown[]>;

  private constructor(
    private readonly db: ChangeLogDb,
    private readonly epoch: number,
  ) {
    this.recordedEpoch = db.prepare("SELECT value FROM meta WHERE key = 'epoch'");
    const lastTxn = this.fenced(() => {
      // Rows of a transaction whose commit never arrived (the Store stopped mid-way) are dropped; capture resumes before it.
      const last = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq, COALESCE(MAX(last_change), 0) AS change FROM transactions').get() as { seq: number; change: number };
      db.prepare('DELETE FROM changes WHERE id > ?').run(last.change);
      return last;
    }, true);
    this.nextChange = lastTxn.change + 1;
    this.nextTxn = lastTxn.seq + 1;
    for (const row of db.prepare('SELECT id, db, tbl, columns, key_columns FROM tables').all() as { id: number; db: string; tbl: string; columns: string; key_columns: string }[]) {
      this.tableIds.set(tableKey(row.db, row.tbl, row.columns, row.key_columns), row.id);
    }
    this.statements = {
      insertChange: db.prepare(
        'INSERT INTO changes (id, txn, kind, table_id, db, row_key, old_key, event_ts, before, after, statement, beat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertTransaction: db.prepare('INSERT INTO transactions (seq, last_change, file, pos, gtid, event_ts) VALUES (?, ?, ?, ?, ?, ?)'),
      savePosition: db.prepare("INSERT INTO meta (key, value) VALUES ('position', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    };
  }

  /**
   * Opens the project's log under the lease epoch `epoch`, creating it with
   * its start position; a log of another project, or one a newer epoch has
   * opened, is refused.
   */
  static open(path: string, projectId: string, start: BinlogPosition, epoch: number): ChangeLogWriter {
    const db = openChangeLog(path, 'write');
    try {
      const owner = readMeta(db, 'project');
      if (owner === null) {
        writeMeta(db, 'project', projectId);
        // Names this log in the destination's replay checkpoint: a checkpoint from a replaced log is refused.
        writeMeta(db, 'log_id', randomUUID());
        writeMeta(db, 'start', JSON.stringify(start));
      } else if (owner !== projectId) {
        throw new Error(`The change log ${path} belongs to project ${owner}, not ${projectId}.`);
      }
      return new ChangeLogWriter(db, epoch);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Runs `write` in one immediate transaction that first checks the log's
   * epoch (and, when `claim`, raises it to this writer's), so no write of an
   * older Store lands once a newer one has opened the log.
   */
  private fenced<T>(write: () => T, claim = false): T {
    return this.db
      .transaction(() => {
        const recorded = Number((this.recordedEpoch.get() as { value: string } | undefined)?.value ?? 0);
        if (recorded > this.epoch || (!claim && recorded !== this.epoch)) {
          throw new AppError({
            code: 'lease_lost',
            message: `A newer run of this project (lease epoch ${recorded}) writes the change log now; this Store (epoch ${this.epoch}) stops without writing.`,
            workaround: 'Follow the project in the Cutover process that runs it now.',
          });
        }
        if (claim && recorded !== this.epoch) writeMeta(this.db, 'epoch', String(this.epoch));
        return write();
      })
      .immediate();
  }

  /** Where capture continues: after the last transaction the log holds, or the start position. */
  resumePosition(): BinlogPosition {
    const saved = this.heldPosition ?? readMeta(this.db, 'position') ?? readMeta(this.db, 'start');
    return JSON.parse(saved!) as BinlogPosition;
  }

  get transactionsWritten(): number {
    return this.nextTxn - 1;
  }

  get changesWritten(): number {
    return this.nextChange - 1;
  }

  tableId(db: string, tbl: string, columns: string[], keyColumns: number[]): number {
    const columnsJson = JSON.stringify(columns);
    const keyJson = JSON.stringify(keyColumns);
    const key = tableKey(db, tbl, columnsJson, keyJson);
    let id = this.tableIds.get(key);
    if (id === undefined) {
      // Written at once, on its own: the rare new table layout, which changes held for the next flush refer to.
      const row = this.fenced(() => this.db.prepare('INSERT INTO tables (db, tbl, columns, key_columns) VALUES (?, ?, ?, ?) RETURNING id').get(db, tbl, columnsJson, keyJson) as { id: number });
      id = row.id;
      this.tableIds.set(key, id);
    }
    return id;
  }

  /** Appends a row change; returns the size of its images in the log. */
  addRow(kind: 'insert' | 'update' | 'delete', tableId: number, rowKey: string | null, oldKey: string | null, eventTs: number, before: Image | null, after: Image | null): number {
    const beforeText = before ? encodeImage(before) : null;
    const afterText = after ? encodeImage(after) : null;
    const bytes = (beforeText?.length ?? 0) + (afterText?.length ?? 0);
    this.add(KIND[kind], tableId, null, rowKey, oldKey, eventTs, beforeText, afterText, null, null);
    this.heldBytes += bytes;
    return bytes;
  }

  addDdl(database: string | null, statement: string, eventTs: number): void {
    this.add(KIND.ddl, null, database, null, null, eventTs, null, null, statement, null);
  }

  addHeartbeat(beatMs: number, eventTs: number): void {
    this.add(KIND.heartbeat, null, null, null, null, eventTs, null, null, null, beatMs);
  }

  /**
   * The binlog transaction is complete: it becomes visible to readers and the
   * resume position moves past it. A transaction with no captured change
   * only moves the position.
   */
  commitTransaction(position: BinlogPosition, eventTs: number): void {
    if (this.open > 0) {
      this.heldTransactions.push([this.nextTxn, this.nextChange - 1, position.file, position.pos, position.gtid, eventTs]);
      this.nextTxn++;
      this.open = 0;
    }
    this.heldPosition = JSON.stringify(position);
  }

  /** Forgets the changes of a transaction whose commit will not arrive on this connection (it is captured again). */
  discardTransaction(): void {
    if (this.open === 0) return;
    const first = this.nextChange - this.open;
    const flushed = this.heldChanges.length === 0 || (this.heldChanges[0][0] as number) > first;
    this.heldChanges = this.heldChanges.filter((row) => (row[0] as number) < first);
    // Part of a large transaction may already be in the file.
    if (flushed) this.fenced(() => this.db.prepare('DELETE FROM changes WHERE id >= ?').run(first));
    this.nextChange = first;
    this.open = 0;
  }

  /** Enough is held in memory: flush now. */
  get full(): boolean {
    return this.heldChanges.length >= MAX_HELD_CHANGES || this.heldBytes >= MAX_HELD_BYTES;
  }

  /** Writes what is held to the file, in one SQLite commit. */
  flush(): void {
    if (this.heldChanges.length || this.heldTransactions.length || this.heldPosition !== null) {
      const { insertChange, insertTransaction, savePosition } = this.statements;
      const changes = this.heldChanges;
      const transactions = this.heldTransactions;
      const position = this.heldPosition;
      this.fenced(() => {
        for (const row of changes) insertChange.run(...row);
        for (const row of transactions) insertTransaction.run(...row);
        if (position !== null) savePosition.run(position);
      });
      this.heldChanges = [];
      this.heldTransactions = [];
      this.heldPosition = null;
    }
    this.heldBytes = 0;
    this.pending = 0;
    this.lastFlush = Date.now();
  }

  /**
   * Drops transactions older than the retention that the replay has applied,
   * a batch at a time; never one the replay still needs.
   */
  purge(olderThanMs: number, replayedChangeId: number, batch = 20_000): number {
    this.flush();
    const row = this.db
      .prepare('SELECT MAX(last_change) AS upto FROM transactions WHERE event_ts < ? AND last_change <= ?')
      .get(olderThanMs, replayedChangeId) as { upto: number | null };
    if (!row.upto) return 0;
    const first = this.db.prepare('SELECT MIN(id) AS id FROM changes').get() as { id: number | null };
    if (first.id === null || first.id > row.upto) return 0;
    const upto = Math.min(row.upto, first.id + batch - 1);
    const removed = this.fenced(() => {
      const changes = this.db.prepare('DELETE FROM changes WHERE id <= ?').run(upto).changes;
      // The newest transaction row stays: it carries the last change id, from which ids continue after a restart.
      this.db.prepare('DELETE FROM transactions WHERE last_change <= ? AND seq < (SELECT MAX(seq) FROM transactions)').run(upto);
      return changes;
    });
    return removed;
  }

  /** The change the replay has applied, as it last recorded it (0 when none). */
  replayedChangeId(): number {
    const row = this.db.prepare('SELECT MIN(change_id) AS id FROM consumers').get() as { id: number | null };
    return row.id ?? 0;
  }

  close(): void {
    this.flush();
    this.db.close();
  }

  private add(kind: KindCode, tableId: number | null, db: string | null, rowKey: string | null, oldKey: string | null, eventTs: number, before: string | null, after: string | null, statement: string | null, beat: number | null): void {
    this.heldChanges.push([this.nextChange, this.nextTxn, kind, tableId, db, rowKey, oldKey, eventTs, before, after, statement, beat]);
    this.nextChange++;
    this.open++;
    this.pending++;
  }
}

function tableKey(db: string, tbl: string, columns: string, keyColumns: string): string {
  return `${db}\u0000${tbl}\u0000${columns}\u0000${keyColumns}`;
}
