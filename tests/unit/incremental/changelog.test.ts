import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { AppError } from '../../../src-shared/errors';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { ChangeLogReader } from '../../../src-worker/changelog/reader';
import { CHANGE_LOG_VERSION, openChangeLog, readMeta, writeMeta } from '../../../src-worker/changelog/schema';
import type { Image } from '../../../src-worker/changelog/values';
import { decodeImage, displayValue, encodeImage, keyText } from '../../../src-worker/changelog/values';
import { ChangeLogWriter } from '../../../src-worker/changelog/writer';

const PROJECT = 'p1';
const START: BinlogPosition = { file: 'mysql-bin.000001', pos: 4, gtid: null };
const pos = (n: number, gtid: string | null = null): BinlogPosition => ({ file: 'mysql-bin.000001', pos: n, gtid });

let root: string;
let path: string;
const writers: ChangeLogWriter[] = [];
const readers: ChangeLogReader[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cutover-changelog-test-'));
  path = join(root, 'logs', 'changes.sqlite');
});

afterEach(() => {
  for (const reader of readers.splice(0)) {
    try {
      reader.close();
    } catch {
      // already closed
    }
  }
  for (const writer of writers.splice(0)) {
    try {
      writer.close();
    } catch {
      // already closed
    }
  }
  rmSync(root, { recursive: true, force: true });
});

function openWriter(projectId = PROJECT, start = START, epoch = 1): ChangeLogWriter {
  const writer = ChangeLogWriter.open(path, projectId, start, epoch);
  writers.push(writer);
  return writer;
}

function openReader(): ChangeLogReader {
  const reader = ChangeLogReader.open(path);
  readers.push(reader);
  return reader;
}

describe('values', () => {
  it('round-trips images with their exact types', () => {
    const image: Image = [null, 42, -3.5, '18446744073709551615', '-12345678901234567890.000100', '2024-02-29 23:59:59.123456', Buffer.from([0, 255, 16]), ''];
    const back = decodeImage(encodeImage(image))!;
    expect(back).toEqual(image);
    expect(Buffer.isBuffer(back[6])).toBe(true);
    expect((back[6] as Buffer).equals(Buffer.from([0, 255, 16]))).toBe(true);
    expect(typeof back[3]).toBe('string');
    expect(decodeImage(null)).toBeNull();
  });

  it('keeps what JSON cannot spell: bytes, -0, and strings that look like its tags', () => {
    const image: Image = [-0, 0, Buffer.alloc(0), Buffer.from('{"b":"x"}'), '{"b":"AAE="}', '{"n":"-0"}', 'emoji 😀 and \u0000 nul', 1e308, -2.5e-320];
    const stored = encodeImage(image);
    expect(typeof stored).toBe('string');
    const back = decodeImage(stored)!;
    expect(back).toEqual(image);
    expect(Object.is(back[0], -0)).toBe(true);
    expect(Object.is(back[1], 0)).toBe(true);
    expect(Buffer.isBuffer(back[2]) && (back[2] as Buffer).length).toBe(0);
    expect((back[3] as Buffer).toString()).toBe('{"b":"x"}');
    expect(back[4]).toBe('{"b":"AAE="}');
    expect(back[5]).toBe('{"n":"-0"}');
  });

  it('still reads images of format 1 (V8 structured clone)', () => {
    const image: Image = [null, 42, '18446744073709551615', Buffer.from([0, 255]), -0];
    const back = decodeImage(serialize(image))!;
    expect(back).toEqual(image);
    expect(Buffer.isBuffer(back[3])).toBe(true);
  });

  it('displays values as text, bytes as 0x hex', () => {
    expect(displayValue(null)).toBeNull();
    expect(displayValue(7)).toBe('7');
    expect(displayValue('abc')).toBe('abc');
    expect(displayValue(Buffer.from('AB'))).toBe('0x4142');
    expect(displayValue(Buffer.alloc(0))).toBe('0x');
  });

  it('builds search keys from the key columns, NULL spelled out', () => {
    expect(keyText([1, 'x', null], [])).toBeNull();
    expect(keyText([1, 'x', null], [0])).toBe('["1"]');
    expect(keyText([1, 'x', null], [1, 0])).toBe('["x","1"]');
    expect(keyText([1, 'x', null], [2])).toBe('["NULL"]');
    expect(keyText([Buffer.from([1, 2])], [0])).toBe('["0x0102"]');
  });
});

