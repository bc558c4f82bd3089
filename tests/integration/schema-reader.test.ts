/**
 * The reader and the converter are faithful for MariaDB → MariaDB: a schema
 * full of awkward cases is read from the source, converted, and created on the
 * destination in the Schema stage's order (tables, data, indexes, checks and
 * foreign keys, views, hidden key dropped at switchover). Every table's SHOW
 * CREATE TABLE then equals the source's, except AUTO_INCREMENT and what the
 * notes document, and every view returns the same rows.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualifiedName } from '../../src-shared/model/objects';
import type { ConversionNote } from '../../src-shared/model/schema';
import { convertTable, convertView, orderViews, profileOf } from '../../src-worker/dialect';
import type { ConvertedTable, TableDef, ViewDef } from '../../src-worker/dialect/types';
import { readTables, readViews } from '../../src-worker/mysql/schema-reader';
import { exec, rootConnection, servers } from './helpers';

const { source, destination } = servers();
const SOURCE_DB = 'sr_source';
const TARGET_DB = 'sr_target';

const SCHEMA = `
CREATE TABLE kinds (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'the row''s id',
  padded INT(10) UNSIGNED ZEROFILL DEFAULT 7,
  money DECIMAL(65,30) NOT NULL DEFAULT 0,
  ratio DOUBLE DEFAULT 1.5,
  flags BIT(64) DEFAULT b'1010',
  code CHAR(3) NOT NULL DEFAULT '',
  name VARCHAR(60) NOT NULL DEFAULT 'it''s \\\\ here' COMMENT 'say "hi"',
  latin VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin,
  legacy VARCHAR(20) CHARACTER SET utf8mb3,
  digest BINARY(4) DEFAULT 'abcd',
  blob_data BLOB,
  note TEXT DEFAULT 'n/a',
  size ENUM('small','it''s','back\\\\slash') NOT NULL DEFAULT 'it''s',
  tags SET('a','b''c') DEFAULT 'a,b''c',
  born DATE DEFAULT '2000-01-01',
  due DATE DEFAULT (curdate() + interval 7 day),
  lap TIME(3),
  created DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  changed TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  season YEAR DEFAULT 2024,
  token VARCHAR(36) DEFAULT uuid(),
  doc JSON,
  ip INET6 DEFAULT '::1',
  uid UUID,
  spot POINT REF_SYSTEM_ID=4326 NOT NULL,
  total INT AS (padded + 1) VIRTUAL,
  total_stored INT AS (padded * 2) STORED,
  secret INT INVISIBLE DEFAULT 3,
  qty INT CHECK (qty >= 0),
  PRIMARY KEY (id),
  UNIQUE KEY ux_code (code),
  KEY ix_name_desc (name(10), created DESC),
  KEY ix_total (total),
  KEY ix_qty (qty) IGNORED COMMENT 'not used by queries',
  FULLTEXT KEY ft_note (note),
  SPATIAL KEY sp_spot (spot),
  CONSTRAINT chk_money CHECK (money >= 0)
) AUTO_INCREMENT=1000 COMMENT='every kind of column; it''s \\\\ wide';

CREATE TABLE parents (id INT PRIMARY KEY, label VARCHAR(20) NOT NULL, UNIQUE KEY ux_label (label));
CREATE TABLE children (
  id INT PRIMARY KEY,
  parent_id INT,
  parent_label VARCHAR(20),
  sibling_id INT,
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parents (id) ON DELETE CASCADE ON UPDATE SET NULL,
  CONSTRAINT fk_label FOREIGN KEY (parent_label) REFERENCES parents (label),
  CONSTRAINT fk_sibling FOREIGN KEY (sibling_id) REFERENCES children (id) ON DELETE SET NULL
);
CREATE TABLE by_year (id INT NOT NULL, sold DATE NOT NULL, PRIMARY KEY (id, sold))
  PARTITION BY RANGE (year(sold)) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION pmax VALUES LESS THAN MAXVALUE);
CREATE TABLE by_country (id INT NOT NULL, country CHAR(2) NOT NULL, PRIMARY KEY (id, country))
  PARTITION BY LIST COLUMNS (country) (PARTITION europe VALUES IN ('FR', 'DE'), PARTITION asia VALUES IN ('CN', 'JP'));
CREATE TABLE by_month (id INT NOT NULL, sold DATE NOT NULL, PRIMARY KEY (id, sold))
  PARTITION BY RANGE (to_days(sold)) SUBPARTITION BY HASH (id) SUBPARTITIONS 2
  (PARTITION old VALUES LESS THAN (739252), PARTITION new VALUES LESS THAN MAXVALUE);
CREATE TABLE by_key (id INT NOT NULL PRIMARY KEY) PARTITION BY LINEAR KEY (id) PARTITIONS 4;
CREATE TABLE visits (customer_id INT, at DATETIME, page VARCHAR(100), KEY ix_customer (customer_id));
CREATE TABLE prices (id INT PRIMARY KEY, price DECIMAL(10,2)) WITH SYSTEM VERSIONING;
CREATE TABLE stock (
  id INT PRIMARY KEY, qty INT,
  valid_from TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE,
  valid_to TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE,
  PERIOD FOR SYSTEM_TIME (valid_from, valid_to)
) WITH SYSTEM VERSIONING;

CREATE ALGORITHM=TEMPTABLE VIEW parent_counts AS
  SELECT p.id, p.label, count(c.id) AS children, 'a\`b.c' AS marker FROM parents p LEFT JOIN children c ON c.parent_id = p.id GROUP BY p.id, p.label;
CREATE SQL SECURITY INVOKER VIEW busy_parents AS SELECT parent_counts.label FROM parent_counts WHERE parent_counts.children > 1;
CREATE ALGORITHM=MERGE VIEW cheap AS SELECT prices.id, prices.price FROM prices WHERE prices.price < 10 WITH LOCAL CHECK OPTION;
CREATE VIEW cheap_ids AS SELECT cheap.id FROM cheap WHERE cheap.id > 0 WITH CASCADED CHECK OPTION;
`;

/** The same rows on both sides, written before indexes and constraints exist, as the full copy does. */
const DATA = `
INSERT INTO kinds (code, name, latin, legacy, note, doc, uid, spot, qty, lap)
  VALUES ('AAA', 'first', 'abc', 'old', 'hello world', '{"a": 1}', uuid(), ST_GeomFromText('POINT(1 2)', 4326), 5, '01:02:03.500'),
         ('BBB', 'second', NULL, NULL, NULL, NULL, NULL, ST_GeomFromText('POINT(3 4)', 4326), 0, NULL);
INSERT INTO parents VALUES (1, 'one'), (2, 'two'), (3, 'three');
INSERT INTO children VALUES (10, 1, 'one', NULL), (11, 1, 'one', 10), (12, 2, 'two', NULL);
INSERT INTO by_year VALUES (1, '2023-05-01'), (2, '2025-01-01');
INSERT INTO visits VALUES (1, '2024-01-01 10:00:00', '/home'), (1, '2024-01-01 10:00:00', '/home');
INSERT INTO prices VALUES (1, 5.00), (2, 50.00);
INSERT INTO stock (id, qty) VALUES (1, 10);
`;

