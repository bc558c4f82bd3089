/**
 * ALTER TABLE replayed on the destination. Each comma-separated clause is
 * kept as written, converted (column definitions, table options), or left
 * out: FOREIGN KEY and CHECK changes, because those constraints only reach
 * the destination at switchover. When nothing that changes the table is
 * left, the statement is not replayed at all.
 */

import { objectName } from './notes';
import type { ReplayDdl } from './replay-ddl-types';
import { CharsetScope } from './replay-charsets';
import { HELD_BACK_REASON, convertColumnDefinition, convertTableElements, heldBackConstraint, heldBackNote } from './replay-columns';
import { NotReplayed } from './replay-statement';
import type { MigratedTable, ReplayStatement } from './replay-statement';
import { convertPartitionEngines, convertTableOptions } from './replay-table-options';
import { DdlSyntaxError, identifierName, isPunct, isWord, splitAtCommas, topLevelIndexes } from './sql-tokens';
import type { NameRef, TokenRange } from './sql-tokens';

type Clause =
  /** Left out: a FOREIGN KEY or CHECK change (noted already). */
  | { kind: 'held-back' }
  /** Table options, converted together once every clause is read. */
  | { kind: 'options' }
  /** ALGORITHM= and LOCK=: how to run the change, not a change. */
  | { kind: 'how' }
  | { kind: 'rename'; to: NameRef }
  | { kind: 'kept' };

const NOT_YET_REASON = 'the destination has no FOREIGN KEY or CHECK constraints before switchover.';

const PARTITION_OPERATIONS = ['ADD', 'DROP', 'DISCARD', 'IMPORT', 'TRUNCATE', 'COALESCE', 'REORGANIZE', 'EXCHANGE', 'ANALYZE', 'CHECK', 'OPTIMIZE', 'REBUILD', 'REPAIR', 'CONVERT'];

/**
 * Where the partitioning part starts (`PARTITION BY`, `ADD PARTITION`, `REMOVE PARTITIONING`...), or the end.
 * It is not split at commas: `DROP PARTITION p1, p2` is one operation.
 */
function partitioningStart(statement: ReplayStatement, range: TokenRange): number {
  const tokens = statement.tokens;
  for (const i of topLevelIndexes(tokens, range)) {
    if (isWord(tokens[i], 'PARTITION') && isWord(tokens[i + 1], 'BY')) return i;
    if (isWord(tokens[i], 'CONVERT') && isWord(tokens[i + 1], 'TABLE')) return i;
    if (isWord(tokens[i], 'PARTITION') && i > range.from && isWord(tokens[i - 1], ...PARTITION_OPERATIONS)) return i - 1;
    if (isWord(tokens[i], 'REMOVE') && isWord(tokens[i + 1], 'PARTITIONING')) return i;
  }
  return range.to;
}

function readClause(statement: ReplayStatement, clause: TokenRange, table: string): Clause {
  const cursor = statement.cursor(clause);
  const heldBack = (reason?: string): Clause => {
    statement.note(`${table}: ${heldBackNote(statement.quote(clause), reason)}`);
    return { kind: 'held-back' };
  };
  /** The column definition from here: its name, then its type and attributes. */
  const definition = (): Clause => {
    const name = identifierName(cursor.peek());
    if (name === null) throw new DdlSyntaxError(`expected a column name at offset ${cursor.peek()?.start ?? 'end'}`);
    convertColumnDefinition(statement, { from: cursor.pos + 1, to: clause.to }, `${table}.${name}`);
    return { kind: 'kept' };
  };
  const column = (): Clause => {
    cursor.accept('IF', 'NOT', 'EXISTS');
    if (!isPunct(cursor.peek(), '(')) return definition();
    convertTableElements(statement, cursor.group(), table);
    return { kind: 'kept' };
  };

  if (cursor.accept('ADD')) {
    if (heldBackConstraint(statement, { from: cursor.pos, to: clause.to })) return heldBack();
    if (cursor.accept('COLUMN')) return column();
    const [next, after] = [cursor.peek(), cursor.peek(1)];
    const isKey = isWord(next, 'INDEX', 'KEY', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'PRIMARY', 'CONSTRAINT');
    const isMariaDbPeriod = (isWord(next, 'PERIOD') && isWord(after, 'FOR')) || (isWord(next, 'SYSTEM') && isWord(after, 'VERSIONING'));
    return isKey || isMariaDbPeriod ? { kind: 'kept' } : column();
  }
  if (cursor.accept('DROP')) {
    // DROP CONSTRAINT may also name a UNIQUE key (MySQL 8.0.19+, MariaDB 10.2.22+); only the source knows which it is.
    if (cursor.accept('CONSTRAINT')) return heldBack(`${NOT_YET_REASON} If it names a UNIQUE key, drop that key on the destination by hand.`);
    return isWord(cursor.peek(), 'FOREIGN', 'CHECK') ? heldBack(NOT_YET_REASON) : { kind: 'kept' };
  }
  // MySQL 8's ALTER CHECK / ALTER CONSTRAINT ... [NOT] ENFORCED.
  if (cursor.accept('ALTER')) return isWord(cursor.peek(), 'CHECK', 'CONSTRAINT') ? heldBack(NOT_YET_REASON) : { kind: 'kept' };
  const modify = cursor.acceptOneOf('MODIFY', 'CHANGE');
  if (modify) {
    cursor.accept('COLUMN');
    cursor.accept('IF', 'EXISTS');
    if (modify === 'CHANGE') cursor.name();
    return definition();
  }
  if (cursor.accept('RENAME')) {
    if (isWord(cursor.peek(), 'COLUMN', 'INDEX', 'KEY')) return { kind: 'kept' };
    if (!cursor.acceptOneOf('TO', 'AS')) cursor.accept('=');
    const to = cursor.name();
    cursor.expectEnd();
    return { kind: 'rename', to };
  }
  if (cursor.accept('CONVERT', 'TO')) {
    const charsets = new CharsetScope(statement, table);
    // CHARACTER SET x, then an optional COLLATE y.
    charsets.read(charsets.read(cursor.pos));
    charsets.convert();
    return { kind: 'kept' };
  }
  if (isWord(cursor.peek(), 'DISCARD', 'IMPORT') && isWord(cursor.peek(1), 'TABLESPACE')) {
    throw new NotReplayed(`${cursor.peek()!.text.toUpperCase()} TABLESPACE works on the source server's data files: it is not replayed.`);
  }
  if (isWord(cursor.peek(), 'ALGORITHM', 'LOCK')) return { kind: 'how' };
  // Anything else is table options (ENGINE=, COMMENT=, DEFAULT CHARSET=...) or a clause kept as written (FORCE, ORDER BY...).
  return { kind: 'options' };
}

