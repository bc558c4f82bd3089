/**
 * Schemas of a project definition: what the wizard submits (by data source id)
 * and what a project file holds (by data source name). One set of field rules
 * for both, plus the checks that span fields.
 */

import { z } from 'zod';
import { validateTypes } from '../lifecycle/migration-types';
import { dataSourceNameSchema } from '../model/datasource';
import { MAX_TAGS, MIGRATION_TYPES } from '../model/project';
import { projectOptionsSchema } from '../model/options';
import { validateSelection } from './selection';

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[^\u0000-\u001f]*$/, 'must not contain control characters');

export const tagSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(32, 'must be at most 32 characters')
  .regex(/^[\p{L}\p{N} _.:-]+$/u, 'may use letters, digits, space, "_", ".", ":" and "-"');

const tableSettingShape = {
  source: z.string(),
  target: z.string().optional(),
  where: z.string().optional(),
  columns: z.array(z.string()).optional(),
};
export const tableSettingSchema = z.object(tableSettingShape).strict();

const selectionShape = {
  include: z.array(z.string()).default([]),
  exclude: z.array(z.string()).default([]),
  tables: z.array(tableSettingSchema).default([]),
};
export const objectSelectionSchema = z.object(selectionShape).strict();
/** Ignores unknown fields at any depth (reported elsewhere) so that rule problems are found in the same pass. */
const lenientSelectionSchema = z.object({ ...selectionShape, tables: z.array(z.object(tableSettingShape)).default([]) });

export const migrationTypesSchema = z.array(z.enum(MIGRATION_TYPES)).min(1, 'needs at least one migration type');
export const tagsSchema = z.array(tagSchema).max(MAX_TAGS, `may have at most ${MAX_TAGS} tags`).default([]);

const commonFields = {
  name: projectNameSchema,
  tags: tagsSchema,
  types: migrationTypesSchema,
  objects: objectSelectionSchema,
  options: projectOptionsSchema.default(() => projectOptionsSchema.parse({})),
};

/** A project as the wizard and the API submit it. */
export const projectDraftSchema = z
  .object({ ...commonFields, sourceId: z.string().min(1, 'is required'), destinationId: z.string().min(1, 'is required') })
  .strict()
  .superRefine((draft, ctx) => {
    for (const problem of crossFieldProblems(draft)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
export type ProjectDraft = z.output<typeof projectDraftSchema>;
export type ProjectDraftInput = z.input<typeof projectDraftSchema>;

/** A project file (F-13): data sources by name; never any secret. */
export const projectFileSchema = z
  .object({
    $schema: z.string().optional(),
    ...commonFields,
    source: dataSourceNameSchema,
    destination: dataSourceNameSchema,
  })
  .strict();
export type ProjectFile = z.output<typeof projectFileSchema>;

export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

/** Checks that need more than one field: type dependencies, rule syntax, duplicate tags. */
export function crossFieldProblems(value: { tags?: string[]; types?: unknown; objects?: unknown }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const types = migrationTypesSchema.safeParse(value.types);
  if (types.success) for (const message of validateTypes(types.data)) problems.push({ path: ['types'], message });
  const objects = lenientSelectionSchema.safeParse(value.objects);
  if (objects.success) {
    for (const problem of validateSelection(objects.data)) problems.push({ path: ['objects', ...problem.path], message: problem.message });
  }
  if (Array.isArray(value.tags)) {
    const lower = value.tags.map((t) => String(t).trim().toLowerCase());
    const dup = lower.filter((t, i) => lower.indexOf(t) !== i);
    if (dup.length) problems.push({ path: ['tags'], message: `repeats the tag ${[...new Set(dup)].join(', ')}` });
  }
  return problems;
}
