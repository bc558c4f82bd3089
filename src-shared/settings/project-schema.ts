/**
 * Schemas of a project definition: what the wizard submits (by data source id)
 * and what a project file holds (by data source name). One set of field rules
 * for both, plus the checks that span fields.
 */

import { z } from 'zod';
import { validateTypes } from '../lifecycle/migration-types';
import { dataSourceNameSchema } from '../model/datasource';
import { NAME_CHARACTERS, addNameCharacterIssue } from '../model/names';
import { MAX_TAGS, MIGRATION_TYPES } from '../model/project';
import { projectOptionsSchema } from '../model/options';
import { formatCount, quoteList } from '../text';
import { MAX_COLUMNS, MAX_RULES, MAX_TABLES, MAX_TEXT_CHARS } from './limits';
import { validateSelection } from './selection';

/*
 * Names are compared in Unicode normalization form C: "é" typed as one
 * character or as "e" plus a combining accent is one name, as it looks. NFC
 * (not NFKC) because it never changes how a name looks: NFKC would also fold
 * full-width letters, ligatures and superscripts into other characters. A name
 * with a character that cannot be seen is refused rather than cleaned, so that
 * what is stored is what the user typed.
 */

export const projectNameSchema = z
  .string()
  .normalize('NFC')
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .superRefine(addNameCharacterIssue)
  .regex(NAME_CHARACTERS, 'must not contain control or invisible characters');

export const tagSchema = z
  .string()
  .normalize('NFC')
  .min(1, 'must not be empty')
  .max(32, 'must be at most 32 characters')
  .superRefine(addNameCharacterIssue)
  .regex(/^[\p{L}\p{N} _.:-]*$/u, 'may use letters, digits, space, "_", ".", ":" and "-"');

const text = z.string().max(MAX_TEXT_CHARS, `must be at most ${formatCount(MAX_TEXT_CHARS)} characters`);

const tableSettingShape = {
  source: text,
  target: text.optional(),
  where: text.optional(),
  columns: z.array(text).max(MAX_COLUMNS, `may have at most ${formatCount(MAX_COLUMNS)} columns`).optional(),
};
export const tableSettingSchema = z.object(tableSettingShape).strict();

const rules = z.array(text).max(MAX_RULES, `may have at most ${formatCount(MAX_RULES)} rules; one rule with wildcards (db.t_*) selects many tables`);
const tableList = <T extends z.ZodType>(table: T) =>
  z.array(table).max(MAX_TABLES, `may have at most ${formatCount(MAX_TABLES)} tables; select the rest with include rules`).default([]);
const selectionShape = {
  include: rules.default([]),
  exclude: rules.default([]),
  tables: tableList(tableSettingSchema),
};
export const objectSelectionSchema = z.object(selectionShape).strict();
/** Ignores unknown fields at any depth (reported elsewhere) so that rule problems are found in the same pass. */
const lenientSelectionSchema = z.object({ ...selectionShape, tables: tableList(z.object(tableSettingShape)) });

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
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const tag of value.tags) {
      const key = String(tag).normalize('NFC').toLowerCase();
      if (seen.has(key)) repeated.add(key);
      seen.add(key);
    }
    if (repeated.size) problems.push({ path: ['tags'], message: `repeats the tag ${quoteList([...repeated])}` });
  }
  return problems;
}
