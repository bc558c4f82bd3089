/**
 * Imports stay fast, bounded and short-spoken whatever the file: every problem
 * is counted, at most 100 are worded, echoed values are escaped and shortened,
 * and no input makes a parser throw. The time limits are loose regression
 * guards (linear work takes a small fraction of them), not benchmarks.
 */
import { describe, it, expect } from 'vitest';
import type { ParseResult } from '../../../src-shared/settings/issues';
import { FileProblems, reportProblems } from '../../../src-shared/settings/issues';
import { MAX_FILE_CHARS } from '../../../src-shared/settings/limits';
import { parseExactName, parseRule, wildcardMatches } from '../../../src-shared/settings/object-names';
import { parseObjectsCsv } from '../../../src-shared/settings/objects-csv';
import { parseProjectFile } from '../../../src-shared/settings/project-file';
import { resolveSelection, validateSelection } from '../../../src-shared/settings/selection';
import { formatCount } from '../../../src-shared/text';

const HEADER = 'source_database,source_table,target_database,target_table,where,columns';
const BASE = { name: 'p', source: 'src', destination: 'dst', types: ['full'] };
const LIMIT_MS = 2000;

function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

function refused<T>(result: ParseResult<T>): { errors: string[]; problemCount: number } {
  if (result.ok) throw new Error('expected the file to be refused');
  return result;
}

/** At most 100 problems worded, then one line counting the rest exactly. */
function expectCapped(report: { errors: string[]; problemCount: number }, problemCount: number): void {
  expect(report.problemCount).toBe(problemCount);
  expect(report.errors).toHaveLength(101);
  expect(report.errors[100]).toBe(`and ${formatCount(problemCount - 100)} more problems`);
}

function projectFile(objects: unknown): string {
  return JSON.stringify({ ...BASE, objects }, null, 2);
}

