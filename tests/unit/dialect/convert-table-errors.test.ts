/** Definitions convertTable cannot turn into DDL are refused with the table named, not half converted. */

import { describe, expect, it } from 'vitest';
import { convertTable, profileOf } from '../../../src-worker/dialect';
import type { TableDef } from '../../../src-worker/dialect/types';
import { column, index, NONE, table } from './fixtures/build';

const mariadb = profileOf('mariadb');
const convert = (def: TableDef, options: { columns?: string[]; hiddenKey?: boolean } = {}) =>
  convertTable(def, mariadb, mariadb, { target: def.name, columns: options.columns ?? null, hiddenKey: options.hiddenKey ?? false, names: (n) => n });

describe('convertTable refuses', () => {
  it('a column subset naming a column the table does not have', () => {
    const def = table('db.t', { columns: [column('id', 'int')] });
    expect(() => convert(def, { columns: ['id', 'nope'] })).toThrow('db.t has no column `nope`.');
  });

  it("a keyless table whose AUTO_INCREMENT column leaves no room for Cutover's hidden key", () => {
    const def = table('db.t', { columns: [column('seq', 'int', { nullable: false, default: NONE, autoIncrement: true })], indexes: [index('ix_seq', ['seq'])] });
    expect(() => convert(def, { hiddenKey: true })).toThrow(/db\.t has no primary or NOT NULL unique key but an AUTO_INCREMENT column \(`seq`\)/);
  });

  it('an AUTO_INCREMENT column that no kept index starts with', () => {
    const def = table('db.t', { columns: [column('id', 'int'), column('seq', 'int', { nullable: false, default: NONE, autoIncrement: true })], indexes: [index('ix_seq', ['id', 'seq'])] });
    expect(() => convert(def)).toThrow('Cannot convert db.t: AUTO_INCREMENT column `seq` is not the first column of any index that the destination keeps.');
  });

  it('a table that already has a column named like the hidden key', () => {
    const def = table('db.t', { columns: [column('__cutover_row_id', 'int')] });
    expect(() => convert(def, { hiddenKey: true })).toThrow(/already has a column named __cutover_row_id/);
  });
});
