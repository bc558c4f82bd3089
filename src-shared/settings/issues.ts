/**
 * Plain-English descriptions of schema validation issues, for files, forms and
 * requests alike, and the list of problems a refused file reports.
 */

import type { z } from 'zod';
import { formatCount, quoteList, visibleText } from '../text';
import { MAX_SHOWN_PROBLEMS } from './limits';

export type IssuePath = readonly PropertyKey[];

/** `objects.tables[2].source`; a key taken from input is shown escaped. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${visibleText(String(part))}` : visibleText(String(part));
  }
  return out;
}

/** What kind of value was given; never the value itself, which may be a password. */
function received(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  return /^[aeiou]/.test(typeof input) ? `an ${typeof input}` : `a ${typeof input}`;
}

/** The field an issue is about: its form label when `labels` has one for it, else its path in quotes. */
function subjectOf(path: IssuePath, labels?: Readonly<Record<string, string>>): string {
  const where = formatPath(path);
  const last = [...path].reverse().find((p) => typeof p === 'string');
  if (labels && typeof last === 'string' && Object.hasOwn(labels, last)) return labels[last];
  return where ? `"${where}"` : 'the value';
}

/** One sentence for an issue, starting with the field it is about (as a form labels it, when `labels` are given). */
export function describeIssue(issue: z.core.$ZodIssue, input?: unknown, labels?: Readonly<Record<string, string>>): string {
  const where = formatPath(issue.path);
  const subject = subjectOf(issue.path, labels);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = quoteList(issue.keys);
      const scope = where ? ` in "${where}"` : '';
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}${scope}; check the spelling`;
    }
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      if (value === undefined) return `${subject} is required`;
      if (issue.expected === 'int' && typeof value === 'number') return `${subject} must be a whole number`;
      const expected = issue.expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
      return `${subject} must be ${expected}, not ${received(value)}`;
    }
    case 'invalid_value':
      return `${subject} must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'custom':
      if (issue.params?.fieldMessage === true) return `${subject} ${issue.message}`;
      return where ? `${where}: ${issue.message}` : issue.message;
    default:
      return `${subject} ${lowerFirst(issue.message)}`;
  }
}

function lowerFirst(text: string): string {
  if (/^(Too (big|small)|Invalid|Number must|String must|Array must)/.test(text)) {
    return text.replace(/^Too big: expected (\w+) to have <=?(\d+) (\w+)/, 'must have at most $2 $3')
      .replace(/^Too small: expected (\w+) to have >=?(\d+) (\w+)/, 'must have at least $2 $3')
      // An exclusive bound (`> 0` for a positive number) is itself refused: "at least 0" would be wrong.
      .replace(/^Too big: expected (\w+) to be <=/, 'must be at most ')
      .replace(/^Too big: expected (\w+) to be </, 'must be less than ')
      .replace(/^Too small: expected (\w+) to be >=/, 'must be at least ')
      .replace(/^Too small: expected (\w+) to be >/, 'must be greater than ')
      .replace(/^Invalid input/, 'is invalid');
  }
  return text;
}

function valueAt(input: unknown, path: IssuePath): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part as string];
  }
  return current;
}

export function describeIssues(error: z.ZodError, input?: unknown, labels?: Readonly<Record<string, string>>): string[] {
  return error.issues.map((issue) => describeIssue(issue, input, labels));
}

/** A file that was read, or every problem found in it: at most MAX_SHOWN_PROBLEMS worded, all counted. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[]; problemCount: number };

/** What a refused file reports: its problems as lines, and how many there are. */
export interface ProblemReport {
  errors: string[];
  problemCount: number;
}

/** A file name as messages show it: escaped, and whole up to the longest name a request may give. */
export function shownFileName(fileName: string): string {
  return visibleText(fileName, 255);
}

/** Problems beyond this many are dropped as soon as they cannot be among the first shown. */
const KEPT_BEFORE_COMPACTING = 10_000;

interface Entry {
  line: number;
  order: number;
  message: string | (() => string);
}

/**
 * Every problem found in one file, each at a line. All are counted; only the
 * first MAX_SHOWN_PROBLEMS by line are kept and worded, so that a file with a
 * million problems costs no more memory than one with a hundred.
 */
export class FileProblems {
  private kept: Entry[] = [];
  private total = 0;
  private lastLine = 0;
  private inLineOrder = true;

  constructor(private readonly fileName: string) {}

  get count(): number {
    return this.total;
  }

  /** A message may be given as a function, worded only if the problem is shown. */
  add(line: number, message: string | (() => string)): void {
    const order = this.total++;
    if (line < this.lastLine) this.inLineOrder = false;
    this.lastLine = Math.max(this.lastLine, line);
    // Added in line order, a problem after the first shown ones can never be among them.
    if (this.inLineOrder && this.kept.length >= MAX_SHOWN_PROBLEMS) return;
    this.kept.push({ line, order, message });
    if (this.kept.length >= KEPT_BEFORE_COMPACTING) this.kept = this.firstShown();
  }

  private firstShown(): Entry[] {
    return this.kept.sort((a, b) => a.line - b.line || a.order - b.order).slice(0, MAX_SHOWN_PROBLEMS);
  }

  /** `file:line: message` for the first problems by line, then one line counting the rest. */
  report(): ProblemReport {
    const file = shownFileName(this.fileName);
    const lines = this.firstShown().map((e) => `${file}:${e.line}: ${typeof e.message === 'string' ? e.message : e.message()}`);
    return { errors: withRestCounted(lines, this.total), problemCount: this.total };
  }
}

function withRestCounted(lines: string[], total: number): string[] {
  const rest = total - lines.length;
  return rest > 0 ? [...lines, `and ${formatCount(rest)} more problem${rest === 1 ? '' : 's'}`] : lines;
}

/** A report of problems already worded: the first MAX_SHOWN_PROBLEMS, then one line counting the rest. */
export function reportProblems(lines: readonly string[]): ProblemReport {
  return { errors: withRestCounted(lines.slice(0, MAX_SHOWN_PROBLEMS), lines.length), problemCount: lines.length };
}
