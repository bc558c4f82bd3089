/**
 * Strict JSON parsing that remembers where every value is, so that an error
 * about `objects.tables[2].source` can say `file.json:14`.
 *
 * Before the (recursive) parser runs, one linear scan of the text checks the
 * bounds: nesting depth, entries per list or object, length of each string.
 * Syntax errors are counted in full but kept only as far as they are shown.
 */

import type { ParseOptions } from 'jsonc-parser';
import { printParseErrorCode, visit } from 'jsonc-parser';
import { formatCount, quoteForMessage } from '../text';
import type { FileProblems, IssuePath } from './issues';
import { MAX_FILE_CHARS, MAX_JSON_DEPTH, MAX_JSON_ENTRIES, MAX_TEXT_CHARS } from './limits';

export interface LocatedJson {
  value: unknown;
  /** 1-based line of the value at `path`, or of its nearest existing parent. */
  lineOf(path: IssuePath, unknownKey?: string): number;
}

const OPTIONS: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** Line starts found once; each lookup is a binary search. LF, CRLF and a lone CR end a line. */
export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(text: string) {
    // LF is found natively; only a text with a lone CR (old Mac line ends) is read character by character.
    const next = /\r(?!\n)/.test(text) ? (from: number) => nextLineEnd(text, from) : (from: number) => text.indexOf('\n', from);
    let count = 1;
    for (let i = next(0); i >= 0; i = next(i + 1)) count++;
    this.starts = new Uint32Array(count);
    let line = 1;
    for (let i = next(0); i >= 0; i = next(i + 1)) this.starts[line++] = i + 1;
  }

  /** The 1-based line holding `offset`. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}

/** The offset of the next LF, CRLF's LF or lone CR from `from`, or -1. */
function nextLineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) return i;
  }
  return -1;
}

const SYNTAX_HINTS: Record<string, string> = {
  InvalidCommentToken: 'comments are not allowed in JSON',
  PropertyNameExpected: 'expected a property name in double quotes (is there a trailing comma?)',
  ValueExpected: 'expected a value (is there a trailing comma?)',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  ColonExpected: 'expected ":"',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidSymbol: 'invalid character',
  UnexpectedEndOfString: 'a string is not closed',
};

interface OpenContainer {
  close: number;
  commas: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const LF = 10;
const CR = 13;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/**
 * The string starting at `start` (its opening quote) as the parser reads it: it
 * ends at the closing quote, or before a line break. Returns where it ends and
 * how many characters its value has (an escape counts as one).
 */
function skipString(text: string, start: number): { end: number; length: number } {
  let length = 0;
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return { end: i + 1, length };
    if (code === LF || code === CR) break;
    i += code === BACKSLASH ? (text.charCodeAt(i + 1) === 117 ? 2 + hexDigits(text, i + 2) : 2) : 1;
    length++;
  }
  return { end: i, length };
}

/** How many of the (up to 4) characters at `from` are hex digits, as a `\u` escape takes them. */
function hexDigits(text: string, from: number): number {
  let count = 0;
  while (count < 4 && /[0-9a-fA-F]/.test(text[from + count] ?? '')) count++;
  return count;
}

/** The index after a comment starting at `start`, or `start` when there is none. */
function skipComment(text: string, start: number): number {
  const next = text.charCodeAt(start + 1);
  if (next === SLASH) {
    let end = start + 2;
    while (end < text.length && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
    return end;
  }
  if (next !== STAR) return start;
  const end = text.indexOf('*/', start + 2);
  return end < 0 ? text.length : end + 2;
}

/**
 * The linear pre-scan, without recursion: false (with the problems added) when
 * the file nests too deep, has too many entries in a list or object, or holds
 * too long a string. Strings and comments are skipped as the parser reads them.
 */
function withinBounds(text: string, lines: LineIndex, problems: FileProblems): boolean {
  // Open lists and objects; a closing bracket that does not match the innermost one is left to the parser.
  const open: OpenContainer[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const string = skipString(text, i);
      if (string.length > MAX_TEXT_CHARS) {
        problems.add(lines.lineAt(i), `a text of ${formatCount(string.length)} characters; no text in a project file may be longer than ${formatCount(MAX_TEXT_CHARS)}`);
      }
      i = string.end;
      continue;
    }
    if (code === SLASH && skipComment(text, i) > i) {
      i = skipComment(text, i);
      continue;
    }
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (open.length >= MAX_JSON_DEPTH) {
        problems.add(lines.lineAt(i), `lists and objects are nested more than ${MAX_JSON_DEPTH} levels deep here; a project file needs only a few levels`);
        return false;
      }
      open.push({ close: code === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET, commas: 0 });
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      if (open.at(-1)?.close === code) open.pop();
    } else if (code === COMMA) {
      const inner = open.at(-1);
      if (inner && ++inner.commas === MAX_JSON_ENTRIES) {
        problems.add(lines.lineAt(i), `a list or object has more than ${formatCount(MAX_JSON_ENTRIES)} entries; split the project`);
      }
    }
    i++;
  }
  return problems.count === 0;
}

