import { describe, it, expect } from 'vitest';
import type { QualifiedName } from '../../../src-shared/model/objects';
import type { ParsedRule } from '../../../src-shared/settings/object-names';
import {
  checkRowFilter,
  formatName,
  formatPart,
  isValidColumnName,
  parseExactName,
  parseRule,
  ruleMatches,
  ruleTarget,
  sameName,
} from '../../../src-shared/settings/object-names';

/** Parses a rule that must be valid. */
function rule(text: string): ParsedRule {
  const parsed = parseRule(text);
  if (!parsed.ok) throw new Error(`expected "${text}" to parse, got: ${parsed.error}`);
  return parsed.value;
}

function ruleError(text: string): string {
  const parsed = parseRule(text);
  if (parsed.ok) throw new Error(`expected "${text}" to be refused`);
  return parsed.error;
}

function exactError(text: string): string {
  const parsed = parseExactName(text);
  if (parsed.ok) throw new Error(`expected "${text}" to be refused`);
  return parsed.error;
}

const n = (database: string, table: string): QualifiedName => ({ database, table });

const NOT_QUALIFIED = 'must be database.table (for example db.* or db.orders); quote names containing "." in backticks';

describe('parseRule', () => {
  it('reads an exact rule without wildcards', () => {
    expect(rule('shop.orders')).toEqual({
      text: 'shop.orders',
      database: { text: 'shop', wildcard: false },
      table: { text: 'orders', wildcard: false },
      target: null,
    });
  });

  it('marks * and ? in bare parts as wildcards', () => {
    expect(rule('shop.*').table).toEqual({ text: '*', wildcard: true });
    expect(rule('shop.t_*').table).toEqual({ text: 't_*', wildcard: true });
    expect(rule('shop.log_20??').table).toEqual({ text: 'log_20??', wildcard: true });
    expect(rule('app_*.users').database).toEqual({ text: 'app_*', wildcard: true });
  });

  it('trims the rule text it keeps', () => {
    expect(rule('   shop.t_*  ').text).toBe('shop.t_*');
  });

  it('reads backtick-quoted parts literally: a quoted * or ? is not a wildcard', () => {
    const parsed = rule('`my.db`.`t*?`');
    expect(parsed.database).toEqual({ text: 'my.db', wildcard: false });
    expect(parsed.table).toEqual({ text: 't*?', wildcard: false });
  });

  it('reads a doubled backtick inside quotes as one backtick', () => {
    expect(rule('`a``b`.`````x`').database.text).toBe('a`b');
    expect(rule('`a``b`.`````x`').table.text).toBe('``x');
  });

  it('allows a quoted part next to a bare one', () => {
    expect(rule('`my db`.t_*').database.text).toBe('my db');
    expect(rule('db.`my table`').table.text).toBe('my table');
  });

  it('reads renames of the database with * keeping the table name', () => {
    expect(rule('src.*=dst.*').target).toEqual({ database: 'dst', table: '*' });
  });

  it('reads a many-to-one rename src.t_*=dst.t', () => {
    const parsed = rule('src.t_*=dst.t');
    expect(parsed.table).toEqual({ text: 't_*', wildcard: true });
    expect(parsed.target).toEqual({ database: 'dst', table: 't' });
  });

  it('allows * for the target database, keeping the source database', () => {
    expect(rule('db.t=*.t2').target).toEqual({ database: '*', table: 't2' });
  });

  it('allows white space around "="', () => {
    expect(rule('src.* = dst.*').target).toEqual({ database: 'dst', table: '*' });
  });

  it('ignores "=" inside backticks when looking for the rename', () => {
    const parsed = rule('`a=b`.t=x.y');
    expect(parsed.database.text).toBe('a=b');
    expect(parsed.target).toEqual({ database: 'x', table: 'y' });
    expect(rule('`a=b`.t').target).toBeNull();
  });

  it('accepts a quoted target containing characters a bare name cannot hold', () => {
    expect(rule('src.t=`new db`.`t.2`').target).toEqual({ database: 'new db', table: 't.2' });
  });

  describe('errors', () => {
    it('refuses an empty rule', () => {
      expect(ruleError('')).toBe('is empty');
      expect(ruleError('   ')).toBe('is empty');
    });

    it('refuses a rule without a table part', () => {
      expect(ruleError('shop')).toBe(NOT_QUALIFIED);
      expect(ruleError('`my.db`')).toBe(NOT_QUALIFIED);
    });

    it('refuses a rule with too many parts', () => {
      expect(ruleError('a.b.c')).toBe(NOT_QUALIFIED);
      expect(ruleError('a..b')).toBe(NOT_QUALIFIED);
    });

    it('names the empty part', () => {
      expect(ruleError('.orders')).toBe('has an empty database name');
      expect(ruleError('``.orders')).toBe('has an empty database name');
      expect(ruleError('shop.``')).toBe('has an empty table name');
    });

    it('says the table name is empty for a trailing dot', () => {
      expect(ruleError('shop.')).toBe('has an empty table name');
      expect(ruleError('`shop`.')).toBe('has an empty table name');
    });

    it('refuses an unclosed backtick', () => {
      expect(ruleError('`shop.orders')).toBe('has an unclosed backtick');
      expect(ruleError('shop.`orders')).toBe('has an unclosed backtick');
      expect(ruleError('shop.`a``')).toBe('has an unclosed backtick');
    });

    it('refuses white space in bare names and says how to quote', () => {
      expect(ruleError('my shop.orders')).toBe('contains white space; quote such names in backticks');
      expect(ruleError('shop.my\torders')).toBe('contains white space; quote such names in backticks');
      expect(ruleError('shop. orders')).toBe('contains white space; quote such names in backticks');
    });

    it('refuses a backtick inside a bare name', () => {
      expect(ruleError('sh`op.orders')).toBe('has a backtick inside a name; quote the whole name: `my.name`');
    });

    it('refuses text right after a closing backtick', () => {
      expect(ruleError('`shop`x.orders')).toBe('has "x" after a quoted name; expected "."');
    });

    it('refuses names longer than 64 characters, and accepts 64', () => {
      expect(rule(`shop.${'t'.repeat(64)}`).table.text).toHaveLength(64);
      expect(ruleError(`shop.${'t'.repeat(65)}`)).toBe('has a table name longer than 64 characters');
      expect(ruleError(`${'d'.repeat(65)}.t`)).toBe('has a database name longer than 64 characters');
      expect(ruleError(`src.*=dst.${'t'.repeat(65)}`)).toBe('has a target table name longer than 64 characters; use * alone to keep the source name');
    });

    it('refuses a wildcard in the target other than * alone', () => {
      expect(ruleError('src.*=dst.t_*')).toBe('uses a wildcard in the target table name, where an exact name is needed; use * alone to keep the source name');
      expect(ruleError('src.*=d?.*')).toBe('uses a wildcard in the target database name, where an exact name is needed; use * alone to keep the source name');
      expect(ruleError('src.*=dst.**')).toBe('uses a wildcard in the target table name, where an exact name is needed; use * alone to keep the source name');
    });

    it('refuses a target that is not database.table', () => {
      const message = 'target must be database.table, where either part may be * to keep the source name';
      expect(ruleError('src.*=dst')).toBe(message);
      expect(ruleError('src.*=')).toBe(message);
      expect(ruleError('src.*=a.b.c')).toBe(message);
    });

    it('prefixes syntax errors of the target with "target"', () => {
      expect(ruleError('src.*=dst.`t')).toBe('target has an unclosed backtick');
      expect(ruleError('src.*=dst.my t')).toBe('target contains white space; quote such names in backticks');
    });

    it('refuses empty target parts and a second "="', () => {
      expect(ruleError('src.*=.t')).toBe('has an empty target database name; use * alone to keep the source name');
      expect(ruleError('src.*=dst.a=b')).toBe('has "=" inside the target table name; use * alone to keep the source name');
    });

    it('reports the source error before looking at the target', () => {
      expect(ruleError('src=dst.*')).toBe(NOT_QUALIFIED);
    });
  });
});

