/**
 * Parsing of object names and match rules as users type them.
 *
 * A name part is either bare (no `.`, `=`, backtick or white space) or quoted in
 * backticks (a doubled backtick stands for one). Bare source parts may use the
 * wildcards `*` (any run of characters) and `?` (one character). A rule may rename
 * with `=target`, where a target part is a name or `*` for "keep the source name":
 *   db.*            every object of db
 *   db.t_*          every object of db whose name starts with t_
 *   src.*=dst.*     every object of src, into database dst
 *   src.t_*=dst.t   many source tables into one destination table
 */

import type { QualifiedName } from '../model/objects';
import { quoteForMessage } from '../text';
import { checkRowFilter as checkFilterExpression } from './row-filter';

const MAX_IDENTIFIER = 64;

export interface NamePart {
  /** The name as the server knows it (quotes removed). */
  text: string;
  /** True when a bare part contains `*` or `?`. */
  wildcard: boolean;
}

export interface ParsedRule {
  text: string;
  database: NamePart;
  table: NamePart;
  /** Rename target; a part equal to `*` keeps the source name. */
  target: { database: string; table: string } | null;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const WHITE_SPACE = /\s/;

/** A quoted part from the backtick at `start`: its text and the index after the closing backtick. */
function readQuoted(text: string, start: number): Result<{ value: string; end: number }> {
  const pieces: string[] = [];
  let from = start + 1;
  for (;;) {
    const close = text.indexOf('`', from);
    if (close < 0) return { ok: false, error: 'has an unclosed backtick' };
    pieces.push(text.slice(from, close));
    if (text[close + 1] !== '`') return { ok: true, value: { value: pieces.join('`'), end: close + 1 } };
    from = close + 2;
  }
}

function splitParts(text: string): Result<{ text: string; quoted: boolean }[]> {
  const parts: { text: string; quoted: boolean }[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '`') {
      const quoted = readQuoted(text, i);
      if (!quoted.ok) return quoted;
      parts.push({ text: quoted.value.value, quoted: true });
      i = quoted.value.end;
    } else {
      const dot = text.indexOf('.', i);
      const end = dot < 0 ? text.length : dot;
      const value = text.slice(i, end);
      if (value.includes('`')) return { ok: false, error: 'has a backtick inside a name; quote the whole name: `my.name`' };
      if (WHITE_SPACE.test(value)) return { ok: false, error: 'contains white space; quote such names in backticks' };
      parts.push({ text: value, quoted: false });
      i = end;
    }
    if (i >= text.length) break;
    if (text[i] !== '.') return { ok: false, error: `has ${quoteForMessage(String.fromCodePoint(text.codePointAt(i) ?? 0))} after a quoted name; expected "."` };
    // A trailing "." leaves i at the end: the loop runs once more and adds the empty part.
    i++;
  }
  return { ok: true, value: parts };
}

function checkPart(part: { text: string; quoted: boolean }, what: string, allowWildcards: boolean): Result<NamePart> {
  if (part.text.length === 0) return { ok: false, error: `has an empty ${what} name` };
  if (part.text.length > MAX_IDENTIFIER) return { ok: false, error: `has a ${what} name longer than ${MAX_IDENTIFIER} characters` };
  if (!part.quoted && part.text.includes('=')) return { ok: false, error: `has "=" inside the ${what} name` };
  const wildcard = !part.quoted && /[*?]/.test(part.text);
  if (wildcard && !allowWildcards) return { ok: false, error: `uses a wildcard in the ${what} name, where an exact name is needed` };
  return { ok: true, value: { text: part.text, wildcard } };
}

function parseQualified(text: string, allowWildcards: boolean): Result<{ database: NamePart; table: NamePart }> {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, error: 'is empty' };
  const split = splitParts(trimmed);
  if (!split.ok) return split;
  if (split.value.length !== 2) {
    return { ok: false, error: 'must be database.table (for example db.* or db.orders); quote names containing "." in backticks' };
  }
  const database = checkPart(split.value[0], 'database', allowWildcards);
  if (!database.ok) return database;
  const table = checkPart(split.value[1], 'table', allowWildcards);
  if (!table.ok) return table;
  return { ok: true, value: { database: database.value, table: table.value } };
}

