import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeLogQuery } from '../../../src-shared/contract/units/changelog';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import type { ChangeLogDb } from '../../../src-worker/changelog/schema';
import { openChangeLog } from '../../../src-worker/changelog/schema';
import { changesAfter, searchChangeLog } from '../../../src-worker/changelog/search';
import { keyText } from '../../../src-worker/changelog/values';
import { ChangeLogWriter } from '../../../src-worker/changelog/writer';

const pos = (n: number): BinlogPosition => ({ file: 'mysql-bin.000003', pos: n, gtid: `g-${n}` });

let root: string;
let db: ChangeLogDb;

/**
 * The log searched below:
 *   1 insert shop.orders id=1          ts 10 000
 *   2 insert shop.orders id=2          ts 10 000
 *   3 heartbeat                        ts 20 000
 *   4 update shop.orders id 2 -> 3     ts 30 000
 *   5 ddl (default db shop)            ts 40 000
 *   6 insert shop.orders id=4 (after the DDL: new layout)   ts 50 000
 *   7 insert shop.lines (1, 'a'), long text and bytes       ts 50 000
 *   8 delete shop.lines (1, 'a')       ts 60 000
 *   9 insert shop.orders id=9, never committed
 */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cutover-changelog-search-'));
  const path = join(root, 'changes.sqlite');
  const writer = ChangeLogWriter.open(path, 'p', { file: 'mysql-bin.000003', pos: 4, gtid: null }, 1);
  const orders = writer.tableId('shop', 'orders', ['id', 'note'], [0]);
  const add = (kind: 'insert' | 'update' | 'delete', table: number, keys: number[], ts: number, before: (string | number | Buffer | null)[] | null, after: (string | number | Buffer | null)[] | null) => {
    const rowKey = keyText((after ?? before)!, keys);
    const oldKey = kind === 'update' ? keyText(before!, keys) : null;
    writer.addRow(kind, table, rowKey, oldKey !== rowKey ? oldKey : null, ts, before, after);
  };
  add('insert', orders, [0], 10_000, null, [1, 'first']);
  add('insert', orders, [0], 10_000, null, [2, null]);
  writer.commitTransaction(pos(100), 10_000);
  writer.addHeartbeat(20_500, 20_000);
  writer.commitTransaction(pos(200), 20_000);
  add('update', orders, [0], 30_000, [2, null], [3, 'moved']);
  writer.commitTransaction(pos(300), 30_000);
  writer.addDdl('shop', 'ALTER TABLE orders ADD COLUMN extra INT', 40_000);
  writer.commitTransaction(pos(400), 40_000);
  const orders2 = writer.tableId('shop', 'orders', ['id', 'note', 'extra'], [0]);
  add('insert', orders2, [0], 50_000, null, [4, 'four', 44]);
  const lines = writer.tableId('shop', 'lines', ['order_id', 'code', 'text', 'raw'], [0, 1]);
  add('insert', lines, [0, 1], 50_000, null, [1, 'a', 'y'.repeat(600), Buffer.from([0xde, 0xad])]);
  writer.commitTransaction(pos(500), 50_000);
  add('delete', lines, [0, 1], 60_000, [1, 'a', 'short', null], null);
  writer.commitTransaction(pos(600), 60_000);
  add('insert', orders2, [0], 70_000, null, [9, 'open', 0]);
  writer.close();
  db = openChangeLog(path, 'read');
});

