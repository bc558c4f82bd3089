/**
 * CREATE TABLE replayed on the destination: the new table under its
 * destination name, converted for the destination's flavour the way the
 * schema stage converts the tables it creates.
 */

import { objectName } from './notes';
import type { ReplayDdl } from './replay-ddl-types';
import { convertTableElements } from './replay-columns';
import { NotReplayed, isMigrated, mergedReason } from './replay-statement';
import type { ReplayStatement } from './replay-statement';
import { convertPartitionEngines, convertTableOptions } from './replay-table-options';
import { isPunct, isWord, topLevelIndexes } from './sql-tokens';

export const TEMPORARY_REASON = 'Temporary tables are not migrated: they live only in the session that created them.';

export const OR_REPLACE_REASON =
  "MariaDB's CREATE OR REPLACE is not replayed: not every destination has it, and replaying it as DROP then CREATE is not one statement any more. Make the same change on the destination by hand.";

/** Where `PARTITION BY` starts after the table options, or the end. */
function partitioningStart(statement: ReplayStatement, from: number): number {
  const tokens = statement.tokens;
  const to = tokens.length;
  return topLevelIndexes(tokens, { from, to }).find((i) => isWord(tokens[i], 'PARTITION') && isWord(tokens[i + 1], 'BY')) ?? to;
}

export function planCreateTable(statement: ReplayStatement): ReplayDdl {
  const cursor = statement.cursor();
  cursor.expect('CREATE');
  const orReplace = cursor.accept('OR', 'REPLACE');
  if (cursor.accept('TEMPORARY')) throw new NotReplayed(TEMPORARY_REASON);
  cursor.expect('TABLE');
  cursor.accept('IF', 'NOT', 'EXISTS');
  const table = statement.table(cursor.name());
  const [created] = statement.requireReplayable([table]);
  if (orReplace) throw new NotReplayed(OR_REPLACE_REASON);
  // In ROW format the binlog carries the new table's rows as row events, but the statement needs the
  // source's tables to run; the columns the SELECT gives are not written anywhere in the statement.
  if (statement.tokens.some((t) => isWord(t, 'SELECT'))) {
    throw new NotReplayed(`CREATE TABLE ... SELECT is not replayed: create ${objectName(created.target)} on the destination by hand with the columns ${objectName(created.source)} has on the source.`);
  }

  const parenthesised = isPunct(cursor.peek(), '(');
  if (cursor.accept('LIKE') || cursor.accept('(', 'LIKE')) {
    const model = statement.table(cursor.name());
    if (parenthesised) cursor.expect(')');
    cursor.expectEnd();
    if (!isMigrated(model)) {
      throw new NotReplayed(`${objectName(created.source)} is created LIKE ${objectName(model.source)}, which the project does not migrate: create ${objectName(created.target)} on the destination by hand.`);
    }
    if (statement.isMerged(model)) throw new NotReplayed(mergedReason(model));
    statement.rename(created);
    statement.rename(model);
    return statement.applied('create_table', [created, model]);
  }

  const object = objectName(created.source);
  convertTableElements(statement, cursor.group(), object);
  const partitioning = partitioningStart(statement, cursor.pos);
  if (partitioning > cursor.pos) {
    const options = { from: cursor.pos, to: partitioning };
    const [emptied] = convertTableOptions(statement, [options], object, true);
    const tokens = statement.tokens;
    if (emptied) statement.edits.remove({ start: tokens[options.from - 1].end, end: tokens[options.to - 1].end });
  }
  convertPartitionEngines(statement, { from: partitioning, to: statement.tokens.length }, object);
  statement.rename(created);
  return statement.applied('create_table', [created]);
}
