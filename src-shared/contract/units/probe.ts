/**
 * Probe: test a connection, read a catalog, prepare a run (identify both
 * servers and resolve the project's object selection against the source), or
 * read a server's binlog position.
 */

import { z } from 'zod';
import { connectionConfigSchema } from '../../model/datasource';
import { objectSelectionSchema } from '../../settings/project-schema';
import { binlogPositionSchema, identitySchema, keyColumnSchema, qualifiedNameSchema } from './common';

export const probeConfigSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('test'), connection: connectionConfigSchema }).strict(),
  z.object({ op: z.literal('catalog'), connection: connectionConfigSchema }).strict(),
  z.object({ op: z.literal('prepare'), connection: connectionConfigSchema, destination: connectionConfigSchema, objects: objectSelectionSchema }).strict(),
  /** The server's current binlog position: where incremental capture starts, or where the full copy ended. */
  z.object({ op: z.literal('position'), connection: connectionConfigSchema }).strict(),
]);
export type ProbeConfig = z.infer<typeof probeConfigSchema>;

const catalogObjectSchema = z
  .object({
    database: z.string(),
    name: z.string(),
    kind: z.enum(['table', 'view']),
    rows: z.number().nullable().optional(),
    columns: z.array(z.string()).optional(),
  })
  .strict();

const selectionWarningSchema = z.object({ kind: z.string(), severity: z.enum(['warn', 'error']), message: z.string() }).strict();

/** A selected object with what running it needs: the row estimate and the key to copy it in chunks by. */
export const resolvedObjectSchema = z
  .object({
    kind: z.enum(['table', 'view']),
    source: qualifiedNameSchema,
    target: qualifiedNameSchema,
    where: z.string().nullable(),
    columns: z.array(z.string()).nullable(),
    matchedBy: z.string(),
    rowsEstimated: z.number().nullable(),
    /** The key the table is copied in chunks by; null when it must be copied whole. */
    key: z.array(keyColumnSchema).nullable(),
    /** Whether the table has a primary or NOT NULL unique key (if not, schema migration adds a hidden one). */
    uniqueKey: z.boolean(),
  })
  .strict();
export type ResolvedRunObject = z.infer<typeof resolvedObjectSchema>;

export const probeResultSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('test'), identity: identitySchema }).strict(),
  z.object({ op: z.literal('catalog'), identity: identitySchema, databases: z.array(z.string()), objects: z.array(catalogObjectSchema) }).strict(),
  z
    .object({
      op: z.literal('prepare'),
      identity: identitySchema,
      destination: identitySchema,
      objects: z.array(resolvedObjectSchema),
      warnings: z.array(selectionWarningSchema),
    })
    .strict(),
  z.object({ op: z.literal('position'), position: binlogPositionSchema }).strict(),
]);
export type ProbeResult = z.infer<typeof probeResultSchema>;