/** Finds the `=` that separates source and target, ignoring any inside backticks; -1 when there is none. */
export function findRenameSeparator(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '`') quoted = !quoted;
    else if (text[i] === '=' && !quoted) return i;
  }
  return -1;
}

export function parseRule(text: string): Result<ParsedRule> {
  const eq = findRenameSeparator(text);
  const sourceText = eq >= 0 ? text.slice(0, eq) : text;
  const source = parseQualified(sourceText, true);
  if (!source.ok) return source;
  let target: ParsedRule['target'] = null;
  if (eq >= 0) {
    const split = splitParts(text.slice(eq + 1).trim());
    if (!split.ok) return { ok: false, error: `target ${split.error}` };
    if (split.value.length !== 2) return { ok: false, error: 'target must be database.table, where either part may be * to keep the source name' };
    const parts: string[] = [];
    for (const [index, part] of split.value.entries()) {
      const what = index === 0 ? 'database' : 'table';
      if (part.text === '*') {
        // `*` keeps the source name, so a target named * cannot be written in a rule.
        if (part.quoted) return { ok: false, error: `target ${what} is the name *, which a rule reads as "keep the source name"; list the table under tables instead` };
        parts.push('*');
        continue;
      }
      const checked = checkPart(part, `target ${what}`, false);
      if (!checked.ok) return { ok: false, error: `${checked.error}; use * alone to keep the source name` };
      parts.push(checked.value.text);
    }
    target = { database: parts[0], table: parts[1] };
  }
  return { ok: true, value: { text: text.trim(), database: source.value.database, table: source.value.table, target } };
}

export function parseExactName(text: string): Result<QualifiedName> {
  const parsed = parseQualified(text, false);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { database: parsed.value.database.text, table: parsed.value.table.text } };
}

/** What MariaDB accepts as a column name: 1-64 characters, no NUL, not ending in white space. */
export function isValidColumnName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_IDENTIFIER && !name.includes('\u0000') && !WHITE_SPACE.test(name.at(-1) ?? '');
}

const BARE_RE = /^[A-Za-z0-9_$\u0080-\uFFFF-]+$/;

/** Writes a name part so that `parseExactName` reads it back. */
export function formatPart(part: string): string {
  // BARE_RE's non-ASCII range also holds white space (no-break space, U+3000...), which bare names may not contain.
  return BARE_RE.test(part) && !/\s/.test(part) ? part : '`' + part.replaceAll('`', '``') + '`';
}

export function formatName(name: QualifiedName): string {
  return `${formatPart(name.database)}.${formatPart(name.table)}`;
}

export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.database === b.database && a.table === b.table;
}

/**
 * `*` matches any run of characters, `?` one. Without a regular expression: on a
 * mismatch only the last `*` takes one more character, so the time is at most
 * pattern length times value length, whatever the pattern.
 */
export function wildcardMatches(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let starValue = 0;
  while (v < value.length) {
    if (pattern[p] === '*') {
      star = p++;
      starValue = v;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++starValue;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function partMatches(part: NamePart, value: string): boolean {
  return part.wildcard ? wildcardMatches(part.text, value) : part.text === value;
}

export function ruleMatches(rule: ParsedRule, name: QualifiedName): boolean {
  return partMatches(rule.database, name.database) && partMatches(rule.table, name.table);
}

/** Where a rule sends a matched object. */
export function ruleTarget(rule: ParsedRule, name: QualifiedName): QualifiedName {
  if (!rule.target) return { ...name };
  return {
    database: rule.target.database === '*' ? name.database : rule.target.database,
    table: rule.target.table === '*' ? name.table : rule.target.table,
  };
}

/** Row filters are conditions in a small expression language: see row-filter.ts. */
export function checkRowFilter(where: string): string | null {
  return checkFilterExpression(where);
}
