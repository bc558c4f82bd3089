import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src-worker/changelog/values';
import type { TextColumn } from '../../../src-worker/units/incr-sync/collation-keys';
import type { TextKey } from '../../../src-worker/units/incr-sync/lanes-plan';
import { batchOrder, LanePlan, orderingKeys as keysWith } from '../../../src-worker/units/incr-sync/lanes-plan';
import type { Op } from '../../../src-worker/units/incr-sync/ops';
import { opsFor } from '../../../src-worker/units/incr-sync/ops';
import { statementsFor } from '../../../src-worker/units/incr-sync/sql';
import type { TargetTable } from '../../../src-worker/units/incr-sync/target-table';

const generalCi: TextColumn = { charset: 'utf8mb4', collation: 'utf8mb4_general_ci' };

/**
 * Stands in for the destination's collation weights (real ones are tested against
 * MariaDB): case-insensitive, and equating what `equal` lists.
 */
function fakeCollation(equal: Record<string, string> = {}): TextKey {
  return (_column, text) => `w:${(equal[text] ?? text).toLowerCase()}`;
}
const textKey = fakeCollation();
const orderingKeys = (op: Op) => keysWith(op, textKey);

/** id primary key, email unique (nullable). */
const users: TargetTable = {
  name: { database: 'app', table: 'users' },
  columns: ['id', 'email', 'name'],
  imageIndex: [0, 1, 2],
  numeric: [true, false, false],
  bit: [false, false, false],
  key: [0],
  uniqueKeys: [[0], [1]],
  uniquePrefixes: [[null], [null]],
  text: [null, generalCi, generalCi],
};

const logs: TargetTable = {
  name: { database: 'app', table: 'logs' },
  columns: ['at', 'message'],
  imageIndex: [0, 1],
  numeric: [false, false],
  bit: [false, false],
  key: null,
  uniqueKeys: [],
  uniquePrefixes: [],
  text: [generalCi, generalCi],
};

const upsert = (row: Value[], table = users): Op => ({ kind: 'upsert', table, row });
const del = (row: Value[], table = users): Op => ({ kind: 'delete', table, key: [row[0]], row });

function laneOf(plan: LanePlan, op: Op): number {
  const lane = plan.lanes.findIndex((ops) => ops.includes(op));
  expect(lane).toBeGreaterThanOrEqual(0);
  return lane;
}

/** The lane a lone upsert of this id goes to in a fresh plan. */
function freshLane(id: number, lanes = 4): number {
  const plan = new LanePlan(lanes, textKey);
  const op = upsert([id, null, 'x']);
  plan.add([op]);
  return laneOf(plan, op);
}

/** Two ids whose rows go to different lanes. */
function idsInDifferentLanes(): [number, number] {
  const first = freshLane(1);
  for (let id = 2; id < 1000; id++) if (freshLane(id) !== first) return [1, id];
  throw new Error('every id hashed to one lane');
}

