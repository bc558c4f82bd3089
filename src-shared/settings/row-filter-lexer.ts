/**
 * Tokens of a row filter, read the way MySQL and MariaDB read them, in one pass.
 *
 * The server reads the filter under its own sql_mode, which Cutover does not
 * set on the source: a string must therefore end at the same place with and
 * without NO_BACKSLASH_ESCAPES (and a "..." token under ANSI_QUOTES), so a
 * backslash may not escape the closing quote; doubling the quote means the same
 * in every mode. Whatever no row filter needs is refused here: comments, `;`,
 * variables, placeholders, and characters that have no meaning outside quotes.
 */

import { describeCharacter, visibleText } from '../text';

export class RowFilterError extends Error {}

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  /** Words in upper case; any other token as written. */
  key: string;
  /** Offsets in the filter, end exclusive. */
  start: number;
  end: number;
  /** For strings: the quote, or the prefix letter of x'..', b'..' and n'..' in lower case. */
  quote?: string;
}

/** Longest first, so that `<=>` is not read as `<=` and `>`. */
const OPERATORS = ['<=>', '<=', '>=', '<>', '!=', '<<', '>>', '&&', '||', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '(', ')', ',', '.'];

const SPACE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);
/** Controls, format characters (bidi overrides...), separators other than the space, surrogate halves, unassigned. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{Cs}\p{Co}\p{Cn}]/u;
/** How much of the filter a message shows at once. */
const SHOWN_CHARS = 40;
const MAX_IDENTIFIER = 64;

/** A fragment of the filter for a message: short, on one line, every invisible character spelled out. */
export function echo(fragment: string): string {
  return visibleText(fragment, SHOWN_CHARS);
}

/** "at character N", counting from 1 in characters as the user sees them (a surrogate pair is one). */
export function position(text: string, offset: number): string {
  let count = 0;
  for (let i = 0; i < offset; i++) {
    const code = text.charCodeAt(i);
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    const secondHalf = code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff;
    if (!secondHalf) count++;
  }
  return `at character ${count + 1}`;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Characters of bare names: MySQL allows ASCII letters, digits, `_`, `$` and U+0080..U+FFFF. */
function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  if (/[A-Za-z0-9_$]/.test(ch)) return true;
  return ch >= '\u0080' && !INVISIBLE.test(ch);
}