describe('parseExactName', () => {
  it('returns the plain names', () => {
    expect(parseExactName('shop.orders')).toEqual({ ok: true, value: n('shop', 'orders') });
    expect(parseExactName(' `my.db`.`a``b` ')).toEqual({ ok: true, value: n('my.db', 'a`b') });
  });

  it('refuses wildcards, which rules are for', () => {
    expect(exactError('shop.t_*')).toBe('uses a wildcard in the table name, where an exact name is needed');
    expect(exactError('sh?p.orders')).toBe('uses a wildcard in the database name, where an exact name is needed');
  });

  it('accepts * and ? inside backticks as part of the name', () => {
    expect(parseExactName('shop.`t*`')).toEqual({ ok: true, value: n('shop', 't*') });
  });

  it('refuses "=" in a bare name but accepts it quoted', () => {
    expect(exactError('shop.a=b')).toBe('has "=" inside the table name');
    expect(parseExactName('shop.`a=b`')).toEqual({ ok: true, value: n('shop', 'a=b') });
  });

  it('gives the same errors as rules for structure', () => {
    expect(exactError('shop')).toBe(NOT_QUALIFIED);
    expect(exactError('')).toBe('is empty');
    expect(exactError('shop.')).toBe('has an empty table name');
  });
});

describe('ruleMatches', () => {
  it('matches * against any run of characters, including none', () => {
    const r = rule('shop.t_*');
    expect(ruleMatches(r, n('shop', 't_1'))).toBe(true);
    expect(ruleMatches(r, n('shop', 't_'))).toBe(true);
    expect(ruleMatches(r, n('shop', 't_orders_2024'))).toBe(true);
    expect(ruleMatches(r, n('shop', 'x_1'))).toBe(false);
    expect(ruleMatches(r, n('shop2', 't_1'))).toBe(false);
  });

  it('matches ? against exactly one character', () => {
    const r = rule('shop.t?');
    expect(ruleMatches(r, n('shop', 't1'))).toBe(true);
    expect(ruleMatches(r, n('shop', 't'))).toBe(false);
    expect(ruleMatches(r, n('shop', 't12'))).toBe(false);
  });

  it('anchors the pattern at both ends', () => {
    const r = rule('shop.order');
    expect(ruleMatches(r, n('shop', 'orders'))).toBe(false);
    expect(ruleMatches(r, n('shop', 'xorder'))).toBe(false);
    expect(ruleMatches(rule('shop.*_log'), n('shop', 'a_log_b'))).toBe(false);
  });

  it('treats regular expression characters in patterns literally', () => {
    expect(ruleMatches(rule('shop.a+b*'), n('shop', 'a+bc'))).toBe(true);
    expect(ruleMatches(rule('shop.a+b*'), n('shop', 'aab'))).toBe(false);
    expect(ruleMatches(rule('shop.[a]*'), n('shop', '[a]z'))).toBe(true);
    expect(ruleMatches(rule('shop.[a]*'), n('shop', 'a'))).toBe(false);
    expect(ruleMatches(rule('shop.$x(1)*'), n('shop', '$x(1)2'))).toBe(true);
    expect(ruleMatches(rule('shop.^t|u*'), n('shop', 'u'))).toBe(false);
  });

  it('matches database wildcards too', () => {
    const r = rule('app_*.users');
    expect(ruleMatches(r, n('app_eu', 'users'))).toBe(true);
    expect(ruleMatches(r, n('app_eu', 'orders'))).toBe(false);
  });

  it('compares exact and quoted parts exactly', () => {
    expect(ruleMatches(rule('shop.`t*`'), n('shop', 't*'))).toBe(true);
    expect(ruleMatches(rule('shop.`t*`'), n('shop', 'tx'))).toBe(false);
    expect(ruleMatches(rule('shop.orders'), n('shop', 'Orders'))).toBe(false);
  });

  it('lets * cross line breaks in odd names', () => {
    expect(ruleMatches(rule('shop.a*'), n('shop', 'a\nb'))).toBe(true);
  });
});

