/**
 * Every name MariaDB accepts survives an export and an import, in the objects
 * CSV and in the project file: first with named hostile cases, then with names
 * drawn at random from a hostile alphabet.
 */
import { describe, it, expect } from 'vitest';
import type { ObjectSelection, TableSetting } from '../../../src-shared/model/objects';
import { defaultOptions } from '../../../src-shared/model/options';
import type { NamePart } from '../../../src-shared/settings/object-names';
import { formatName, formatPart, parseRule } from '../../../src-shared/settings/object-names';
import { formatObjectsCsv, parseObjectsCsv } from '../../../src-shared/settings/objects-csv';
import { formatProjectFile, parseProjectFile } from '../../../src-shared/settings/project-file';
import { seededRandom as random } from '../../seeded-random';


function csvRoundTrip(selection: ObjectSelection): { include: string[]; tables: TableSetting[] } {
  const text = formatObjectsCsv(selection);
  const result = parseObjectsCsv(text, 'objects.csv');
  if (!result.ok) throw new Error(`the exported CSV was refused:\n${result.errors.join('\n')}\n${text}`);
  return result.value;
}

function jsonRoundTrip(objects: ObjectSelection): ObjectSelection {
  const text = formatProjectFile({ name: 'hostile names', tags: [], source: 'src', destination: 'dst', types: ['schema', 'full'], objects, options: defaultOptions() });
  const result = parseProjectFile(text, 'hostile.cutover.json');
  if (!result.ok) throw new Error(`the exported project file was refused:\n${result.errors.join('\n')}`);
  return result.value.objects;
}

/** A rule as the CSV import writes it: a pattern part bare, an exact part quoted where needed. */
function rule(database: NamePart, table: NamePart, target?: { database: string; table: string }): string {
  const part = (p: NamePart) => (p.wildcard ? p.text : formatPart(p.text));
  const keep = (name: string) => (name === '*' ? '*' : formatPart(name));
  const source = `${part(database)}.${part(table)}`;
  return target ? `${source}=${keep(target.database)}.${keep(target.table)}` : source;
}

const exact = (text: string): NamePart => ({ text, wildcard: false });
const pattern = (text: string): NamePart => ({ text, wildcard: true });

const HOSTILE = ['we`ird', '`', "it's", 'say "hi"', ' leading', '客户', '顧客 一覧', 'order', 'select', 'x'.repeat(64), 't*', '*', 'a?b', 'a,b', 'a;b', 'a.b', 'a=b', '-$'];

describe('hostile names survive export and import', () => {
  const tables: TableSetting[] = HOSTILE.map((name, i) => ({
    source: formatName({ database: name, table: HOSTILE[(i + 1) % HOSTILE.length] }),
    target: formatName({ database: HOSTILE[(i + 5) % HOSTILE.length], table: name }),
    columns: [name, 'id'],
  }));
  const include = [
    rule(pattern('shop_*'), pattern('t?')),
    rule(exact('we`ird'), pattern('*'), { database: '*', table: 'select' }),
    rule(exact('t*'), pattern('log_20??'), { database: ' leading', table: '*' }),
    rule(exact('a,b;c'), pattern('客户_*')),
  ];
  const selection: ObjectSelection = { include, exclude: ['order.*'], tables };

  it('in the objects CSV', () => {
    expect(csvRoundTrip(selection)).toEqual({ include, tables });
  });

  it('in the project file', () => {
    expect(jsonRoundTrip(selection)).toStrictEqual(selection);
  });

  it('keeps a literal * apart from a wildcard', () => {
    const starred: ObjectSelection = { include: ['shop.*'], exclude: [], tables: [{ source: 'shop.`*`' }, { source: '`*`.`t?`' }] };
    const text = formatObjectsCsv(starred);
    expect(text.split('\r\n').slice(1, 4)).toEqual(['shop,*,,,,', 'shop,`*`,,,,', '`*`,`t?`,,,,']);
    expect(csvRoundTrip(starred)).toEqual({ include: ['shop.*'], tables: starred.tables });
  });

  it('reads files written before names could be quoted the same way', () => {
    const old = 'source_database,source_table,target_database,target_table,where,columns\r\nmy db,my table,new db,t.2,,id;total\r\nshop,tmp_*,,,,\r\n';
    expect(parseObjectsCsv(old, 'old.csv')).toEqual({
      ok: true,
      value: { include: ['shop.tmp_*'], tables: [{ source: '`my db`.`my table`', target: '`new db`.`t.2`', columns: ['id', 'total'] }] },
    });
  });

  it('leaves out rules that select nothing a table entry or an earlier rule does not already', () => {
    const redundant: ObjectSelection = { include: ['shop.orders', 'shop.t_*=a.*', 'shop.t_*=b.*'], exclude: [], tables: [{ source: 'shop.orders', where: 'id > 1' }] };
    expect(csvRoundTrip(redundant)).toEqual({ include: ['shop.t_*=a.*'], tables: redundant.tables });
  });
});

