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

function splitParts(text: string): Result<{ text: string; quoted: boolean }[]> {
  const parts: { text: string; quoted: boolean }[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '`') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) return { ok: false, error: 'has an unclosed backtick' };
        if (text[i] === '`') {
          if (text[i + 1] === '`') {
            value += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      parts.push({ text: value, quoted: true });
    } else {
      let value = '';
      while (i < text.length && text[i] !== '.') {
        const ch = text[i];
        if (ch === '`') return { ok: false, error: 'has a backtick inside a name; quote the whole name: `my.name`' };
        if (/\s/.test(ch)) return { ok: false, error: 'contains white space; quote such names in backticks' };
        value += ch;
        i++;
      }
      parts.push({ text: value, quoted: false });
    }
    if (i >= text.length) break;
    if (text[i] !== '.') return { ok: false, error: `has "${text[i]}" after a quoted name; expected "."` };
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

/** Finds the `=` that separates source and target, ignoring any inside backticks. */
function findRenameSeparator(text: string): number {
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
      if (!part.quoted && part.text === '*') {
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

export function isValidColumnName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_IDENTIFIER && name.trim() === name && !name.includes('`');
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

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 's');
}

function partMatches(part: NamePart, value: string): boolean {
  return part.wildcard ? wildcardToRegExp(part.text).test(value) : part.text === value;
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

/** Row filters are conditions, not statements: one expression, no statement separators or comments. */
export function checkRowFilter(where: string): string | null {
  const text = where.trim();
  if (text.length === 0) return 'is empty';
  if (text.length > 4000) return 'is longer than 4000 characters';
  const unquoted = text.replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`/g, "''");
  if (unquoted.includes(';')) return 'contains ";"; give one condition, without a statement separator';
  if (/--|#|\/\*/.test(unquoted)) return 'contains a comment; remove it';
  if (/^\s*where\b/i.test(unquoted)) return 'starts with WHERE; give only the condition';
  // The filter is placed inside WHERE (...): it must not close that parenthesis itself.
  let depth = 0;
  for (const ch of unquoted) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return 'closes a parenthesis it did not open';
  }
  if (depth !== 0) return 'leaves a parenthesis open';
  return null;
}
