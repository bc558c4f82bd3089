/**
 * Project files (F-13): the whole project definition as JSON, without secrets.
 * Reading reports every problem as `file:line: what is wrong`; writing produces
 * a file that reads back to the same definition.
 */

import type { ObjectSelection } from '../model/objects';
import type { ProjectOptions } from '../model/options';
import type { MigrationType } from '../model/project';
import { describeIssue } from './issues';
import { parseLocatedJson } from './json-file';
import type { ProjectFile } from './project-schema';
import { crossFieldProblems, projectFileSchema } from './project-schema';

export const PROJECT_SCHEMA_ID = 'https://cutover.dev/schema/project.schema.json';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export interface ProjectFileChecks {
  /** Data sources are referenced by name; an unknown name is reported at its line. */
  dataSourceExists?: (name: string) => boolean;
}

export function parseProjectFile(text: string, fileName: string, checks: ProjectFileChecks = {}): ParseResult<ProjectFile> {
  const parsed = parseLocatedJson(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => `${fileName}:${e.line}: ${e.message}`) };
  const { value, lineOf } = parsed.json;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [`${fileName}:1: a project file must be a JSON object`] };
  }
  const errors: { line: number; message: string }[] = [];
  const result = projectFileSchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          errors.push({ line: lineOf(issue.path, key), message: describeIssue({ ...issue, keys: [key] }, value) });
        }
      } else {
        errors.push({ line: lineOf(issue.path), message: describeIssue(issue, value) });
      }
    }
  }
  for (const problem of crossFieldProblems(value as Record<string, unknown> as { tags?: string[] })) {
    errors.push({ line: lineOf(problem.path), message: `${pathText(problem.path)}: ${problem.message}` });
  }
  if (checks.dataSourceExists) {
    const raw = value as Record<string, unknown>;
    for (const side of ['source', 'destination'] as const) {
      const name = raw[side];
      if (typeof name === 'string' && name.trim() !== '' && !checks.dataSourceExists(name.trim())) {
        errors.push({ line: lineOf([side]), message: `${side}: data source "${name}" does not exist; add it first (cutover datasource add) or correct the name` });
      }
    }
  }
  if (errors.length > 0 || !result.success) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors: errors.map((e) => `${fileName}:${e.line}: ${e.message}`) };
  }
  return { ok: true, value: result.data };
}

function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export interface ProjectFileContent {
  name: string;
  tags: string[];
  source: string;
  destination: string;
  types: MigrationType[];
  objects: ObjectSelection;
  options: ProjectOptions;
}

/** Writes a project file; fields in a fixed order so that files diff cleanly. */
export function formatProjectFile(content: ProjectFileContent): string {
  const objects: ObjectSelection = {
    include: content.objects.include,
    exclude: content.objects.exclude,
    tables: content.objects.tables.map((t) => ({
      source: t.source,
      ...(t.target !== undefined ? { target: t.target } : {}),
      ...(t.where !== undefined ? { where: t.where } : {}),
      ...(t.columns !== undefined ? { columns: t.columns } : {}),
    })),
  };
  const file = {
    $schema: PROJECT_SCHEMA_ID,
    name: content.name,
    tags: content.tags,
    source: content.source,
    destination: content.destination,
    types: content.types,
    objects,
    options: content.options,
  };
  return JSON.stringify(file, null, 2) + '\n';
}
