import { describe, it, expect } from 'vitest';
import type { CsvRecord } from '../../../src-shared/settings/csv';
import { formatCsv, parseCsv } from '../../../src-shared/settings/csv';

function records(input: string): CsvRecord[] {
  const result = parseCsv(input);
  if (!result.ok) throw new Error(`expected CSV to parse, got line ${result.line}: ${result.message}`);
  return result.records;
}

function fields(input: string): string[][] {
  return records(input).map((r) => r.fields);
}

const UNCLOSED = 'a quoted field is not closed';
const AFTER_QUOTE = 'unexpected text after a closing quote; quote the whole field';
const STRAY_QUOTE = 'a quote inside an unquoted field; quote the field and double the quote';

describe('parseCsv', () => {
  it('splits records and fields, numbering lines from 1', () => {
    expect(records('a,b,c\nd,e,f\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['d', 'e', 'f'] },
    ]);
  });

  it('reads the last record without a final line break', () => {
    expect(fields('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('returns no records for empty input', () => {
    expect(parseCsv('')).toEqual({ ok: true, records: [] });
  });

  it('keeps empty fields, including trailing ones', () => {
    expect(fields('a,,\n,b,\n')).toEqual([
      ['a', '', ''],
      ['', 'b', ''],
    ]);
  });

  it('keeps spaces in unquoted fields', () => {
    expect(fields(' a , b ')).toEqual([[' a ', ' b ']]);
  });

  it('reads commas inside quoted fields', () => {
    expect(fields('"a,b",c\n')).toEqual([['a,b', 'c']]);
  });

  it('reads a doubled quote inside quotes as one quote', () => {
    expect(fields('"say ""hi""",x\n"""",""\n')).toEqual([
      ['say "hi"', 'x'],
      ['"', ''],
    ]);
  });

  it('reads line breaks inside quotes and numbers records by their first line', () => {
    expect(records('h1,h2\n"multi\nline\nvalue",x\nnext,y\n')).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['multi\nline\nvalue', 'x'] },
      { line: 5, fields: ['next', 'y'] },
    ]);
  });

  it('accepts CRLF line ends and keeps them out of the fields', () => {
    expect(records('a,b\r\nc,d\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
  });

  it('keeps a CRLF inside quotes and still counts the line', () => {
    expect(records('"x\r\ny",z\r\nnext\r\n')).toEqual([
      { line: 1, fields: ['x\r\ny', 'z'] },
      { line: 3, fields: ['next'] },
    ]);
  });

  it('accepts a mix of LF and CRLF', () => {
    expect(records('a\r\nb\nc\r\n').map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('drops a leading byte order mark', () => {
    expect(fields('\uFEFFa,b\n')).toEqual([['a', 'b']]);
    expect(fields('\uFEFF"a",b\n')).toEqual([['a', 'b']]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(records('a\n\n\nb\r\n\r\nc\n\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
      { line: 6, fields: ['c'] },
    ]);
  });

  describe('errors', () => {
    it('reports an unclosed quote at the line where the field starts', () => {
      expect(parseCsv('a,b\nc,"d\ne\nf\n')).toEqual({ ok: false, line: 2, message: UNCLOSED });
      expect(parseCsv('"')).toEqual({ ok: false, line: 1, message: UNCLOSED });
    });

    it('reports a quote inside an unquoted field at its line', () => {
      expect(parseCsv('a,b"c\n')).toEqual({ ok: false, line: 1, message: STRAY_QUOTE });
      expect(parseCsv('x\n"a\nb",c\nd,e"f\n')).toEqual({ ok: false, line: 4, message: STRAY_QUOTE });
      expect(parseCsv('x, "a"\n')).toEqual({ ok: false, line: 1, message: STRAY_QUOTE });
    });

    it('reports text after a closing quote at the line where it is', () => {
      expect(parseCsv('"a"b,c\n')).toEqual({ ok: false, line: 1, message: AFTER_QUOTE });
      expect(parseCsv('ok\n"a\nb" ,c\n')).toEqual({ ok: false, line: 3, message: AFTER_QUOTE });
    });
  });
});

describe('formatCsv', () => {
  it('writes plain fields bare and ends every record with CRLF', () => {
    expect(formatCsv([['a', 'b'], ['c', '']])).toBe('a,b\r\nc,\r\n');
  });

  it('quotes fields with commas, quotes, line breaks or edge spaces', () => {
    expect(formatCsv([['c,d', 'e"f', 'line\nbreak', 'cr\rx', ' pad', 'pad ']])).toBe('"c,d","e""f","line\nbreak","cr\rx"," pad","pad "\r\n');
  });

  it('leaves inner spaces and unicode bare', () => {
    expect(formatCsv([['a b', 'café 😀']])).toBe('a b,café 😀\r\n');
  });

  it('reads back what it writes', () => {
    const rows = [
      ['source_database', 'source_table', 'where'],
      ['shop', 'orders', "note = 'a, \"b\"' AND total > 0"],
      ['my db', 'line\r\nbreak', ''],
      ['', '"', ' x '],
      ['ünï', 'a,b,c', '""'],
    ];
    const text = formatCsv(rows);
    expect(fields(text)).toEqual(rows);
    expect(records(text).map((r) => r.line)).toEqual([1, 2, 3, 5, 6]);
  });
});

describe('lone CR line endings', () => {
  it('ends records at a lone CR and counts lines', async () => {
    const { parseCsv } = await import('../../../src-shared/settings/csv');
    expect(parseCsv('a,b\rc,d\r"e\rf",g\r')).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['c', 'd'] },
        { line: 3, fields: ['e\rf', 'g'] },
      ],
    });
  });
});
