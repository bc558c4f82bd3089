/**
 * information_schema rows of MySQL 5.7, MySQL 8 and MariaDB into table
 * definitions. The MySQL rows are written the way those servers print them
 * (the integration tests run MariaDB only).
 */

import { describe, expect, it } from 'vitest';
import type { CatalogRows, CheckRow, ColumnRow, IndexRow, TableRow } from '../../../src-worker/dialect/catalog';
import { partitionClause, tableDefinitions } from '../../../src-worker/dialect/catalog';

const CHARSETS = ['utf8mb4', 'utf8mb3', 'utf8', 'latin1', 'binary', 'gb18030', 'gb18030_2022'];

function tableRow(more: Partial<TableRow> = {}): TableRow {
  return { table: 't', type: 'BASE TABLE', engine: 'InnoDB', collation: 'utf8mb4_general_ci', createOptions: '', comment: '', autoIncrement: null, ...more };
}

function columnRow(name: string, more: Partial<ColumnRow> = {}): ColumnRow {
  return {
    table: 't',
    name,
    dataType: 'int',
    columnType: 'int',
    defaultValue: null,
    nullable: 'YES',
    extra: '',
    generationExpression: null,
    charset: null,
    collation: null,
    comment: '',
    srid: null,
    ...more,
  };
}

function indexRow(name: string, column: string | null, more: Partial<IndexRow> = {}): IndexRow {
  return { table: 't', name, nonUnique: 1, seq: 1, column, expression: null, subPart: null, collation: 'A', indexType: 'BTREE', comment: '', visible: null, ignored: null, ...more };
}

function checkRow(name: string, clause: string, more: Partial<CheckRow> = {}): CheckRow {
  return { table: 't', name, clause, level: null, enforced: null, ...more };
}

function catalog(more: Partial<CatalogRows>): CatalogRows {
  return { database: 'db', tables: [tableRow()], columns: [], indexes: [], foreignKeys: [], checks: [], partitions: [], charsets: CHARSETS, ...more };
}

describe('tableDefinitions from MariaDB', () => {
  const [def] = tableDefinitions(
    catalog({
      tables: [tableRow({ collation: 'utf8mb4_uca1400_ai_ci', createOptions: 'row_format=COMPRESSED', autoIncrement: '9007199254740993' })],
      columns: [
        columnRow('id', { nullable: 'NO', extra: 'auto_increment' }),
        columnRow('note', { dataType: 'varchar', columnType: 'varchar(20)', defaultValue: "'it''s \\\\ here'", charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }),
        columnRow('nothing', { defaultValue: 'NULL' }),
        columnRow('word_null', { dataType: 'varchar', columnType: 'varchar(5)', defaultValue: "'NULL'" }),
        columnRow('required', { nullable: 'NO' }),
        columnRow('n', { defaultValue: '-1.5e3' }),
        columnRow('bits', { dataType: 'bit', columnType: 'bit(8)', defaultValue: "b'101'" }),
        columnRow('soon', { dataType: 'date', columnType: 'date', defaultValue: '(curdate() + interval 1 day)' }),
        columnRow('changed', { dataType: 'timestamp', columnType: 'timestamp(6)', nullable: 'NO', defaultValue: 'current_timestamp(6)', extra: 'on update current_timestamp(6)' }),
        columnRow('doc', { dataType: 'longtext', columnType: 'longtext', charset: 'utf8mb4', collation: 'utf8mb4_bin', defaultValue: 'NULL' }),
        columnRow('twice', { extra: 'STORED GENERATED, INVISIBLE', generationExpression: '`id` * 2' }),
        columnRow('spot', { dataType: 'point', columnType: 'point', nullable: 'NO', srid: 0 }),
      ],
      indexes: [
        indexRow('PRIMARY', 'id', { nonUnique: 0 }),
        indexRow('sp', 'spot', { indexType: 'SPATIAL', subPart: 32 }),
        indexRow('ix', 'n', { seq: 2, collation: 'D' }),
        indexRow('ix', 'note', { seq: 1, subPart: 5, ignored: 'YES' }),
      ],
      checks: [checkRow('doc', 'json_valid(`doc`)', { level: 'Column' }), checkRow('n', '`n` > 0', { level: 'Column' }), checkRow('chk', '`n` < 10', { level: 'Table' })],
    }),
    'mariadb',
  );
  const column = (name: string) => def.columns.find((c) => c.name === name)!;

  it('reads defaults as MariaDB prints them: quoted literals, NULL as a word, bare expressions', () => {
    expect(column('id').default).toEqual({ kind: 'none' });
    expect(column('note').default).toEqual({ kind: 'literal', sql: "'it''s \\\\ here'" });
    expect(column('nothing').default).toEqual({ kind: 'null' });
    expect(column('word_null').default).toEqual({ kind: 'literal', sql: "'NULL'" });
    expect(column('required').default).toEqual({ kind: 'none' });
    expect(column('n').default).toEqual({ kind: 'literal', sql: '-1.5e3' });
    expect(column('bits').default).toEqual({ kind: 'literal', sql: "b'101'" });
    expect(column('soon').default).toEqual({ kind: 'expression', sql: '(curdate() + interval 1 day)' });
    expect(column('changed')).toMatchObject({ default: { kind: 'expression', sql: 'current_timestamp(6)' }, onUpdate: 'current_timestamp(6)' });
  });

  it('turns the json_valid() column check into a JSON column and keeps the other checks', () => {
    expect(column('doc').json).toBe(true);
    expect(def.checks).toEqual([
      { name: 'n', expression: '`n` > 0', column: 'n' },
      { name: 'chk', expression: '`n` < 10' },
    ]);
  });

  it('reads generated, invisible and spatial columns', () => {
    expect(column('twice')).toMatchObject({ generated: { expression: '`id` * 2', stored: true }, invisible: true, default: { kind: 'none' } });
    expect(column('spot').srid).toBeNull();
  });

  it('groups index parts in order, ignores the spatial SUB_PART and reads IGNORED', () => {
    expect(def.primaryKey?.columns.map((c) => c.name)).toEqual(['id']);
    expect(def.indexes.map((i) => i.name)).toEqual(['sp', 'ix']);
    expect(def.indexes[0]).toMatchObject({ kind: 'spatial', columns: [{ name: 'spot', prefixLength: null }] });
    expect(def.indexes[1]).toMatchObject({
      invisible: true,
      columns: [
        { name: 'note', prefixLength: 5, descending: false },
        { name: 'n', prefixLength: null, descending: true },
      ],
    });
  });

  it('reads the table options a CREATE TABLE would state', () => {
    expect(def).toMatchObject({ charset: 'utf8mb4', collation: 'utf8mb4_uca1400_ai_ci', rowFormat: 'COMPRESSED', engine: 'InnoDB' });
    // Beyond 2^53 the next value cannot be carried exactly, so it is left to the destination.
    expect(def.autoIncrement).toBeNull();
  });
});

