import { describe, it, expect } from 'vitest';
import type { ObjectSelection } from '../../../src-shared/model/objects';
import type { ObjectsCsvContent } from '../../../src-shared/settings/objects-csv';
import { OBJECTS_CSV_HEADER, formatObjectsCsv, parseObjectsCsv } from '../../../src-shared/settings/objects-csv';
import { parseExactName, parseRule } from '../../../src-shared/settings/object-names';

const HEADER = 'source_database,source_table,target_database,target_table,where,columns';
const FILE = 'objects.csv';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

function parsed(text: string): ObjectsCsvContent {
  const result = parseObjectsCsv(text, FILE);
  if (!result.ok) throw new Error(`expected the CSV to parse:\n${result.errors.join('\n')}`);
  return result.value;
}

function errors(text: string): string[] {
  const result = parseObjectsCsv(text, FILE);
  if (result.ok) throw new Error('expected the CSV to be refused');
  // Nothing half-applied: a refused file returns no content at all.
  expect(Object.keys(result).sort()).toEqual(['errors', 'ok', 'problemCount']);
  // Small files: every problem is listed, and counted.
  expect(result.problemCount).toBe(result.errors.length);
  return result.errors;
}

describe('OBJECTS_CSV_HEADER', () => {
  it('is the documented header', () => {
    expect(OBJECTS_CSV_HEADER.join(',')).toBe(HEADER);
  });
});

