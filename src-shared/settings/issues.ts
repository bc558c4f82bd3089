/** Plain-English descriptions of schema validation issues, for files, forms and requests alike. */

import type { z } from 'zod';

export type IssuePath = readonly PropertyKey[];

export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
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

/** One sentence for an issue, starting with the field it is about. */
export function describeIssue(issue: z.core.$ZodIssue, input?: unknown): string {
  const where = formatPath(issue.path);
  const subject = where ? `"${where}"` : 'the value';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
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

export function describeIssues(error: z.ZodError, input?: unknown): string[] {
  return error.issues.map((issue) => describeIssue(issue, input));
}
