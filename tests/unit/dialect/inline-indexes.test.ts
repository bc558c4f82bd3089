/**
 * Secondary indexes of a small table go into its CREATE TABLE (nothing left
 * to build after the data); a larger table's are built after its data. The
 * schema stage decides by the table's estimated rows.
 */

import { expect, it } from 'vitest';
import { INLINE_INDEX_ROWS, planObjects } from '../../../src-main/core/orchestrator/stages/schema-stage';
import type { ResolvedRunObject } from '../../../src-shared/contract/units/probe';
import { convertTable, profileOf } from '../../../src-worker/dialect';
import { column, index, primaryKey, table } from './fixtures/build';

const mariadb = profileOf('mariadb');
const def = table('db.t', {
  columns: [column('id', 'int'), column('email', 'varchar(100)'), column('country', 'char(2)')],
  primaryKey: primaryKey('id'),
  indexes: [index('ix_email', ['email'], { unique: true }), index('ix_country', ['country'])],
});
const convert = (inlineIndexes: boolean, inlineUniqueIndexes = false) =>
  convertTable(def, mariadb, mariadb, { target: def.name, columns: null, hiddenKey: false, inlineIndexes, inlineUniqueIndexes, names: (n) => n });

it('puts the secondary indexes in the CREATE TABLE when asked, and leaves none to build', () => {
  const inline = convert(true);
  expect(inline.createTable).toMatch(/UNIQUE KEY `ix_email` \(`email`\)/);
  expect(inline.createTable).toMatch(/KEY `ix_country` \(`country`\)/);
  expect(inline.indexes).toEqual([]);
  const after = convert(false);
  expect(after.createTable).not.toMatch(/ix_email|ix_country/);
  expect(after.indexes.map((i) => i.name)).toEqual(['ix_email', 'ix_country']);
  expect(after.indexes[0].ddl).toMatch(/^ALTER TABLE `db`\.`t` ADD UNIQUE INDEX `ix_email`/);
});

it('puts only the unique indexes in the CREATE TABLE when a replay follows the copy', () => {
  const converted = convert(false, true);
  expect(converted.createTable).toMatch(/UNIQUE KEY `ix_email`/);
  expect(converted.createTable).not.toMatch(/ix_country/);
  expect(converted.indexes.map((i) => i.name)).toEqual(['ix_country']);
});

it('inlines the indexes of tables estimated below the threshold only', () => {
  const object = (rowsEstimated: number | null, kind: 'table' | 'view' = 'table') =>
    ({ kind, source: { database: 'db', table: 't' }, target: { database: 'db', table: 't' }, columns: null, where: null, key: null, uniqueKey: true, rowsEstimated }) as unknown as ResolvedRunObject;
  const inline = (o: ResolvedRunObject) => planObjects([o], ['schema', 'full'])[0].inlineIndexes;
  expect(inline(object(500))).toBe(true);
  expect(inline(object(INLINE_INDEX_ROWS - 1))).toBe(true);
  expect(inline(object(INLINE_INDEX_ROWS))).toBe(false);
  expect(inline(object(null))).toBe(false);
  expect(inline(object(10, 'view'))).toBe(false);
  expect(planObjects([object(1_000_000)], ['schema', 'full', 'incremental'])[0].inlineUniqueIndexes).toBe(true);
  expect(planObjects([object(1_000_000)], ['schema', 'full'])[0].inlineUniqueIndexes).toBe(false);
});
