import { describe, expect, it } from 'vitest';
import type { ValueKind, VerifyColumn } from '../../../src-shared/model/verify';
import { compareRows, differenceCause, displayKey, displayValue, sameValue } from '../../../src-shared/model/verify';
import { literal } from '../../../src-worker/units/verify/correct';
import { digestPart, rowHashExpression, valueExpression, valueKind } from '../../../src-worker/units/verify/plan';

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();
const COLUMNS: VerifyColumn[] = [
  { name: 'id', kind: 'number' },
  { name: 'name', kind: 'text' },
  { name: 'at', kind: 'temporal' },
  { name: 'f', kind: 'float' },
  { name: 'doc', kind: 'json' },
];

describe('comparing rows', () => {
  it('compares JSON by meaning and everything else exactly, NULL apart from empty', () => {
    expect(sameValue('json', '{"b": 1, "a": [1, 2.50]}', '{"a":[1,2.5],"b":1}')).toBe(true);
    expect(sameValue('json', '{"a": 1}', '{"a": "1"}')).toBe(false);
    expect(sameValue('text', '', null)).toBe(false);
    expect(sameValue('number', '1.50', '1.5')).toBe(false);
  });

  it('names the differing columns of a row, and says when a row is on one side only', () => {
    const source = ['1', hex('ann'), '2024-01-01 10:00:00', '1.5', '{"a": 1}'];
    expect(compareRows(COLUMNS, ['1'], source, [...source.slice(0, 4), '{"a":1}'])).toBeNull();
    expect(compareRows(COLUMNS, ['1'], source, ['1', hex('bob'), '2024-01-01 10:00:00', '1.5', '{"a": 2}'])).toMatchObject({ category: 'mismatch', columns: ['name', 'doc'] });
    expect(compareRows(COLUMNS, ['1'], source, null)).toMatchObject({ category: 'source-only', columns: ['id', 'name', 'at', 'f', 'doc'] });
    expect(compareRows(COLUMNS, null, null, source)).toMatchObject({ category: 'destination-only', key: null });
  });

  it('recognises the usual causes, and only when every differing column shares one', () => {
    const row = (name: string | null, at: string, f: string) => ['1', name, at, f, null];
    const base = row(hex('ann'), '2024-01-01 10:00:00', '1.5');
    expect(differenceCause(COLUMNS, base, row(hex('ann'), '2024-01-01 12:00:00', '1.5'))).toBe('time-zone offset (destination +2:00)');
    expect(differenceCause(COLUMNS, base, row(hex('ann'), '2024-01-01 04:30:00', '1.5'))).toBe('time-zone offset (destination -5:30)');
    expect(differenceCause(COLUMNS, base, row(hex('ann'), '2024-01-01 10:10:00', '1.5'))).toBeNull();
    expect(differenceCause(COLUMNS, base, row(hex('ann  '), '2024-01-01 10:00:00', '1.5'))).toBe('trailing spaces');
    expect(differenceCause(COLUMNS, base, row(hex('ANN'), '2024-01-01 10:00:00', '1.5'))).toBe('letter case');
    expect(differenceCause(COLUMNS, row('', '2024-01-01 10:00:00', '1.5'), row(null, '2024-01-01 10:00:00', '1.5'))).toBe("NULL on one side, '' on the other");
    expect(differenceCause(COLUMNS, base, row(hex('ann'), '2024-01-01 10:00:00', '1.50001'))).toBe('float precision');
    expect(differenceCause(COLUMNS, base, row(hex('ann'), '2024-01-01 10:00:00', '2.5'))).toBeNull();
    expect(differenceCause(COLUMNS, base, row(hex('ann  '), '2024-01-01 12:00:00', '1.5'))).toBeNull();
  });

  it('shows values and keys as a reader writes them', () => {
    expect(displayValue('text', hex('é😀 '))).toBe('é😀 ');
    expect(displayValue('bytes', '00FF')).toBe('0x00FF');
    expect(displayValue('number', null)).toBe('NULL');
    expect(displayKey({ keyColumns: ['id', 'name'], columns: COLUMNS }, ['7', hex('ann')])).toBe('7, ann');
    expect(displayKey({ keyColumns: null, columns: COLUMNS }, null)).toBe('(row without a key)');
  });
});