class Lexer {
  private i = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly text: string) {}

  run(): Token[] {
    const { text } = this;
    while (this.i < text.length) {
      const ch = text[this.i];
      if (SPACE.has(ch)) this.i++;
      else if (ch === "'" || ch === '"') this.push('string', this.scanString(this.i, ch), ch);
      else if (ch === '`') this.push('quoted', this.scanQuoted());
      else if (isDigit(ch) || (ch === '.' && isDigit(text[this.i + 1]))) this.push('number', this.scanNumber());
      else if (isWordChar(ch)) this.scanWord();
      else this.scanOther(ch);
    }
    this.tokens.push({ kind: 'end', text: '', key: '', start: text.length, end: text.length });
    return this.tokens;
  }

  private push(kind: TokenKind, end: number, quote?: string): void {
    const text = this.text.slice(this.i, end);
    this.tokens.push({ kind, text, key: kind === 'word' ? text.toUpperCase() : text, start: this.i, end, quote });
    this.i = end;
  }

  private at(offset: number): string {
    return position(this.text, offset);
  }

  private nul(offset: number): never {
    throw new RowFilterError(`contains a NUL character ${this.at(offset)}`);
  }

  /** Returns the offset after the closing quote of the string that opens at `start`. */
  private scanString(start: number, quote: string): number {
    const { text } = this;
    let i = start + 1;
    for (;;) {
      if (i >= text.length) throw new RowFilterError(`has an unclosed quote (${quote}) ${this.at(start)}`);
      const ch = text[i];
      if (ch === '\u0000') this.nul(i);
      if (ch === '\\') {
        if (text[i + 1] === '\u0000') this.nul(i + 1);
        if (text[i + 1] === quote) {
          const example = quote === "'" ? "'it''s'" : '"say ""hi"""';
          throw new RowFilterError(`escapes a quote with a backslash ${this.at(i)}; double the quote instead (${example}), which reads the same under every sql_mode`);
        }
        i += 2;
      } else if (ch === quote) {
        if (text[i + 1] !== quote) return i + 1;
        i += 2;
      } else i++;
    }
  }

  private scanQuoted(): number {
    const { text } = this;
    const start = this.i;
    let i = start + 1;
    let length = 0;
    for (;;) {
      if (i >= text.length) throw new RowFilterError(`has an unclosed backtick ${this.at(start)}`);
      const ch = text[i];
      if (ch === '\u0000') this.nul(i);
      if (ch === '`') {
        if (text[i + 1] !== '`') break;
        i++;
      }
      length++;
      i++;
    }
    if (length === 0) throw new RowFilterError(`has an empty quoted name ${this.at(start)}`);
    if (length > MAX_IDENTIFIER) throw new RowFilterError(`has a quoted name longer than ${MAX_IDENTIFIER} characters ${this.at(start)}`);
    return i + 1;
  }

  private scanNumber(): number {
    const { text } = this;
    const start = this.i;
    let i = start;
    const prefixed = (prefix: string, digit: RegExp) => text.startsWith(prefix, i) && digit.test(text[i + 2] ?? '');
    if (prefixed('0x', /[0-9a-fA-F]/)) {
      i += 2;
      while (/[0-9a-fA-F]/.test(text[i] ?? '')) i++;
    } else if (prefixed('0b', /[01]/)) {
      i += 2;
      while (/[01]/.test(text[i] ?? '')) i++;
    } else {
      while (isDigit(text[i])) i++;
      if (text[i] === '.') i++;
      while (isDigit(text[i])) i++;
      const exponent = /^[eE][+-]?[0-9]/.exec(text.slice(i, i + 3));
      if (exponent && isDigit(text[i - 1])) {
        i += exponent[0].length;
        while (isDigit(text[i])) i++;
      }
    }
    if (isWordChar(text[i])) {
      let end = i;
      while (isWordChar(text[end])) end++;
      throw new RowFilterError(
        `has "${echo(text.slice(start, end))}" ${this.at(start)}, a number followed by letters; quote a column whose name starts with a digit in backticks`,
      );
    }
    return i;
  }

  private scanWord(): void {
    const { text } = this;
    let end = this.i;
    while (isWordChar(text[end])) end++;
    const prefix = text.slice(this.i, end).toLowerCase();
    if (text[end] === "'" && (prefix === 'x' || prefix === 'b' || prefix === 'n')) {
      const close = this.scanString(end, "'");
      const body = text.slice(end + 1, close - 1);
      const malformed = (prefix === 'x' && !/^(?:[0-9a-fA-F]{2})*$/.test(body)) || (prefix === 'b' && !/^[01]*$/.test(body));
      if (malformed) {
        const what = prefix === 'x' ? 'hexadecimal literal (an even number of digits 0-9, a-f)' : 'bit literal (digits 0 and 1)';
        throw new RowFilterError(`has a malformed ${what} ${this.at(this.i)}`);
      }
      this.push('string', close, prefix);
      return;
    }
    this.push('word', end);
  }

  private scanOther(ch: string): void {
    const { text, i } = this;
    const next = text[i + 1];
    if (ch === ';') throw new RowFilterError('contains ";"; give one condition, without a statement separator');
    if (ch === '#' || (ch === '-' && next === '-') || (ch === '/' && next === '*')) throw new RowFilterError('contains a comment; remove it');
    if (ch === '@') {
      let end = i + 1;
      while (text[end] === '@') end++;
      while (isWordChar(text[end]) || text[end] === '.') end++;
      const what = next === '@' ? 'the system variable' : 'the variable';
      throw new RowFilterError(`uses ${what} ${echo(text.slice(i, end))} ${this.at(i)}, which is not allowed in a row filter; write the value itself`);
    }
    if (ch === '?') throw new RowFilterError(`has the placeholder "?" ${this.at(i)}; write the value itself`);
    if (ch === ':' && next === '=') throw new RowFilterError(`assigns a variable with ":=" ${this.at(i)}, which is not allowed in a row filter`);
    if (ch === '\u0000') this.nul(i);
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator) {
      this.push('op', i + operator.length);
      return;
    }
    if (INVISIBLE.test(ch) && !/\p{Cs}/u.test(ch)) {
      throw new RowFilterError(`has ${describeCharacter(ch)} ${this.at(i)} outside quotes; remove it, or quote a name holding it in backticks`);
    }
    throw new RowFilterError(`is not a condition: unexpected "${echo(String.fromCodePoint(text.codePointAt(i) ?? 0))}" ${this.at(i)}`);
  }
}

/** The filter's tokens, ending with an `end` token; throws RowFilterError for what no row filter may contain. */
export function tokenize(text: string): Token[] {
  return new Lexer(text).run();
}