/** Where a value is, and where its entries are. */
interface Located {
  /** The offset a problem about this value points at: its key's, for the value of a property. */
  at: number;
  entries?: Map<string, Located> | Located[];
}

interface Frame {
  located: Located;
  value: Record<string, unknown> | unknown[];
  key: string;
  keyAt: number;
}

/**
 * Builds the value and the map of where each part of it is, in the same pass
 * that finds the syntax errors. The value is what JSON.parse would give, except
 * that a `__proto__` key is an ordinary field. A key given twice is reported:
 * the file means one of them.
 */
class TreeBuilder {
  root: { located: Located; value: unknown } | null = null;
  private readonly frames: Frame[] = [];

  constructor(
    private readonly lines: LineIndex,
    private readonly problems: FileProblems,
  ) {}

  open(value: Record<string, unknown> | unknown[], offset: number): void {
    const located: Located = { at: offset, entries: Array.isArray(value) ? [] : new Map() };
    this.attach(located, value);
    this.frames.push({ located, value, key: '', keyAt: offset });
  }

  close(): void {
    this.frames.pop();
  }

  key(name: string, offset: number): void {
    const frame = this.frames.at(-1);
    if (!frame) return;
    frame.key = name;
    frame.keyAt = offset;
    const earlier = (frame.located.entries as Map<string, Located>).get(name);
    if (earlier) {
      const first = this.lines.lineAt(earlier.at);
      this.problems.add(this.lines.lineAt(offset), () => `the field ${quoteForMessage(name)} is given twice (also on line ${first}); keep one`);
    }
  }

  attach(located: Located, value: unknown): void {
    const frame = this.frames.at(-1);
    if (!frame) {
      this.root = { located, value };
    } else if (Array.isArray(frame.value)) {
      frame.value.push(value);
      (frame.located.entries as Located[]).push(located);
    } else {
      located.at = frame.keyAt;
      (frame.located.entries as Map<string, Located>).set(frame.key, located);
      // Assigning `__proto__` would set the prototype: define it as an own field instead.
      if (frame.key === '__proto__') Object.defineProperty(frame.value, frame.key, { value, enumerable: true, writable: true, configurable: true });
      else frame.value[frame.key] = value;
    }
  }
}

/** Parses the text into a tree, adding every syntax error to `problems`; null when there was any. */
function parseTree(text: string, lines: LineIndex, problems: FileProblems): TreeBuilder['root'] {
  const before = problems.count;
  const tree = new TreeBuilder(lines, problems);
  visit(
    text,
    {
      onObjectBegin: (offset) => tree.open({}, offset),
      onObjectProperty: (name, offset) => tree.key(name, offset),
      onObjectEnd: () => tree.close(),
      onArrayBegin: (offset) => tree.open([], offset),
      onArrayEnd: () => tree.close(),
      onLiteralValue: (value, offset) => tree.attach({ at: offset }, value),
      onError(error, offset) {
        const code = printParseErrorCode(error);
        problems.add(lines.lineAt(offset), `invalid JSON: ${SYNTAX_HINTS[code] ?? code}`);
      },
    },
    OPTIONS,
  );
  return problems.count === before ? tree.root : null;
}

function locate(root: Located, path: IssuePath, depth: number): Located | undefined {
  let located: Located | undefined = root;
  for (let i = 0; i < depth && located; i++) {
    const entries: Located['entries'] = located.entries;
    const segment = path[i];
    if (entries instanceof Map) located = entries.get(String(segment));
    else located = entries && typeof segment === 'number' ? entries[segment] : undefined;
  }
  return located;
}

/**
 * Parses a project file's text. A leading byte order mark is ignored. Returns
 * null when the file is refused, with its problems added to `problems`.
 */
export function parseLocatedJson(input: string, problems: FileProblems): LocatedJson | null {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.length > MAX_FILE_CHARS) {
    problems.add(1, `the file has ${formatCount(text.length)} characters; at most ${formatCount(MAX_FILE_CHARS)} are allowed`);
    return null;
  }
  if (text.trim() === '') {
    problems.add(1, 'invalid JSON: the file is empty');
    return null;
  }
  const lines = new LineIndex(text);
  if (!withinBounds(text, lines, problems)) return null;
  let tree: TreeBuilder['root'];
  try {
    tree = parseTree(text, lines, problems);
  } catch (error) {
    // The pre-scan bounds the depth; this is the last guard against a stack overflow.
    if (!(error instanceof RangeError)) throw error;
    problems.add(1, 'the file is nested too deeply to be read');
    return null;
  }
  if (!tree) {
    if (problems.count === 0) problems.add(1, 'invalid JSON: no value');
    return null;
  }
  const root = tree.located;
  return {
    value: tree.value,
    lineOf(path, unknownKey) {
      for (let depth = path.length; depth >= 0; depth--) {
        const located = locate(root, path, depth);
        if (!located) continue;
        const entries = located.entries;
        const property = depth === path.length && unknownKey !== undefined && entries instanceof Map ? entries.get(unknownKey) : undefined;
        return lines.lineAt((property ?? located).at);
      }
      return 1;
    },
  };
}
