/**
 * DDL from the binlog, planned for replay on the destination during
 * incremental synchronization: whether the statement concerns the project at
 * all, the statement under the destination's table names, and converted for
 * the destination's flavour (character sets and collations, storage engine,
 * FOREIGN KEY and CHECK constraints held back until switchover).
 *
 * Only table DDL is replayed; every other statement (databases, views,
 * routines, users, administration...) is ignored with a reason. Nothing here
 * throws: a statement that cannot be read is ignored with a reason too, so
 * the replay can show it to the user.
 */

import { planAlterTable } from './replay-alter-table';
import { planCreateTable } from './replay-create-table';
import type { ReplayDdl, ReplayDdlContext, ReplayDdlKind } from './replay-ddl-types';
import { planDropTable, planRenameTable } from './replay-drop-rename';
import { NotReplayed, ReplayStatement } from './replay-statement';
import { planCreateIndex, planDropIndex, planTruncate } from './replay-single-table';
import { unwrapExecutableComments } from './sql-lexer';
import { TokenCursor, isPunct, isWord } from './sql-tokens';
import type { Token } from './sql-tokens';

export type { ReplayDdl, ReplayDdlContext, ReplayDdlKind } from './replay-ddl-types';

const PLANNERS: Record<ReplayDdlKind, (statement: ReplayStatement) => ReplayDdl> = {
  create_table: planCreateTable,
  drop_table: planDropTable,
  rename_table: planRenameTable,
  alter_table: planAlterTable,
  truncate: planTruncate,
  create_index: planCreateIndex,
  drop_index: planDropIndex,
};

/** What the statement is, from its first words. */
function statementKind(tokens: Token[]): ReplayDdlKind | 'other' {
  const cursor = new TokenCursor(tokens);
  const table = () => isWord(cursor.peek(), 'TABLE', 'TABLES') || (isWord(cursor.peek(), 'TEMPORARY') && isWord(cursor.peek(1), 'TABLE', 'TABLES'));
  if (cursor.accept('CREATE')) {
    cursor.accept('OR', 'REPLACE');
    if (table()) return 'create_table';
    cursor.acceptOneOf('ONLINE', 'OFFLINE');
    cursor.acceptOneOf('UNIQUE', 'FULLTEXT', 'SPATIAL');
    return isWord(cursor.peek(), 'INDEX') ? 'create_index' : 'other';
  }
  if (cursor.accept('DROP')) {
    if (table()) return 'drop_table';
    cursor.acceptOneOf('ONLINE', 'OFFLINE');
    return isWord(cursor.peek(), 'INDEX') ? 'drop_index' : 'other';
  }
  if (cursor.accept('RENAME')) return table() ? 'rename_table' : 'other';
  if (cursor.accept('ALTER')) {
    cursor.acceptOneOf('ONLINE', 'OFFLINE');
    cursor.accept('IGNORE');
    return table() ? 'alter_table' : 'other';
  }
  return cursor.accept('TRUNCATE') ? 'truncate' : 'other';
}

const OBJECT_WORDS = ['DATABASE', 'SCHEMA', 'VIEW', 'PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT', 'USER', 'ROLE', 'SERVER', 'TABLESPACE', 'SEQUENCE', 'PACKAGE', 'INDEX', 'TABLE'];

function otherReason(tokens: Token[]): string {
  if (tokens.length === 0) return 'The statement is empty (comments only).';
  const verb = tokens[0].text.toUpperCase();
  // CREATE DEFINER=`u`@`h` SQL SECURITY INVOKER VIEW ...: the object's kind comes after the options.
  const object = isWord(tokens[0], 'CREATE', 'DROP', 'ALTER', 'RENAME') ? tokens.slice(1, 24).find((t) => isWord(t, ...OBJECT_WORDS)) : undefined;
  const what = object ? `${verb} ${object.text.toUpperCase()}` : verb;
  return `${what} is not replayed: incremental synchronization replays DDL on migrated tables only (CREATE, ALTER, DROP, RENAME and TRUNCATE TABLE, CREATE and DROP INDEX).`;
}

/** The statement without its final semicolons; a Query event with more than one statement is not replayed. */
function withoutFinalSemicolon(statement: ReplayStatement): string {
  const tokens = statement.tokens;
  let end = tokens.length;
  while (end > 0 && isPunct(tokens[end - 1], ';')) end--;
  if (tokens.slice(0, end).some((t) => isPunct(t, ';'))) {
    throw new NotReplayed('The event holds several statements separated by semicolons: Cutover replays one statement at a time. Make the same change on the destination by hand.');
  }
  return end < tokens.length ? statement.text.slice(0, tokens[end].start) : statement.text;
}

export function planReplayDdl(statement: string, context: ReplayDdlContext): ReplayDdl {
  let kind: ReplayDdlKind | 'other' = 'other';
  try {
    const read = new ReplayStatement(unwrapExecutableComments(statement), context);
    kind = statementKind(read.tokens);
    if (kind === 'other') return { action: 'ignore', kind, reason: otherReason(read.tokens) };
    return PLANNERS[kind](new ReplayStatement(withoutFinalSemicolon(read), context));
  } catch (error) {
    if (error instanceof NotReplayed) return { action: 'ignore', kind, reason: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return {
      action: 'ignore',
      kind,
      reason: `Cutover could not read this statement (${detail}), so it is not replayed. If it changes a migrated table, make the same change on the destination by hand.`,
    };
  }
}