describe('orderingKeys', () => {
  it('gives one key per unique key with no NULL, equal for equal values', () => {
    expect(orderingKeys(upsert([1, 'a@x', 'A']))).toHaveLength(2);
    expect(orderingKeys(upsert([1, null, 'A']))).toHaveLength(1);
    expect(orderingKeys(upsert([1, null, 'A']))).toEqual(orderingKeys(upsert([1, null, 'B'])));
    expect(orderingKeys(upsert([1, 'a@x', 'A']))).not.toEqual(orderingKeys(upsert([2, 'a@x', 'A'])));
    // A delete is ordered by its before image, like an upsert of the same row.
    expect(orderingKeys(del([1, 'a@x', 'A']))).toEqual(orderingKeys(upsert([1, 'a@x', 'B'])));
  });

  it('orders text by its collation key, on the compared text: no trailing spaces under PAD SPACE, the indexed prefix only', () => {
    const [, emailA] = orderingKeys(upsert([1, 'Emile@X.org', 'A']));
    const [, emailB] = orderingKeys(upsert([2, 'emile@x.org  ', 'B']));
    expect(emailA).toBe(emailB);
    const [, other] = orderingKeys(upsert([3, 'emilie@x.org', 'C']));
    expect(other).not.toBe(emailA);
    // Under a NO PAD collation trailing spaces count.
    const noPad: TargetTable = { ...users, text: [null, { charset: 'utf8mb4', collation: 'utf8mb4_nopad_bin' }, null] };
    expect(keysWith(upsert([1, 'a ', 'A'], noPad), textKey)[1]).not.toBe(keysWith(upsert([2, 'a', 'B'], noPad), textKey)[1]);
    // UNIQUE (email(5)): values sharing the first five characters clash; bytes by their first bytes.
    const prefixed: TargetTable = { ...users, uniquePrefixes: [[3], [5]] };
    expect(orderingKeys(upsert([1, 'abcdeXYZ', 'A'], prefixed))[1]).toBe(orderingKeys(upsert([2, 'ABCDEqrs', 'B'], prefixed))[1]);
    expect(orderingKeys(upsert([Buffer.from('abcd'), null, 'A'], prefixed))).toEqual(orderingKeys(upsert([Buffer.from('abcX'), null, 'B'], prefixed)));
    // Text of a column without a collation (a DECIMAL or DATETIME as text) is compared exactly.
    const plain: TargetTable = { ...users, text: [null, null, null] };
    expect(orderingKeys(upsert([1, 'X', 'A'], plain))[1]).not.toBe(orderingKeys(upsert([2, 'x', 'B'], plain))[1]);
  });

  it('tells bytes, numbers and NULL apart by value', () => {
    const bin: TargetTable = { ...users, name: { database: 'app', table: 'bin' } };
    expect(orderingKeys(upsert([Buffer.from([1]), null, null], bin))).toEqual(orderingKeys(upsert([Buffer.from([1]), null, null], bin)));
    expect(orderingKeys(upsert([Buffer.from([1]), null, null], bin))).not.toEqual(orderingKeys(upsert([Buffer.from([2]), null, null], bin)));
    // A BIGINT key may arrive as a number or as exact text: the same row either way.
    expect(orderingKeys(upsert([10, null, null]))).toEqual(orderingKeys(upsert(['10', null, null])));
  });

  it('keeps the same key of two tables apart', () => {
    const other: TargetTable = { ...users, name: { database: 'app', table: 'admins' } };
    expect(orderingKeys(upsert([1, null, 'A']))).not.toEqual(orderingKeys(upsert([1, null, 'A'], other)));
  });

  it('gives every row of a keyless table one table-wide key', () => {
    const a = orderingKeys({ kind: 'insert', table: logs, row: ['t1', 'a'] });
    const b = orderingKeys({ kind: 'delete-row', table: logs, row: ['t2', 'b'] });
    const c = orderingKeys({ kind: 'update-row', table: logs, before: ['t2', 'b'], after: ['t3', 'c'] });
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });
});

