/**
 * Just enough SQL lexing to work on text the server printed: expressions
 * (defaults, generated columns, checks, partitions) and view definitions.
 * String literals are skipped whole, so a backtick or a dot inside a string is
 * never taken for part of a name.
 */

export interface Token {
  kind: 'identifier' | 'string' | 'other';
  /** Start and end offsets in the text (end exclusive). */
  start: number;
  end: number;
  /** The identifier's name without quotes; the raw text otherwise. */
  value: string;
}

function scanQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && quote !== '`') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  throw new Error(`Unterminated ${quote} quote in: ${text}`);
}

/** Backticked identifiers, string literals, and everything else one character at a time. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '`') {
      const end = scanQuoted(text, i, '`');
      tokens.push({ kind: 'identifier', start: i, end, value: text.slice(i + 1, end - 1).replaceAll('``', '`') });
      i = end;
    } else if (ch === "'" || ch === '"') {
      const end = scanQuoted(text, i, ch);
      tokens.push({ kind: 'string', start: i, end, value: text.slice(i, end) });
      i = end;
    } else {
      tokens.push({ kind: 'other', start: i, end: i + 1, value: ch });
      i++;
    }
  }
  return tokens;
}

/** A dotted run of backticked names, such as `db`.`t` or `db`.`t`.`col`. */
export interface NameChain {
  parts: string[];
  start: number;
  end: number;
  /** Index in the token list of the token after the chain. */
  next: number;
}

export function nameChains(tokens: Token[]): NameChain[] {
  const chains: NameChain[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i].kind !== 'identifier') {
      i++;
      continue;
    }
    const parts = [tokens[i].value];
    const start = tokens[i].start;
    let j = i + 1;
    while (tokens[j]?.value === '.' && tokens[j].kind === 'other' && tokens[j + 1]?.kind === 'identifier') {
      parts.push(tokens[j + 1].value);
      j += 2;
    }
    chains.push({ parts, start, end: tokens[j - 1].end, next: j });
    i = j;
  }
  return chains;
}

/** Every backticked name in an expression: the columns it reads. */
export function identifiersIn(expression: string): Set<string> {
  return new Set(
    tokenize(expression)
      .filter((t) => t.kind === 'identifier')
      .map((t) => t.value.toLowerCase()),
  );
}

/** A string literal for any text; values are bound everywhere else, but DDL has no parameters. */
export function sqlString(value: string): string {
  return "'" + value.replaceAll('\\', '\\\\').replaceAll("'", "''").replaceAll('\0', '\\0') + "'";
}

/** Offset just after the parenthesis that closes the one at `open`. */
export function closingParen(text: string, open: number): number {
  let depth = 0;
  for (const token of tokenize(text.slice(open))) {
    if (token.kind !== 'other') continue;
    if (token.value === '(') depth++;
    if (token.value === ')' && --depth === 0) return open + token.end;
  }
  throw new Error(`Unbalanced parentheses in: ${text}`);
}

/** True when the whole text is one parenthesised group, e.g. `(a + 1)` but not `(a) + (b)`. */
export function isParenthesised(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith('(') && closingParen(trimmed, 0) === trimmed.length;
}

/** The expression in parentheses, unless it already is one parenthesised group. */
export function parenthesised(expression: string): string {
  return isParenthesised(expression) ? expression.trim() : `(${expression})`;
}

/** CURRENT_TIMESTAMP and its synonyms: the expression defaults every flavour accepts, unparenthesised. */
export function isCurrentTimestamp(sql: string): boolean {
  return /^(current_timestamp|now|localtime|localtimestamp)(\(\d*\))?$/i.test(sql.trim());
}