describe('ruleTarget', () => {
  it('keeps the source name without a rename, as a copy', () => {
    const source = n('shop', 'orders');
    const target = ruleTarget(rule('shop.*'), source);
    expect(target).toEqual(source);
    expect(target).not.toBe(source);
  });

  it('replaces the database and keeps the table for dst.*', () => {
    expect(ruleTarget(rule('src.*=dst.*'), n('src', 'orders'))).toEqual(n('dst', 'orders'));
  });

  it('sends every match to one table for a many-to-one rule', () => {
    const r = rule('src.t_*=dst.t');
    expect(ruleTarget(r, n('src', 't_1'))).toEqual(n('dst', 't'));
    expect(ruleTarget(r, n('src', 't_2'))).toEqual(n('dst', 't'));
  });

  it('keeps the source database for *.name', () => {
    expect(ruleTarget(rule('app_*.users=*.members'), n('app_eu', 'users'))).toEqual(n('app_eu', 'members'));
  });
});

describe('formatPart and formatName', () => {
  it('leaves plain names bare', () => {
    expect(formatPart('orders')).toBe('orders');
    expect(formatPart('order_items_2024')).toBe('order_items_2024');
    expect(formatPart('$tmp')).toBe('$tmp');
    expect(formatPart('a-b')).toBe('a-b');
    expect(formatPart('Bestellungen_ü')).toBe('Bestellungen_ü');
    expect(formatName(n('shop', 'orders'))).toBe('shop.orders');
  });

  it('quotes names with dots, spaces, backticks, wildcards and "="', () => {
    expect(formatPart('my.db')).toBe('`my.db`');
    expect(formatPart('my table')).toBe('`my table`');
    expect(formatPart('a`b')).toBe('`a``b`');
    expect(formatPart('t*')).toBe('`t*`');
    expect(formatPart('t?')).toBe('`t?`');
    expect(formatPart('a=b')).toBe('`a=b`');
    expect(formatName(n('my.db', 'a`b'))).toBe('`my.db`.`a``b`');
  });

  const names: [string, QualifiedName][] = [
    ['plain', n('shop', 'orders')],
    ['dots', n('my.shop', 'orders.2024')],
    ['backticks', n('a`b', '``')],
    ['spaces', n('my shop', ' padded ')],
    ['tab and line break', n('a\tb', 'c\nd')],
    ['wildcard characters', n('shop*', 't?')],
    ['equals sign', n('a=b', 'c')],
    ['accented letters', n('café', 'commandes_été')],
    ['CJK', n('商店', '订单')],
    ['emoji', n('db😀', '😀')],
    ['no-break space', n('a\u00a0b', 't')],
    ['ideographic space', n('商\u3000店', 't')],
    ['line separator', n('a\u2028b', 't')],
    ['byte order mark', n('\ufeffdb', 't')],
    ['64 characters with a dot', n(`${'d'.repeat(63)}.`, 't'.repeat(64))],
  ];

  it.each(names)('reads back what it writes: %s', (_label, name) => {
    expect(parseExactName(formatName(name))).toEqual({ ok: true, value: name });
  });
});