const TABLES = ['kinds', 'parents', 'children', 'by_year', 'by_country', 'by_month', 'by_key', 'visits', 'prices', 'stock'];
const VIEWS = ['cheap_ids', 'busy_parents', 'parent_counts', 'cheap'];
const KEYLESS = new Set(['visits']);

const sourceName = (table: string): QualifiedName => ({ database: SOURCE_DB, table });
const targetName = (name: QualifiedName): QualifiedName => ({ database: TARGET_DB, table: name.table });

async function query(connection: Connection, sql: string): Promise<RowDataPacket[]> {
  const [rows] = await connection.query<RowDataPacket[]>(sql);
  return rows;
}

async function showCreateTable(connection: Connection, database: string, table: string): Promise<string> {
  const [row] = await query(connection, `SHOW CREATE TABLE \`${database}\`.\`${table}\``);
  return String(row['Create Table']);
}

/** SHOW CREATE TABLE without its AUTO_INCREMENT option, which follows the rows each side holds. */
function withoutAutoIncrement(createTable: string): string {
  return createTable.replace(/ AUTO_INCREMENT=\d+/, '');
}

/**
 * The source's SHOW CREATE TABLE with the documented changes applied: a column-level CHECK comes back as a
 * table constraint (notes on `constraint <name>` whose `from` names the column), placed before the table-level checks.
 */
