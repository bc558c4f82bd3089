/**
 * The significant tokens of a statement (no whitespace, no comments) and the
 * few reading helpers DDL parsing needs: keywords, names, parenthesised
 * groups and comma-separated lists. Tokens keep their offsets in the text so
 * that a rewrite can replace exactly what it read and leave the rest as it was.
 */

import { lexStatement } from './sql-lexer';

export interface Token {
  kind: 'word' | 'quoted' | 'string' | 'punct';
  start: number;
  end: number;
  /** The raw text of the token. */
  text: string;
}

/** A name as written: `t`, `db`.`t`, db.t; offsets span all its parts. */
export interface NameRef {
  parts: string[];
  start: number;
  end: number;
}

/** A run of tokens [from, to) by index. */
export interface TokenRange {
  from: number;
  to: number;
}

/** The statement's text does not have the shape expected: it is not replayed. */
export class DdlSyntaxError extends Error {}

export function significantTokens(text: string): Token[] {
  return lexStatement(text)
    .filter((l) => l.kind === 'word' || l.kind === 'quoted' || l.kind === 'string' || l.kind === 'punct')
    .map((l) => ({ kind: l.kind as Token['kind'], start: l.start, end: l.end, text: text.slice(l.start, l.end) }));
}

/** True when the token is an unquoted word equal to one of `words` (upper case), whatever its case. */
export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text.toUpperCase());
}

export function isPunct(token: Token | undefined, char: string): boolean {
  return token?.kind === 'punct' && token.text === char;
}

/** The name an identifier token stands for, or null when it is not one. */
export function identifierName(token: Token | undefined): string | null {
  if (token?.kind === 'word') return token.text;
  if (token?.kind === 'quoted') return token.text.slice(1, -1).replaceAll('``', '`');
  return null;
}

/** A name or a string where MySQL accepts either (`ENGINE='InnoDB'`, `CHARACTER SET 'utf8'`). */
export function valueName(token: Token | undefined): string | null {
  if (token?.kind === 'string') return token.text.slice(1, -1);
  return identifierName(token);
}

/** Index of the `)` closing the `(` at `open`. */
export function closingParenIndex(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i;
  }
  throw new DdlSyntaxError('unbalanced parentheses');
}

/** Indexes of the tokens of a range outside any parentheses (a `(` is listed, its content and `)` are not). */
export function topLevelIndexes(tokens: Token[], range: TokenRange): number[] {
  const indexes: number[] = [];
  for (let i = range.from; i < range.to; i++) {
    indexes.push(i);
    if (isPunct(tokens[i], '(')) i = closingParenIndex(tokens, i);
    else if (isPunct(tokens[i], ')')) throw new DdlSyntaxError('unbalanced parentheses');
  }
  return indexes;
}

/** The items of a comma-separated list, split at its top-level commas. */
export function splitAtCommas(tokens: Token[], range: TokenRange): TokenRange[] {
  const items: TokenRange[] = [];
  let from = range.from;
  for (const i of topLevelIndexes(tokens, range)) {
    if (!isPunct(tokens[i], ',')) continue;
    items.push({ from, to: i });
    from = i + 1;
  }
  items.push({ from, to: range.to });
  if (items.some((item) => item.from >= item.to)) throw new DdlSyntaxError('empty item in a list');
  return items;
}

/** Reads tokens in order; every `accept` advances only when the whole sequence matches. */
export class TokenCursor {
  pos: number;

  constructor(
    readonly tokens: Token[],
    readonly range: TokenRange = { from: 0, to: tokens.length },
  ) {
    this.pos = range.from;
  }

  peek(offset = 0): Token | undefined {
    const i = this.pos + offset;
    return i < this.range.to ? this.tokens[i] : undefined;
  }

  atEnd(): boolean {
    return this.pos >= this.range.to;
  }

  /** Words (upper case) or punctuation, in order: `accept('IF', 'NOT', 'EXISTS')`, `accept('(')`. */
  accept(...sequence: string[]): boolean {
    const matches = sequence.every((item, k) => {
      const token = this.peek(k);
      return /^\w/.test(item) ? isWord(token, item) : isPunct(token, item);
    });
    if (matches) this.pos += sequence.length;
    return matches;
  }

  /** The next token when it is one of the words, consumed; null otherwise. */
  acceptOneOf(...words: string[]): string | null {
    const token = this.peek();
    if (!isWord(token, ...words)) return null;
    this.pos++;
    return token!.text.toUpperCase();
  }

  expect(...sequence: string[]): void {
    if (!this.accept(...sequence)) throw new DdlSyntaxError(`expected ${sequence.join(' ')} at offset ${this.peek()?.start ?? 'end'}`);
  }

  expectEnd(): void {
    if (!this.atEnd()) throw new DdlSyntaxError(`unexpected "${this.peek()!.text}" at offset ${this.peek()!.start}`);
  }

  /** `name` or `db.name`, each part quoted or not. */
  name(): NameRef {
    const first = this.peek();
    const parts = [identifierName(first)];
    if (parts[0] === null) throw new DdlSyntaxError(`expected a name at offset ${first?.start ?? 'end'}`);
    let last = first!;
    this.pos++;
    if (isPunct(this.peek(), '.') && identifierName(this.peek(1)) !== null) {
      last = this.peek(1)!;
      parts.push(identifierName(last));
      this.pos += 2;
    }
    return { parts: parts as string[], start: first!.start, end: last.end };
  }

  /** Past the parenthesised group starting here; its range without the parentheses. */
  group(): TokenRange {
    if (!isPunct(this.peek(), '(')) throw new DdlSyntaxError(`expected ( at offset ${this.peek()?.start ?? 'end'}`);
    const close = closingParenIndex(this.tokens, this.pos);
    if (close >= this.range.to) throw new DdlSyntaxError('unbalanced parentheses');
    const inner = { from: this.pos + 1, to: close };
    this.pos = close + 1;
    return inner;
  }
}
