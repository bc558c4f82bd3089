/**
 * Incr-Sync: replays the Store's change log on the destination through the
 * object settings, committing its checkpoint in the same transactions as the
 * changes (meta schema `cutover_meta` on the destination). Runs until paused
 * or stopped, or until a DDL fails.
 */

import { z } from 'zod';
import { connectionConfigSchema, flavourSchema } from '../../model/datasource';
import { DDL_OUTCOMES } from '../../model/incremental';
import { DML_TYPES } from '../../model/options';
import { objectSelectionSchema } from '../../settings/project-schema';
import { binlogPositionSchema, leaseEpochSchema, qualifiedNameSchema } from './common';

export const replayTableSchema = z
  .object({
    source: qualifiedNameSchema,
    target: qualifiedNameSchema,
    columns: z.array(z.string()).nullable(),
    where: z.string().nullable(),
    /** Copied whole in one snapshot at this position: its changes up to there are already in the copy. */
    snapshot: binlogPositionSchema.nullable(),
  })
  .strict();
export type ReplayTable = z.infer<typeof replayTableSchema>;

export const incrSyncConfigSchema = z
  .object({
    projectId: z.string().min(1).max(64),
    logPath: z.string().min(1),
    destination: connectionConfigSchema,
    sourceFlavour: flavourSchema,
    destinationFlavour: flavourSchema,
    /** The source, to evaluate row filters against change images; null when no table has one. */
    source: connectionConfigSchema.nullable(),
    tables: z.array(replayTableSchema),
    /** For tables created on the source after the start (with DDL synchronization on): the project's rules decide whether they are migrated. */
    selection: objectSelectionSchema,
    /** Source tables the project does not migrate although the rules match them (skipped or removed at schema migration). */
    skipTables: z.array(qualifiedNameSchema),
    dmlTypes: z.array(z.enum(DML_TYPES)).min(1),
    ddlSync: z.boolean(),
    statistics: z.boolean(),
    /** Parallel apply connections (changes for different keys go to different ones). */
    lanes: z.number().int().min(1).max(64),
    /** Replay idempotently up to here: the source position when the full copy ended. */
    safeUntil: binlogPositionSchema.nullable(),
    /**
     * A replay that has never committed starts after the changes captured up
     * to this position (the reverse replay: the destination's position once
     * the forward replay drained the source); null: from the log's start.
     */
    startAfter: binlogPositionSchema.nullable(),
    /**
     * A catch-up replay (tables added to a running project, F-17): in safe
     * mode throughout, it stops once it has applied the change where the
     * replay of this stream id has committed (that replay is held meanwhile),
     * then removes its checkpoint rows from the destination. Null: runs until
     * paused.
     */
    catchUpTo: z.string().min(1).max(64).nullable(),
    /** A failed DDL the user chose to skip (its change id). */
    skipChange: z.number().int().nonnegative().nullable(),
    /** The destination accepts this replay's transactions only while no newer epoch has claimed the project there. */
    epoch: leaseEpochSchema,
  })
  .strict();
export type IncrSyncConfig = z.infer<typeof incrSyncConfigSchema>;

const tableStatsSchema = z
  .object({
    source: qualifiedNameSchema,
    target: qualifiedNameSchema,
    inserts: z.number().int().nonnegative(),
    updates: z.number().int().nonnegative(),
    deletes: z.number().int().nonnegative(),
    ddl: z.number().int().nonnegative(),
  })
  .strict();

export const incrSyncEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('progress'),
      checkpoint: binlogPositionSchema.extend({ changeId: z.number().int().nonnegative(), eventTs: z.number().nullable() }).strict().nullable(),
      latencyMs: z.number().nonnegative().nullable(),
      replayTimestamp: z.number().nullable(),
      heartbeat: z.boolean(),
      safeMode: z.boolean(),
    })
    .strict(),
  /** Counts since the previous stats event. */
  z.object({ type: z.literal('stats'), tables: z.array(tableStatsSchema) }).strict(),
  z
    .object({
      type: z.literal('ddl'),
      changeId: z.number().int().nonnegative(),
      database: z.string().nullable(),
      statement: z.string(),
      applied: z.string().nullable(),
      outcome: z.enum(DDL_OUTCOMES),
      detail: z.string().nullable(),
    })
    .strict(),
]);
export type IncrSyncEvent = z.infer<typeof incrSyncEventSchema>;

/** `caughtUp`: a catch-up replay reached the change it stops at. */
export const incrSyncResultSchema = z.object({ paused: z.boolean(), caughtUp: z.boolean() }).strict();
