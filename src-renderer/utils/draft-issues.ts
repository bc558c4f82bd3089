/**
 * Runs the shared project draft schema and files every issue under its field
 * path (`name`, `objects.include.2`, ...), worded by the shared describeIssue,
 * so forms can show each message next to the field it is about.
 */
import type { z } from 'zod';
import { describeIssue } from '../../src-shared/settings/issues';

export type IssueMap = Record<string, string[]>;

export function pathKey(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

export function collectIssues(schema: z.ZodType, value: unknown): IssueMap {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const map: IssueMap = {};
  for (const issue of result.error.issues) {
    const key = pathKey(issue.path);
    const message = describeIssue(issue, value);
    const list = (map[key] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  return map;
}

/** Messages filed exactly at `key`. */
export function issuesAt(map: IssueMap, key: string): string[] {
  return map[key] ?? [];
}

/** Messages filed at `prefix` or anywhere under it. */
export function issuesUnder(map: IssueMap, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, messages] of Object.entries(map)) {
    if (key === prefix || key.startsWith(`${prefix}.`)) out.push(...messages);
  }
  return out;
}

/** Only the issues about the given top-level fields (one wizard step's fields). */
export function pickFields(map: IssueMap, fields: readonly string[]): IssueMap {
  const out: IssueMap = {};
  for (const [key, messages] of Object.entries(map)) {
    const top = key.split('.')[0];
    if (fields.includes(top)) out[key] = messages;
  }
  return out;
}