describe('sameName', () => {
  it('compares both parts exactly', () => {
    expect(sameName(n('a', 'b'), n('a', 'b'))).toBe(true);
    expect(sameName(n('a', 'b'), n('a', 'c'))).toBe(false);
    expect(sameName(n('a', 'b'), n('x', 'b'))).toBe(false);
  });
});

describe('isValidColumnName', () => {
  it('accepts ordinary names up to 64 characters', () => {
    expect(isValidColumnName('id')).toBe(true);
    expect(isValidColumnName('my column')).toBe(true);
    expect(isValidColumnName('c'.repeat(64))).toBe(true);
  });

  it('accepts what MariaDB accepts: a backtick, quotes, a leading space, CJK, reserved words', () => {
    for (const name of ['a`b', `it's "x"`, ' id', '数量', 'order', 'a;b', 'a,b', 'x*y?']) expect(isValidColumnName(name)).toBe(true);
  });

  it('refuses empty, trailing-space, NUL and over-long names, which MariaDB refuses', () => {
    expect(isValidColumnName('')).toBe(false);
    expect(isValidColumnName('id ')).toBe(false);
    expect(isValidColumnName('id\t')).toBe(false);
    expect(isValidColumnName('a\u0000b')).toBe(false);
    expect(isValidColumnName('c'.repeat(65))).toBe(false);
  });
});