afterEach(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

const search = (query: Partial<ChangeLogQuery>) => searchChangeLog(db, { limit: 100, ...query });
const ids = (query: Partial<ChangeLogQuery>) => search(query).entries.map((e) => e.id);

describe('searchChangeLog', () => {
  it('lists committed changes newest first, without heartbeats, with the time range held', () => {
    const page = search({});
    expect(page.entries.map((e) => e.id)).toEqual([8, 7, 6, 5, 4, 2, 1]);
    expect(page.nextBeforeId).toBeNull();
    expect(page.oldestTs).toBe(10_000);
    expect(page.newestTs).toBe(60_000);
  });

  it('shows rows with their table, key, position and values as text', () => {
    const entries = search({}).entries;
    const update = entries.find((e) => e.id === 4)!;
    expect(update).toEqual({
      id: 4,
      kind: 'update',
      database: 'shop',
      table: 'orders',
      key: ['3'],
      eventTs: 30_000,
      file: 'mysql-bin.000003',
      pos: 300,
      gtid: 'g-300',
      before: { id: '2', note: null },
      after: { id: '3', note: 'moved' },
      statement: null,
    });
    const ddl = entries.find((e) => e.id === 5)!;
    expect(ddl).toMatchObject({ kind: 'ddl', database: 'shop', table: null, key: null, before: null, after: null, statement: 'ALTER TABLE orders ADD COLUMN extra INT' });
    const insert = entries.find((e) => e.id === 7)!;
    expect(insert.key).toEqual(['1', 'a']);
    expect(insert.after!.raw).toBe('0xdead');
    expect(insert.after!.text).toBe(`${'y'.repeat(512)}… (600 characters)`);
    expect(entries.find((e) => e.id === 8)!.before).toEqual({ order_id: '1', code: 'a', text: 'short', raw: null });
    expect(entries.find((e) => e.id === 6)!.after).toEqual({ id: '4', note: 'four', extra: '44' });
  });

  it('filters by exact table name, across the layouts of the table', () => {
    expect(ids({ table: 'shop.orders' })).toEqual([6, 4, 2, 1]);
    expect(ids({ table: 'shop.lines' })).toEqual([8, 7]);
    expect(ids({ table: '`shop`.`lines`' })).toEqual([8, 7]);
    const none = search({ table: 'shop.missing' });
    expect(none.entries).toEqual([]);
    expect(none.nextBeforeId).toBeNull();
    expect(none.oldestTs).toBe(10_000);
    expect(() => search({ table: 'orders' })).toThrow(/is not a table name/);
    expect(() => search({ table: 'shop.*' })).toThrow(/is not a table name/);
  });

  it('filters by key value, also finding an update that moved the key', () => {
    expect(ids({ key: '1' })).toEqual([1]);
    expect(ids({ key: '3' })).toEqual([4]);
    expect(ids({ key: '2' })).toEqual([4, 2]);
    expect(ids({ key: '1, a' })).toEqual([8, 7]);
    expect(ids({ key: '1,a', table: 'shop.orders' })).toEqual([]);
    expect(ids({ key: '42' })).toEqual([]);
  });

  it('filters by an inclusive time range and by kind', () => {
    expect(ids({ from: 30_000, to: 50_000 })).toEqual([7, 6, 5, 4]);
    expect(ids({ from: 50_001 })).toEqual([8]);
    expect(ids({ to: 10_000 })).toEqual([2, 1]);
    expect(ids({ kinds: ['delete', 'ddl'] })).toEqual([8, 5]);
    expect(ids({ kinds: ['insert'], table: 'shop.orders', from: 20_000 })).toEqual([6]);
  });

  it('pages with limit and beforeId', () => {
    const first = search({ limit: 3 });
    expect(first.entries.map((e) => e.id)).toEqual([8, 7, 6]);
    expect(first.nextBeforeId).toBe(6);
    const second = search({ limit: 3, beforeId: first.nextBeforeId! });
    expect(second.entries.map((e) => e.id)).toEqual([5, 4, 2]);
    expect(second.nextBeforeId).toBe(2);
    const third = search({ limit: 3, beforeId: second.nextBeforeId! });
    expect(third.entries.map((e) => e.id)).toEqual([1]);
    expect(third.nextBeforeId).toBeNull();
    const exact = search({ limit: 7 });
    expect(exact.entries).toHaveLength(7);
    expect(exact.nextBeforeId).toBeNull();
  });
});

describe('changesAfter (the switchover breaches)', () => {
  const orders = { database: 'shop', table: 'orders' };
  const lines = { database: 'shop', table: 'lines' };
  const after = (position: BinlogPosition, tables = [orders], limit = 100) => changesAfter(db, position, tables, limit);

  it('finds the committed changes to the tables, and DDL in their databases, after the position, oldest first', () => {
    expect(after(pos(250)).entries.map((e) => e.id)).toEqual([4, 5, 6]);
    expect(after(pos(450), [lines]).entries.map((e) => [e.id, e.kind, e.table])).toEqual([
      [7, 'insert', 'lines'],
      [8, 'delete', 'lines'],
    ]);
    // A transaction ending exactly at the position is before it; the uncommitted change 9 is not there.
    expect(after(pos(300)).entries.map((e) => e.id)).toEqual([5, 6]);
    expect(after(pos(600), [orders, lines])).toEqual({ entries: [], count: 0 });
  });

  it('counts them all while it returns the first few, and knows a later binlog file', () => {
    expect(after(pos(0), [orders], 1)).toMatchObject({ count: 5, entries: [{ id: 1 }] });
    expect(after({ file: 'mysql-bin.000004', pos: 4, gtid: null }, [orders, lines]).count).toBe(0);
    expect(after(pos(250), [{ database: 'crm', table: 'contacts' }]).count).toBe(0);
  });
});