describe('time: N problems are checked in linear time', () => {
  it('refuses 50,000 bad include rules in under 2 s, for exceeding the number of rules', () => {
    const include = Array.from({ length: 50_000 }, (_, i) => `bad${i}`);
    const { result, ms } = timed(() => parseProjectFile(projectFile({ include }), 'rules.json'));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(refused(result).errors).toEqual(['rules.json:9: "objects.include" may have at most 10,000 rules; one rule with wildcards (db.t_*) selects many tables']);
  });

  it('checks 10,000 bad include rules (the most allowed) one by one in under 2 s', () => {
    const include = Array.from({ length: 10_000 }, (_, i) => `bad${i}`);
    const { result, ms } = timed(() => parseProjectFile(projectFile({ include }), 'rules.json'));
    expect(ms).toBeLessThan(LIMIT_MS);
    const report = refused(result);
    expectCapped(report, 10_000);
    expect(report.errors[0]).toBe('rules.json:10: objects.include[0]: rule "bad0" must be database.table (for example db.* or db.orders); quote names containing "." in backticks');
    expect(report.errors[99]).toMatch(/^rules\.json:109: objects\.include\[99\]: rule "bad99" /);
  });

  it('refuses "[" and 500,000 commas in under 2 s', () => {
    const { result, ms } = timed(() => parseProjectFile(`[${','.repeat(500_000)}`, 'commas.json'));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(refused(result).errors).toEqual(['commas.json:1: a list or object has more than 100,000 entries; split the project']);
  });

  it('counts every syntax error of "[" and 99,999 commas, and words the first 100', () => {
    const { result, ms } = timed(() => parseProjectFile(`[${','.repeat(99_999)}`, 'commas.json'));
    expect(ms).toBeLessThan(LIMIT_MS);
    const report = refused(result);
    // One "expected a value" per comma and one at the end, and the missing "]".
    expectCapped(report, 100_001);
    expect(report.errors[0]).toBe('commas.json:1: invalid JSON: expected a value (is there a trailing comma?)');
  });

  it('refuses 30,000 invalid tables in under 2 s', () => {
    const tables = Array.from({ length: 30_000 }, (_, i) => ({ source: `bad${i}` }));
    const { result, ms } = timed(() => parseProjectFile(projectFile({ tables }), 'tables.json'));
    expect(ms).toBeLessThan(LIMIT_MS);
    const report = refused(result);
    expectCapped(report, 30_000);
    expect(report.errors[1]).toMatch(/^tables\.json:14: objects\.tables\[1\]\.source: source "bad1" must be database\.table/);
  });

  it('refuses 50,000 unknown fields in under 2 s, each at its line', () => {
    const extra = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 1]));
    const { result, ms } = timed(() => parseProjectFile(JSON.stringify({ ...BASE, objects: { include: ['a.*'] }, ...extra }, null, 1), 'keys.json'));
    expect(ms).toBeLessThan(LIMIT_MS);
    const report = refused(result);
    expectCapped(report, 50_000);
    expect(report.errors[0]).toBe('keys.json:13: unknown field "k0"; check the spelling');
  });

  it('refuses a 100,000-line CSV of bad rows in under 2 s, with 101 lines', () => {
    const text = [HEADER, ...Array.from({ length: 99_999 }, (_, i) => `shop,${i % 2 ? '' : 'a`b'},,,,`)].join('\n');
    const { result, ms } = timed(() => parseObjectsCsv(text, 'rows.csv'));
    expect(ms).toBeLessThan(LIMIT_MS);
    const report = refused(result);
    expectCapped(report, 99_999);
    expect(report.errors.slice(0, 2)).toEqual([
      'rows.csv:2: source_table "a`b" contains a backtick; write the name in backticks with the backtick doubled: "`a``b`"',
      'rows.csv:3: source_table is empty',
    ]);
  });

  it('checks 100,000 tables with many problems each in under 2 s', () => {
    const text = [HEADER, ...Array.from({ length: 100_000 }, (_, i) => `s${i},t,a\`b, x ,WHERE 1,a;a;;`)].join('\n');
    const { result, ms } = timed(() => parseObjectsCsv(text, 'many.csv'));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(refused(result).problemCount).toBe(400_000);
  });

  it('matches wildcards in time proportional to pattern and name, whatever the pattern', () => {
    const { ms } = timed(() => {
      for (let i = 0; i < 1000; i++) wildcardMatches(`${'*a'.repeat(30)}*b`, 'a'.repeat(64));
    });
    expect(ms).toBeLessThan(LIMIT_MS);
    const rule = parseRule(`db.${'*a'.repeat(20)}*b`);
    expect(rule.ok).toBe(true);
    const catalog = Array.from({ length: 2000 }, (_, i) => ({ database: 'db', name: `${'a'.repeat(60)}${i}`, kind: 'table' as const }));
    const preview = timed(() => resolveSelection({ include: [`db.${'*a'.repeat(20)}*b`], exclude: [], tables: [] }, catalog));
    expect(preview.ms).toBeLessThan(LIMIT_MS);
  });

  it('resolves 20,000 tables against 20,000 objects in under 2 s', () => {
    const tables = Array.from({ length: 20_000 }, (_, i) => ({ source: `db.t${i}`, target: 'db.all' }));
    const catalog = Array.from({ length: 20_000 }, (_, i) => ({ database: 'db', name: `t${i}`, kind: 'table' as const }));
    const { result, ms } = timed(() => resolveSelection({ include: [], exclude: [], tables }, catalog));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result.objects).toHaveLength(20_000);
    const [merged] = result.warnings.filter((w) => w.kind === 'merged');
    expect(merged.message).toBe('db.t0, db.t1, db.t2, db.t3, db.t4, db.t5, db.t6, db.t7, db.t8, db.t9 and 19,990 more are merged into db.all (many-to-one)');
  });
});

