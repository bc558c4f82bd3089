import { describe, expect, it } from 'vitest';
import type { LoggedTable } from '../../../src-worker/changelog/reader';
import type { DestinationTable } from '../../../src-worker/units/incr-sync/destination-tables';
import type { Op } from '../../../src-worker/units/incr-sync/ops';
import { opsFor } from '../../../src-worker/units/incr-sync/ops';
import type { Route } from '../../../src-worker/units/incr-sync/routes';
import { literal, statementsFor } from '../../../src-worker/units/incr-sync/sql';
import type { TargetTable } from '../../../src-worker/units/incr-sync/target-table';
import { targetTable } from '../../../src-worker/units/incr-sync/target-table';

const UTF8 = { charset: 'utf8mb4', collation: 'utf8mb4_general_ci' };

const orders: TargetTable = {
  name: { database: 'shop', table: 'orders' },
  columns: ['id', 'amount', 'note', 'flags', 'data'],
  imageIndex: [0, 1, 2, 3, 4],
  numeric: [true, true, false, false, false],
  bit: [false, false, false, true, false],
  key: [0],
  uniqueKeys: [[0]],
  uniquePrefixes: [[null]],
  text: [null, null, UTF8, null, null],
};
const ORDERS_INTO = '`shop`.`orders` (`id`, `amount`, `note`, `flags`, `data`)';

const lines: TargetTable = {
  name: { database: 'shop', table: 'lines' },
  columns: ['order_id', 'code', 'qty'],
  imageIndex: [0, 1, 2],
  numeric: [true, false, true],
  bit: [false, false, false],
  key: [0, 1],
  uniqueKeys: [[0, 1]],
  uniquePrefixes: [[null, null]],
  text: [null, UTF8, null],
};

const logs: TargetTable = {
  name: { database: 'app', table: 'logs' },
  columns: ['at', 'message', 'level'],
  imageIndex: [0, 1, 2],
  numeric: [false, false, true],
  bit: [false, false, false],
  key: null,
  uniqueKeys: [],
  uniquePrefixes: [],
  text: [null, UTF8, null],
};

describe('literal', () => {
  it('writes NULL, numbers and exact numeric text without quotes', () => {
    expect(literal(null, orders, 2)).toBe('NULL');
    expect(literal(42, orders, 2)).toBe('42');
    expect(literal(-1.25, orders, 1)).toBe('-1.25');
    expect(literal('18446744073709551615', orders, 0)).toBe('18446744073709551615');
    expect(literal('-12345678901234567890.000100', orders, 1)).toBe('-12345678901234567890.000100');
    expect(literal('1.5e-3', orders, 1)).toBe('1.5e-3');
  });

  it('quotes text, and numeric-looking text in a text column', () => {
    expect(literal('42', orders, 2)).toBe("'42'");
    expect(literal('12abc', orders, 1)).toBe("'12abc'");
    expect(literal("O'Brien \\ ok", orders, 2)).toBe("'O\\'Brien \\\\ ok'");
    expect(literal('2024-01-02 03:04:05.250000', orders, 2)).toBe("'2024-01-02 03:04:05.250000'");
    expect(literal('', orders, 2)).toBe("''");
  });

  it('writes bytes as hex, and BIT values as integers', () => {
    expect(literal(Buffer.from([0xca, 0xfe]), orders, 4)).toBe("X'cafe'");
    expect(literal(Buffer.alloc(0), orders, 4)).toBe("X''");
    expect(literal(Buffer.from([0x01, 0x00]), orders, 3)).toBe('256');
    expect(literal(Buffer.from([0x05]), orders, 3)).toBe('5');
    expect(literal(Buffer.alloc(8, 0xff), orders, 3)).toBe('18446744073709551615');
    expect(literal(Buffer.alloc(0), orders, 3)).toBe('0');
  });
});

