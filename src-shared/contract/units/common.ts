/** Schemas shared by several units' messages. */

import { z } from 'zod';
import { flavourSchema } from '../../model/datasource';
import { KEY_KINDS } from '../../model/copy';

export const qualifiedNameSchema = z.object({ database: z.string(), table: z.string() }).strict();

export const identitySchema = z
  .object({
    flavour: flavourSchema.nullable(),
    version: z.string(),
    versionString: z.string(),
    unsupportedReason: z.string().optional(),
  })
  .strict();

export const keyColumnSchema = z
  .object({
    name: z.string(),
    kind: z.enum(KEY_KINDS),
    charset: z.string().optional(),
    collation: z.string().optional(),
  })
  .strict();

export const copyCheckpointSchema = z
  .object({
    lastKey: z.array(z.string()).nullable(),
    rows: z.number().int().nonnegative(),
    done: z.boolean(),
  })
  .strict();

export const conversionNoteSchema = z
  .object({ object: z.string(), from: z.string(), to: z.string(), lossy: z.boolean(), reason: z.string() })
  .strict();
