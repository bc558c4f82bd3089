/**
 * Full-Verification (F-33): compares every selected table of the source with
 * its destination table, in both directions: a digest per key range computed
 * on each server, then the rows of the ranges that differ. With incremental
 * synchronization running, a difference counts only once the replay has
 * passed the source position at which it was seen and it is still there.
 * A checkpoint per table is sent whenever its contiguous verified range
 * grows, after the differences found in it.
 */

import { z } from 'zod';
import { DIFFERENCE_CATEGORIES, VALUE_KINDS } from '../../model/verify';
import { copyCheckpointSchema, keyColumnSchema, qualifiedNameSchema, serverPairShape } from './common';

/** A key, as its columns' checkpoint texts (numbers as digits, text and bytes as hex). */
export const keySchema = z.array(z.string().max(4 * 1024 * 1024)).min(1).max(64);

export const verifyColumnSchema = z.object({ name: z.string(), kind: z.enum(VALUE_KINDS) }).strict();

/** A verified object as the workers that compare or correct it see it. */
export const verifiedObjectShape = {
  /** The host's id of the verified object (its destination table). */
  id: z.string(),
  target: qualifiedNameSchema,
  /** The source tables that feed it (several when tables are merged), each with its row filter. */
  sources: z.array(z.object({ source: qualifiedNameSchema, where: z.string().nullable() }).strict()).min(1),
  /** The project's column subset (null: every column the two sides share). */
  columns: z.array(z.string()).nullable(),
  key: z.array(keyColumnSchema).nullable(),
};

export const verifyTableSchema = z
  .object({
    ...verifiedObjectShape,
    rowsEstimated: z.number().nullable(),
    checkpoint: copyCheckpointSchema.nullable(),
    /** Verify only these rows again (Verify Only Inconsistent Records); null: the table from its checkpoint. */
    records: z.array(keySchema).nullable(),
    /** Differences already recorded for the table (a resumed table): they count toward the cap. */
    differencesSoFar: z.number().int().nonnegative(),
  })
  .strict();
export type VerifyTableTask = z.infer<typeof verifyTableSchema>;

export const verifyConfigSchema = z
  .object({
    ...serverPairShape,
    tables: z.array(verifyTableSchema),
    /** Ranges compared at once (each holds a source and a destination connection). */
    slots: z.number().int().min(1).max(32),
    /** Rows per second read from the source; null: unlimited. */
    rpsLimit: z.number().int().positive().nullable(),
    /** A table stops after this many differences, keeping them. */
    differenceCap: z.number().int().min(1).max(1_000_000),
    /** A table without a key is compared row by row only up to this many rows. */
    keylessRowLimit: z.number().int().min(1),
    /**
     * The replay that runs beside verification (null: none, the source is
     * taken as quiet and every difference is final at once).
     */
    replay: z
      .object({
        projectId: z.string().min(1).max(64),
        /** Ranges wait while the replay is this far behind the source. */
        lagLimitMs: z.number().int().positive(),
        /** How long a difference waits for the replay to pass where it was seen; after that it is reported as suspect. */
        waitCapMs: z.number().int().positive(),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type VerifyConfig = z.infer<typeof verifyConfigSchema>;

const valuesSchema = z.array(z.string().nullable()).nullable();

export const rowDifferenceSchema = z
  .object({
    key: keySchema.nullable(),
    category: z.enum(DIFFERENCE_CATEGORIES),
    columns: z.array(z.string()),
    source: valuesSchema,
    destination: valuesSchema,
    cause: z.string().nullable(),
  })
  .strict();

export const verifyEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('table'),
      id: z.string(),
      status: z.enum(['running', 'verified', 'capped', 'unverifiable', 'failed']),
      rowsVerified: z.number().int().nonnegative(),
      /** The compared columns, sent when the table starts. */
      columns: z.array(verifyColumnSchema).nullable(),
      reason: z.string().nullable(),
    })
    .strict(),
  z
    .object({
      type: z.literal('differences'),
      id: z.string(),
      state: z.enum(['confirmed', 'suspect']),
      rows: z.array(rowDifferenceSchema),
    })
    .strict(),
  /** Rows verified again that are now the same on both sides (or, for a table without a key, all of its earlier differences). */
  z.object({ type: z.literal('resolved'), id: z.string(), keys: z.array(keySchema).nullable() }).strict(),
]);
export type VerifyEvent = z.infer<typeof verifyEventSchema>;

export const verifyCheckpointSchema = z.object({ table: z.string(), checkpoint: copyCheckpointSchema }).strict();

export const verifyResultSchema = z
  .object({
    paused: z.boolean(),
    verified: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  })
  .strict();
