import { describe, it, expect } from 'vitest';
import type { CatalogObject, ObjectSelection, SelectionPreview, SelectionWarning } from '../../../src-shared/model/objects';
import { hasManyToOne, resolveSelection, validateSelection } from '../../../src-shared/settings/selection';

/** A small source as the browser would read it. */
const CATALOG: CatalogObject[] = [
  { database: 'shop', name: 'orders', kind: 'table', rows: 1000, columns: ['id', 'customer_id', 'total', 'note'] },
  { database: 'shop', name: 'order_items', kind: 'table', columns: ['id', 'order_id', 'sku'] },
  { database: 'shop', name: 'customers', kind: 'table', columns: ['id', 'name', 'email'] },
  { database: 'shop', name: 'tmp_import', kind: 'table' },
  { database: 'shop', name: 'v_sales', kind: 'view', columns: ['day', 'total'] },
  { database: 'logs', name: 'log_2023', kind: 'table', columns: ['id', 'msg'] },
  { database: 'logs', name: 'log_2024', kind: 'table', columns: ['id', 'msg'] },
  { database: 'app_eu', name: 'users', kind: 'table' },
  { database: 'app_us', name: 'users', kind: 'table' },
];

function selection(part: Partial<ObjectSelection>): ObjectSelection {
  return { include: [], exclude: [], tables: [], ...part };
}

function sources(preview: SelectionPreview): string[] {
  return preview.objects.map((o) => `${o.source.database}.${o.source.table}`);
}

function ofKind(preview: SelectionPreview, kind: SelectionWarning['kind']): SelectionWarning[] {
  return preview.warnings.filter((w) => w.kind === kind);
}

describe('validateSelection', () => {
  it('finds nothing wrong in a valid selection', () => {
    expect(
      validateSelection(
        selection({
          include: ['shop.*', 'logs.log_*=logs.log_all'],
          exclude: ['shop.tmp_*'],
          tables: [{ source: 'shop.orders', target: 'arch.orders', where: 'total > 0', columns: ['id', 'total'] }],
        }),
      ),
    ).toEqual([]);
  });

  it('says an empty selection selects nothing', () => {
    const problem = { path: ['include'], message: 'selects nothing: add an include rule such as db.* or a table' };
    expect(validateSelection(selection({}))).toEqual([problem]);
    expect(validateSelection(selection({ exclude: ['shop.*'] }))).toEqual([problem]);
  });

  it('reports a bad rule with its index and text', () => {
    expect(validateSelection(selection({ include: ['shop.*', 'shop.'] }))).toEqual([
      { path: ['include', 1], message: 'rule "shop." has an empty table name' },
    ]);
    expect(validateSelection(selection({ include: ['shop.*'], exclude: ['my db.*'] }))).toEqual([
      { path: ['exclude', 0], message: 'rule "my db.*" contains white space; quote such names in backticks' },
    ]);
  });

  it('refuses a rename in an exclude rule and says what to remove', () => {
    expect(validateSelection(selection({ include: ['shop.*'], exclude: ['shop.tmp_*=x.*'] }))).toEqual([
      { path: ['exclude', 0], message: 'exclude rule "shop.tmp_*=x.*" cannot rename; remove "=x.*"' },
    ]);
  });

  it('refuses a table source that is not an exact name', () => {
    expect(validateSelection(selection({ tables: [{ source: 'shop.t_*' }] }))).toEqual([
      { path: ['tables', 0, 'source'], message: 'source "shop.t_*" uses a wildcard in the table name, where an exact name is needed' },
    ]);
  });

  it('refuses a table listed twice, however it is quoted', () => {
    expect(validateSelection(selection({ tables: [{ source: 'shop.orders' }, { source: '`shop`.`orders`' }] }))).toEqual([
      { path: ['tables', 1, 'source'], message: 'shop.orders is listed twice (also at tables[0])' },
    ]);
  });

  it('refuses a bad target', () => {
    expect(validateSelection(selection({ tables: [{ source: 'shop.orders', target: 'archive' }] }))).toEqual([
      {
        path: ['tables', 0, 'target'],
        message: 'target "archive" must be database.table (for example db.* or db.orders); quote names containing "." in backticks',
      },
    ]);
  });

  it('refuses a bad row filter, naming the table', () => {
    expect(validateSelection(selection({ tables: [{ source: 'shop.orders', where: 'id = 1; DELETE FROM orders' }] }))).toEqual([
      { path: ['tables', 0, 'where'], message: 'row filter of shop.orders contains ";"; give one condition, without a statement separator' },
    ]);
  });

  it('refuses an empty column list', () => {
    expect(validateSelection(selection({ tables: [{ source: 'shop.orders', columns: [] }] }))).toEqual([
      { path: ['tables', 0, 'columns'], message: 'column list of shop.orders is empty; leave it out to migrate all columns' },
    ]);
  });

  it('refuses invalid and repeated column names', () => {
    expect(validateSelection(selection({ tables: [{ source: 'shop.orders', columns: ['id', '', 'total ', 'a\u0000b', 'c'.repeat(65), 'id', 'id'] }] }))).toEqual([
      {
        path: ['tables', 0, 'columns'],
        message: 'column list of shop.orders has invalid names: "", "total ", "a\\u{0000}b" and 1 more (a column name has 1-64 characters and does not end with a space)',
      },
      { path: ['tables', 0, 'columns'], message: 'column list of shop.orders repeats "id"' },
    ]);
  });

  it('reports every problem at once', () => {
    const problems = validateSelection(
      selection({
        include: ['bad'],
        exclude: ['x.*=y.*'],
        tables: [{ source: 'shop.orders', target: 'a.b.c', where: 'WHERE id = 1', columns: [] }],
      }),
    );
    expect(problems.map((p) => p.path.join('/'))).toEqual(['include/0', 'exclude/0', 'tables/0/target', 'tables/0/where', 'tables/0/columns']);
  });
});

