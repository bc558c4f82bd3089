/**
 * Column definitions and the other elements of a replayed CREATE TABLE (and of
 * ALTER TABLE ... ADD) for the destination: character sets and collations
 * converted, FOREIGN KEY and CHECK constraints left out because the migration
 * holds them back until the switchover (the schema stage does the same; a
 * constraint added now could reject rows the replay still has to write, and a
 * foreign key may reference a table not created yet).
 */

import { CharsetScope } from './replay-charsets';
import type { ReplayStatement } from './replay-statement';
import { DdlSyntaxError, identifierName, isPunct, isWord, splitAtCommas, topLevelIndexes } from './sql-tokens';
import type { TokenRange } from './sql-tokens';

export const HELD_BACK_REASON = 'the migration adds FOREIGN KEY and CHECK constraints on the destination at switchover.';

export function heldBackNote(clause: string, reason = HELD_BACK_REASON): string {
  return `Left out ${clause}: ${reason}`;
}

/**
 * The constraint a table element (or what follows ADD in ALTER TABLE) declares when
 * it is one the migration holds back: `[CONSTRAINT [name]] FOREIGN KEY ...` or
 * `[CONSTRAINT [name]] CHECK (...)`.
 */
export function heldBackConstraint(statement: ReplayStatement, range: TokenRange): 'FOREIGN KEY' | 'CHECK' | null {
  const cursor = statement.cursor(range);
  if (cursor.accept('CONSTRAINT')) {
    cursor.accept('IF', 'NOT', 'EXISTS');
    if (!isWord(cursor.peek(), 'FOREIGN', 'CHECK', 'PRIMARY', 'UNIQUE')) cursor.name();
  }
  if (cursor.accept('FOREIGN')) return 'FOREIGN KEY';
  if (cursor.accept('CHECK')) return 'CHECK';
  return null;
}

/** A column's own `[CONSTRAINT name] CHECK (expr) [[NOT] ENFORCED]` at `i`: the index after it, or -1. */
function inlineCheckEnd(statement: ReplayStatement, i: number, range: TokenRange): number {
  const cursor = statement.cursor({ from: i, to: range.to });
  if (cursor.accept('CONSTRAINT') && !isWord(cursor.peek(), 'CHECK')) cursor.name();
  if (!cursor.accept('CHECK')) return -1;
  cursor.group();
  if (!cursor.accept('NOT', 'ENFORCED')) cursor.accept('ENFORCED');
  return cursor.pos;
}

/** A column's own `REFERENCES t (c) [MATCH ...] [ON DELETE|UPDATE action]...` at `i`: the index after it, or -1. */
function inlineReferencesEnd(statement: ReplayStatement, i: number, range: TokenRange): number {
  const cursor = statement.cursor({ from: i, to: range.to });
  if (!cursor.accept('REFERENCES')) return -1;
  cursor.name();
  if (isPunct(cursor.peek(), '(')) cursor.group();
  for (;;) {
    if (cursor.accept('MATCH')) {
      cursor.acceptOneOf('FULL', 'PARTIAL', 'SIMPLE');
    } else if (isWord(cursor.peek(), 'ON') && isWord(cursor.peek(1), 'DELETE', 'UPDATE')) {
      cursor.pos += 2;
      const action = cursor.accept('SET', 'NULL') || cursor.accept('SET', 'DEFAULT') || cursor.accept('NO', 'ACTION') || cursor.acceptOneOf('RESTRICT', 'CASCADE');
      if (!action) throw new DdlSyntaxError(`unknown referential action at offset ${cursor.peek()?.start ?? 'end'}`);
    } else {
      return cursor.pos;
    }
  }
}

/** The attributes of one column definition, `range` starting after the column's name. */
export function convertColumnDefinition(statement: ReplayStatement, range: TokenRange, object: string): void {
  const tokens = statement.tokens;
  const charsets = new CharsetScope(statement, object);
  let next = range.from;
  for (const i of topLevelIndexes(tokens, range)) {
    if (i < next) continue;
    next = charsets.read(i);
    if (next > i) continue;
    const end = Math.max(inlineCheckEnd(statement, i, range), inlineReferencesEnd(statement, i, range));
    if (end < 0) continue;
    statement.note(`${object}: ${heldBackNote(statement.quote({ from: i, to: end }))}`);
    // With the spacing before it: the column's name or type always precedes the clause.
    statement.edits.remove({ start: tokens[i - 1].end, end: tokens[end - 1].end });
    next = end;
  }
  charsets.convert();
}

/** An index or period element of CREATE TABLE rather than a column (constraints are sorted out before). */
function isKeyElement(statement: ReplayStatement, range: TokenRange): boolean {
  const [first, second] = [statement.tokens[range.from], statement.tokens[range.from + 1]];
  return isWord(first, 'PRIMARY', 'UNIQUE', 'INDEX', 'KEY', 'FULLTEXT', 'SPATIAL', 'CONSTRAINT') || (isWord(first, 'PERIOD') && isWord(second, 'FOR'));
}

/** The comma-separated elements of CREATE TABLE's parentheses, or of `ALTER TABLE ... ADD (...)`. */
export function convertTableElements(statement: ReplayStatement, group: TokenRange, table: string): void {
  const tokens = statement.tokens;
  const items = splitAtCommas(tokens, group);
  const removed = items.map((item) => {
    if (heldBackConstraint(statement, item)) {
      statement.note(`${table}: ${heldBackNote(statement.quote(item))}`);
      return true;
    }
    if (!isKeyElement(statement, item)) {
      const column = identifierName(tokens[item.from]);
      if (column === null) throw new DdlSyntaxError(`expected a column name at offset ${tokens[item.from].start}`);
      convertColumnDefinition(statement, { from: item.from + 1, to: item.to }, `${table}.${column}`);
    }
    return false;
  });
  if (removed.every(Boolean)) throw new DdlSyntaxError('no column or key left once the constraints are left out');
  statement.edits.removeListItems(
    items.map((item) => ({ start: tokens[item.from].start, end: tokens[item.to - 1].end })),
    removed,
  );
}