describe('parseObjectsCsv', () => {
  describe('exact tables', () => {
    it('reads a table without settings', () => {
      expect(parsed(csv('shop,orders,,,,'))).toEqual({ include: [], tables: [{ source: 'shop.orders' }] });
    });

    it('fills an empty target part from the source', () => {
      expect(parsed(csv('shop,orders,arch,,,', 'shop,customers,,clients,,', 'shop,items,arch,items_v2,,')).tables).toEqual([
        { source: 'shop.orders', target: 'arch.orders' },
        { source: 'shop.customers', target: 'shop.clients' },
        { source: 'shop.items', target: 'arch.items_v2' },
      ]);
    });

    it('reads a quoted row filter with commas and quotes, trimmed', () => {
      const text = csv(`shop,orders,,,"  note = 'a, ""b""' AND total > 0 ",`);
      expect(parsed(text).tables).toEqual([{ source: 'shop.orders', where: `note = 'a, "b"' AND total > 0` }]);
    });

    it('reads a column list separated by ";" and trims each name', () => {
      expect(parsed(csv('shop,orders,,,,id; total ;note')).tables).toEqual([{ source: 'shop.orders', columns: ['id', 'total', 'note'] }]);
    });

    it('quotes names that need it, so that they read back exactly', () => {
      const [table] = parsed(csv('my.db,my table,new db,t.2,,')).tables;
      expect(table).toEqual({ source: '`my.db`.`my table`', target: '`new db`.`t.2`' });
      expect(parseExactName(table.source)).toEqual({ ok: true, value: { database: 'my.db', table: 'my table' } });
      expect(parseExactName(table.target!)).toEqual({ ok: true, value: { database: 'new db', table: 't.2' } });
    });

    it('accepts a header with other letter case or spaces, a BOM and CRLF line ends, as Excel writes them', () => {
      const text = '\uFEFFSource_Database, source_table ,target_database,target_table,where,columns\r\nshop,orders,,,,\r\n';
      expect(parsed(text).tables).toEqual([{ source: 'shop.orders' }]);
    });
  });

  describe('pattern rows', () => {
    it('turns a row with wildcards into an include rule', () => {
      expect(parsed(csv('shop,tmp_*,,,,', 'app_??,users,,,,'))).toEqual({ include: ['shop.tmp_*', 'app_??.users'], tables: [] });
    });

    it('writes renames into the rule, with * for a kept part', () => {
      expect(parsed(csv('app_*,users,global,,,', 'logs,log_*,logs,log_all,,', 'shop,*,,archive,,')).include).toEqual([
        'app_*.users=global.*',
        'logs.log_*=logs.log_all',
        'shop.*=*.archive',
      ]);
    });

    it('quotes exact parts of a pattern row that need it', () => {
      const [text] = parsed(csv('my db,t_*,new db,,,')).include;
      expect(text).toBe('`my db`.t_*=`new db`.*');
      const rule = parseRule(text);
      expect(rule.ok && rule.value.database).toEqual({ text: 'my db', wildcard: false });
      expect(rule.ok && rule.value.table).toEqual({ text: 't_*', wildcard: true });
    });

    it('refuses a row filter or a column list on a pattern row', () => {
      expect(errors(csv('shop,t_*,,,id > 1,id'))).toEqual([
        `${FILE}:2: where is only allowed for an exact table, not for a pattern`,
        `${FILE}:2: columns are only allowed for an exact table, not for a pattern`,
      ]);
    });

    it('refuses a wildcard in a target', () => {
      expect(errors(csv('shop,t_*,arch,t_*,,'))).toEqual([
        `${FILE}:2: target_table "t_*" uses a wildcard; a target keeps the source name when left empty (write a name containing * or ? in backticks)`,
      ]);
      expect(errors(csv('shop,orders,*,,,'))).toEqual([
        `${FILE}:2: target_database "*" uses a wildcard; a target keeps the source name when left empty (write a name containing * or ? in backticks)`,
      ]);
    });

    it('refuses a pattern that a rule cannot hold, at its line', () => {
      expect(errors(csv('shop,orders,,,,', 'shop,a\u00a0b*,,,,', 'my db*,t,,,,', 'shop,a.b?,,,,'))).toEqual([
        `${FILE}:3: source_table "a\\u{00A0}b*" is a pattern with white space, "." or "=", which a rule cannot hold; use ? for such a character`,
        `${FILE}:4: source_database "my db*" is a pattern with white space, "." or "=", which a rule cannot hold; use ? for such a character`,
        `${FILE}:5: source_table "a.b?" is a pattern with white space, "." or "=", which a rule cannot hold; use ? for such a character`,
      ]);
    });
  });

  describe('errors', () => {
    it('refuses an empty file', () => {
      const message = `${FILE}:1: the file is empty; the first line must be the header ${HEADER}`;
      expect(errors('')).toEqual([message]);
      expect(errors('\n\r\n')).toEqual([message]);
    });

    it('refuses a file with a header and no rows', () => {
      expect(errors(csv())).toEqual([`${FILE}:2: the file has no rows; add at least one table or rule`]);
    });

    it('refuses any other header, at its line', () => {
      const message = (line: number) => `${FILE}:${line}: the header must be exactly ${HEADER}`;
      expect(errors('source_db,source_table,target_database,target_table,where,columns\nshop,orders,,,,\n')).toEqual([message(1)]);
      expect(errors('source_database,source_table,target_database,target_table,where\nshop,orders,,,\n')).toEqual([message(1)]);
      expect(errors('shop,orders,,,,\n')).toEqual([message(1)]);
      expect(errors('\n\nsource_database,source_table\n')).toEqual([message(3)]);
    });

    it('refuses a row with the wrong number of fields', () => {
      expect(errors(csv('shop,orders,,,', 'shop,items,,,,,'))).toEqual([
        `${FILE}:2: has 5 fields; expected 6 (${HEADER})`,
        `${FILE}:3: has 7 fields; expected 6 (${HEADER})`,
      ]);
    });

    it('refuses empty source names', () => {
      expect(errors(csv('shop,,,,,', ',orders,,,,'))).toEqual([`${FILE}:2: source_table is empty`, `${FILE}:3: source_database is empty`]);
    });

    it('refuses names that are too long, padded bare, or with a stray backtick', () => {
      const padded = 'has leading or trailing spaces; if they are part of the name, write it in backticks';
      expect(errors(csv(`shop,${'t'.repeat(65)},,,,`))).toEqual([`${FILE}:2: source_table is longer than 64 characters`]);
      expect(errors(csv(`shop,\`${'t'.repeat(65)}\`,,,,`))).toEqual([`${FILE}:2: source_table is longer than 64 characters`]);
      expect(errors(csv('shop, orders,,,,'))).toEqual([`${FILE}:2: source_table " orders" ${padded}`]);
      expect(errors(csv('shop,orders,arch ,,,'))).toEqual([`${FILE}:2: target_database "arch " ${padded}`]);
      expect(errors(csv('we`ird,orders,,,,'))).toEqual([
        `${FILE}:2: source_database "we\`ird" contains a backtick; write the name in backticks with the backtick doubled: "\`we\`\`ird\`"`,
      ]);
      expect(errors(csv('`shop,orders,,,,'))).toEqual([`${FILE}:2: source_database "\`shop" has no closing backtick`]);
      expect(errors(csv('`sh`op`,orders,,,,'))).toEqual([
        `${FILE}:2: source_database "\`sh\`op\`" has text after its closing backtick; double a backtick that is part of the name`,
      ]);
      expect(errors(csv('``,orders,,,,'))).toEqual([`${FILE}:2: source_database is empty`]);
      expect(errors(csv(`shop,orders,,${'t'.repeat(65)},,`))).toEqual([`${FILE}:2: target_table is longer than 64 characters`]);
    });

    it('accepts a 64-character name', () => {
      expect(parsed(csv(`shop,${'t'.repeat(64)},,,,`)).tables[0].source).toBe(`shop.${'t'.repeat(64)}`);
    });

    it('refuses a bad row filter', () => {
      expect(errors(csv('shop,orders,,,id = 1; DROP TABLE orders,', 'shop,items,,,WHERE id = 1,', 'shop,customers,,,"id = 1 -- x",'))).toEqual([
        `${FILE}:2: where contains ";"; give one condition, without a statement separator`,
        `${FILE}:3: where starts with WHERE; give only the condition`,
        `${FILE}:4: where contains a comment; remove it`,
      ]);
    });

    it('refuses empty, invalid and repeated column names', () => {
      expect(errors(csv('shop,a,,,,id;;total', 'shop,b,,,,id;total;', 'shop,c,,,,id;x`y', 'shop,d,,,,id;total;id;total;id', `shop,e,,,,${'c'.repeat(65)}`))).toEqual([
        `${FILE}:2: columns has an empty name (check for ";;" or a trailing ";")`,
        `${FILE}:3: columns has an empty name (check for ";;" or a trailing ";")`,
        `${FILE}:4: columns name "x\`y" contains a backtick; write it in backticks with the backtick doubled`,
        `${FILE}:5: columns repeats "id", "total"`,
        `${FILE}:6: columns has invalid names: "${'c'.repeat(60)}…" (a column name has 1-64 characters and does not end with a space)`,
      ]);
    });

    it('refuses a table listed twice, pointing at the first line', () => {
      expect(errors(csv('shop,orders,,,,', 'shop,items,,,,', 'shop,orders,arch,,,'))).toEqual([`${FILE}:4: shop.orders is listed twice (also on line 2)`]);
      expect(errors(csv('shop,t_*,,,,', 'shop,t_*,arch,,,'))).toEqual([`${FILE}:3: shop.t_* is listed twice (also on line 2)`]);
    });

    it('reports every problem of a row', () => {
      expect(errors(csv('shop,t_*,arch ,x?,id=1,a'))).toEqual([
        `${FILE}:2: target_database "arch " has leading or trailing spaces; if they are part of the name, write it in backticks`,
        `${FILE}:2: target_table "x?" uses a wildcard; a target keeps the source name when left empty (write a name containing * or ? in backticks)`,
        `${FILE}:2: where is only allowed for an exact table, not for a pattern`,
        `${FILE}:2: columns are only allowed for an exact table, not for a pattern`,
      ]);
    });

    it('reports every bad row of a file at the line where its record starts', () => {
      const text = csv(
        'shop,orders,,,"note = \'multi',
        "line'\",id",
        'shop,,,,,',
        '"my',
        'db",t,,,"x = 1;",',
        'shop,customers,,,,',
        'shop,items,,,',
      );
      expect(errors(text)).toEqual([
        `${FILE}:4: source_table is empty`,
        `${FILE}:5: where contains ";"; give one condition, without a statement separator`,
        `${FILE}:8: has 5 fields; expected 6 (${HEADER})`,
      ]);
    });

    it('reports a CSV syntax error with its line, and nothing else', () => {
      expect(errors(csv('shop,orders,,,,', 'shop,"items,,,,'))).toEqual([`${FILE}:3: a quoted field is not closed`]);
      expect(errors(csv('shop,ord"ers,,,,'))).toEqual([`${FILE}:2: a quote inside an unquoted field; quote the field and double the quote`]);
    });
  });
});

