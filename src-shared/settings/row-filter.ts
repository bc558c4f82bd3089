/**
 * Row filters: the WHERE condition of one table, as users type it. Cutover
 * places it in its own SQL as `WHERE (<filter>)` for the full copy and the
 * precheck, and as `SELECT (<filter>) ... FROM (<row images>)` in the replay,
 * where it runs on the source with Cutover's account. So a filter is held to a
 * small expression language, checked here before it is ever sent:
 *
 * - operands: columns of the table (bare, or quoted in backticks), numbers,
 *   strings, x'..' and b'..' literals, NULL, TRUE, FALSE, DATE/TIME/TIMESTAMP '..';
 * - operators: comparisons, AND OR XOR NOT (and && || !), arithmetic, bit
 *   operators, IS [NOT] NULL/TRUE/FALSE/UNKNOWN, [NOT] IN (values),
 *   [NOT] BETWEEN, [NOT] LIKE [ESCAPE], CASE, COLLATE, `+ INTERVAL n unit`;
 * - functions from ROW_FILTER_FUNCTIONS only: deterministic, without side effects.
 *
 * Columns are never qualified with a table: the replay evaluates the filter on
 * a derived table of row images, where the source table's name means nothing.
 * REGEXP is refused: a regular expression can take very long on the source
 * server, and LIKE covers what a row filter needs.
 *
 * The grammar follows MySQL's (bool_pri, predicate, bit_expr, simple_expr), so
 * what is accepted here the server reads the same way. The parser reads each
 * token once and nests at most MAX_ROW_FILTER_DEPTH levels, so any input is checked in
 * time linear in its length, on a bounded stack.
 */

import type { Token } from './row-filter-lexer';
import { RowFilterError, echo, position, tokenize } from './row-filter-lexer';
import {
  BARE_FUNCTIONS,
  BARE_TIME_FUNCTIONS,
  CAST_TYPES,
  FUNCTION_EXAMPLES,
  INTERVAL_UNITS,
  RANDOM_FUNCTIONS,
  RESERVED_WORDS,
  SPECIAL_FUNCTIONS,
  STATEMENT_WORDS,
  SUBQUERY_WORDS,
  TIME_FUNCTIONS,
  TIMESTAMP_UNITS,
  plainFunction,
} from './row-filter-words';

export { ROW_FILTER_FUNCTIONS } from './row-filter-words';

export const MAX_ROW_FILTER_LENGTH = 4000;
/** Levels of parentheses, function calls and prefix operators inside one another. */
export const MAX_ROW_FILTER_DEPTH = 64;

