/**
 * Project files (F-13): the whole project definition as JSON, without secrets.
 * Reading reports every problem as `file:line: what is wrong`; writing produces
 * a file that reads back to the same definition.
 */

import { dataSourceNameSchema } from '../model/datasource';
import type { ObjectSelection } from '../model/objects';
import type { ProjectOptions } from '../model/options';
import type { MigrationType } from '../model/project';
import { quoteForMessage } from '../text';
import type { ParseResult } from './issues';
import { FileProblems, describeIssue, formatPath } from './issues';
import type { LocatedJson } from './json-file';
import { parseLocatedJson } from './json-file';
import type { ProjectFile } from './project-schema';
import { crossFieldProblems, projectFileSchema } from './project-schema';

export type { ParseResult } from './issues';

export const PROJECT_SCHEMA_ID = 'https://cutover.dev/schema/project.schema.json';

export interface ProjectFileChecks {
  /** Data sources are referenced by name; an unknown name is reported at its line. */
  dataSourceExists?: (name: string) => boolean;
}

/**
 * Reads a project file. Every problem is reported at its line, sorted by line;
 * a file with many problems reports the first ones and counts the rest.
 */
export function parseProjectFile(text: string, fileName: string, checks: ProjectFileChecks = {}): ParseResult<ProjectFile> {
  const problems = new FileProblems(fileName);
  const json = parseLocatedJson(text, problems);
  if (!json) return { ok: false, ...problems.report() };
  const { value } = json;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.add(1, 'a project file must be a JSON object');
    return { ok: false, ...problems.report() };
  }
  const result = projectFileSchema.safeParse(value);
  if (!result.success) addSchemaIssues(result.error.issues, json, problems);
  for (const problem of crossFieldProblems(value as { tags?: string[] })) {
    problems.add(json.lineOf(problem.path), () => `${formatPath(problem.path)}: ${problem.message}`);
  }
  if (checks.dataSourceExists) addMissingDataSources(value as Record<string, unknown>, json, checks.dataSourceExists, problems);
  if (problems.count > 0 || !result.success) return { ok: false, ...problems.report() };
  return { ok: true, value: result.data };
}

type Issue = Parameters<typeof describeIssue>[0];

/** Each issue at its line; an unknown field at the line of that field, one problem per field. */
function addSchemaIssues(issues: readonly Issue[], json: LocatedJson, problems: FileProblems): void {
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.add(json.lineOf(issue.path, key), () => describeIssue({ ...issue, keys: [key] }, json.value));
    } else {
      problems.add(json.lineOf(issue.path), () => describeIssue(issue, json.value));
    }
  }
}

function addMissingDataSources(raw: Record<string, unknown>, json: LocatedJson, exists: (name: string) => boolean, problems: FileProblems): void {
  for (const side of ['source', 'destination'] as const) {
    const name = raw[side];
    // A name that is not valid is reported as such; asking for it would only add noise.
    if (typeof name === 'string' && dataSourceNameSchema.safeParse(name).success && !exists(name)) {
      problems.add(json.lineOf([side]), `${side}: data source ${quoteForMessage(name)} does not exist; add it first (cutover datasource add) or correct the name`);
    }
  }
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