describe('formatObjectsCsv', () => {
  const selection: ObjectSelection = {
    include: ['shop.tmp_*', 'app_*.users=global.*', 'logs.log_*=logs.log_all', '`my db`.t_?=arch.*', 'shop.*=*.archive'],
    exclude: ['shop.tmp_old'],
    tables: [
      { source: 'shop.orders', target: 'arch.orders_2024', where: `note = 'a, "quoted"' AND total > 0`, columns: ['id', 'total', 'note'] },
      { source: 'shop.customers' },
      { source: '`my.db`.`my table`', target: '`new db`.t' },
      { source: 'shop.order_items', where: "sku LIKE 'A%'" },
      { source: 'crm.contacts', columns: ['id', 'e mail'] },
    ],
  };

  it('writes the header and one row per rule and table', () => {
    const text = formatObjectsCsv(selection);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines.slice(1, 3)).toEqual(['shop,tmp_*,,,,', 'app_*,users,global,,,']);
    expect(lines).toContain(`shop,orders,arch,orders_2024,"note = 'a, ""quoted""' AND total > 0",id;total;note`);
    expect(lines).toContain('my.db,my table,new db,t,,');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('reads back as the same rules and tables (exclude rules are not part of the file)', () => {
    expect(parsed(formatObjectsCsv(selection))).toEqual({ include: selection.include, tables: selection.tables });
  });

  it('turns an include rule without wildcards into an equivalent table row', () => {
    expect(parsed(formatObjectsCsv({ include: ['shop.orders=arch.o'], exclude: [], tables: [] }))).toEqual({
      include: [],
      tables: [{ source: 'shop.orders', target: 'arch.o' }],
    });
  });
});