// Characters MariaDB accepts in quoted identifiers that matter to our formats: quotes of every kind,
// separators, wildcards, white space of every kind, CJK, combining and invisible characters.
const ALPHABET = [...'aZ09_$-`\'" \t\n\r,;*?.=()/\\#%', '客', '户', 'é', '\u0301', '\u200B', '\u202E', '\uFEFF', '\u00A0', '\u3000'];
const PATTERN_ALPHABET = ALPHABET.filter((c) => !/[\s`.=]/.test(c));

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

function word(next: () => number, alphabet: readonly string[], max = 64): string {
  const length = 1 + Math.floor(next() ** 3 * max);
  let text = '';
  while (text.length < length) text += pick(next, alphabet);
  return text.slice(0, max);
}

function patternPart(next: () => number): string {
  const text = word(next, PATTERN_ALPHABET, 20);
  return /[*?]/.test(text) ? text : `${text}*`;
}

/** A valid selection: distinct sources, patterns in every rule, column names MariaDB accepts. */
function randomSelection(next: () => number): ObjectSelection {
  const seen = new Set<string>();
  const tables: TableSetting[] = [];
  for (let i = 0; i < 6; i++) {
    const source = formatName({ database: word(next, ALPHABET), table: word(next, ALPHABET) });
    if (seen.has(source)) continue;
    seen.add(source);
    const table: TableSetting = { source };
    if (next() < 0.5) table.target = formatName({ database: word(next, ALPHABET), table: word(next, ALPHABET) });
    if (next() < 0.3) table.where = 'id > 1';
    if (next() < 0.5) table.columns = [...new Set([word(next, ALPHABET).replace(/\s+$/, '') || 'c', 'id'])];
    tables.push(table);
  }
  const include: string[] = [];
  for (let i = 0; i < 3; i++) {
    const database = next() < 0.5 ? pattern(patternPart(next)) : exact(word(next, ALPHABET));
    const table = pattern(patternPart(next));
    const target = next() < 0.5 ? undefined : { database: next() < 0.5 ? '*' : word(next, ALPHABET), table: next() < 0.5 ? '*' : word(next, ALPHABET) };
    const text = rule(database, table, target && target.database === '*' && target.table === '*' ? undefined : target);
    const parsed = parseRule(text);
    if (!parsed.ok) throw new Error(`generated an invalid rule ${text}: ${parsed.error}`);
    const key = rule(database, table);
    if (seen.has(key)) continue;
    seen.add(key);
    include.push(text);
  }
  if (tables.length === 0 && include.length === 0) tables.push({ source: 'a.b' });
  return { include, exclude: [], tables };
}

describe('random hostile names survive export and import', () => {
  it('in the objects CSV and in the project file (500 selections, seeded)', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const selection = randomSelection(random(seed));
      expect(csvRoundTrip(selection), `seed ${seed}`).toEqual({ include: selection.include, tables: selection.tables });
      expect(jsonRoundTrip(selection), `seed ${seed}`).toStrictEqual(selection);
    }
  });
});
