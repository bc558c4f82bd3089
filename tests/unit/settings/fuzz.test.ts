/**
 * Seeded random mutations of valid project files and objects CSVs: whatever
 * the damage, an import never throws, and answers either with the settings or
 * with at most 101 single-line messages of bounded length.
 */
import { describe, it, expect } from 'vitest';
import { defaultOptions } from '../../../src-shared/model/options';
import type { ParseResult } from '../../../src-shared/settings/issues';
import { formatObjectsCsv, parseObjectsCsv } from '../../../src-shared/settings/objects-csv';
import { formatProjectFile, parseProjectFile } from '../../../src-shared/settings/project-file';
import { seededRandom as random } from '../../seeded-random';


const OBJECTS = {
  include: ['shop.*', 'logs.log_20??=archive.*', '`my db`.t_*=dst.*'],
  exclude: ['shop.tmp_*'],
  tables: [
    { source: 'shop.orders', target: 'sales.orders', where: "note <> 'a, \"b\"' AND total > 0", columns: ['id', 'total', 'note'] },
    { source: '`we``ird`.` lead`', target: '`t*`.`a;b`', columns: ['a`b', 'order'] },
    { source: 'crm.客户' },
  ],
};

const PROJECT = formatProjectFile({
  name: 'move shop',
  tags: ['prod', 'wave 1'],
  source: 'mariadb-prod',
  destination: 'ob-tenant',
  types: ['schema', 'full', 'incremental'],
  objects: OBJECTS,
  options: defaultOptions(),
});

const CSV = formatObjectsCsv(OBJECTS);

/** Pieces that break files in interesting ways: quotes, separators, nesting, invisible and huge text. */
const PIECES = [
  '"', "'", '`', '``', ',', ';', ':', '{', '}', '[', ']', '\\', '\n', '\r', '\r\n', '\t', '\u0000', '\u2028', '\u202E', '\u200B', '\uFEFF', '\uD800',
  '*', '?', '=', '.', ' ', '客', '😀', 'null', 'true', '-1e999', '"__proto__":', '"name":', '{"a":', '['.repeat(200), ','.repeat(50), 'x'.repeat(300), '"', '\\u12',
];

function mutate(text: string, next: () => number): string {
  let out = text;
  const steps = 1 + Math.floor(next() * 4);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(next() * (out.length + 1));
    const span = Math.floor(next() * 40);
    const kind = Math.floor(next() * 5);
    if (kind === 0) out = out.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + out.slice(at);
    else if (kind === 1) out = out.slice(0, at) + out.slice(at + span);
    else if (kind === 2) out = out.slice(0, at) + out.slice(at, at + span).repeat(2 + Math.floor(next() * 50)) + out.slice(at);
    else if (kind === 3) out = out.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x3000)) + out.slice(at + 1);
    else out = out.slice(0, at);
  }
  return out;
}

function expectWellFormed<T>(result: ParseResult<T>, what: string): void {
  if (result.ok) return;
  expect(result.errors.length, what).toBeGreaterThan(0);
  expect(result.errors.length, what).toBeLessThanOrEqual(101);
  expect(result.problemCount, what).toBeGreaterThanOrEqual(Math.min(result.errors.length, 100));
  for (const line of result.errors) {
    expect(line, what).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
    expect(line.length, `${what}: ${line}`).toBeLessThanOrEqual(320);
  }
}

describe('imports of damaged files', () => {
  it('start from files that import', () => {
    expect(parseProjectFile(PROJECT, 'p.json').ok).toBe(true);
    expect(parseObjectsCsv(CSV, 'o.csv').ok).toBe(true);
  });

  it('never throw, and answer in short single lines: 3,000 project files', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const text = mutate(PROJECT, random(seed));
      let result: ParseResult<unknown> | undefined;
      expect(() => (result = parseProjectFile(text, 'p.json', { dataSourceExists: (name) => name !== 'ob-tenant' })), `seed ${seed}`).not.toThrow();
      expectWellFormed(result!, `project file, seed ${seed}`);
    }
  });

  it('never throw, and answer in short single lines: 3,000 objects CSVs', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const text = mutate(CSV, random(seed));
      let result: ParseResult<unknown> | undefined;
      expect(() => (result = parseObjectsCsv(text, 'o.csv')), `seed ${seed}`).not.toThrow();
      expectWellFormed(result!, `objects CSV, seed ${seed}`);
    }
  });
});
