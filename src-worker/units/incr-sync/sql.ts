/**
 * SQL for destination operations. Consecutive operations of one kind on one
 * table become one multi-row statement; values are literals built by one
 * function per type, so that DECIMAL and 64-bit keys are compared exactly.
 */

import { escape } from 'mysql2';
import type { Value } from '../../changelog/values';
import { quoteIdentifier, quoteName } from '../../mysql/quote';
import type { Op } from './ops';
import type { TargetTable } from './target-table';

/** A multi-row statement is cut at about this size. */
const STATEMENT_BYTES = 1 << 20;

const NUMBER_TEXT = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export function literal(value: Value, table: TargetTable, column: number): string {
  if (value === null || value === undefined) return 'NULL';
  if (Buffer.isBuffer(value)) {
    const bytes = value;
    if (table.bit[column]) return bytes.length ? BigInt(`0x${bytes.toString('hex')}`).toString() : '0';
    return `X'${bytes.toString('hex')}'`;
  }
  if (typeof value === 'number') return String(value);
  if (table.numeric[column] && NUMBER_TEXT.test(value)) return value;
  return escape(value);
}

function tuple(row: Value[], table: TargetTable): string {
  return `(${row.map((v, i) => literal(v, table, i)).join(', ')})`;
}

function columnList(table: TargetTable): string {
  return table.columns.map(quoteIdentifier).join(', ');
}

/** `a <=> 1 AND b <=> 'x'` over the given columns. */
function matchAll(table: TargetTable, row: Value[], columns: number[]): string {
  return columns.map((i) => `${quoteIdentifier(table.columns[i])} <=> ${literal(row[i], table, i)}`).join(' AND ');
}

function keyCondition(table: TargetTable, keys: Value[][]): string {
  const key = table.key!;
  if (key.length === 1) {
    const column = key[0];
    return `${quoteIdentifier(table.columns[column])} IN (${keys.map((k) => literal(k[0], table, column)).join(', ')})`;
  }
  return keys.map((k) => `(${key.map((c, j) => `${quoteIdentifier(table.columns[c])} = ${literal(k[j], table, c)}`).join(' AND ')})`).join(' OR ');
}

function groupable(a: Op, b: Op): boolean {
  return a.kind === b.kind && a.table === b.table && (a.kind === 'upsert' || a.kind === 'insert' || a.kind === 'delete');
}

function single(op: Op): string {
  const table = quoteName(op.table.name);
  const all = op.table.columns.map((_, i) => i);
  switch (op.kind) {
    case 'delete-row':
      return `DELETE FROM ${table} WHERE ${matchAll(op.table, op.row, all)} LIMIT 1`;
    case 'update-row': {
      const sets = op.table.columns.map((name, i) => `${quoteIdentifier(name)} = ${literal(op.after[i], op.table, i)}`).join(', ');
      return `UPDATE ${table} SET ${sets} WHERE ${matchAll(op.table, op.before, all)} LIMIT 1`;
    }
    default:
      return group([op])[0];
  }
}

/** Statements for a run of operations of one kind on one table, cut by size. */
function group(ops: Op[]): string[] {
  const first = ops[0];
  const table = first.table;
  const statements: string[] = [];
  if (first.kind === 'delete') {
    let keys: Value[][] = [];
    let size = 0;
    for (const op of ops as Extract<Op, { kind: 'delete' }>[]) {
      keys.push(op.key);
      size += op.key.reduce<number>((n, v) => n + (v === null ? 4 : Buffer.isBuffer(v) ? v.length * 2 : String(v).length) + 4, 0);
      if (size >= STATEMENT_BYTES) {
        statements.push(`DELETE FROM ${quoteName(table.name)} WHERE ${keyCondition(table, keys)}`);
        keys = [];
        size = 0;
      }
    }
    if (keys.length) statements.push(`DELETE FROM ${quoteName(table.name)} WHERE ${keyCondition(table, keys)}`);
    return statements;
  }
  const prefix = `${first.kind === 'upsert' ? 'REPLACE' : 'INSERT'} INTO ${quoteName(table.name)} (${columnList(table)}) VALUES `;
  let tuples: string[] = [];
  let size = prefix.length;
  for (const op of ops as Extract<Op, { kind: 'upsert' | 'insert' }>[]) {
    const text = tuple(op.row, table);
    if (tuples.length && size + text.length > STATEMENT_BYTES) {
      statements.push(prefix + tuples.join(', '));
      tuples = [];
      size = prefix.length;
    }
    tuples.push(text);
    size += text.length + 2;
  }
  if (tuples.length) statements.push(prefix + tuples.join(', '));
  return statements;
}

/** The statements that apply `ops` in order. */
export function statementsFor(ops: Op[]): string[] {
  const statements: string[] = [];
  for (let i = 0; i < ops.length; ) {
    let j = i + 1;
    while (j < ops.length && groupable(ops[i], ops[j])) j++;
    if (j - i === 1) statements.push(single(ops[i]));
    else statements.push(...group(ops.slice(i, j)));
    i = j;
  }
  return statements;
}
