import { z } from 'zod';
import { connectionConfigSchema } from '../../model/datasource';
import { CHECK_STATES } from '../../model/precheck';
import { MIGRATION_TYPES } from '../../model/project';
import { projectOptionsSchema } from '../../model/options';
import { objectSelectionSchema } from '../../settings/project-schema';

export const precheckConfigSchema = z
  .object({
    source: connectionConfigSchema,
    destination: connectionConfigSchema,
    sourceLabel: z.string(),
    destinationLabel: z.string(),
    types: z.array(z.enum(MIGRATION_TYPES)),
    objects: objectSelectionSchema,
    options: projectOptionsSchema,
  })
  .strict();
export type PrecheckConfig = z.infer<typeof precheckConfigSchema>;

export const precheckCheckSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    state: z.enum(CHECK_STATES),
    detail: z.string(),
    instruction: z.string().nullable(),
  })
  .strict();

export const precheckResultSchema = z.object({ checks: z.array(precheckCheckSchema) }).strict();
export const precheckEventSchema = z.object({ check: precheckCheckSchema }).strict();