describe('tableDefinitions from MySQL 8', () => {
  const [def] = tableDefinitions(
    catalog({
      tables: [tableRow({ collation: 'gb18030_2022_bin', autoIncrement: '1001' })],
      columns: [
        columnRow('id', { nullable: 'NO', extra: 'auto_increment' }),
        columnRow('name', { dataType: 'varchar', columnType: 'varchar(20)', defaultValue: "it's \\ here", charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' }),
        columnRow('empty', { dataType: 'varchar', columnType: 'varchar(20)', defaultValue: '' }),
        columnRow('word_null', { dataType: 'varchar', columnType: 'varchar(5)', defaultValue: 'NULL' }),
        columnRow('qty', { defaultValue: '7' }),
        columnRow('flags', { dataType: 'bit', columnType: 'bit(4)', defaultValue: "b'1010'" }),
        columnRow('raw', { dataType: 'varbinary', columnType: 'varbinary(4)', defaultValue: '0x6162' }),
        columnRow('born', { dataType: 'date', columnType: 'date', defaultValue: '2000-01-01' }),
        columnRow('token', { dataType: 'varchar', columnType: 'varchar(36)', defaultValue: 'uuid()', extra: 'DEFAULT_GENERATED' }),
        columnRow('changed', { dataType: 'timestamp', columnType: 'timestamp', nullable: 'NO', defaultValue: 'CURRENT_TIMESTAMP', extra: 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP' }),
        columnRow('body', { dataType: 'json', columnType: 'json' }),
        columnRow('half', { extra: 'VIRTUAL GENERATED INVISIBLE', generationExpression: '(`qty` / 2)' }),
        columnRow('spot', { dataType: 'point', columnType: 'point', nullable: 'NO', srid: 4326 }),
      ],
      indexes: [indexRow('ix_lower', null, { expression: 'lower(`name`)', visible: 'NO' })],
      checks: [checkRow('t_chk_1', '(`qty` > 0)', { enforced: 'NO' })],
    }),
    'mysql80',
  );
  const column = (name: string) => def.columns.find((c) => c.name === name)!;

  it('quotes bare literal defaults and keeps DEFAULT_GENERATED ones as expressions', () => {
    expect(column('name').default).toEqual({ kind: 'literal', sql: "'it''s \\\\ here'" });
    expect(column('empty').default).toEqual({ kind: 'literal', sql: "''" });
    expect(column('word_null').default).toEqual({ kind: 'literal', sql: "'NULL'" });
    expect(column('qty').default).toEqual({ kind: 'literal', sql: '7' });
    expect(column('flags').default).toEqual({ kind: 'literal', sql: "b'1010'" });
    expect(column('raw').default).toEqual({ kind: 'literal', sql: '0x6162' });
    expect(column('born').default).toEqual({ kind: 'literal', sql: "'2000-01-01'" });
    expect(column('token').default).toEqual({ kind: 'expression', sql: 'uuid()' });
    expect(column('changed')).toMatchObject({ default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }, onUpdate: 'CURRENT_TIMESTAMP' });
  });

  it('reads native JSON, invisible generated columns, SRIDs, functional and invisible indexes, NOT ENFORCED checks', () => {
    expect(column('body').json).toBe(true);
    expect(column('half')).toMatchObject({ generated: { expression: '(`qty` / 2)', stored: false }, invisible: true });
    expect(column('spot').srid).toBe(4326);
    expect(def.indexes[0]).toMatchObject({ invisible: true, columns: [{ name: null, expression: 'lower(`name`)' }] });
    expect(def.checks).toEqual([{ name: 't_chk_1', expression: '(`qty` > 0)', enforced: false }]);
    expect(def).toMatchObject({ charset: 'gb18030_2022', autoIncrement: 1001 });
  });
});

describe('tableDefinitions from MySQL 5.7', () => {
  it('takes CURRENT_TIMESTAMP as an expression without DEFAULT_GENERATED and keeps the utf8 spelling', () => {
    const [def] = tableDefinitions(
      catalog({
        tables: [tableRow({ collation: 'utf8_general_ci' })],
        columns: [
          columnRow('at', { dataType: 'timestamp', columnType: 'timestamp', nullable: 'NO', defaultValue: 'CURRENT_TIMESTAMP', extra: 'on update CURRENT_TIMESTAMP' }),
          columnRow('name', { dataType: 'varchar', columnType: 'varchar(10)', charset: 'utf8', collation: 'utf8_general_ci' }),
        ],
      }),
      'mysql57',
    );
    expect(def.columns[0]).toMatchObject({ default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }, onUpdate: 'CURRENT_TIMESTAMP' });
    expect(def.columns[1]).toMatchObject({ charset: 'utf8', collation: 'utf8_general_ci' });
    expect(def.charset).toBe('utf8');
  });
});

describe('unexpected metadata', () => {
  it('names the column whose EXTRA it does not know', () => {
    expect(() => tableDefinitions(catalog({ columns: [columnRow('odd', { extra: 'SOMETHING NEW' })] }), 'mysql80')).toThrow(/db\.t\.odd: COLUMNS.EXTRA has "SOMETHING NEW"/);
  });

  it('names an object that is not a base table', () => {
    expect(() => tableDefinitions(catalog({ tables: [tableRow({ type: 'SEQUENCE' })], columns: [columnRow('id')] }), 'mariadb')).toThrow(/db\.t: it is a sequence, not a table/);
  });

  it('names the index with a key part that has neither column nor expression', () => {
    expect(() => tableDefinitions(catalog({ columns: [columnRow('id')], indexes: [indexRow('ix', null)] }), 'mysql80')).toThrow(/db\.t index ix/);
  });
});

describe('partitionClause', () => {
  it("takes MySQL's clause out of its version comment", () => {
    const created = 'CREATE TABLE `t` (\n  `id` int NOT NULL\n) ENGINE=InnoDB\n/*!50100 PARTITION BY HASH (`id`)\nPARTITIONS 4 */';
    expect(partitionClause(created, 'db.t')).toBe('PARTITION BY HASH (`id`)\nPARTITIONS 4');
  });

  it("takes MariaDB's clause as printed", () => {
    const created = 'CREATE TABLE `t` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB\n PARTITION BY KEY (`id`)\nPARTITIONS 2';
    expect(partitionClause(created, 'db.t')).toBe('PARTITION BY KEY (`id`)\nPARTITIONS 2');
  });

  it('names the table when there is no clause', () => {
    expect(() => partitionClause('CREATE TABLE `t` (`id` int)', 'db.t')).toThrow(/db\.t: information_schema lists partitions/);
  });
});