function asDocumented(createTable: string, notes: ConversionNote[]): string {
  const lines = createTable.split('\n');
  const moved: string[] = [];
  for (const note of notes) {
    const match = /^`(.+)` \.\.\. (CHECK \(.*\))$/.exec(note.from);
    if (!match || !note.object.includes(' constraint ')) continue;
    const index = lines.findIndex((l) => l.trimStart().startsWith(`\`${match[1]}\` `) && l.includes(` ${match[2]}`));
    lines[index] = lines[index].replace(` ${match[2]}`, '');
    moved.push(`  ${note.to}`);
  }
  if (moved.length === 0) return createTable;
  const firstCheck = lines.findIndex((l) => /^ {2}CONSTRAINT `[^`]+` CHECK /.test(l));
  const closing = lines.findIndex((l) => l.startsWith(')'));
  const at = firstCheck >= 0 ? firstCheck : closing;
  lines.splice(at, 0, ...moved);
  // Re-punctuate the definition list: every line but the last before `)` ends with a comma.
  const end = lines.findIndex((l) => l.startsWith(')'));
  for (let i = 1; i < end; i++) lines[i] = lines[i].replace(/,$/, '') + (i < end - 1 ? ',' : '');
  return lines.join('\n');
}

async function sortedRows(connection: Connection, name: string): Promise<string[]> {
  return (await query(connection, `SELECT * FROM ${name}`)).map((r) => JSON.stringify(r)).sort();
}

describe('schema reader and converter, MariaDB to MariaDB', () => {
  let src: Connection;
  let dst: Connection;
  let definitions: TableDef[];
  let views: ViewDef[];
  const converted = new Map<string, ConvertedTable>();

  beforeAll(async () => {
    await exec(source, `DROP DATABASE IF EXISTS ${SOURCE_DB}; CREATE DATABASE ${SOURCE_DB}; USE ${SOURCE_DB}; ${SCHEMA} ${DATA}`);
    await exec(destination, `DROP DATABASE IF EXISTS ${TARGET_DB}; CREATE DATABASE ${TARGET_DB}`);
    src = await rootConnection(source);
    dst = await rootConnection(destination);
  });

  afterAll(async () => {
    await src?.end();
    await dst?.end();
    await exec(source, `DROP DATABASE IF EXISTS ${SOURCE_DB}`);
    await exec(destination, `DROP DATABASE IF EXISTS ${TARGET_DB}`);
  });

  it('reads every table and view, with what information_schema alone cannot say', async () => {
    definitions = await readTables(src, TABLES.map(sourceName), 'mariadb');
    views = orderViews(await readViews(src, VIEWS.map(sourceName)));
    expect(definitions.map((d) => d.name.table)).toEqual(TABLES);

    const kinds = definitions[0];
    const column = (name: string) => kinds.columns.find((c) => c.name === name)!;
    expect(column('doc').json).toBe(true);
    expect(kinds.checks.map((c) => c.name)).toEqual(['qty', 'chk_money']);
    expect(column('name').default).toEqual({ kind: 'literal', sql: "'it''s \\\\ here'" });
    expect(column('due').default).toEqual({ kind: 'expression', sql: '(curdate() + interval 7 day)' });
    expect(column('token').default).toEqual({ kind: 'expression', sql: 'uuid()' });
    expect(column('changed').onUpdate).toBe('current_timestamp(6)');
    expect(column('total_stored').generated).toEqual({ expression: '`padded` * 2', stored: true });
    expect(column('secret').invisible).toBe(true);
    expect(column('spot').srid).toBe(4326);
    expect(kinds.autoIncrement).toBe(1002);
    expect(kinds.indexes.find((i) => i.name === 'ix_qty')?.invisible).toBe(true);
    expect(definitions.find((d) => d.name.table === 'by_month')!.partition?.clause).toMatch(/^PARTITION BY RANGE \(to_days\(`sold`\)\)\nSUBPARTITION BY HASH/);
    expect(definitions.find((d) => d.name.table === 'stock')!.systemVersioned).toBe(true);

    // Asked for in an order where views come before the views they read; created in dependency order.
    expect(views.map((v) => v.name.table)).toEqual(['cheap', 'cheap_ids', 'parent_counts', 'busy_parents']);
    expect(views[1].dependsOn).toEqual([sourceName('cheap')]);
    expect(views[3].dependsOn).toEqual([sourceName('parent_counts')]);
    expect(views[2].dependsOn).toEqual(expect.arrayContaining([sourceName('parents'), sourceName('children')]));
    expect(views[1].checkOption).toBe('CASCADED');
    expect(views[3].securityType).toBe('INVOKER');
  });

  it('refuses a table that does not exist, by name', async () => {
    await expect(readTables(src, [sourceName('nowhere')], 'mariadb')).rejects.toThrow(/sr_source\.nowhere/);
  });

  it('creates tables, indexes, constraints and views on the destination that match the source', async () => {
    const mariadb = profileOf('mariadb');
    for (const def of definitions) {
      const result = convertTable(def, mariadb, mariadb, { target: targetName(def.name), columns: null, hiddenKey: KEYLESS.has(def.name.table), names: targetName });
      converted.set(def.name.table, result);
      await dst.query(result.createTable);
    }
    await dst.query(`USE ${TARGET_DB}`);
    await dst.query(DATA);
    for (const result of converted.values()) for (const index of result.indexes) await dst.query(index.ddl);
    for (const result of converted.values()) for (const check of result.checks) await dst.query(check.ddl);
    for (const result of converted.values()) for (const fk of result.foreignKeys) await dst.query(fk.ddl);
    for (const view of views) await dst.query(convertView(view, mariadb, { target: targetName(view.name), names: targetName }).ddl);
    for (const result of converted.values()) if (result.hiddenKey) await dst.query(result.hiddenKey.dropDdl);

    for (const table of TABLES) {
      const expected = asDocumented(withoutAutoIncrement(await showCreateTable(src, SOURCE_DB, table)), converted.get(table)!.notes);
      expect(withoutAutoIncrement(await showCreateTable(dst, TARGET_DB, table)), table).toBe(expected);
    }
    for (const view of VIEWS) {
      expect(await sortedRows(dst, `${TARGET_DB}.${view}`), view).toEqual(await sortedRows(src, `${SOURCE_DB}.${view}`));
    }
  });

  it('notes only what MariaDB cannot carry over as it is', () => {
    const lossy = [...converted.values()].flatMap((c) => c.notes).filter((n) => n.lossy);
    expect(lossy.map((n) => n.object).sort()).toEqual(['sr_source.prices', 'sr_source.stock']);
    expect(converted.get('visits')!.hiddenKey?.column).toBe('__cutover_row_id');
  });
});
