/**
 * Full-Import: copy tables in key order, in chunks, under the concurrency and
 * throttle settings; build each table's secondary indexes after its data.
 * A checkpoint is sent for every table whenever its contiguous copied range
 * grows; a restarted worker resumes after it.
 */

import { z } from 'zod';
import { TARGET_NOT_EMPTY_POLICIES } from '../../model/options';
import { copyCheckpointSchema, keyColumnSchema, leaseEpochSchema, qualifiedNameSchema, serverPairShape } from './common';

export const copyTableSchema = z
  .object({
    /** The host's id of the table (its project object). */
    id: z.string(),
    source: qualifiedNameSchema,
    target: qualifiedNameSchema,
    columns: z.array(z.string()).nullable(),
    where: z.string().nullable(),
    key: z.array(keyColumnSchema).nullable(),
    rowsEstimated: z.number().nullable(),
    checkpoint: copyCheckpointSchema.nullable(),
    /**
     * True when an earlier worker of this stage already had the table: rows on the
     * destination may be its own. A fresh table's destination must be empty (or the
     * policy says ignore); a resumed table without a key is emptied and copied again.
     */
    resumed: z.boolean(),
    /** Indexes still to create once the data is in, with the host's ids. */
    indexes: z.array(z.object({ id: z.number().int(), ddl: z.string() }).strict()),
  })
  .strict();
export type CopyTable = z.infer<typeof copyTableSchema>;

export const fullImportConfigSchema = z
  .object({
    ...serverPairShape,
    tables: z.array(copyTableSchema),
    /** Chunk pipelines running at once (each a read and a write connection). */
    slots: z.number().int().min(1).max(64),
    rpsLimit: z.number().int().positive().nullable(),
    bytesPerSecondLimit: z.number().int().positive().nullable(),
    targetNotEmpty: z.enum(TARGET_NOT_EMPTY_POLICIES),
    /** `auto` uses LOAD DATA LOCAL where the destination allows it, multi-row INSERT otherwise. */
    writeMode: z.enum(['auto', 'insert']),
    /**
     * Incremental synchronization follows: a table without a key is read in
     * one consistent snapshot whose binlog position goes into its checkpoint,
     * so that the replay skips exactly the changes the copy already holds.
     */
    snapshotKeyless: z.boolean(),
    /**
     * With incremental synchronization (which needs `cutover_meta` on the
     * destination): every chunk is written under the project's fence there,
     * so no chunk of a host that lost the project lands after the replay of
     * the host that took it over began.
     */
    fence: z.object({ projectId: z.string().min(1).max(64), epoch: leaseEpochSchema }).strict().nullable(),
  })
  .strict();
export type FullImportConfig = z.infer<typeof fullImportConfigSchema>;

export const fullImportEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('table'),
      id: z.string(),
      status: z.enum(['running', 'indexing', 'completed', 'failed']),
      rowsCopied: z.number().int().nonnegative(),
      error: z.string().nullable(),
    })
    .strict(),
  z
    .object({
      type: z.literal('index'),
      id: z.number().int(),
      status: z.enum(['running', 'created', 'failed']),
      error: z.string().nullable(),
    })
    .strict(),
]);
export type FullImportEvent = z.infer<typeof fullImportEventSchema>;

export const fullImportCheckpointSchema = z.object({ table: z.string(), checkpoint: copyCheckpointSchema }).strict();
export type FullImportCheckpoint = z.infer<typeof fullImportCheckpointSchema>;

export const fullImportResultSchema = z
  .object({
    /** True when the worker stopped because the host asked it to pause. */
    paused: z.boolean(),
    completed: z.number().int(),
    failed: z.number().int(),
  })
  .strict();