describe('checkRowFilter', () => {
  const SEMICOLON = 'contains ";"; give one condition, without a statement separator';
  const COMMENT = 'contains a comment; remove it';

  it('accepts ordinary conditions', () => {
    expect(checkRowFilter('id > 10')).toBeNull();
    expect(checkRowFilter("created_at >= '2024-01-01' AND status IN ('paid', 'sent')")).toBeNull();
    expect(checkRowFilter('a - b > 1')).toBeNull();
  });

  it('refuses an empty filter', () => {
    expect(checkRowFilter('')).toBe('is empty');
    expect(checkRowFilter(' \n\t ')).toBe('is empty');
  });

  it('refuses a filter longer than 4000 characters', () => {
    expect(checkRowFilter(`id = ${'1'.repeat(3995)}`)).toBeNull();
    expect(checkRowFilter(`id = ${'1'.repeat(3996)}`)).toBe('is longer than 4000 characters');
  });

  it('refuses a statement separator outside string literals', () => {
    expect(checkRowFilter('id = 1; DROP TABLE orders')).toBe(SEMICOLON);
    expect(checkRowFilter('id = 1;')).toBe(SEMICOLON);
  });

  it('allows ";" inside single, double and backtick quotes', () => {
    expect(checkRowFilter("note = 'a;b'")).toBeNull();
    expect(checkRowFilter('note = "a;b"')).toBeNull();
    expect(checkRowFilter('`we;ird` = 1')).toBeNull();
  });

  it('understands doubled quotes inside literals', () => {
    expect(checkRowFilter("note = 'it''s; fine'")).toBeNull();
    expect(checkRowFilter('note = "say ""hi""; ok"')).toBeNull();
    expect(checkRowFilter("note = 'it''s' ; DROP TABLE t")).toBe(SEMICOLON);
  });

  it('refuses a quote escaped with a backslash, which ends the string early under NO_BACKSLASH_ESCAPES', () => {
    expect(checkRowFilter("note = 'it\\'s; fine'")).toBe(
      "escapes a quote with a backslash at character 11; double the quote instead ('it''s'), which reads the same under every sql_mode",
    );
  });

  it('refuses an unclosed quote, whatever follows it', () => {
    expect(checkRowFilter("note = 'abc; DROP TABLE t")).toBe("has an unclosed quote (') at character 8");
  });

  it('refuses comments outside string literals', () => {
    expect(checkRowFilter('id = 1 -- all rows')).toBe(COMMENT);
    expect(checkRowFilter('id = 1 # all rows')).toBe(COMMENT);
    expect(checkRowFilter('id = 1 /* all */')).toBe(COMMENT);
    expect(checkRowFilter('id = 1 /*! OR 1=1 */')).toBe(COMMENT);
  });

  it('allows comment markers inside string literals', () => {
    expect(checkRowFilter("note = '--'")).toBeNull();
    expect(checkRowFilter("tag = '#1'")).toBeNull();
    expect(checkRowFilter("path LIKE '/* %'")).toBeNull();
  });

  it('refuses a leading WHERE in any case', () => {
    expect(checkRowFilter('WHERE id = 1')).toBe('starts with WHERE; give only the condition');
    expect(checkRowFilter('  where id = 1')).toBe('starts with WHERE; give only the condition');
    expect(checkRowFilter('Where(id = 1)')).toBe('starts with WHERE; give only the condition');
  });

  it('does not mistake columns or literals starting with "where" for the keyword', () => {
    expect(checkRowFilter('where_flag = 1')).toBeNull();
    expect(checkRowFilter("'where' = note")).toBeNull();
    expect(checkRowFilter('id = 1 AND somewhere = 2')).toBeNull();
  });
});

describe('checkRowFilter parentheses', () => {
  it('refuses a filter that closes the WHERE (...) it is placed in', async () => {
    const { checkRowFilter } = await import('../../../src-shared/settings/object-names');
    expect(checkRowFilter('1) UNION SELECT password FROM mysql.user WHERE (1')).toBe('closes a parenthesis it did not open, at character 2');
    expect(checkRowFilter('(a = 1')).toBe('leaves a parenthesis open');
    expect(checkRowFilter("(a = 1) AND b = ')'")).toBeNull();
  });
});