describe('statementsFor', () => {
  const up = (row: (string | number | Buffer | null)[], table = orders): Op => ({ kind: 'upsert', table, row });
  const ins = (row: (string | number | Buffer | null)[], table = orders): Op => ({ kind: 'insert', table, row });
  const del = (row: (string | number | Buffer | null)[], table = orders): Op => ({ kind: 'delete', table, key: table.key!.map((i) => row[i]), row });

  it('writes an upsert as REPLACE and an insert as INSERT, with every written column', () => {
    expect(statementsFor([up([1, '9.99', 'a', Buffer.from([3]), Buffer.from([0])])])).toEqual([`REPLACE INTO ${ORDERS_INTO} VALUES (1, 9.99, 'a', 3, X'00')`]);
    expect(statementsFor([ins(['2', null, null, null, null])])).toEqual([`INSERT INTO ${ORDERS_INTO} VALUES (2, NULL, NULL, NULL, NULL)`]);
  });

  it('joins consecutive operations of one kind on one table, and keeps their order', () => {
    const ops = [up([1, 1, 'a', null, null]), up([2, 2, 'b', null, null]), del([3, 0, null, null, null]), del([4, 0, null, null, null]), up([3, 3, 'c', null, null]), ins([5, 5, 'e', null, null])];
    expect(statementsFor(ops)).toEqual([
      `REPLACE INTO ${ORDERS_INTO} VALUES (1, 1, 'a', NULL, NULL), (2, 2, 'b', NULL, NULL)`,
      'DELETE FROM `shop`.`orders` WHERE `id` IN (3, 4)',
      `REPLACE INTO ${ORDERS_INTO} VALUES (3, 3, 'c', NULL, NULL)`,
      `INSERT INTO ${ORDERS_INTO} VALUES (5, 5, 'e', NULL, NULL)`,
    ]);
  });

  it('does not join operations on different tables', () => {
    const copy: TargetTable = { ...orders, name: { database: 'shop', table: 'orders_copy' } };
    expect(statementsFor([del([1, 0, null, null, null]), del([2, 0, null, null, null], copy)])).toEqual([
      'DELETE FROM `shop`.`orders` WHERE `id` IN (1)',
      'DELETE FROM `shop`.`orders_copy` WHERE `id` IN (2)',
    ]);
  });

  it('deletes by a composite key with one condition per row', () => {
    expect(statementsFor([del([1, 'a', 5], lines), del([2, "b'c", 6], lines)])).toEqual([
      "DELETE FROM `shop`.`lines` WHERE (`order_id` = 1 AND `code` = 'a') OR (`order_id` = 2 AND `code` = 'b\\'c')",
    ]);
    expect(statementsFor([del(['9007199254740993', 'x', 0], lines)])).toEqual(["DELETE FROM `shop`.`lines` WHERE (`order_id` = 9007199254740993 AND `code` = 'x')"]);
  });

  it('matches rows of a keyless table by every value with <=>, one row at a time', () => {
    const ops: Op[] = [
      { kind: 'delete-row', table: logs, row: ['2024-01-01 00:00:00', null, 3] },
      { kind: 'delete-row', table: logs, row: ['2024-01-01 00:00:01', 'x', 1] },
      { kind: 'update-row', table: logs, before: ['2024-01-01 00:00:02', null, 1], after: ['2024-01-01 00:00:02', 'done', '2'] },
    ];
    expect(statementsFor(ops)).toEqual([
      "DELETE FROM `app`.`logs` WHERE `at` <=> '2024-01-01 00:00:00' AND `message` <=> NULL AND `level` <=> 3 LIMIT 1",
      "DELETE FROM `app`.`logs` WHERE `at` <=> '2024-01-01 00:00:01' AND `message` <=> 'x' AND `level` <=> 1 LIMIT 1",
      "UPDATE `app`.`logs` SET `at` = '2024-01-01 00:00:02', `message` = 'done', `level` = 2 WHERE `at` <=> '2024-01-01 00:00:02' AND `message` <=> NULL AND `level` <=> 1 LIMIT 1",
    ]);
    expect(statementsFor([{ kind: 'insert', table: logs, row: ['t', 'a', 1] }, { kind: 'insert', table: logs, row: ['t', 'b', 2] }])).toEqual([
      "INSERT INTO `app`.`logs` (`at`, `message`, `level`) VALUES ('t', 'a', 1), ('t', 'b', 2)",
    ]);
  });

  it('quotes names holding backticks', () => {
    const odd: TargetTable = { name: { database: 'my`db', table: 'odd`name' }, columns: ['we`ird', 'id'], imageIndex: [0, 1], numeric: [false, true], bit: [false, false], key: [1], uniqueKeys: [[1]], uniquePrefixes: [[null]], text: [null, null] };
    expect(statementsFor([{ kind: 'upsert', table: odd, row: ['v', 1] }])).toEqual(["REPLACE INTO `my``db`.`odd``name` (`we``ird`, `id`) VALUES ('v', 1)"]);
    expect(statementsFor([{ kind: 'delete', table: odd, key: [1], row: ['v', 1] }])).toEqual(['DELETE FROM `my``db`.`odd``name` WHERE `id` IN (1)']);
    const keyless: TargetTable = { ...odd, key: null, uniqueKeys: [], uniquePrefixes: [] };
    expect(statementsFor([{ kind: 'delete-row', table: keyless, row: ['v', 1] }])).toEqual(["DELETE FROM `my``db`.`odd``name` WHERE `we``ird` <=> 'v' AND `id` <=> 1 LIMIT 1"]);
  });

  it('cuts long runs into statements of about a megabyte', () => {
    const big = 'z'.repeat(400_000);
    const statements = statementsFor([1, 2, 3].map((id) => up([id, 0, big, null, null])));
    expect(statements).toHaveLength(2);
    expect(statements[0].startsWith(`REPLACE INTO ${ORDERS_INTO} VALUES (1, 0, '`)).toBe(true);
    expect(statements[0]).toContain(`), (2, 0, '`);
    expect(statements[1].startsWith(`REPLACE INTO ${ORDERS_INTO} VALUES (3, 0, '`)).toBe(true);
    for (const statement of statements) expect(statement.length).toBeLessThanOrEqual(1 << 20);

    const keys: TargetTable = { ...orders, numeric: [false, true, false, false, false] };
    const deletes = [1, 2, 3, 4, 5].map((n): Op => ({ kind: 'delete', table: keys, key: [`${n}${'k'.repeat(300_000)}`], row: [] }));
    const deleted = statementsFor(deletes);
    expect(deleted).toHaveLength(2);
    expect(deleted[0].match(/'\d/g)).toEqual(["'1", "'2", "'3", "'4"]);
    expect(deleted[1].match(/'\d/g)).toEqual(["'5"]);
  });

  it('returns nothing for no operations', () => {
    expect(statementsFor([])).toEqual([]);
  });
});

describe('opsFor', () => {
  it('inserts: REPLACE in safe mode, INSERT otherwise', () => {
    const after = [1, '2.00', 'n', null, null];
    expect(opsFor({ kind: 'insert', before: null, after }, orders, true)).toEqual([{ kind: 'upsert', table: orders, row: after }]);
    expect(opsFor({ kind: 'insert', before: null, after }, orders, false)).toEqual([{ kind: 'insert', table: orders, row: after }]);
  });

  it('deletes by the key of the before image', () => {
    const before = [7, '1.00', 'gone', null, null];
    for (const safe of [true, false]) expect(opsFor({ kind: 'delete', before, after: null }, orders, safe)).toEqual([{ kind: 'delete', table: orders, key: [7], row: before }]);
    expect(opsFor({ kind: 'delete', before: [2, 'b', 9], after: null }, lines, false)).toEqual([{ kind: 'delete', table: lines, key: [2, 'b'], row: [2, 'b', 9] }]);
  });

  it('writes an update as an upsert of the after image, or delete plus upsert when the key changed', () => {
    const before = [1, '1.00', 'a', null, null];
    const after = [1, '2.00', 'b', null, null];
    for (const safe of [true, false]) expect(opsFor({ kind: 'update', before, after }, orders, safe)).toEqual([{ kind: 'upsert', table: orders, row: after }]);
    const moved = [2, '1.00', 'a', null, null];
    expect(opsFor({ kind: 'update', before, after: moved }, orders, false)).toEqual([
      { kind: 'delete', table: orders, key: [1], row: before },
      { kind: 'upsert', table: orders, row: moved },
    ]);
    // One part of a composite key is enough.
    expect(opsFor({ kind: 'update', before: [1, 'a', 1], after: [1, 'b', 1] }, lines, true).map((op) => op.kind)).toEqual(['delete', 'upsert']);
  });

  it('compares binary keys by their bytes', () => {
    const bin: TargetTable = { ...orders, name: { database: 'shop', table: 'bin' }, numeric: [false, false, false, false, false], bit: [false, false, false, false, false] };
    const same = opsFor({ kind: 'update', before: [Buffer.from([1, 2]), null, 'a', null, null], after: [Buffer.from([1, 2]), null, 'b', null, null] }, bin, true);
    expect(same.map((op) => op.kind)).toEqual(['upsert']);
    const changed = opsFor({ kind: 'update', before: [Buffer.from([1, 2]), null, 'a', null, null], after: [Buffer.from([1, 3]), null, 'a', null, null] }, bin, true);
    expect(changed.map((op) => op.kind)).toEqual(['delete', 'upsert']);
    expect((changed[0] as Extract<Op, { kind: 'delete' }>).key).toEqual([Buffer.from([1, 2])]);
  });

  it('matches keyless rows by value in every mode', () => {
    for (const safe of [true, false]) {
      expect(opsFor({ kind: 'insert', before: null, after: ['t', 'm', 1] }, logs, safe)).toEqual([{ kind: 'insert', table: logs, row: ['t', 'm', 1] }]);
      expect(opsFor({ kind: 'delete', before: ['t', 'm', 1], after: null }, logs, safe)).toEqual([{ kind: 'delete-row', table: logs, row: ['t', 'm', 1] }]);
      expect(opsFor({ kind: 'update', before: ['t', 'm', 1], after: ['t', 'n', 1] }, logs, safe)).toEqual([{ kind: 'update-row', table: logs, before: ['t', 'm', 1], after: ['t', 'n', 1] }]);
    }
  });

  it('projects images onto the written columns', () => {
    // Source image: (note, id, secret, amount); written: id, amount, note.
    const subset: TargetTable = { name: { database: 'd', table: 't' }, columns: ['id', 'amount', 'note'], imageIndex: [1, 3, 0], numeric: [true, true, false], bit: [false, false, false], key: [0], uniqueKeys: [[0]], uniquePrefixes: [[null]], text: [null, null, null] };
    const ops = opsFor({ kind: 'update', before: ['old', 5, 'pw1', '1.0'], after: ['new', 5, 'pw2', '2.0'] }, subset, true);
    expect(ops).toEqual([{ kind: 'upsert', table: subset, row: [5, '2.0', 'new'] }]);
    // A change of a column not written still rewrites the row, with the same values.
    expect(opsFor({ kind: 'update', before: ['n', 5, 'a', '1.0'], after: ['n', 5, 'b', '1.0'] }, subset, false)).toEqual([{ kind: 'upsert', table: subset, row: [5, '1.0', 'n'] }]);
    expect(statementsFor(ops)).toEqual(["REPLACE INTO `d`.`t` (`id`, `amount`, `note`) VALUES (5, 2.0, 'new')"]);
  });
});

describe('targetTable', () => {
  const latin1 = { charset: 'latin1', collation: 'latin1_swedish_ci' };
  const logged: LoggedTable = { id: 1, database: 'src', name: 'orders', columns: ['note', 'id', 'secret', 'amount', 'flags', 'code'], keyColumns: [1] };
  const route = (columns: string[] | null): Route => ({ source: { database: 'src', table: 'orders' }, target: { database: 'dst', table: 'orders' }, columns: columns ? new Set(columns) : null, where: null, snapshot: null });
  const destination = (over: Partial<DestinationTable> = {}): DestinationTable => ({
    name: { database: 'dst', table: 'orders' },
    writable: ['id', 'amount', 'note', 'secret', 'flags', 'code', 'added'],
    types: new Map([
      ['id', 'bigint'],
      ['amount', 'decimal'],
      ['note', 'varchar'],
      ['secret', 'varbinary'],
      ['flags', 'bit'],
      ['code', 'char'],
      ['added', 'int'],
    ]),
    text: new Map([
      ['note', latin1],
      ['code', latin1],
    ]),
    uniqueKeys: [
      { name: 'PRIMARY', columns: ['id'], prefixes: [null], notNull: true },
      { name: 'code', columns: ['code'], prefixes: [4], notNull: false },
    ],
    ...over,
  });

  it('writes the columns both sides have, in the destination order, with their types', () => {
    const table = targetTable(logged, route(null), destination());
    expect(table).toEqual({
      name: { database: 'dst', table: 'orders' },
      columns: ['id', 'amount', 'note', 'secret', 'flags', 'code'],
      imageIndex: [1, 3, 0, 2, 4, 5],
      numeric: [true, true, false, false, false, false],
      bit: [false, false, false, false, true, false],
      key: [0],
      uniqueKeys: [[0], [5]],
      uniquePrefixes: [[null], [4]],
      text: [null, null, latin1, null, null, latin1],
    });
  });

  it('keeps to the column subset; a unique key partly left out neither orders nor identifies rows', () => {
    const table = targetTable(logged, route(['id', 'note']), destination());
    expect(table.columns).toEqual(['id', 'note']);
    expect(table.imageIndex).toEqual([1, 0]);
    expect(table.key).toEqual([0]);
    expect(table.uniqueKeys).toEqual([[0]]);
    expect(opsFor({ kind: 'insert', before: null, after: ['hello', 9, 'pw', '1.00', null, 'C'] }, table, true)).toEqual([{ kind: 'upsert', table, row: [9, 'hello'] }]);
  });

  it('uses the first unique key with no nullable column, or none', () => {
    const noPrimary = destination({
      uniqueKeys: [
        { name: 'code', columns: ['code'], prefixes: [null], notNull: false },
        { name: 'pair', columns: ['code', 'id'], prefixes: [null, null], notNull: true },
      ],
    });
    const table = targetTable(logged, route(null), noPrimary);
    expect(table.key).toEqual([5, 0]);
    expect(table.uniqueKeys).toEqual([[5], [5, 0]]);
    const none = targetTable(logged, route(null), destination({ uniqueKeys: [{ name: 'code', columns: ['code'], prefixes: [null], notNull: false }] }));
    expect(none.key).toBeNull();
    expect(none.uniqueKeys).toEqual([[5]]);
  });

  it('refuses a table with no column in common', () => {
    expect(() => targetTable(logged, route(['nothing']), destination())).toThrow(/src\.orders and dst\.orders have no column in common/);
  });
});
