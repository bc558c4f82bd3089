/**
 * The JSON Schema of project files (resources/project.schema.json), generated
 * from the schema the app itself validates with, so the two cannot drift.
 * `npx tsx scripts/project-json-schema.ts` rewrites the file; a unit test fails
 * when it is stale.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_SCHEMA_ID } from '../src-shared/settings/project-file';
import { projectFileSchema } from '../src-shared/settings/project-schema';

export const SCHEMA_FILE = join(import.meta.dirname, '..', 'resources', 'project.schema.json');

export function projectJsonSchema(): string {
  const schema = z.toJSONSchema(projectFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const document = {
    $schema: schema.$schema,
    $id: PROJECT_SCHEMA_ID,
    title: 'Cutover project',
    description:
      'A Cutover migration project: data sources by name (never passwords), migration types, objects (include/exclude rules such as db.* or src.t_*=dst.t, and tables with target, where and columns) and options. Import with `cutover project import --file F.json`.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-2).join('/'))) {
  writeFileSync(SCHEMA_FILE, projectJsonSchema());
  console.log(`Wrote ${SCHEMA_FILE}`);
}