describe('row texts and correction literals', () => {
  it('renders each kind so that the row text cannot be read two ways', () => {
    expect(valueExpression('v', 'text', 'varchar')).toBe('HEX(CONVERT(`v` USING utf8mb4))');
    expect(valueExpression('u', 'text', 'uuid')).toBe('HEX(CONVERT(CAST(`u` AS CHAR) USING utf8mb4))');
    expect(valueExpression('g', 'spatial', 'point')).toBe('HEX(ST_AsBinary(`g`))');
    expect(valueExpression('b', 'bit', 'bit')).toBe('CAST(`b`+0 AS CHAR)');
    expect(rowHashExpression(["COALESCE(`a`, 'N')"])).toBe("CAST(CONV(SUBSTRING(SHA1(CONCAT_WS(',', COALESCE(`a`, 'N'))), 1, 16), 16, 10) AS UNSIGNED)");
    const column = (type: string) => ({ db: 'd', tbl: 't', name: 'c', type, extra: '', charset: null, collation: null, nullable: true });
    expect(valueKind(column('longtext'), column('json'))).toBe('json');
    expect(valueKind(column('double'), column('double'))).toBe('float');
    expect(valueKind(column('year'), column('year'))).toBe('number');
    expect(valueKind(column('geometry'), column('geometry'))).toBe('spatial');
  });

  it('builds the digest text cheaply where that renders the same text, and never drops a NULL', () => {
    const part = (kind: ValueKind, type: string, charset: string | null, nullable: boolean) => digestPart({ name: 'c', kind, type, charset, nullable });
    expect(part('number', 'decimal', null, false)).toBe('`c`');
    expect(part('temporal', 'datetime', null, true)).toBe("COALESCE(`c`, 'N')");
    expect(part('bit', 'bit', null, false)).toBe('`c`+0');
    // UTF-8 bytes as they are; other character sets converted first, so both sides hash the same bytes.
    expect(part('text', 'varchar', 'utf8mb4', false)).toBe('HEX(`c`)');
    expect(part('text', 'char', 'utf8mb3', false)).toBe('HEX(`c`)');
    expect(part('text', 'varchar', 'latin1', true)).toBe("COALESCE(HEX(CONVERT(`c` USING utf8mb4)), 'N')");
    expect(part('text', 'uuid', null, false)).toBe('HEX(CONVERT(CAST(`c` AS CHAR) USING utf8mb4))');
    expect(part('bytes', 'blob', null, true)).toBe("COALESCE(HEX(`c`), 'N')");
    expect(part('json', 'json', 'utf8mb4', false)).toBe('HEX(CONVERT(CAST(`c` AS CHAR) USING utf8mb4))');
  });

  it('writes values back as literals, refusing anything that is not what its kind reads as', () => {
    expect(literal('text', hex("it's"))).toBe(`CONVERT(X'${hex("it's")}' USING utf8mb4)`);
    expect(literal('text', '')).toBe("''");
    expect(literal('temporal', "2024-01-01 00:00:00")).toBe("'2024-01-01 00:00:00'");
    expect(literal('json', '{"a": "x\'y"}')).toBe(`'{\\"a\\": \\"x\\'y\\"}'`);
    expect(literal('float', '-1.5e-30')).toBe('-1.5e-30');
    expect(literal('number', null)).toBe('NULL');
    expect(() => literal('number', '1; DROP TABLE t')).toThrow(/not a number/);
    expect(() => literal('bytes', "00' OR 1")).toThrow(/hex/);
    expect(() => literal('spatial', '')).toThrow(/WKB/);
  });
});
