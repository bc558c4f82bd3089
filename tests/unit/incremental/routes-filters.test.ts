import { describe, expect, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import type { ReplayTable } from '../../../src-shared/contract/units/incr-sync';
import type { ObjectSelection } from '../../../src-shared/model/objects';
import type { Image } from '../../../src-worker/changelog/values';
import { RowFilters } from '../../../src-worker/units/incr-sync/row-filters';
import { Routes } from '../../../src-worker/units/incr-sync/routes';

const table = (source: string, target: string, extra: Partial<ReplayTable> = {}): ReplayTable => {
  const [sd, st] = source.split('.');
  const [td, tt] = target.split('.');
  return { source: { database: sd, table: st }, target: { database: td, table: tt }, columns: null, where: null, snapshot: null, ...extra };
};

describe('Routes', () => {
  const tables: ReplayTable[] = [
    table('shop.orders', 'archive.orders_2024', { columns: ['id', 'total'], where: 'total > 0', snapshot: { file: 'mysql-bin.000002', pos: 500, gtid: null } }),
    table('shop.eu_users', 'shop.users'),
    table('shop.us_users', 'shop.users'),
    table('shop.dropped', 'shop.dropped'),
  ];
  const selection: ObjectSelection = {
    include: ['shop.*=archive.*'],
    exclude: ['shop.tmp_*'],
    tables: [{ source: 'shop.special', target: 'other.special_copy', where: 'id > 5', columns: ['id', 'name'] }],
  };

  it('routes the project tables with their rename, columns, filter and snapshot', () => {
    const routes = new Routes(tables, selection, []);
    const route = routes.of({ database: 'shop', table: 'orders' })!;
    expect(route.source).toEqual({ database: 'shop', table: 'orders' });
    expect(route.target).toEqual({ database: 'archive', table: 'orders_2024' });
    expect(route.columns).toEqual(new Set(['id', 'total']));
    expect(route.where).toBe('total > 0');
    expect(route.snapshot).toEqual({ file: 'mysql-bin.000002', pos: 500, gtid: null });
    expect(routes.of({ database: 'shop', table: 'eu_users' })).toMatchObject({ target: { database: 'shop', table: 'users' }, columns: null, where: null, snapshot: null });
    expect(routes.of({ database: 'shop', table: 'orders' })).toBe(route);
  });

  it('drops skipped tables, even when listed or matched by a rule', () => {
    const routes = new Routes(tables, selection, [
      { database: 'shop', table: 'dropped' },
      { database: 'shop', table: 'later' },
    ]);
    expect(routes.of({ database: 'shop', table: 'dropped' })).toBeNull();
    expect(routes.of({ database: 'shop', table: 'later' })).toBeNull();
    expect(routes.of({ database: 'shop', table: 'fresh' })).not.toBeNull();
  });

  it('routes tables created later by the project rules', () => {
    const routes = new Routes(tables, selection, []);
    expect(routes.of({ database: 'shop', table: 'fresh' })).toEqual({ source: { database: 'shop', table: 'fresh' }, target: { database: 'archive', table: 'fresh' }, columns: null, where: null, snapshot: null });
    expect(routes.of({ database: 'shop', table: 'tmp_1' })).toBeNull();
    expect(routes.of({ database: 'other', table: 'fresh' })).toBeNull();
    expect(routes.of({ database: 'shop', table: 'special' })).toEqual({
      source: { database: 'shop', table: 'special' },
      target: { database: 'other', table: 'special_copy' },
      columns: new Set(['id', 'name']),
      where: 'id > 5',
      snapshot: null,
    });
  });

  it('follows no new table without rules', () => {
    const routes = new Routes(tables, null, []);
    expect(routes.of({ database: 'shop', table: 'fresh' })).toBeNull();
    expect(routes.of({ database: 'shop', table: 'eu_users' })?.target).toEqual({ database: 'shop', table: 'users' });
    // Names are exact.
    expect(routes.of({ database: 'SHOP', table: 'orders' })).toBeNull();
  });

  it('tells when several source tables feed one destination table', () => {
    const routes = new Routes(tables, selection, []);
    expect(routes.isMerged({ database: 'shop', table: 'users' })).toBe(true);
    expect(routes.isMerged({ database: 'archive', table: 'orders_2024' })).toBe(false);
    expect(routes.isMerged({ database: 'nowhere', table: 'x' })).toBe(false);
  });

  it('works routes out again after forget', () => {
    const routes = new Routes(tables, selection, []);
    const first = routes.of({ database: 'shop', table: 'fresh' });
    expect(routes.of({ database: 'shop', table: 'fresh' })).toBe(first);
    routes.forget();
    const again = routes.of({ database: 'shop', table: 'fresh' });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

interface SourceColumn {
  name: string;
  type: string;
  charset: string | null;
  collation: string | null;
}

/** A source connection that answers the column query and records the filter queries. */
function fakeSource(columns: SourceColumn[], answer: (sql: string) => { i: number | string; m: number | string | null }[]) {
  const queries: { sql: string; params?: unknown[] }[] = [];
  const connection = {
    async query(sql: string, params?: unknown[]) {
      queries.push({ sql, params });
      if (sql.includes('information_schema.COLUMNS')) return [columns.map((c) => ({ ...c, type: c.type.toUpperCase() })), []];
      return [answer(sql), []];
    },
  };
  const filters = new RowFilters(async () => connection as unknown as Connection);
  return { filters, queries };
}

const COLUMNS: SourceColumn[] = [
  { name: 'id', type: 'bigint', charset: null, collation: null },
  { name: 'price', type: 'decimal', charset: null, collation: null },
  { name: 'name', type: 'varchar', charset: 'latin1', collation: 'latin1_swedish_ci' },
  { name: 'flags', type: 'bit', charset: null, collation: null },
  { name: 'data', type: 'blob', charset: null, collation: null },
  { name: 'doc', type: 'json', charset: null, collation: null },
  { name: 'at', type: 'datetime', charset: null, collation: null },
  { name: 'ratio', type: 'double', charset: null, collation: null },
];
const NAMES = COLUMNS.map((c) => c.name);

/** The derived-table rows of a filter query. */
function selects(sql: string): string[] {
  const inner = /FROM \((.*)\) AS t ORDER BY __cutover_i$/s.exec(sql);
  expect(inner).not.toBeNull();
  return inner![1].split(' UNION ALL ');
}

describe('RowFilters', () => {
  it('asks the source to evaluate the condition on each image, typed like the source columns', async () => {
    const { filters, queries } = fakeSource(COLUMNS, () => [
      { i: 0, m: 1 },
      { i: 1, m: 0 },
    ]);
    const images: Image[] = [
      ['18446744073709551615', '-12.50', "Zoë's", Buffer.from([0x01, 0x00]), Buffer.from([0xca, 0xfe]), '{"a": 1}', '2024-01-02 03:04:05', 0.5],
      [1, null, null, Buffer.alloc(0), Buffer.alloc(0), null, null, Number.NaN],
    ];
    const result = await filters.matches({ database: 'shop', table: 'items' }, 'price > 10', NAMES, images);
    expect(result).toEqual([true, false]);

    expect(queries[0].params).toEqual(['shop', 'items']);
    const sql = queries[1].sql;
    expect(sql.startsWith('SELECT __cutover_i AS i, (price > 10) AS m FROM (')).toBe(true);
    const [first, second] = selects(sql);
    const nameHex = Buffer.from("Zoë's", 'utf8').toString('hex');
    expect(first).toBe(
      'SELECT 0 AS __cutover_i, 18446744073709551615 AS `id`, -12.50 AS `price`, ' +
        `CONVERT(_utf8mb4 X'${nameHex}' USING latin1) COLLATE latin1_swedish_ci AS \`name\`, ` +
        "256 AS `flags`, X'cafe' AS `data`, CAST('{\"a\": 1}' AS JSON) AS `doc`, '2024-01-02 03:04:05' AS `at`, 0.5 AS `ratio`",
    );
    expect(second).toBe("SELECT 1 AS __cutover_i, 1 AS `id`, NULL AS `price`, NULL AS `name`, 0 AS `flags`, X'' AS `data`, NULL AS `doc`, NULL AS `at`, NULL AS `ratio`");
  });

  it('quotes text of columns it does not know, and names with backticks', async () => {
    const { filters, queries } = fakeSource([], () => [{ i: '0', m: '1' }]);
    const result = await filters.matches({ database: 'd', table: 't' }, '`we``ird` = 1', ['we`ird'], [["it's \\ here"]]);
    expect(result).toEqual([true]);
    expect(selects(queries[1].sql)).toEqual(["SELECT 0 AS __cutover_i, 'it''s \\\\ here' AS `we``ird`"]);
  });

  it('takes NULL or 0 from the condition as no match', async () => {
    const { filters } = fakeSource(COLUMNS, () => [
      { i: 0, m: null },
      { i: 1, m: 0 },
      { i: 2, m: 1 },
    ]);
    expect(await filters.matches({ database: 'shop', table: 'items' }, 'name = 1', ['id'], [[1], [2], [3]])).toEqual([false, false, true]);
  });

  it('evaluates 200 images per query and puts answers back in order', async () => {
    const { filters, queries } = fakeSource(COLUMNS, (sql) =>
      selects(sql).map((select) => {
        const i = Number(/^SELECT (\d+) AS __cutover_i/.exec(select)![1]);
        const id = Number(/, (\d+) AS `id`/.exec(select)![1]);
        return { i, m: id % 3 === 0 ? 1 : 0 };
      }),
    );
    const images: Image[] = Array.from({ length: 450 }, (_, n) => [n]);
    const result = await filters.matches({ database: 'shop', table: 'items' }, 'id % 3 = 0', ['id'], images);
    expect(result).toHaveLength(450);
    expect(result).toEqual(images.map((image) => (image[0] as number) % 3 === 0));
    const filterQueries = queries.filter((q) => !q.sql.includes('information_schema'));
    expect(filterQueries.map((q) => selects(q.sql).length)).toEqual([200, 200, 50]);
    expect(selects(filterQueries[2].sql)[0].startsWith('SELECT 400 AS __cutover_i, 400 AS `id`')).toBe(true);
  });

  it('reads column types once per table, and again after forget', async () => {
    const { filters, queries } = fakeSource(COLUMNS, () => [{ i: 0, m: 1 }]);
    const count = () => queries.filter((q) => q.sql.includes('information_schema')).length;
    await filters.matches({ database: 'shop', table: 'items' }, 'id > 0', ['id'], [[1]]);
    await filters.matches({ database: 'shop', table: 'items' }, 'id > 0', ['id'], [[1]]);
    expect(count()).toBe(1);
    await filters.matches({ database: 'shop', table: 'other' }, 'id > 0', ['id'], [[1]]);
    expect(count()).toBe(2);
    filters.forget();
    await filters.matches({ database: 'shop', table: 'items' }, 'id > 0', ['id'], [[1]]);
    expect(count()).toBe(3);
  });

  it('sends no filter query for no images', async () => {
    const { filters, queries } = fakeSource(COLUMNS, () => []);
    expect(await filters.matches({ database: 'shop', table: 'items' }, 'id > 0', ['id'], [])).toEqual([]);
    expect(queries.filter((q) => !q.sql.includes('information_schema'))).toEqual([]);
  });
});