describe('bounds, checked before any recursive parser runs', () => {
  it('answers 10,000 levels of nesting with the file and the line where it goes too deep', () => {
    expect(refused(parseProjectFile('['.repeat(10_000), 'deep.json')).errors).toEqual([
      'deep.json:1: lists and objects are nested more than 64 levels deep here; a project file needs only a few levels',
    ]);
    expect(refused(parseProjectFile('{"a":\n'.repeat(10_000), 'deep.json')).errors).toEqual([
      'deep.json:65: lists and objects are nested more than 64 levels deep here; a project file needs only a few levels',
    ]);
    expect(refused(parseProjectFile(`${'[{"a":'.repeat(5_000)}]`, 'deep.json')).errors).toHaveLength(1);
  });

  it('does not count brackets inside strings', () => {
    const text = JSON.stringify({ ...BASE, objects: { include: ['a.*'], tables: [{ source: 'a.b', where: `x = '${'['.repeat(3000)}'` }] } });
    expect(parseProjectFile(text, 'p.json').ok).toBe(true);
    // Escaped quotes do not end a string; a line break does, as the parser reads it.
    expect(refused(parseProjectFile(`"\\"${'['.repeat(100)}\\u0022"`, 'p.json')).errors).toEqual(['p.json:1: a project file must be a JSON object']);
    expect(refused(parseProjectFile(`{"a": "x\n${'['.repeat(100)}`, 'p.json')).errors).toEqual([
      'p.json:2: lists and objects are nested more than 64 levels deep here; a project file needs only a few levels',
    ]);
    expect(refused(parseProjectFile(`// ${'['.repeat(100)}\n/* ${'{'.repeat(100)} */ {}`, 'p.json')).errors).toEqual([
      'p.json:1: invalid JSON: comments are not allowed in JSON',
      'p.json:2: invalid JSON: comments are not allowed in JSON',
    ]);
  });

  it('refuses a file longer than the request limit without reading it', () => {
    const { result, ms } = timed(() => parseProjectFile(' '.repeat(MAX_FILE_CHARS + 1), 'huge.json'));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(refused(result).errors).toEqual(['huge.json:1: the file has 20,000,001 characters; at most 20,000,000 are allowed']);
    expect(refused(parseObjectsCsv(' '.repeat(MAX_FILE_CHARS + 1), 'huge.csv')).errors).toEqual([
      'huge.csv:1: the file has 20,000,001 characters; at most 20,000,000 are allowed',
    ]);
  });

  it('refuses a text longer than 10,000 characters at its line, without echoing it', () => {
    const text = projectFile({ include: ['a.*'], tables: [{ source: 'a.b', where: 'x'.repeat(130_000) }] });
    expect(refused(parseProjectFile(text, 'p.json')).errors).toEqual([
      'p.json:15: a text of 130,000 characters; no text in a project file may be longer than 10,000',
    ]);
  });

  it('refuses a CSV with more rows than a project may hold, at the first row too many', () => {
    const text = `${HEADER}\n${'a,b,,,,\n'.repeat(110_001)}`;
    const { result, ms } = timed(() => parseObjectsCsv(text, 'rows.csv'));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(refused(result).errors).toEqual([
      'rows.csv:110002: the file has more than 110,000 rows; a project has at most 100,000 tables and 10,000 include rules',
    ]);
  });

  it('refuses more columns than a table can have', () => {
    const columns = Array.from({ length: 5000 }, (_, i) => `c${i}`);
    expect(refused(parseProjectFile(projectFile({ tables: [{ source: 'a.b', columns }] }), 'p.json')).errors).toEqual([
      'p.json:12: "objects.tables[0].columns" may have at most 4,096 columns',
    ]);
    expect(refused(parseObjectsCsv(`${HEADER}\na,b,,,,${columns.join(';')}\n`, 'c.csv')).errors).toEqual(['c.csv:2: columns lists more than 4,096 columns']);
  });

  it('never lets a parser throw, even a stack overflow', () => {
    const hostile = ['['.repeat(100_000), '{'.repeat(100_000), `${'['.repeat(63)}${'{"a":'.repeat(50)}`, '"\\u', '\uFEFF', '\uFEFF\uFEFF{}', '\u0000'];
    for (const text of hostile) {
      expect(() => parseProjectFile(text, 'x.json')).not.toThrow();
      expect(() => parseObjectsCsv(text, 'x.csv')).not.toThrow();
      expect(() => parseRule(text)).not.toThrow();
      expect(() => parseExactName(text)).not.toThrow();
      expect(() => validateSelection({ include: [text], exclude: [text], tables: [{ source: text, target: text, columns: [text] }] })).not.toThrow();
    }
  });
});

