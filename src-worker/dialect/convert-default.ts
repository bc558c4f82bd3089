/** A column's DEFAULT clause on the destination, or why it had to be left out. */

import { isLargeObject } from './column-kinds';
import type { Change } from './notes';
import type { FlavourProfile } from './profiles';
import { isCurrentTimestamp, parenthesised } from './sql-text';
import type { ColumnDef } from './types';

function leftOut(column: ColumnDef, sql: string, reason: string): { clause: null; change: Change } {
  return {
    clause: null,
    change: { from: `DEFAULT ${sql}`, to: '(no default)', lossy: true, reason: `${reason} Rows inserted without \`${column.name}\` no longer get ${sql}.` },
  };
}

export function convertDefault(column: ColumnDef, to: FlavourProfile): { clause: string | null; change: Change | null } {
  const value = column.default;
  if (value.kind === 'none' || column.generated || column.autoIncrement) return { clause: null, change: null };
  if (value.kind === 'null') return { clause: column.nullable ? 'DEFAULT NULL' : null, change: null };

  if (value.kind === 'expression' && isCurrentTimestamp(value.sql)) return { clause: `DEFAULT ${value.sql}`, change: null };

  if (isLargeObject(column)) {
    if (to.blobDefaults === 'none') {
      return leftOut(column, value.sql, 'The destination accepts no default on BLOB, TEXT, JSON or spatial columns.');
    }
    if (to.blobDefaults === 'expression' && to.expressionDefaults === 'any') {
      const clause = `DEFAULT ${parenthesised(value.sql)}`;
      const change = value.kind === 'literal' ? { from: `DEFAULT ${value.sql}`, to: clause, lossy: false, reason: 'The destination accepts a default on BLOB, TEXT, JSON or spatial columns only as an expression; the value is the same.' } : null;
      return { clause, change };
    }
  }

  if (value.kind === 'literal') return { clause: `DEFAULT ${value.sql}`, change: null };
  if (to.expressionDefaults === 'any') return { clause: `DEFAULT ${parenthesised(value.sql)}`, change: null };
  return leftOut(column, value.sql, 'The destination accepts no expression as a default other than CURRENT_TIMESTAMP.');
}