/** The new name of `ALTER TABLE ... RENAME TO`: renamed on the destination only when the new name is migrated too. */
function renamed(statement: ReplayStatement, table: MigratedTable, to: NameRef): MigratedTable {
  const [, newTable] = statement.requireRename(table, statement.table(to));
  statement.rename(newTable);
  return newTable;
}

export function planAlterTable(statement: ReplayStatement): ReplayDdl {
  const tokens = statement.tokens;
  const cursor = statement.cursor();
  cursor.expect('ALTER');
  cursor.acceptOneOf('ONLINE', 'OFFLINE');
  cursor.accept('IGNORE');
  cursor.expect('TABLE');
  cursor.accept('IF', 'EXISTS');
  const [table] = statement.requireReplayable([statement.table(cursor.name())]);
  const object = objectName(table.source);

  const partitioning = partitioningStart(statement, { from: cursor.pos, to: tokens.length });
  const partitionPart = { from: partitioning, to: tokens.length };
  if (topLevelIndexes(tokens, partitionPart).some((i) => isWord(tokens[i], 'TABLE'))) {
    throw new NotReplayed('Moving a partition to or from another table (EXCHANGE or CONVERT PARTITION) is not replayed: make the same change on the destination by hand.');
  }
  convertPartitionEngines(statement, partitionPart, object);

  const clauses = partitioning > cursor.pos ? splitAtCommas(tokens, { from: cursor.pos, to: partitioning }) : [];
  const read = clauses.map((clause) => readClause(statement, clause, object));
  const tables = [table];
  for (const clause of read) if (clause.kind === 'rename') tables.push(renamed(statement, table, clause.to));
  const removed = read.map((clause) => clause.kind === 'held-back');
  const optionIndexes = read.flatMap((clause, k) => (clause.kind === 'options' ? [k] : []));
  const emptied = convertTableOptions(statement, optionIndexes.map((k) => clauses[k]), object, false);
  optionIndexes.forEach((k, n) => (removed[k] ||= emptied[n]));

  // Left as the user wrote it unless the conversion took clauses out and only ALGORITHM= or LOCK= would remain.
  const changes = read.filter((clause, k) => !removed[k] && clause.kind !== 'how');
  if (removed.some(Boolean) && changes.length === 0 && partitioning === tokens.length) {
    const heldBackOnly = read.every((clause, k) => !removed[k] || clause.kind === 'held-back');
    throw new NotReplayed(`Nothing left to replay on the destination. ${heldBackOnly ? `FOREIGN KEY and CHECK changes only: ${HELD_BACK_REASON}` : statement.noteList().join(' ')}`);
  }
  const spans = clauses.map((clause) => ({ start: tokens[clause.from].start, end: tokens[clause.to - 1].end }));
  if (removed.length > 0 && removed.every(Boolean)) statement.edits.remove({ start: spans[0].start, end: tokens[partitioning].start });
  else statement.edits.removeListItems(spans, removed);
  statement.rename(table);
  return statement.applied('alter_table', tables);
}
