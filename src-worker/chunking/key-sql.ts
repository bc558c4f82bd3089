/**
 * SQL for chunk keys: reading a key's values so they can be carried in a
 * checkpoint, and comparing against them so that "after this key" means the
 * same thing as the key's index order. Values are rendered as literals after
 * strict validation (they come from the server, but a checkpoint file could be
 * damaged): numbers as numbers (a quoted string would be compared as a double
 * and lose precision above 2^53), text as hex converted into the column's
 * character set and collation, bytes as hex.
 */

import type { KeyColumn } from '../../src-shared/model/copy';
import { quoteIdentifier } from '../mysql/quote';

const NUMBER_RE = /^-?\d+(\.\d+)?$/;
const TEMPORAL_RE = /^-?[0-9][0-9 :.-]*$/;
const HEX_RE = /^[0-9a-fA-F]*$/;
const NAME_RE = /^[A-Za-z0-9_]+$/;

function invalid(column: KeyColumn, value: string): Error {
  return new Error(`The stored key value ${JSON.stringify(value.slice(0, 40))} of column ${column.name} is not a valid ${column.kind} value; the checkpoint is damaged.`);
}

/** The expression that reads a key column in the form its checkpoint value is kept in. */
export function keyReadExpression(column: KeyColumn): string {
  const q = quoteIdentifier(column.name);
  switch (column.kind) {
    case 'numeric':
    case 'temporal':
      return q;
    case 'ordinal':
      return `${q}+0`;
    case 'text':
    case 'binary':
      return `HEX(${q})`;
  }
}

export function keyLiteral(column: KeyColumn, value: string): string {
  switch (column.kind) {
    case 'numeric':
    case 'ordinal':
      if (!NUMBER_RE.test(value)) throw invalid(column, value);
      return value;
    case 'temporal':
      if (!TEMPORAL_RE.test(value)) throw invalid(column, value);
      return `'${value}'`;
    case 'binary':
      if (!HEX_RE.test(value)) throw invalid(column, value);
      return `X'${value}'`;
    case 'text': {
      if (!HEX_RE.test(value)) throw invalid(column, value);
      const charset = column.charset ?? 'utf8mb4';
      if (!NAME_RE.test(charset) || (column.collation && !NAME_RE.test(column.collation))) {
        throw new Error(`Column ${column.name} has an unexpected character set or collation name.`);
      }
      return `CONVERT(X'${value}' USING ${charset})${column.collation ? ` COLLATE ${column.collation}` : ''}`;
    }
  }
}

/** `key > values`, expanded so that every server can use the index: (a > x) OR (a = x AND b > y) ... */
export function keyAfter(key: KeyColumn[], values: string[]): string {
  const literals = key.map((column, i) => keyLiteral(column, values[i]));
  const names = key.map((column) => quoteIdentifier(column.name));
  const alternatives = key.map((_, i) => {
    const equal = names.slice(0, i).map((name, j) => `${name} = ${literals[j]}`);
    return `(${[...equal, `${names[i]} > ${literals[i]}`].join(' AND ')})`;
  });
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
}

/** `key <= values`, expanded the same way: (a < x) OR (a = x AND b <= y) ... */
export function keyAtMost(key: KeyColumn[], values: string[]): string {
  const literals = key.map((column, i) => keyLiteral(column, values[i]));
  const names = key.map((column) => quoteIdentifier(column.name));
  const alternatives = key.map((_, i) => {
    const equal = names.slice(0, i).map((name, j) => `${name} = ${literals[j]}`);
    const last = i === key.length - 1 ? `${names[i]} <= ${literals[i]}` : `${names[i]} < ${literals[i]}`;
    return `(${[...equal, last].join(' AND ')})`;
  });
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
}

/** `key = values`: one row by its key. */
export function keyEquals(key: KeyColumn[], values: string[]): string {
  return `(${key.map((column, i) => `${quoteIdentifier(column.name)} = ${keyLiteral(column, values[i])}`).join(' AND ')})`;
}

export function keyOrder(key: KeyColumn[]): string {
  return key.map((column) => quoteIdentifier(column.name)).join(', ');
}
