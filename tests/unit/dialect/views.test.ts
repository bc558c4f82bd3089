/** View ordering and the renaming of what a view reads. */

import { describe, expect, it } from 'vitest';
import { orderViews } from '../../../src-worker/dialect';
import { candidateReferences, rewriteReferences } from '../../../src-worker/dialect/view-references';
import { view } from './fixtures/build';

describe('orderViews', () => {
  it('puts every view after the views it reads and keeps the given order otherwise', () => {
    const views = [
      view('db.top', 'select 1', ['db.middle']),
      view('db.alone', 'select 1', ['db.some_table']),
      view('db.middle', 'select 1', ['db.bottom', 'db.some_table']),
      view('db.bottom', 'select 1', []),
    ];
    expect(orderViews(views).map((v) => v.name.table)).toEqual(['bottom', 'middle', 'top', 'alone']);
  });

  it('refuses a cycle and names the views in it', () => {
    const views = [view('db.a', 'select 1', ['db.b']), view('db.b', 'select 1', ['db.c']), view('db.c', 'select 1', ['db.a'])];
    expect(() => orderViews(views)).toThrow('These views read each other in a cycle: db.a → db.b → db.c → db.a.');
  });
});

describe('view references', () => {
  it('finds `db`.`name` pairs outside string literals', () => {
    const definition = "select `t`.`a` AS `a`,'`x`.`y`' AS `s` from `db`.`t` join `other`.`u` `u2` on `u2`.`id` = `t`.`a`";
    expect(candidateReferences(definition)).toEqual([
      { database: 't', table: 'a' },
      { database: 'db', table: 't' },
      { database: 'other', table: 'u' },
      { database: 'u2', table: 'id' },
    ]);
  });

  it('renames only the dependencies, and leaves an alias where a renamed table name qualifies columns', () => {
    const definition = "select `t`.`a` AS `a`,'`db`.`t`' AS `s` from (`db`.`t` join `db`.`u` `x` on(`x`.`id` = `t`.`a`))";
    const names = (n: { database: string; table: string }) => ({ database: 'new', table: `${n.table}_v2` });
    const { sql, unmapped } = rewriteReferences(definition, [{ database: 'db', table: 't' }, { database: 'db', table: 'u' }], names);
    expect(sql).toBe("select `t`.`a` AS `a`,'`db`.`t`' AS `s` from (`new`.`t_v2` `t` join `new`.`u_v2` `x` on(`x`.`id` = `t`.`a`))");
    expect(unmapped).toEqual([]);
  });

  it('reports the dependencies that are not migrated and keeps their names', () => {
    const { sql, unmapped } = rewriteReferences('select 1 from `db`.`gone`', [{ database: 'db', table: 'gone' }], () => null);
    expect(sql).toBe('select 1 from `db`.`gone`');
    expect(unmapped).toEqual([{ database: 'db', table: 'gone' }]);
  });
});