describe('LanePlan', () => {
  it('spreads changes of different keys over the lanes, the same way every time', () => {
    const plan = new LanePlan(4, textKey);
    const ops = Array.from({ length: 64 }, (_, i) => upsert([i + 1, null, 'x']));
    for (const op of ops) expect(plan.add([op])).toBe(true);
    expect(plan.ops).toBe(64);
    expect(plan.lanes.flat()).toHaveLength(64);
    expect(plan.lanes.filter((lane) => lane.length > 0).length).toBeGreaterThan(1);
    for (const [i, op] of ops.entries()) expect(laneOf(plan, op)).toBe(freshLane(i + 1));
  });

  it('keeps every change of one key in one lane, in log order', () => {
    const plan = new LanePlan(4, textKey);
    const a1 = upsert([7, null, 'one']);
    const other = upsert([8, null, 'x']);
    const a2 = del([7, null, 'one']);
    const a3 = upsert([7, null, 'two']);
    for (const op of [a1, other, a2, a3]) expect(plan.add([op])).toBe(true);
    const lane = laneOf(plan, a1);
    expect(plan.lanes[lane].filter((op) => 'row' in op && op.row[0] === 7)).toEqual([a1, a2, a3]);
  });

  it('puts rows that share a unique value in the lane of the first', () => {
    const [id1, id2] = idsInDifferentLanes();
    const plan = new LanePlan(4, textKey);
    const first = upsert([id1, 'Same@Mail', 'a']);
    const second = upsert([id2, 'same@mail', 'b']);
    expect(plan.add([first])).toBe(true);
    expect(plan.add([second])).toBe(true);
    expect(laneOf(plan, second)).toBe(laneOf(plan, first));
    expect(laneOf(plan, first)).toBe(freshLane(id1));
  });

  // utf8mb4_general_ci gives every character outside the BMP one weight, and equates ß with s:
  // a unique index on such a column holds at most one of '🍣' and '🍺', or of 'straße' and 'strase'.
  it('puts rows whose unique values the collation equates in one lane', () => {
    const [id1, id2] = idsInDifferentLanes();
    const general = fakeCollation({ '🍣': '\ufffd', '🍺': '\ufffd', straße: 'strase' });
    for (const [a, b] of [
      ['🍣', '🍺'],
      ['straße', 'strase'],
    ]) {
      const plan = new LanePlan(4, general);
      const first = upsert([id1, a, 'a']);
      const second = upsert([id2, b, 'b']);
      expect(plan.add([first])).toBe(true);
      expect(plan.add([second])).toBe(true);
      expect(laneOf(plan, second)).toBe(laneOf(plan, first));
    }
  });

  it('refuses, adding nothing, a change that would join two lanes', () => {
    const [id1, id2] = idsInDifferentLanes();
    const plan = new LanePlan(4, textKey);
    expect(plan.add([upsert([id1, null, 'a'])])).toBe(true);
    expect(plan.add([upsert([id2, null, 'b'])])).toBe(true);
    const before = plan.lanes.map((lane) => [...lane]);
    // The key moves from id1 to id2: both lanes would need it.
    const move = opsFor({ kind: 'update', before: [id1, null, 'a'], after: [id2, null, 'a'] }, users, true);
    expect(move.map((op) => op.kind)).toEqual(['delete', 'upsert']);
    expect(plan.add(move)).toBe(false);
    expect(plan.ops).toBe(2);
    expect(plan.lanes).toEqual(before);
    // So does a row taking a unique value held in another lane.
    expect(plan.add([upsert([id1, null, 'a']), upsert([id2, null, 'b'])])).toBe(false);
    const plan2 = new LanePlan(4, textKey);
    plan2.add([upsert([id1, 'x@y', 'a'])]);
    plan2.add([upsert([id2, null, 'b'])]);
    expect(plan2.add([upsert([id2, 'x@y', 'b'])])).toBe(false);
  });

  it('puts a key change in one lane, which the new key then keeps', () => {
    const [id1, id2] = idsInDifferentLanes();
    const plan = new LanePlan(4, textKey);
    const insert = upsert([id1, null, 'a']);
    plan.add([insert]);
    const lane = laneOf(plan, insert);
    const move = opsFor({ kind: 'update', before: [id1, null, 'a'], after: [id2, null, 'a'] }, users, true);
    expect(plan.add(move)).toBe(true);
    expect(plan.lanes[lane].slice(-2)).toEqual(move);
    const later = upsert([id2, null, 'b']);
    expect(plan.add([later])).toBe(true);
    expect(laneOf(plan, later)).toBe(lane);
    expect(lane).not.toBe(freshLane(id2));
  });

  it('sends keyless tables to lane 0', () => {
    const plan = new LanePlan(4, textKey);
    const ops: Op[] = [
      { kind: 'insert', table: logs, row: ['t1', 'a'] },
      { kind: 'update-row', table: logs, before: ['t1', 'a'], after: ['t1', 'b'] },
      { kind: 'delete-row', table: logs, row: ['t1', 'b'] },
    ];
    for (const op of ops) expect(plan.add([op])).toBe(true);
    expect(plan.lanes[0]).toEqual(ops);
    expect(plan.lanes.slice(1).every((lane) => lane.length === 0)).toBe(true);
  });

  it('accepts an empty change and a single lane', () => {
    const plan = new LanePlan(1, textKey);
    expect(plan.add([])).toBe(true);
    expect(plan.ops).toBe(0);
    for (let id = 1; id <= 10; id++) expect(plan.add([upsert([id, null, 'x'])])).toBe(true);
    expect(plan.lanes).toHaveLength(1);
    expect(plan.lanes[0]).toHaveLength(10);
  });
});