const COMPARISONS = new Set(['=', '<=>', '<>', '!=', '<', '<=', '>', '>=']);
const PREFIX_OPERATORS = new Set(['-', '+', '~', '!']);
/** Keywords that may follow an operand. */
const OPERATOR_WORDS = new Set(['AND', 'OR', 'XOR', 'NOT', 'IS', 'IN', 'BETWEEN', 'LIKE', 'REGEXP', 'RLIKE', 'DIV', 'MOD', 'COLLATE', 'SOUNDS', 'MEMBER']);
/** Reserved words that are never an operand nor a function name (unlike MOD, an operator and a function). */
const CONNECTIVES = new Set(['AND', 'OR', 'XOR', 'NOT', 'IS', 'IN', 'BETWEEN', 'LIKE', 'REGEXP', 'RLIKE', 'DIV', 'COLLATE', 'WHEN', 'THEN', 'ELSE', 'AS', 'FROM', 'USING']);
const NAME = /^[A-Za-z0-9_]+$/;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  // ---- Tokens ------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.key === word;
  }

  private isOp(op: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'op' && token.key === op;
  }

  private expectWord(word: string): void {
    if (!this.isWord(word)) this.unexpected(`expected ${word}`);
    this.next();
  }

  private expectOp(op: string): void {
    if (!this.isOp(op)) this.unexpected(`expected "${op}"`);
    this.next();
  }

  private at(token: Token): string {
    return position(this.text, token.start);
  }

  private fail(message: string): never {
    throw new RowFilterError(message);
  }

  /** Refuses the current token; `expected` says what would have fitted. */
  private unexpected(expected?: string): never {
    const token = this.peek();
    const previous = this.index > 0 ? this.tokens[this.index - 1] : null;
    if (token.kind === 'op' && token.key === '.' && (previous?.kind === 'word' || previous?.kind === 'quoted')) {
      const name = this.text.slice(previous.start, this.peek(1).end);
      this.fail(`uses the qualified name "${echo(name)}" ${this.at(previous)}; give the column name alone (the filter applies to the rows of its own table)`);
    }
    const hint = expected ? `; ${expected}` : '';
    if (token.kind === 'end') {
      const after = previous ? ` after "${echo(previous.text)}" ${this.at(previous)}` : '';
      this.fail(`is not a condition: it ends too early${after}${hint}`);
    }
    this.fail(`is not a condition: unexpected "${echo(token.text)}" ${this.at(token)}${hint}`);
  }

  /** Runs one nested level; the bound keeps the stack small whatever the input. */
  private descend<T>(step: () => T): T {
    if (++this.depth > MAX_ROW_FILTER_DEPTH) {
      const opener = this.tokens[Math.max(this.index - 1, 0)];
      this.fail(`nests parentheses, functions or operators more than ${MAX_ROW_FILTER_DEPTH} levels deep (level ${this.depth} ${this.at(opener)})`);
    }
    const result = step();
    this.depth--;
    return result;
  }

  // ---- The whole filter --------------------------------------------------

  parse(): void {
    const first = this.peek();
    if (first.kind === 'word' && first.key === 'WHERE') this.fail('starts with WHERE; give only the condition');
    // `SELECT *`, `DELETE FROM`, `DROP TABLE`; not a column such as `do` in `do IS NULL`.
    const second = this.peek(1);
    const statementLike = second.kind === 'op' ? second.key === '*' : second.kind !== 'end' && !OPERATOR_WORDS.has(second.key);
    if (first.kind === 'word' && STATEMENT_WORDS.has(first.key) && statementLike) {
      this.fail(`starts with ${echo(first.key)}, which begins a statement; give only the condition that would follow WHERE`);
    }
    this.checkParentheses();
    // The top level is not nested: each "(" and each call below is one level.
    this.or();
    if (this.peek().kind !== 'end') this.unexpected('join conditions with AND or OR');
  }

  /** The filter is placed inside `WHERE (...)`: it must not close that parenthesis, nor leave one open. */
  private checkParentheses(): void {
    let depth = 0;
    for (const token of this.tokens) {
      if (token.kind !== 'op') continue;
      if (token.key === '(') depth++;
      if (token.key === ')' && --depth < 0) this.fail(`closes a parenthesis it did not open, ${this.at(token)}`);
    }
    if (depth !== 0) this.fail('leaves a parenthesis open');
  }

  // ---- expr: OR, XOR, AND, NOT, IS [NOT] TRUE/FALSE/UNKNOWN ---------------

  private expr(): void {
    this.descend(() => this.or());
  }

  private or(): void {
    this.xor();
    while (this.isWord('OR') || this.isOp('||')) {
      this.next();
      this.xor();
    }
  }

  private xor(): void {
    this.and();
    while (this.isWord('XOR')) {
      this.next();
      this.and();
    }
  }

  private and(): void {
    this.not();
    while (this.isWord('AND') || this.isOp('&&')) {
      this.next();
      this.not();
    }
  }

  private not(): void {
    if (this.isWord('NOT')) {
      this.next();
      this.descend(() => this.not());
      return;
    }
    this.boolPri();
    if (this.isWord('IS')) {
      this.next();
      if (this.isWord('NOT')) this.next();
      if (!['TRUE', 'FALSE', 'UNKNOWN'].some((w) => this.isWord(w))) this.unexpected('expected NULL, TRUE, FALSE or UNKNOWN after IS');
      this.next();
    }
  }

  // ---- bool_pri: comparisons and IS [NOT] NULL ----------------------------

  private boolPri(): void {
    this.predicate();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'op' && COMPARISONS.has(token.key)) {
        this.next();
        if (this.peek().kind === 'word' && ['ANY', 'SOME', 'ALL'].includes(this.peek().key) && this.isOp('(', 1)) this.subquery(this.peek());
        this.predicate();
      } else if (this.isWord('IS') && (this.isWord('NULL', 1) || (this.isWord('NOT', 1) && this.isWord('NULL', 2)))) {
        this.next();
        if (this.isWord('NOT')) this.next();
        this.next();
      } else return;
    }
  }

  // ---- predicate: IN, BETWEEN, LIKE ---------------------------------------

  private predicate(): void {
    this.bitOr();
    const negated = this.isWord('NOT') && ['IN', 'BETWEEN', 'LIKE', 'REGEXP', 'RLIKE'].some((w) => this.isWord(w, 1));
    if (negated) this.next();
    const token = this.peek();
    if (token.kind !== 'word') return;
    if (token.key === 'IN') this.inList();
    else if (token.key === 'BETWEEN') this.between();
    else if (token.key === 'LIKE') this.like();
    else if (token.key === 'REGEXP' || token.key === 'RLIKE') {
      this.fail(`uses ${token.key} ${this.at(token)}, which is not allowed in a row filter (a regular expression can take very long on the source server); use LIKE instead`);
    }
  }

  private inList(): void {
    this.next();
    this.expectOp('(');
    this.list();
  }

  /** Expressions separated by commas, up to the closing parenthesis; returns how many. */
  private list(): number {
    let count = 1;
    this.expr();
    while (this.isOp(',')) {
      this.next();
      this.expr();
      count++;
    }
    this.expectOp(')');
    return count;
  }

  private between(): void {
    this.next();
    this.bitOr();
    this.expectWord('AND');
    this.descend(() => this.predicate());
  }

  private like(): void {
    this.next();
    this.simple();
    if (this.isWord('ESCAPE')) {
      this.next();
      this.simple();
    }
  }

  // ---- bit_expr: | & << >> + - * / DIV % MOD ^ ----------------------------

  private binary(operators: readonly string[], operand: () => void): void {
    operand();
    for (;;) {
      const token = this.peek();
      const matches = (token.kind === 'op' || token.kind === 'word') && operators.includes(token.key);
      if (!matches) return;
      this.next();
      operand();
    }
  }

  private bitOr(): void {
    this.binary(['|'], () => this.bitAnd());
  }

  private bitAnd(): void {
    this.binary(['&'], () => this.shift());
  }

  private shift(): void {
    this.binary(['<<', '>>'], () => this.additive());
  }

  private additive(): void {
    this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      this.next();
      if (this.isWord('INTERVAL')) this.interval();
      else this.multiplicative();
    }
  }

  private multiplicative(): void {
    this.binary(['*', '/', '%', 'DIV', 'MOD'], () => this.bitXor());
  }

  private bitXor(): void {
    this.binary(['^'], () => this.simple());
  }

  /** INTERVAL n unit, after `+`/`-` or as the second argument of DATE_ADD and the like. */
  private interval(): void {
    this.expectWord('INTERVAL');
    this.expr();
    this.unit(INTERVAL_UNITS, 'an interval unit such as DAY, MONTH or YEAR');
  }

  private unit(units: ReadonlySet<string>, what: string): void {
    const token = this.peek();
    if (token.kind !== 'word' || !units.has(token.key)) this.unexpected(`expected ${what}`);
    this.next();
  }

  // ---- simple_expr: prefix operators, COLLATE, operands --------------------

  private simple(): void {
    if (this.peek().kind === 'op' && PREFIX_OPERATORS.has(this.peek().key)) {
      this.next();
      this.descend(() => this.simple());
      return;
    }
    this.operand();
    while (this.isWord('COLLATE')) {
      this.next();
      this.name('a collation name such as utf8mb4_bin');
    }
  }

  /** A collation or character set name. */
  private name(what: string): void {
    const token = this.peek();
    if (token.kind !== 'word' || !NAME.test(token.text) || RESERVED_WORDS.has(token.key)) this.unexpected(`expected ${what}`);
    this.next();
  }

  private operand(): void {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'string') this.next();
    else if (token.kind === 'quoted') this.quotedColumn();
    else if (token.kind === 'word') this.wordOperand(token);
    else if (token.kind === 'op' && token.key === '(') {
      this.next();
      this.expr();
      if (this.isOp(',')) this.unexpected('row values such as (a, b) are not supported; compare each column on its own');
      this.expectOp(')');
    } else this.unexpected();
  }

  private quotedColumn(): void {
    const token = this.next();
    if (this.isOp('(')) this.fail(`calls the quoted name ${echo(token.text)} ${this.at(token)}; write the function name without backticks`);
    if (this.isOp('.')) this.unexpected();
  }

  private wordOperand(token: Token): void {
    const word = token.key;
    if (word === 'NULL' || word === 'TRUE' || word === 'FALSE') this.next();
    else if ((word === 'DATE' || word === 'TIME' || word === 'TIMESTAMP') && this.peek(1).kind === 'string' && this.peek(1).quote === "'") {
      this.next();
      this.next();
    } else if (word === 'CASE') this.caseExpr();
    else if (SUBQUERY_WORDS.has(word) && (word === 'SELECT' || word === 'WITH' || this.isOp('(', 1))) this.subquery(token);
    else if (CONNECTIVES.has(word)) this.unexpected();
    else if (this.isOp('(', 1)) this.call(token);
    else if (word === 'INTERVAL') this.unexpected('INTERVAL may only follow "+" or "-", or be the second argument of DATE_ADD() or DATE_SUB()');
    else if (BARE_TIME_FUNCTIONS.has(word)) this.fail(timeMessage(echo(word), this.at(token)));
    else if (BARE_FUNCTIONS.has(word)) this.fail(notAllowedMessage(echo(word), this.at(token)));
    else if (word === 'BINARY') this.fail(`uses the BINARY operator ${this.at(token)}; compare with COLLATE utf8mb4_bin, or use CAST(x AS BINARY)`);
    else if (RESERVED_WORDS.has(word)) {
      this.fail(`uses the reserved word ${echo(word)} ${this.at(token)} as a column name; quote it in backticks: \`${echo(token.text)}\``);
    } else {
      this.next();
      if (this.isOp('.')) this.unexpected();
    }
  }

  private subquery(token: Token): never {
    this.fail(`uses a subquery (${echo(token.key)}) ${this.at(token)}, which is not allowed in a row filter; list the values instead, as in id IN (1, 2, 3)`);
  }

  private caseExpr(): void {
    this.next();
    if (!this.isWord('WHEN')) this.expr();
    if (!this.isWord('WHEN')) this.unexpected('expected WHEN');
    while (this.isWord('WHEN')) {
      this.next();
      this.expr();
      this.expectWord('THEN');
      this.expr();
    }
    if (this.isWord('ELSE')) {
      this.next();
      this.expr();
    }
    this.expectWord('END');
  }

  // ---- Function calls ------------------------------------------------------

  private call(nameToken: Token): void {
    const name = nameToken.key;
    const at = this.at(nameToken);
    if (TIME_FUNCTIONS.has(name) && name !== 'UNIX_TIMESTAMP') this.fail(timeMessage(`${echo(name)}()`, at));
    if (RANDOM_FUNCTIONS.has(name)) this.fail(randomMessage(name, at));
    const arity = plainFunction(name);
    if (!arity && !SPECIAL_FUNCTIONS.has(name)) this.fail(notAllowedMessage(`${echo(name)}()`, at));
    this.next();
    if (this.peek().start > nameToken.end) this.fail(`has a space between ${echo(name)} and "(" ${at}; write ${echo(name)}( without one, as MySQL requires`);
    this.next();
    if (name === 'TRIM' && ['BOTH', 'LEADING', 'TRAILING'].some((w) => this.isWord(w))) {
      this.fail(`calls TRIM() ${at} with ${this.peek().key}, which a row filter does not support; use TRIM(x), LTRIM(x) or RTRIM(x)`);
    }
    if (arity) this.plainArguments(name, arity, at);
    else this.specialArguments(name);
  }

  private plainArguments(name: string, [min, max]: readonly [number, number], at: string): void {
    let count = 0;
    if (this.isOp(')')) this.next();
    else count = this.list();
    if (name === 'UNIX_TIMESTAMP' && count === 0) this.fail(timeMessage('UNIX_TIMESTAMP()', at));
    if (count < min || count > max) {
      const takes = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
      this.fail(`calls ${name}() ${at} with ${count} argument${count === 1 ? '' : 's'}; it takes ${takes}`);
    }
  }

  private specialArguments(name: string): void {
    switch (name) {
      case 'CAST':
        this.expr();
        this.expectWord('AS');
        this.castType();
        break;
      case 'CONVERT':
        this.expr();
        if (this.isWord('USING')) {
          this.next();
          this.name('a character set name such as utf8mb4');
        } else {
          this.expectOp(',');
          this.castType();
        }
        break;
      case 'EXTRACT':
        this.unit(INTERVAL_UNITS, 'a unit such as YEAR, MONTH or DAY');
        this.expectWord('FROM');
        this.expr();
        break;
      case 'TIMESTAMPDIFF':
      case 'TIMESTAMPADD':
        this.unit(TIMESTAMP_UNITS, 'a unit such as SECOND, DAY, MONTH or YEAR');
        this.expectOp(',');
        this.expr();
        this.expectOp(',');
        this.expr();
        break;
      default:
        // DATE_ADD, DATE_SUB, ADDDATE, SUBDATE: a date and an interval (ADDDATE and SUBDATE also take days).
        this.expr();
        this.expectOp(',');
        if (this.isWord('INTERVAL') || name === 'DATE_ADD' || name === 'DATE_SUB') this.interval();
        else this.expr();
    }
    this.expectOp(')');
  }

  /** CHAR[(n)], BINARY[(n)], DATE, DATETIME[(n)], TIME[(n)], DECIMAL[(m[,d])], SIGNED [INTEGER], UNSIGNED [INTEGER], DOUBLE. */
  private castType(): void {
    const token = this.peek();
    const numbers = token.kind === 'word' && Object.hasOwn(CAST_TYPES, token.key) ? CAST_TYPES[token.key] : null;
    if (numbers === null) this.unexpected(`expected a type: ${Object.keys(CAST_TYPES).join(', ')}`);
    this.next();
    if ((token.key === 'SIGNED' || token.key === 'UNSIGNED') && (this.isWord('INTEGER') || this.isWord('INT'))) this.next();
    if (numbers === 0 || !this.isOp('(')) return;
    this.next();
    this.integer();
    if (numbers === 2 && this.isOp(',')) {
      this.next();
      this.integer();
    }
    this.expectOp(')');
  }

  private integer(): void {
    const token = this.peek();
    if (token.kind !== 'number' || !/^[0-9]+$/.test(token.text)) this.unexpected('expected a whole number');
    this.next();
  }
}

/** `shown` is the function's name as a message may show it. */
function timeMessage(shown: string, at: string): string {
  return (
    `uses ${shown} ${at}, whose value changes over time: the full copy and the replay (days later) would select different rows; ` +
    `write the date itself, as in created_at >= '2024-01-01'`
  );
}

function randomMessage(name: string, at: string): string {
  return `uses ${echo(name)}() ${at}, which gives a new value on every call: the full copy and the replay would select different rows`;
}

function notAllowedMessage(shown: string, at: string): string {
  return `uses the function ${shown} ${at}, which is not allowed in a row filter; allowed functions include ${FUNCTION_EXAMPLES}`;
}

/**
 * Checks a row filter. Returns null when it may be used, otherwise a short
 * phrase that completes "row filter of db.table ...": what is wrong and where.
 */
export function checkRowFilter(where: string): string | null {
  const text = where.trim();
  if (text.length === 0) return 'is empty';
  if (text.length > MAX_ROW_FILTER_LENGTH) return `is longer than ${MAX_ROW_FILTER_LENGTH} characters`;
  try {
    new Parser(where, tokenize(where)).parse();
    return null;
  } catch (error) {
    if (error instanceof RowFilterError) return error.message;
    throw error;
  }
}
