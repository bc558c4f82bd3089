/**
 * The CHARACTER SET and COLLATE clauses of one column, or of one table's
 * options, converted together for the destination (a collation only means
 * something with its character set). Only the values are rewritten; a clause
 * the statement does not have is not added, so the destination's defaults
 * apply where the source's did.
 */

import { convertCharset } from './charsets';
import type { Change } from './notes';
import type { ReplayStatement } from './replay-statement';
import { isPunct, isWord, valueName } from './sql-tokens';

/** `utf8` and `utf8mb3` are one character set; rewriting one into the other changes nothing. */
function explicitUtf8(name: string): string {
  if (name === 'utf8') return 'utf8mb3';
  return name.startsWith('utf8_') ? `utf8mb3_${name.slice('utf8_'.length)}` : name;
}

const isUtf8Spelling = (name: string) => name === 'utf8' || name.startsWith('utf8_');

/**
 * The converted name in the statement's spelling: a statement that wrote `utf8` gets `utf8` names back
 * where the destination keeps the 3-byte set, since older servers (MySQL 5.7) know no `utf8mb3_` collation names.
 */
function spelledAs(converted: string, written: string): string {
  return isUtf8Spelling(written) && (converted === 'utf8mb3' || converted.startsWith('utf8mb3_')) ? `utf8${converted.slice('utf8mb3'.length)}` : converted;
}

export function changeNote(object: string, change: Change): string {
  return `${object}: ${change.from} -> ${change.to}${change.lossy ? ' (lossy)' : ''}. ${change.reason}`;
}

export class CharsetScope {
  /** Token indexes of the values of CHARACTER SET / CHARSET and of COLLATE clauses. */
  private readonly charsets: number[] = [];
  private readonly collations: number[] = [];

  /** `object` names what the clauses belong to in notes: `db.t` or `db.t.column`. */
  constructor(
    private readonly statement: ReplayStatement,
    private readonly object: string,
  ) {}

  /**
   * Reads a clause starting at token `i` (after an optional DEFAULT): `CHARACTER SET [=] x`,
   * `CHARSET [=] x`, `COLLATE [=] x`. Returns the index after it, or `i` when there is none.
   */
  read(i: number): number {
    const tokens = this.statement.tokens;
    let kind: 'charset' | 'collation';
    let value: number;
    if (isWord(tokens[i], 'CHARACTER') && isWord(tokens[i + 1], 'SET')) [kind, value] = ['charset', i + 2];
    else if (isWord(tokens[i], 'CHARSET')) [kind, value] = ['charset', i + 1];
    else if (isWord(tokens[i], 'COLLATE')) [kind, value] = ['collation', i + 1];
    else return i;
    if (isPunct(tokens[value], '=')) value++;
    if (valueName(tokens[value]) === null) return i;
    (kind === 'charset' ? this.charsets : this.collations).push(value);
    return value + 1;
  }

  convert(): void {
    const tokens = this.statement.tokens;
    const lastValue = (list: number[]) => (list.length ? valueName(tokens[list[list.length - 1]])!.toLowerCase() : null);
    const charset = lastValue(this.charsets);
    const collation = lastValue(this.collations);
    // CHARACTER SET DEFAULT means the database's: the destination database has its own, already converted.
    if ((charset === null && collation === null) || charset === 'default' || collation === 'default') return;
    const converted = convertCharset({ charset, collation }, this.statement.context.to);
    if (converted.changes.length === 0) return;
    const rewrite = (indexes: number[], value: string) => {
      for (const i of indexes) {
        const written = valueName(tokens[i])!.toLowerCase();
        if (explicitUtf8(written) !== value) this.statement.edits.replace(tokens[i], spelledAs(value, written));
      }
    };
    rewrite(this.charsets, converted.charset!);
    rewrite(this.collations, converted.collation!);
    for (const change of converted.changes) this.statement.note(changeNote(this.object, change));
  }
}