describe('batchOrder', () => {
  const entry = (op: Op) => ({ op, keys: orderingKeys(op) });
  const ins = (row: Value[]): Op => ({ kind: 'insert', table: users, row });

  it('gathers a mix of many keys into one batch per kind and table', () => {
    const ops = [ins([1, null, 'a']), del([2, null, 'b']), upsert([3, null, 'c']), ins([4, null, 'd']), del([5, null, 'e']), upsert([6, null, 'f'])];
    const ordered = batchOrder(ops.map(entry));
    expect(ordered.map((op) => op.kind)).toEqual(['insert', 'insert', 'delete', 'delete', 'upsert', 'upsert']);
    expect(statementsFor(ordered)).toHaveLength(3);
  });

  it('keeps every key in order, unique values included', () => {
    const a1 = ins([1, 'x@y', 'a']);
    const a2 = del([1, 'x@y', 'a']);
    const b = ins([2, 'X@Y', 'b']); // takes the unique value a1 held
    const c = ins([3, null, 'c']);
    const a3 = ins([1, null, 'again']);
    const ordered = batchOrder([a1, a2, b, c, a3].map(entry));
    const position = (op: Op) => ordered.indexOf(op);
    expect(position(a1)).toBeLessThan(position(a2));
    expect(position(a2)).toBeLessThan(position(b));
    expect(position(a2)).toBeLessThan(position(a3));
    // c touches nothing of the others: it joins the latest insert batch, with b and a3.
    expect(ordered).toEqual([a1, a2, b, c, a3]);
    expect(statementsFor(ordered)).toHaveLength(3);
  });

  it('keeps a key change (delete of the old key, upsert of the new) and the rows of a keyless table in order', () => {
    const move = opsFor({ kind: 'update', before: [1, 'm@x', 'a'], after: [9, 'm@x', 'a'] }, users, true);
    const other = upsert([5, null, 'z']);
    const ordered = batchOrder([...move, other].map(entry));
    expect(ordered.indexOf(move[0])).toBeLessThan(ordered.indexOf(move[1]));
    const rows: Op[] = [
      { kind: 'insert', table: logs, row: ['t1', 'a'] },
      { kind: 'delete-row', table: logs, row: ['t1', 'a'] },
      { kind: 'insert', table: logs, row: ['t1', 'a'] },
      { kind: 'insert', table: logs, row: ['t2', 'b'] },
    ];
    expect(batchOrder(rows.map(entry))).toEqual(rows);
  });
});

describe('LanePlan.batched', () => {
  /** A seeded generator, so that a failure repeats. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
  }

  it('orders each lane as batchOrder does, keeping every key and unique value in log order (random rounds)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const pick = (n: number) => Math.floor(next() * n);
      const emails = ['a@x', 'A@X', 'b@x', null];
      const plan = new LanePlan(1 + pick(4), textKey);
      for (let i = 0; i < 300; i++) {
        const id = 1 + pick(30);
        const row: Value[] = [id, emails[pick(emails.length)], `v${i}`];
        const choice = pick(5);
        const ops =
          choice === 0
            ? opsFor({ kind: 'update', before: row, after: [1 + pick(30), row[1], row[2]] }, users, next() < 0.5)
            : choice === 1
              ? [del(row)]
              : choice === 2
                ? [{ kind: 'insert', table: users, row } as Op]
                : choice === 3
                  ? [{ kind: 'insert', table: logs, row: [`t${pick(3)}`, `m${i}`] } as Op]
                  : [upsert(row)];
        plan.add(ops);
      }
      for (let lane = 0; lane < plan.laneCount; lane++) {
        const inLog = plan.lanes[lane];
        const ordered = plan.batched(lane);
        expect(ordered).toEqual(batchOrder(inLog.map((op) => ({ op, keys: orderingKeys(op) }))));
        // Any two operations sharing a key keep their log order.
        const at = new Map(ordered.map((op, i) => [op, i]));
        for (let a = 0; a < inLog.length; a++) {
          const keysA = new Set(orderingKeys(inLog[a]));
          for (let b = a + 1; b < inLog.length; b++) {
            if (orderingKeys(inLog[b]).some((k) => keysA.has(k))) expect(at.get(inLog[a])!).toBeLessThan(at.get(inLog[b])!);
          }
        }
      }
    }
  });
});
