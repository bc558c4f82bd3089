/**
 * The statements that name several tables: DROP TABLE a, b and
 * RENAME TABLE a TO b, c TO d. Tables the project does not migrate are left
 * out of them; what is left is replayed under the destination names.
 */

import { objectName } from './notes';
import type { ReplayDdl } from './replay-ddl-types';
import { TEMPORARY_REASON } from './replay-create-table';
import { NotReplayed, isMigrated, mergedReason } from './replay-statement';
import type { ReplayStatement, TableRef } from './replay-statement';
import type { NameRef, TokenCursor } from './sql-tokens';

/** MariaDB's lock wait options after a table name: `WAIT n` or `NOWAIT`, kept as written. */
function skipWait(cursor: TokenCursor): void {
  if (cursor.accept('WAIT')) cursor.pos++;
  else cursor.accept('NOWAIT');
}

/**
 * DROP TABLE drops only the tables the project migrates and whose destination table
 * is fed by no other source table: a table the project does not migrate may exist on
 * the destination for other reasons, and a merged table still holds the rows of the
 * other source tables.
 */
export function planDropTable(statement: ReplayStatement): ReplayDdl {
  const cursor = statement.cursor();
  cursor.expect('DROP');
  if (cursor.accept('TEMPORARY')) throw new NotReplayed(TEMPORARY_REASON);
  if (!cursor.acceptOneOf('TABLE', 'TABLES')) cursor.expect('TABLE');
  cursor.accept('IF', 'EXISTS');
  const names = [cursor.name()];
  while (cursor.accept(',')) names.push(cursor.name());
  skipWait(cursor);
  cursor.acceptOneOf('RESTRICT', 'CASCADE');
  cursor.expectEnd();

  const tables = names.map((name) => statement.table(name));
  const migrated = tables.filter(isMigrated);
  if (migrated.length === 0) statement.requireReplayable(tables); // throws: not a migrated table
  const dropped = migrated.filter((t) => !statement.isMerged(t));
  if (dropped.length === 0) throw new NotReplayed(mergedReason(migrated[0]));
  for (const table of tables) {
    if (!isMigrated(table)) statement.note(`${objectName(table.source)} is not migrated: left out of the DROP.`);
    else if (!dropped.includes(table)) statement.note(`${objectName(table.source)} is left out of the DROP: ${mergedReason(table)}`);
  }
  statement.edits.removeListItems(
    names,
    tables.map((t) => !dropped.some((d) => d === t)),
  );
  for (const table of dropped) statement.rename(table);
  return statement.applied('drop_table', dropped);
}

interface RenamePair {
  from: TableRef;
  to: TableRef;
  span: { start: number; end: number };
}

/**
 * RENAME TABLE renames the pairs where both names are migrated and leaves out the pairs
 * where neither is. A pair with one name migrated and the other not stops the whole
 * statement (see ReplayStatement.requireRename): the renames of one statement happen
 * together on the source, and replaying only some of them could leave the destination
 * in a state the source never was.
 */
export function planRenameTable(statement: ReplayStatement): ReplayDdl {
  const cursor = statement.cursor();
  cursor.expect('RENAME');
  if (!cursor.acceptOneOf('TABLE', 'TABLES')) cursor.expect('TABLE');
  cursor.accept('IF', 'EXISTS');
  const pairs: RenamePair[] = [];
  do {
    const from: NameRef = cursor.name();
    skipWait(cursor);
    cursor.expect('TO');
    const to = cursor.name();
    pairs.push({ from: statement.table(from), to: statement.table(to), span: { start: from.start, end: to.end } });
  } while (cursor.accept(','));
  cursor.expectEnd();

  const replayed = pairs.filter((p) => isMigrated(p.from) || isMigrated(p.to));
  if (replayed.length === 0) statement.requireReplayable(pairs.flatMap((p) => [p.from, p.to])); // throws: not a migrated table
  const renamed = replayed.flatMap((p) => statement.requireRename(p.from, p.to));
  for (const pair of pairs) {
    if (!replayed.includes(pair)) statement.note(`Neither ${objectName(pair.from.source)} nor ${objectName(pair.to.source)} is migrated: that rename is left out.`);
  }
  statement.edits.removeListItems(
    pairs.map((p) => p.span),
    pairs.map((p) => !replayed.includes(p)),
  );
  for (const table of renamed) statement.rename(table);
  return statement.applied('rename_table', renamed);
}
