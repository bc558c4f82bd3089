/**
 * The DDL statements that name one table and need nothing converted:
 * TRUNCATE, CREATE INDEX and DROP INDEX, replayed under the table's
 * destination name.
 */

import type { ReplayDdl } from './replay-ddl-types';
import { OR_REPLACE_REASON } from './replay-create-table';
import { NotReplayed } from './replay-statement';
import type { ReplayStatement } from './replay-statement';
import type { TokenCursor } from './sql-tokens';

/** The table named at the cursor, which must be migrated and not merged, renamed to its destination name. */
function onlyTable(statement: ReplayStatement, cursor: TokenCursor) {
  const [table] = statement.requireReplayable([statement.table(cursor.name())]);
  statement.rename(table);
  return table;
}

export function planTruncate(statement: ReplayStatement): ReplayDdl {
  const cursor = statement.cursor();
  cursor.expect('TRUNCATE');
  cursor.accept('TABLE');
  const table = onlyTable(statement, cursor);
  // MariaDB's `WAIT n` / `NOWAIT` stay as written.
  if (cursor.accept('WAIT')) cursor.pos++;
  else cursor.accept('NOWAIT');
  cursor.expectEnd();
  return statement.applied('truncate', [table]);
}

export function planCreateIndex(statement: ReplayStatement): ReplayDdl {
  const cursor = statement.cursor();
  cursor.expect('CREATE');
  const orReplace = cursor.accept('OR', 'REPLACE');
  cursor.acceptOneOf('ONLINE', 'OFFLINE');
  cursor.acceptOneOf('UNIQUE', 'FULLTEXT', 'SPATIAL');
  cursor.expect('INDEX');
  cursor.accept('IF', 'NOT', 'EXISTS');
  cursor.name();
  if (cursor.accept('USING')) cursor.pos++;
  cursor.expect('ON');
  const table = onlyTable(statement, cursor);
  if (orReplace) throw new NotReplayed(OR_REPLACE_REASON);
  return statement.applied('create_index', [table]);
}

export function planDropIndex(statement: ReplayStatement): ReplayDdl {
  const cursor = statement.cursor();
  cursor.expect('DROP');
  cursor.acceptOneOf('ONLINE', 'OFFLINE');
  cursor.expect('INDEX');
  cursor.accept('IF', 'EXISTS');
  cursor.name();
  cursor.expect('ON');
  return statement.applied('drop_index', [onlyTable(statement, cursor)]);
}
