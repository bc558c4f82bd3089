/** Schemas shared by several units' messages. */

import { z } from 'zod';
import { connectionConfigSchema, flavourSchema } from '../../model/datasource';
import { EDITIONS } from '../../model/flavour';
import { KEY_KINDS } from '../../model/copy';

/** Both servers of a unit that reads or writes both sides, with their flavours (spread into its config's shape). */
export const serverPairShape = {
  source: connectionConfigSchema,
  destination: connectionConfigSchema,
  sourceFlavour: flavourSchema,
  destinationFlavour: flavourSchema,
};

export const qualifiedNameSchema = z.object({ database: z.string(), table: z.string() }).strict();

export const identitySchema = z
  .object({
    flavour: flavourSchema.nullable(),
    edition: z.enum(EDITIONS).optional(),
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

export const binlogPositionSchema = z
  .object({ file: z.string().min(1).max(512), pos: z.number().int().nonnegative(), gtid: z.string().max(4096).nullable() })
  .strict();

export const copyCheckpointSchema = z
  .object({
    lastKey: z.array(z.string()).nullable(),
    rows: z.number().int().nonnegative(),
    done: z.boolean(),
    /**
     * For tables copied whole in one consistent snapshot (no key): the source's
     * binlog position of that snapshot. The replay skips the table's changes
     * up to it, which the copy already holds.
     */
    snapshot: binlogPositionSchema.optional(),
  })
  .strict();

export const conversionNoteSchema = z
  .object({ object: z.string(), from: z.string(), to: z.string(), lossy: z.boolean(), reason: z.string() })
  .strict();

/**
 * A worker's fence: the project and the lease epoch its host holds it at.
 * Writes that move the project forward are accepted only under the newest
 * epoch, so a worker of a host that lost the project cannot write behind the
 * host that took it over.
 */
export const leaseEpochSchema = z.number().int().positive();