describe('schema', () => {
  it('refuses to read a log that does not exist', () => {
    let error: unknown;
    try {
      ChangeLogReader.open(join(root, 'missing.sqlite'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not_found');
  });

  it('creates the file with its version and refuses a newer format', () => {
    const db = openChangeLog(path, 'write');
    expect(readMeta(db, 'version')).toBe(CHANGE_LOG_VERSION);
    expect(readMeta(db, 'nothing')).toBeNull();
    writeMeta(db, 'x', 'a');
    writeMeta(db, 'x', 'b');
    expect(readMeta(db, 'x')).toBe('b');
    writeMeta(db, 'version', '99');
    db.close();
    let error: unknown;
    try {
      openChangeLog(path, 'write');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('state_too_new');
  });

  it('takes over a format-1 log: its rows are still read beside the new ones', () => {
    const writer = openWriter();
    const table = writer.tableId('shop', 'orders', ['id', 'data'], [0]);
    writer.close();
    // A change and its transaction exactly as format 1 wrote them.
    const db = openChangeLog(path, 'write');
    writeMeta(db, 'version', '1');
    db.prepare('INSERT INTO changes (id, txn, kind, table_id, row_key, event_ts, after) VALUES (1, 1, 1, ?, ?, 1000, ?)').run(table, '["1"]', serialize([1, Buffer.from([7])]));
    db.prepare("INSERT INTO transactions (seq, last_change, file, pos, event_ts) VALUES (1, 1, 'mysql-bin.000001', 100, 1000)").run();
    db.close();

    const again = openWriter();
    again.addRow('insert', table, '["2"]', null, 2_000, null, [2, Buffer.from([8])]);
    again.commitTransaction(pos(200), 2_000);
    again.flush();
    const raw = new Database(path, { readonly: true });
    expect(readMeta(raw, 'version')).toBe(CHANGE_LOG_VERSION);
    raw.close();
    expect(openReader().read(0, 10).map((c) => c.after)).toEqual([
      [1, Buffer.from([7])],
      [2, Buffer.from([8])],
    ]);
  });

  it('refuses a log that belongs to another project', () => {
    openWriter().close();
    expect(() => openWriter('other')).toThrow(/belongs to project p1, not other/);
  });
});

describe('ChangeLogWriter and ChangeLogReader', () => {
  it('writes transactions and reads them back in order, with their images and positions', () => {
    const writer = openWriter();
    const orders = writer.tableId('shop', 'orders', ['id', 'amount', 'note', 'blob', 'at'], [0]);
    expect(writer.tableId('shop', 'orders', ['id', 'amount', 'note', 'blob', 'at'], [0])).toBe(orders);
    const other = writer.tableId('shop', 'orders', ['id', 'amount'], [0]);
    expect(other).not.toBe(orders);

    const row1: Image = ['18446744073709551615', '12.50', null, Buffer.from([1, 2, 3]), '2024-01-02 03:04:05'];
    const row1b: Image = ['18446744073709551615', '-0.01', 'changed', Buffer.alloc(0), '2024-01-02 03:04:06.500000'];
    const size = writer.addRow('insert', orders, '["18446744073709551615"]', null, 1_000, null, row1);
    expect(size).toBe(encodeImage(row1).length);
    writer.addRow('update', orders, '["18446744073709551615"]', null, 1_000, row1, row1b);
    writer.commitTransaction(pos(100, 'gtid-1'), 1_000);

    writer.addDdl('shop', 'ALTER TABLE orders DROP COLUMN note', 2_000);
    writer.commitTransaction(pos(200), 2_000);

    writer.addRow('delete', other, '["5"]', null, 3_000, [5, '1.00'], null);
    writer.commitTransaction(pos(300), 3_000);
    writer.flush();

    expect(writer.transactionsWritten).toBe(3);
    expect(writer.changesWritten).toBe(4);

    const reader = openReader();
    expect(reader.lastCommittedChange()).toBe(4);
    expect(reader.oldestChange()).toBe(1);
    const changes = reader.read(0, 100);
    expect(changes.map((c) => [c.id, c.txn, c.kind])).toEqual([
      [1, 1, 'insert'],
      [2, 1, 'update'],
      [3, 2, 'ddl'],
      [4, 3, 'delete'],
    ]);

    const [insert, update, ddl, del] = changes;
    expect(insert.table).toEqual({ id: orders, database: 'shop', name: 'orders', columns: ['id', 'amount', 'note', 'blob', 'at'], keyColumns: [0] });
    expect(insert.before).toBeNull();
    expect(insert.after).toEqual(row1);
    expect(Buffer.isBuffer(insert.after![3])).toBe(true);
    expect(insert.bytes).toBe(encodeImage(row1).length);
    expect(insert.position).toEqual({ file: 'mysql-bin.000001', pos: 100, gtid: 'gtid-1' });
    expect(insert.eventTs).toBe(1_000);

    expect(update.before).toEqual(row1);
    expect(update.after).toEqual(row1b);
    expect(update.after![1]).toBe('-0.01');
    expect(update.bytes).toBe(encodeImage(row1).length + encodeImage(row1b).length);

    expect(ddl.table).toBeNull();
    expect(ddl.database).toBe('shop');
    expect(ddl.statement).toBe('ALTER TABLE orders DROP COLUMN note');
    expect(ddl.bytes).toBe('ALTER TABLE orders DROP COLUMN note'.length);
    expect(ddl.before).toBeNull();
    expect(ddl.after).toBeNull();
    expect(ddl.position).toEqual(pos(200));

    expect(del.table?.columns).toEqual(['id', 'amount']);
    expect(del.before).toEqual([5, '1.00']);
    expect(del.after).toBeNull();
    expect(del.position.pos).toBe(300);
  });

  it('pages with afterId and limit', () => {
    const writer = openWriter();
    const t = writer.tableId('db', 't', ['id'], [0]);
    for (let txn = 0; txn < 3; txn++) {
      for (let i = 0; i < 3; i++) writer.addRow('insert', t, null, null, 1_000, null, [txn * 3 + i + 1]);
      writer.commitTransaction(pos(100 * (txn + 1)), 1_000);
    }
    writer.flush();
    const reader = openReader();
    expect(reader.read(0, 4).map((c) => c.id)).toEqual([1, 2, 3, 4]);
    expect(reader.read(4, 4).map((c) => c.id)).toEqual([5, 6, 7, 8]);
    expect(reader.read(8, 4).map((c) => c.id)).toEqual([9]);
    expect(reader.read(9, 4)).toEqual([]);
    expect(reader.read(4, 1)[0].after).toEqual([5]);
    expect(reader.read(4, 1)[0].txn).toBe(2);
  });

  it('stops a page once the row images reach maxBytes, but always returns one change', () => {
    const writer = openWriter();
    const t = writer.tableId('db', 't', ['id', 'payload'], [0]);
    const images: Image[] = [1, 2, 3, 4].map((id) => [id, 'x'.repeat(1000)]);
    const size = encodeImage(images[0]).length;
    for (const image of images) expect(encodeImage(image).length).toBe(size);
    for (const image of images) writer.addRow('insert', t, null, null, 1_000, null, image);
    writer.commitTransaction(pos(100), 1_000);
    writer.flush();
    const reader = openReader();
    expect(reader.read(0, 100, 2 * size).map((c) => c.id)).toEqual([1, 2]);
    expect(reader.read(0, 100, 2 * size + 1).map((c) => c.id)).toEqual([1, 2, 3]);
    expect(reader.read(0, 100, 1).map((c) => c.id)).toEqual([1]);
    expect(reader.read(0, 2, 100 * size).map((c) => c.id)).toEqual([1, 2]);
    expect(reader.read(0, 100).map((c) => c.id)).toEqual([1, 2, 3, 4]);
  });

  it('shows a transaction only once it is committed and flushed', () => {
    const writer = openWriter();
    const t = writer.tableId('db', 't', ['id'], [0]);
    writer.addRow('insert', t, '["1"]', null, 1_000, null, [1]);
    writer.commitTransaction(pos(100), 1_000);
    const reader = openReader();
    expect(reader.read(0, 10)).toEqual([]);
    writer.flush();
    expect(reader.read(0, 10).map((c) => c.id)).toEqual([1]);

    // A transaction still being received: its rows reach the file but stay hidden.
    writer.addRow('insert', t, '["2"]', null, 2_000, null, [2]);
    writer.flush();
    expect(reader.read(0, 10).map((c) => c.id)).toEqual([1]);
    expect(reader.lastCommittedChange()).toBe(1);
    expect(reader.firstPendingEventTs(1)).toBeNull();
    writer.commitTransaction(pos(200), 2_000);
    writer.flush();
    expect(reader.read(1, 10).map((c) => c.id)).toEqual([2]);
    expect(reader.firstPendingEventTs(1)).toBe(2_000);
  });

  it('drops a discarded transaction and reuses its change ids', () => {
    const writer = openWriter();
    const t = writer.tableId('db', 't', ['id'], [0]);
    writer.addRow('insert', t, '["1"]', null, 1_000, null, [1]);
    writer.commitTransaction(pos(100), 1_000);
    writer.addRow('insert', t, '["2"]', null, 2_000, null, [2]);
    writer.addRow('insert', t, '["3"]', null, 2_000, null, [3]);
    writer.discardTransaction();
    expect(writer.changesWritten).toBe(1);
    expect(writer.transactionsWritten).toBe(1);
    writer.discardTransaction();
    writer.addRow('insert', t, '["4"]', null, 3_000, null, [4]);
    writer.commitTransaction(pos(300), 3_000);
    writer.flush();
    const changes = openReader().read(0, 10);
    expect(changes.map((c) => [c.id, c.txn, c.after])).toEqual([
      [1, 1, [1]],
      [2, 2, [4]],
    ]);
  });

  it('drops a discarded transaction whose rows were already flushed', () => {
    const writer = openWriter();
    const t = writer.tableId('db', 't', ['id'], [0]);
    writer.addRow('insert', t, '["1"]', null, 1_000, null, [1]);
    writer.flush();
    writer.discardTransaction();
    writer.flush();
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('SELECT COUNT(*) AS n FROM changes').get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
    writer.addRow('insert', t, '["2"]', null, 2_000, null, [2]);
    writer.commitTransaction(pos(200), 2_000);
    writer.flush();
    expect(openReader().read(0, 10).map((c) => [c.id, c.txn, c.after])).toEqual([[1, 1, [2]]]);
  });

  it('moves the resume position with every commit, including transactions without changes', () => {
    const writer = openWriter();
    expect(writer.resumePosition()).toEqual(START);
    writer.commitTransaction(pos(150, 'g-1'), 1_000);
    expect(writer.resumePosition()).toEqual(pos(150, 'g-1'));
    expect(writer.transactionsWritten).toBe(0);
    writer.flush();
    expect(openReader().lastCommittedChange()).toBe(0);
  });

  it('resumes after a reopen: same log id, position and change ids; an unfinished transaction is dropped', () => {
    const writer = openWriter();
    const t = writer.tableId('db', 't', ['id'], [0]);
    writer.addRow('insert', t, '["1"]', null, 1_000, null, [1]);
    writer.addRow('insert', t, '["2"]', null, 1_000, null, [2]);
    writer.commitTransaction(pos(100), 1_000);
    writer.addRow('insert', t, '["3"]', null, 2_000, null, [3]);
    writer.close();

    const first = openReader();
    const logId = first.logId();
    expect(logId).toMatch(/^[0-9a-f-]{36}$/);
    first.close();

    const again = openWriter(PROJECT, { file: 'mysql-bin.000009', pos: 4, gtid: null });
    expect(again.resumePosition()).toEqual(pos(100));
    expect(again.changesWritten).toBe(2);
    expect(again.transactionsWritten).toBe(1);
    expect(again.tableId('db', 't', ['id'], [0])).toBe(t);
    again.addRow('insert', t, '["4"]', null, 3_000, null, [4]);
    again.commitTransaction(pos(400), 3_000);
    again.flush();

    const reader = openReader();
    expect(reader.logId()).toBe(logId);
    expect(reader.read(0, 10).map((c) => [c.id, c.txn, c.after])).toEqual([
      [1, 1, [1]],
      [2, 1, [2]],
      [3, 2, [4]],
    ]);
  });

  it('accepts one writer at a time: a Store of an older lease epoch writes nothing once a newer one opened the log', () => {
    const old = openWriter(PROJECT, START, 1);
    const t = old.tableId('db', 't', ['id'], [0]);
    old.addRow('insert', t, '["1"]', null, 1_000, null, [1]);
    old.commitTransaction(pos(100), 1_000);
    old.flush();
    // Changes the old Store holds but has not flushed when the newer one opens the log.
    old.addRow('insert', t, '["2"]', null, 2_000, null, [2]);
    old.commitTransaction(pos(200), 2_000);

    const newer = openWriter(PROJECT, START, 2);
    expect(newer.resumePosition()).toEqual(pos(100));
    expect(() => old.flush()).toThrow(expect.objectContaining({ code: 'lease_lost' }));
    expect(() => old.tableId('db', 'other', ['id'], [0])).toThrow(/newer run of this project \(lease epoch 2\)/);
    expect(() => old.purge(Date.now(), 10)).toThrow(expect.objectContaining({ code: 'lease_lost' }));

    newer.addRow('insert', t, '["2"]', null, 2_000, null, [2]);
    newer.commitTransaction(pos(200), 2_000);
    newer.flush();
    expect(openReader().read(0, 10).map((c) => [c.id, c.txn, c.after])).toEqual([
      [1, 1, [1]],
      [2, 2, [2]],
    ]);
    // An older epoch can never open it again; the same epoch (a restarted worker of the same run) can.
    expect(() => openWriter(PROJECT, START, 1)).toThrow(expect.objectContaining({ code: 'lease_lost' }));
    newer.close();
    expect(openWriter(PROJECT, START, 2).resumePosition()).toEqual(pos(200));
  });

  it('keeps the start position of the first open', () => {
    openWriter().close();
    const again = openWriter(PROJECT, { file: 'mysql-bin.000777', pos: 4, gtid: null });
    expect(again.resumePosition()).toEqual(START);
  });

  it('finds the oldest heartbeat after a change id, and the first pending event time', () => {
    const writer = openWriter();
    const t = writer.tableId('db', 't', ['id'], [0]);
    writer.addRow('insert', t, '["1"]', null, 1_000, null, [1]);
    writer.commitTransaction(pos(100), 1_000);
    writer.addHeartbeat(5_555, 2_000);
    writer.commitTransaction(pos(200), 2_000);
    writer.addRow('insert', t, '["2"]', null, 3_000, null, [2]);
    writer.commitTransaction(pos(300), 3_000);
    writer.addHeartbeat(7_777, 4_000);
    writer.commitTransaction(pos(400), 4_000);
    writer.flush();

    const reader = openReader();
    expect(reader.heartbeatAfter(0)).toBe(5_555);
    expect(reader.heartbeatAfter(1)).toBe(5_555);
    expect(reader.heartbeatAfter(2)).toBe(7_777);
    expect(reader.heartbeatAfter(4)).toBeNull();
    expect(reader.firstPendingEventTs(0)).toBe(1_000);
    expect(reader.firstPendingEventTs(1)).toBe(2_000);
    expect(reader.firstPendingEventTs(3)).toBe(4_000);
    expect(reader.firstPendingEventTs(4)).toBeNull();

    const beat = reader.read(1, 1)[0];
    expect(beat.kind).toBe('heartbeat');
    expect(beat.beat).toBe(5_555);
    expect(beat.table).toBeNull();
    expect(beat.bytes).toBe(0);
  });

  it('records how far the replay got, for the writer to see', () => {
    const writer = openWriter();
    expect(writer.replayedChangeId()).toBe(0);
    const reader = openReader();
    reader.recordReplayed(7);
    expect(writer.replayedChangeId()).toBe(7);
    reader.recordReplayed(12);
    expect(writer.replayedChangeId()).toBe(12);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('SELECT name, change_id FROM consumers').all()).toEqual([{ name: 'incr-sync', change_id: 12 }]);
    } finally {
      raw.close();
    }
  });
});

describe('purge', () => {
  /** Three transactions of two changes each, at event times 1000, 2000, 3000. */
  function threeTransactions(): ChangeLogWriter {
    const writer = openWriter();
    const t = writer.tableId('db', 't', ['id'], [0]);
    let id = 0;
    for (const ts of [1_000, 2_000, 3_000]) {
      writer.addRow('insert', t, null, null, ts, null, [++id]);
      writer.addRow('insert', t, null, null, ts, null, [++id]);
      writer.commitTransaction(pos(ts), ts);
    }
    writer.flush();
    return writer;
  }

  function transactionRows(): { seq: number; last_change: number }[] {
    const raw = new Database(path, { readonly: true });
    try {
      return raw.prepare('SELECT seq, last_change FROM transactions ORDER BY seq').all() as { seq: number; last_change: number }[];
    } finally {
      raw.close();
    }
  }

  it('never purges changes the replay has not applied', () => {
    const writer = threeTransactions();
    expect(writer.purge(10_000, 0)).toBe(0);
    expect(writer.purge(10_000, 3)).toBe(2);
    expect(openReader().oldestChange()).toBe(3);
    expect(transactionRows()).toEqual([
      { seq: 2, last_change: 4 },
      { seq: 3, last_change: 6 },
    ]);
  });

  it('purges only transactions older than the retention', () => {
    const writer = threeTransactions();
    expect(writer.purge(2_000, 6)).toBe(2);
    expect(writer.purge(2_000, 6)).toBe(0);
    expect(writer.purge(3_000, 6)).toBe(2);
    const reader = openReader();
    expect(reader.oldestChange()).toBe(5);
    expect(reader.read(0, 10).map((c) => c.id)).toEqual([5, 6]);
  });

  it('keeps the newest transaction row, so that change ids continue after a reopen', () => {
    const writer = threeTransactions();
    expect(writer.purge(10_000, 6)).toBe(6);
    expect(transactionRows()).toEqual([{ seq: 3, last_change: 6 }]);
    const reader = openReader();
    expect(reader.oldestChange()).toBeNull();
    expect(reader.lastCommittedChange()).toBe(6);
    reader.close();
    writer.close();

    const again = openWriter();
    expect(again.changesWritten).toBe(6);
    expect(again.transactionsWritten).toBe(3);
    const t = again.tableId('db', 't', ['id'], [0]);
    again.addRow('insert', t, null, null, 4_000, null, [7]);
    again.commitTransaction(pos(4_000), 4_000);
    again.flush();
    expect(openReader().read(0, 10).map((c) => [c.id, c.txn])).toEqual([[7, 4]]);
  });

  it('removes a batch at a time', () => {
    const writer = threeTransactions();
    expect(writer.purge(10_000, 6, 3)).toBe(3);
    expect(openReader().oldestChange()).toBe(4);
    // Transaction 2 still has change 4: its row stays.
    expect(transactionRows().map((r) => r.seq)).toEqual([2, 3]);
    expect(writer.purge(10_000, 6, 3)).toBe(3);
    expect(writer.purge(10_000, 6, 3)).toBe(0);
    expect(transactionRows().map((r) => r.seq)).toEqual([3]);
  });
});