describe('resolveSelection', () => {
  it('selects what the include rules match, minus what the exclude rules match', () => {
    const preview = resolveSelection(selection({ include: ['shop.*'], exclude: ['shop.tmp_*'] }), CATALOG);
    expect(sources(preview)).toEqual(['shop.orders', 'shop.order_items', 'shop.customers', 'shop.v_sales']);
    expect(preview.objects[0]).toEqual({
      kind: 'table',
      source: { database: 'shop', table: 'orders' },
      target: { database: 'shop', table: 'orders' },
      where: null,
      columns: null,
      matchedBy: 'include shop.*',
    });
  });

  it('warns for every object an exclude rule drops, naming both rules', () => {
    const preview = resolveSelection(selection({ include: ['shop.*'], exclude: ['shop.tmp_*', 'shop.v_*'] }), CATALOG);
    expect(ofKind(preview, 'dropped-by-exclude')).toEqual([
      { kind: 'dropped-by-exclude', severity: 'warn', message: 'shop.tmp_import (selected by include shop.*) is dropped by exclude shop.tmp_*' },
      { kind: 'dropped-by-exclude', severity: 'warn', message: 'shop.v_sales (selected by include shop.*) is dropped by exclude shop.v_*' },
    ]);
  });

  it('lets an explicit table win over an include rule', () => {
    const preview = resolveSelection(
      selection({ include: ['shop.*=arch.*'], tables: [{ source: 'shop.orders', where: '  total > 0 ', columns: ['id', 'total'] }] }),
      CATALOG,
    );
    const orders = preview.objects.find((o) => o.source.table === 'orders');
    expect(orders).toEqual({
      kind: 'table',
      source: { database: 'shop', table: 'orders' },
      // The rule's rename does not apply to a table listed on its own.
      target: { database: 'shop', table: 'orders' },
      where: 'total > 0',
      columns: ['id', 'total'],
      matchedBy: 'tables: shop.orders',
    });
    const customers = preview.objects.find((o) => o.source.table === 'customers');
    expect(customers?.target).toEqual({ database: 'arch', table: 'customers' });
    expect(customers?.matchedBy).toBe('include shop.*=arch.*');
  });

  it('still drops an explicit table that an exclude rule matches, and says so', () => {
    const preview = resolveSelection(selection({ tables: [{ source: 'shop.tmp_import' }, { source: 'shop.orders' }], exclude: ['shop.tmp_*'] }), CATALOG);
    expect(sources(preview)).toEqual(['shop.orders']);
    expect(ofKind(preview, 'dropped-by-exclude')).toEqual([
      {
        kind: 'dropped-by-exclude',
        severity: 'warn',
        message: 'shop.tmp_import (selected by tables: shop.tmp_import) is dropped by exclude shop.tmp_*',
      },
    ]);
  });

  it('renames databases and tables', () => {
    const preview = resolveSelection(selection({ include: ['logs.*=archive.*'], tables: [{ source: 'shop.orders', target: 'sales.orders_v2' }] }), CATALOG);
    expect(preview.objects.map((o) => `${o.source.database}.${o.source.table} -> ${o.target.database}.${o.target.table}`)).toEqual([
      'shop.orders -> sales.orders_v2',
      'logs.log_2023 -> archive.log_2023',
      'logs.log_2024 -> archive.log_2024',
    ]);
    expect(preview.warnings).toEqual([]);
    expect(hasManyToOne(preview)).toBe(false);
  });

  it('uses the first include rule that matches for the target', () => {
    const preview = resolveSelection(selection({ include: ['shop.orders=a.o', 'shop.*=b.*'] }), CATALOG);
    expect(preview.objects.find((o) => o.source.table === 'orders')?.target).toEqual({ database: 'a', table: 'o' });
    expect(preview.objects.find((o) => o.source.table === 'customers')?.target).toEqual({ database: 'b', table: 'customers' });
  });

  it('says when tables are merged many-to-one, and allows it', () => {
    const preview = resolveSelection(selection({ include: ['logs.log_*=logs.log_all'] }), CATALOG);
    expect(preview.objects.map((o) => o.target)).toEqual([
      { database: 'logs', table: 'log_all' },
      { database: 'logs', table: 'log_all' },
    ]);
    expect(preview.warnings).toEqual([
      { kind: 'merged', severity: 'warn', message: 'logs.log_2023, logs.log_2024 are merged into logs.log_all (many-to-one)' },
    ]);
    expect(hasManyToOne(preview)).toBe(true);
  });

  it('detects many-to-one across databases', () => {
    const preview = resolveSelection(selection({ include: ['app_*.users=global.*'] }), CATALOG);
    expect(ofKind(preview, 'merged').map((w) => w.message)).toEqual(['app_eu.users, app_us.users are merged into global.users (many-to-one)']);
    expect(hasManyToOne(preview)).toBe(true);
  });

  it('detects a merge between an explicit table and a rule', () => {
    const preview = resolveSelection(selection({ include: ['logs.log_2023=shop.orders'], tables: [{ source: 'shop.orders' }] }), CATALOG);
    expect(ofKind(preview, 'merged').map((w) => w.message)).toEqual(['shop.orders, logs.log_2023 are merged into shop.orders (many-to-one)']);
  });

  it('refuses a view that shares its target with anything', () => {
    const preview = resolveSelection(selection({ include: ['shop.v_sales=rep.sales'], tables: [{ source: 'shop.orders', target: 'rep.sales' }] }), CATALOG);
    expect(preview.warnings).toEqual([
      { kind: 'target-conflict', severity: 'error', message: 'shop.orders, shop.v_sales all map to rep.sales, and a view cannot be merged' },
    ]);
    expect(hasManyToOne(preview)).toBe(false);
  });

  it('reports an explicit table that does not exist as an error', () => {
    const preview = resolveSelection(selection({ tables: [{ source: 'shop.orders' }, { source: 'shop.refunds' }] }), CATALOG);
    expect(sources(preview)).toEqual(['shop.orders']);
    expect(preview.warnings).toEqual([{ kind: 'missing-table', severity: 'error', message: 'shop.refunds does not exist on the source (or the user cannot see it)' }]);
  });

  it('warns about an include rule that matches nothing', () => {
    const preview = resolveSelection(selection({ include: ['shop.*', 'crm.*'] }), CATALOG);
    expect(preview.warnings).toEqual([{ kind: 'no-match', severity: 'warn', message: 'include crm.* matches no object on the source (or the user cannot see it)' }]);
  });

  it('does not say "matches no object" of a rule whose objects an earlier rule took', () => {
    const preview = resolveSelection(selection({ include: ['shop.*', 'shop.orders'] }), CATALOG);
    expect(ofKind(preview, 'no-match')).toEqual([]);
  });

  it('does not say "matches no object" of a rule whose objects are also listed as tables', () => {
    const preview = resolveSelection(selection({ include: ['shop.orders'], tables: [{ source: 'shop.orders', where: 'id > 1' }] }), CATALOG);
    expect(ofKind(preview, 'no-match')).toEqual([]);
    expect(preview.objects).toHaveLength(1);
    expect(preview.objects[0].matchedBy).toBe('tables: shop.orders');
  });

  it('does not say "matches no object" of a rule whose matches were all excluded', () => {
    const preview = resolveSelection(selection({ include: ['shop.orders', 'shop.tmp_*'], exclude: ['shop.tmp_*'] }), CATALOG);
    expect(ofKind(preview, 'no-match')).toEqual([]);
    expect(ofKind(preview, 'dropped-by-exclude')).toHaveLength(1);
  });

  it('reports columns the table does not have as an error', () => {
    const preview = resolveSelection(selection({ tables: [{ source: 'shop.customers', columns: ['id', 'phone', 'fax'] }] }), CATALOG);
    expect(preview.warnings).toEqual([{ kind: 'unknown-column', severity: 'error', message: 'shop.customers has no column phone, fax' }]);
    // The object is still listed, so the preview shows what was asked.
    expect(preview.objects[0].columns).toEqual(['id', 'phone', 'fax']);
  });

  it('does not check columns when the catalog does not list them', () => {
    const preview = resolveSelection(selection({ tables: [{ source: 'shop.tmp_import', columns: ['anything'] }] }), CATALOG);
    expect(preview.warnings).toEqual([]);
  });

  it('ignores row filters and column lists on views, and says so', () => {
    const preview = resolveSelection(selection({ tables: [{ source: 'shop.v_sales', where: 'total > 0', columns: ['day'] }] }), CATALOG);
    expect(preview.objects).toEqual([
      {
        kind: 'view',
        source: { database: 'shop', table: 'v_sales' },
        target: { database: 'shop', table: 'v_sales' },
        where: null,
        columns: null,
        matchedBy: 'tables: shop.v_sales',
      },
    ]);
    expect(preview.warnings).toEqual([
      { kind: 'setting-on-view', severity: 'warn', message: 'shop.v_sales is a view; its row filter and column list are ignored' },
    ]);
  });

  it('reports invalid parts as errors and still resolves the valid ones', () => {
    const preview = resolveSelection(selection({ include: ['shop.orders', 'bad'], tables: [{ source: 'logs.*' }] }), CATALOG);
    expect(sources(preview)).toEqual(['shop.orders']);
    expect(preview.warnings).toEqual([
      {
        kind: 'invalid',
        severity: 'error',
        message: 'rule "bad" must be database.table (for example db.* or db.orders); quote names containing "." in backticks',
      },
      { kind: 'invalid', severity: 'error', message: 'source "logs.*" uses a wildcard in the table name, where an exact name is needed' },
    ]);
  });

  it('uses quoted names in messages when needed', () => {
    const catalog: CatalogObject[] = [{ database: 'my.db', name: 'a b', kind: 'table' }];
    const preview = resolveSelection(selection({ include: ['`my.db`.*'], exclude: ['`my.db`.`a b`'] }), catalog);
    expect(preview.warnings.map((w) => w.message)).toEqual(['`my.db`.`a b` (selected by include `my.db`.*) is dropped by exclude `my.db`.`a b`']);
  });

  it('returns nothing and no warnings for an empty catalog except what is missing', () => {
    const preview = resolveSelection(selection({ include: ['shop.*'], tables: [{ source: 'shop.orders' }] }), []);
    expect(preview.objects).toEqual([]);
    expect(preview.warnings.map((w) => w.kind)).toEqual(['missing-table', 'no-match']);
  });
});

describe('overlapping include rules', () => {
  it('warns when two rules send one object to different places, and applies the first', async () => {
    const { resolveSelection } = await import('../../../src-shared/settings/selection');
    const preview = resolveSelection({ include: ['shop.*=a.*', 'shop.orders=b.orders'], exclude: [], tables: [] }, [{ database: 'shop', name: 'orders', kind: 'table' }]);
    expect(preview.objects[0].target).toEqual({ database: 'a', table: 'orders' });
    expect(preview.warnings).toEqual([
      {
        kind: 'conflicting-rules',
        severity: 'warn',
        message: 'shop.orders matches include shop.*=a.* and include shop.orders=b.orders, which send it to different places; the first applies',
      },
    ]);
  });

  it('does not check the column list of a view, which is ignored', async () => {
    const { resolveSelection } = await import('../../../src-shared/settings/selection');
    const preview = resolveSelection({ include: [], exclude: [], tables: [{ source: 'shop.v', columns: ['nope'] }] }, [
      { database: 'shop', name: 'v', kind: 'view', columns: ['id'] },
    ]);
    expect(preview.warnings.map((w) => w.kind)).toEqual(['setting-on-view']);
  });
});
