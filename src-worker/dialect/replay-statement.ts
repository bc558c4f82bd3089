/**
 * One DDL statement being planned for replay: its tokens, the edits made to
 * it, the notes explaining them, and the project's rules about which tables
 * a replayed statement may touch.
 */

import type { QualifiedName } from '../../src-shared/model/objects';
import { quoteName } from '../mysql/quote';
import { objectName } from './notes';
import type { ReplayDdl, ReplayDdlContext, ReplayDdlKind } from './replay-ddl-types';
import { TokenCursor, significantTokens } from './sql-tokens';
import type { NameRef, Token, TokenRange } from './sql-tokens';
import { TextEdits } from './text-edits';

/** The statement is not replayed, for the reason given as the message. Thrown from deep in the planners so that they stay linear. */
export class NotReplayed extends Error {}

/** A table named in the statement: where it is written, what it is on the source and where it goes. */
export interface TableRef {
  name: NameRef;
  source: QualifiedName;
  /** Null when the project does not migrate the table. */
  target: QualifiedName | null;
}

export type MigratedTable = TableRef & { target: QualifiedName };

export function isMigrated(table: TableRef): table is MigratedTable {
  return table.target !== null;
}

export class ReplayStatement {
  readonly tokens: Token[];
  readonly edits = new TextEdits();
  private readonly notes: string[] = [];

  constructor(
    readonly text: string,
    readonly context: ReplayDdlContext,
  ) {
    this.tokens = significantTokens(text);
  }

  cursor(range?: TokenRange): TokenCursor {
    return new TokenCursor(this.tokens, range);
  }

  /** Unqualified names are in the session's default database, as on the source when the statement ran. */
  table(name: NameRef): TableRef {
    let source: QualifiedName;
    if (name.parts.length === 2) source = { database: name.parts[0], table: name.parts[1] };
    else if (this.context.defaultDatabase !== null) source = { database: this.context.defaultDatabase, table: name.parts[0] };
    else throw new NotReplayed(`\`${name.parts[0]}\` names no database and the statement ran without a default database, so the table it means is unknown.`);
    return { name, source, target: this.context.target(source) };
  }

  /** The statement must concern at least one migrated table and no merged destination table. */
  requireReplayable(tables: TableRef[]): MigratedTable[] {
    const migrated = tables.filter(isMigrated);
    if (migrated.length === 0) {
      throw new NotReplayed(`Not a migrated table: ${tables.map((t) => objectName(t.source)).join(', ')} ${tables.length > 1 ? 'are' : 'is'} not among the project's objects.`);
    }
    const merged = migrated.find((t) => this.isMerged(t));
    if (merged) throw new NotReplayed(mergedReason(merged));
    return migrated;
  }

  /**
   * A table renamed from one name to another, where at least one of them is migrated. Both must be:
   * renaming a migrated table to a name the project does not migrate would leave the destination
   * table in place with nothing to keep it up to date, and a table renamed into the project's
   * names was never copied.
   */
  requireRename(from: TableRef, to: TableRef): [MigratedTable, MigratedTable] {
    for (const table of [from, to]) if (isMigrated(table) && this.isMerged(table)) throw new NotReplayed(mergedReason(table));
    if (isMigrated(from) && isMigrated(to)) return [from, to];
    if (isMigrated(from)) {
      throw new NotReplayed(
        `${objectName(from.source)} is renamed to ${objectName(to.source)}, which the project does not migrate: the destination table ${objectName(from.target)} was left in place under its name and gets no more changes. Drop or rename it on the destination by hand if it should follow.`,
      );
    }
    throw new NotReplayed(
      `${objectName(from.source)}, which the project does not migrate, is renamed to ${objectName(to.source)}, which it does: the rows of that table were never copied, so nothing is created or renamed on the destination. Migrate that table with a project of its own if the destination needs it.`,
    );
  }

  isMerged(table: MigratedTable): boolean {
    return this.context.isMerged(table.target);
  }

  /** Writes the table's destination name, fully qualified, where the statement names it. */
  rename(table: MigratedTable): void {
    this.edits.replace(table.name, quoteName(table.target));
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Every note so far, e.g. for a reason when the conversion leaves nothing to run. */
  noteList(): readonly string[] {
    return this.notes;
  }

  /** The source text of some tokens with runs of whitespace as one space, to quote in a note. */
  quote(range: TokenRange, max = 120): string {
    const text = this.text.slice(this.tokens[range.from].start, this.tokens[range.to - 1].end).replace(/\s+/g, ' ');
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  applied(kind: ReplayDdlKind, tables: MigratedTable[]): ReplayDdl {
    return {
      action: 'apply',
      kind,
      statement: this.edits.apply(this.text).trim(),
      tables: tables.map((t) => ({ source: t.source, target: t.target })),
      notes: [...this.notes],
    };
  }
}

export function mergedReason(table: MigratedTable): string {
  return `${objectName(table.target)} is fed by several source tables (a merge): DDL on it is not replayed, since it would change the rows and structure the other sources need. Change it by hand if needed.`;
}
