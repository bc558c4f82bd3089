/**
 * Lexing of whole statements as a client sent them (binlog Query events),
 * where sql-text.ts only reads what a server printed: here there are
 * comments (`-- `, `#`, `/* *\/`), unquoted words, and MySQL's executable
 * comments `/*!50100 ... *\/` whose content is part of the statement.
 *
 * Strings follow the default sql_mode: `"` quotes a string (not an identifier,
 * as under ANSI_QUOTES) and a backslash escapes the next character.
 */

export type LexemeKind =
  /** Unquoted keyword, identifier or number. */
  | 'word'
  /** A backticked identifier. */
  | 'quoted'
  | 'string'
  /** Any other single character: `(`, `,`, `.`, `=`, `;`... */
  | 'punct'
  | 'space'
  | 'comment'
  /** `/*!50100` or MariaDB's `/*M!100100`: what follows up to its `*\/` is SQL. */
  | 'version-open'
  | 'version-close';

export interface Lexeme {
  kind: LexemeKind;
  /** Offsets in the text, end exclusive. */
  start: number;
  end: number;
}

/** The text cannot be lexed: an unterminated string, identifier or comment. */
export class SqlLexError extends Error {}

// MySQL identifiers may use any character from U+0080 on without quotes, and may start with a digit.
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const SPACE = /\s/;
const VERSION_OPEN = /^\/\*M?!(\d{5,6})?/;

function scanQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && quote !== '`') i += 2;
    else if (ch === quote && text[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i++;
  }
  throw new SqlLexError(`unterminated ${quote} quote at offset ${start}`);
}

function scanWhile(text: string, start: number, pattern: RegExp): number {
  let i = start;
  while (i < text.length && pattern.test(text[i])) i++;
  return i;
}

function lineEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  return newline < 0 ? text.length : newline;
}

/** `--` starts a comment only when whitespace (or the end) follows it; `a--1` is `a - -1`. */
function isDashComment(text: string, i: number): boolean {
  return text[i] === '-' && text[i + 1] === '-' && (i + 2 >= text.length || SPACE.test(text[i + 2]));
}

/** One lexeme starting at `i`; `inVersion` tells whether a `*\/` closes an executable comment. */
function lexemeAt(text: string, i: number, inVersion: boolean): Lexeme {
  const ch = text[i];
  const at = (kind: LexemeKind, end: number): Lexeme => ({ kind, start: i, end });
  if (SPACE.test(ch)) return at('space', scanWhile(text, i, SPACE));
  if (ch === '#' || isDashComment(text, i)) return at('comment', lineEnd(text, i));
  if (ch === '/' && text[i + 1] === '*') {
    const version = VERSION_OPEN.exec(text.slice(i, i + 12));
    if (version && !inVersion) return at('version-open', i + version[0].length);
    const close = text.indexOf('*/', i + 2);
    if (close < 0) throw new SqlLexError(`unterminated comment at offset ${i}`);
    return at('comment', close + 2);
  }
  if (ch === '*' && text[i + 1] === '/' && inVersion) return at('version-close', i + 2);
  if (ch === '`') return at('quoted', scanQuoted(text, i));
  if (ch === "'" || ch === '"') return at('string', scanQuoted(text, i));
  if (WORD_CHAR.test(ch)) return at('word', scanWhile(text, i, WORD_CHAR));
  return at('punct', i + 1);
}

/** Every lexeme of the text, whitespace and comments included, so that the text can be rebuilt from them. */
export function lexStatement(text: string): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let inVersion = false;
  for (let i = 0; i < text.length; ) {
    const lexeme = lexemeAt(text, i, inVersion);
    if (lexeme.kind === 'version-open') inVersion = true;
    if (lexeme.kind === 'version-close') inVersion = false;
    lexemes.push(lexeme);
    i = lexeme.end;
  }
  if (inVersion) throw new SqlLexError('unterminated executable comment /*!');
  return lexemes;
}

/**
 * The text with the markers of executable comments taken out and their content
 * kept as plain SQL: `) /*!50100 PARTITION BY HASH (id) *\/` becomes
 * `)  PARTITION BY HASH (id) `. Every server Cutover writes to runs that content,
 * so the condition on the version is dropped with the markers. A marker between
 * two non-blank characters becomes one space so that the words around it stay apart.
 */
export function unwrapExecutableComments(text: string): string {
  let out = '';
  for (const lexeme of lexStatement(text)) {
    if (lexeme.kind !== 'version-open' && lexeme.kind !== 'version-close') {
      out += text.slice(lexeme.start, lexeme.end);
      continue;
    }
    const before = out[out.length - 1];
    const after = text[lexeme.end];
    if (before !== undefined && after !== undefined && !SPACE.test(before) && !SPACE.test(after)) out += ' ';
  }
  return out;
}