describe('problems as reported', () => {
  it('shows a rule with a line break on one line, so that it cannot forge another', () => {
    const text = projectFile({ include: ['a\nrules.json:1: nothing is wrong', 'b\u202E.c\u200B.d'] });
    const report = refused(parseProjectFile(text, 'rules.json'));
    expect(report.errors).toEqual([
      'rules.json:10: objects.include[0]: rule "a\\nrules.json:1: nothing is wrong" contains white space; quote such names in backticks',
      'rules.json:11: objects.include[1]: rule "b\\u{202E}.c\\u{200B}.d" must be database.table (for example db.* or db.orders); quote names containing "." in backticks',
    ]);
    for (const line of report.errors) expect(line).not.toMatch(/[\n\r\u2028\u2029\u202E]/);
  });

  it('shortens an echoed value of any length', () => {
    const rule = `a.${'b'.repeat(9_000)}`;
    const [line] = refused(parseProjectFile(projectFile({ include: [rule] }), 'p.json')).errors;
    expect(line).toBe(`p.json:10: objects.include[0]: rule "a.${'b'.repeat(58)}…" has a table name longer than 64 characters`);
    const [csvLine] = refused(parseObjectsCsv(`${HEADER}\nshop,${'t'.repeat(130_000)}\`,,,,\n`, 'o.csv')).errors;
    expect(csvLine.length).toBeLessThan(300);
  });

  it('escapes unknown keys and the names of missing data sources', () => {
    const text = `${JSON.stringify({ ...BASE, objects: { include: ['a.*'] }, 'x\ny': 1 }).slice(0, -1)},\n"__proto__": { "name": "hidden" }}`;
    expect(refused(parseProjectFile(text, 'p.json')).errors).toEqual(['p.json:1: unknown field "x\\ny"; check the spelling', 'p.json:2: unknown field "__proto__"; check the spelling']);
    const missing = refused(parseProjectFile(projectFile({ include: ['a.*'] }), 'p.json', { dataSourceExists: () => false }));
    expect(missing.errors[0]).toBe('p.json:3: source: data source "src" does not exist; add it first (cutover datasource add) or correct the name');
  });

  it('escapes the file name', () => {
    expect(refused(parseProjectFile('[', 'a\nb.json')).errors[0]).toMatch(/^a\\nb\.json:1: /);
  });

  it('refuses a field given twice, pointing at both lines', () => {
    const text = '{\n  "name": "a",\n  "name": "b"\n}\n';
    expect(refused(parseProjectFile(text, 'p.json')).errors).toContain('p.json:3: the field "name" is given twice (also on line 2); keep one');
  });

  it('sorts by line, keeps the first 100 and counts the rest, in whatever order problems are found', () => {
    const problems = new FileProblems('f');
    for (let i = 0; i < 25_000; i++) problems.add(25_000 - i, `problem ${25_000 - i}`);
    problems.add(1, () => 'found last, shown first');
    const report = problems.report();
    expect(report.problemCount).toBe(25_001);
    expect(report.errors.slice(0, 3)).toEqual(['f:1: problem 1', 'f:1: found last, shown first', 'f:2: problem 2']);
    expect(report.errors[99]).toBe('f:99: problem 99');
    expect(report.errors[100]).toBe('and 24,901 more problems');
  });

  it('words a problem given as a function only when it is shown', () => {
    const problems = new FileProblems('f');
    let worded = 0;
    for (let i = 0; i < 1000; i++) {
      problems.add(i + 1, () => {
        worded++;
        return 'x';
      });
    }
    problems.report();
    expect(worded).toBe(100);
  });

  it('reports problems already worded the same way', () => {
    expect(reportProblems(['a', 'b'])).toEqual({ errors: ['a', 'b'], problemCount: 2 });
    const many = reportProblems(Array.from({ length: 102 }, (_, i) => `p${i}`));
    expect(many.problemCount).toBe(102);
    expect(many.errors.at(-1)).toBe('and 2 more problems');
    expect(reportProblems(Array.from({ length: 101 }, (_, i) => `p${i}`)).errors.at(-1)).toBe('and 1 more problem');
  });
});

describe('a byte order mark', () => {
  const valid = JSON.stringify({ ...BASE, objects: { include: ['a.*'] } }, null, 2);

  it('at the start of a project file or a CSV is ignored, as Windows editors write one', () => {
    expect(parseProjectFile(`\uFEFF${valid}`, 'p.json').ok).toBe(true);
    expect(parseObjectsCsv(`\uFEFF${HEADER}\r\na,b,,,,\r\n`, 'o.csv').ok).toBe(true);
  });

  it('anywhere else is refused', () => {
    expect(refused(parseProjectFile(`${valid.slice(0, 1)}\uFEFF${valid.slice(1)}`, 'p.json')).errors).toEqual(['p.json:1: invalid JSON: invalid character']);
    expect(refused(parseProjectFile(valid.replace('"p"', '"\uFEFFp"'), 'p.json')).errors).toEqual([
      'p.json:2: "name" contains the invisible character U+FEFF (byte order mark) at position 1; delete it (retype the name if you cannot see it)',
    ]);
    expect(refused(parseObjectsCsv(`\uFEFF\uFEFF${HEADER}\r\na,b,,,,\r\n`, 'o.csv')).errors).toEqual([`o.csv:1: the header must be exactly ${HEADER}`]);
  });
});
