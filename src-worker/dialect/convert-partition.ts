/**
 * The partitioning clause on the destination. Partitioning decides where rows
 * live, never which rows exist: when the destination cannot partition the same
 * way the table is created unpartitioned and every row is still copied.
 */

import type { Notes } from './notes';
import type { FlavourProfile } from './profiles';
import { closingParen, identifiersIn } from './sql-text';
import type { PartitionDef } from './types';

const METHOD = /\b(SUB)?PARTITION\s+BY\s+(LINEAR\s+)?(RANGE|LIST|HASH|KEY)(\s+COLUMNS)?\s*(ALGORITHM\s*=\s*\d+\s*)?\(/gi;

/** Lower-case names of the columns the partitioning and subpartitioning functions read. */
export function partitionColumns(clause: string): string[] {
  const columns = new Set<string>();
  for (const match of clause.matchAll(METHOD)) {
    const open = match.index + match[0].length - 1;
    for (const name of identifiersIn(clause.slice(open, closingParen(clause, open)))) columns.add(name);
  }
  return [...columns];
}

function subpartitionMethod(clause: string): string | null {
  const match = /\bSUBPARTITION\s+BY\s+(LINEAR\s+)?(HASH|KEY)\b/i.exec(clause);
  return match ? `${match[1] ? 'LINEAR ' : ''}${match[2].toUpperCase()}` : null;
}

export interface ConvertedPartition {
  clause: string;
  columns: string[];
}

export function convertPartition(partition: PartitionDef | null, keptColumns: Set<string>, to: FlavourProfile, notes: Notes): ConvertedPartition | null {
  if (!partition) return null;
  const unpartitioned = (reason: string): null => {
    notes.table({ from: partition.clause.split('\n')[0], to: '(not partitioned)', lossy: false, reason: `${reason} The table is created unpartitioned; every row is still copied.` });
    return null;
  };
  let clause = partition.clause;
  const columns = partitionColumns(clause);
  const leftOut = columns.filter((c) => !keptColumns.has(c));
  if (leftOut.length) return unpartitioned(`Partitioning reads ${leftOut.map((c) => `\`${c}\``).join(', ')}, which the column subset leaves out.`);

  for (const method of [partition.method.toUpperCase(), subpartitionMethod(clause)]) {
    if (method === null || to.partitionMethods.includes(method)) continue;
    const plain = method.replace(/^LINEAR /, '');
    if (plain === method || !to.partitionMethods.includes(plain)) return unpartitioned(`The destination cannot partition by ${method}.`);
    notes.table({ from: method, to: plain, lossy: false, reason: `The destination has no ${method} partitioning; ${plain} keeps the same partitions with rows spread over them differently.` });
    clause = clause.replace(new RegExp(`\\b${method.replace(' ', '\\s+')}\\b`, 'i'), plain);
  }

  const engine = to.storageEngines[0];
  clause = engine ? clause.replace(/\bENGINE\s*=\s*\w+/gi, `ENGINE = ${engine}`) : clause.replace(/\s+ENGINE\s*=\s*\w+/gi, '');
  return { clause, columns };
}
