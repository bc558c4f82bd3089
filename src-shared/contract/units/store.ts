/**
 * Store: captures a server's binlog (the source's; for reverse incremental,
 * the destination's) from a recorded position into the
 * project's change log (a local SQLite file only the Store writes), writes a
 * heartbeat row on the source every second when permitted, and keeps the log
 * within its retention. Runs until paused or stopped.
 */

import { z } from 'zod';
import { connectionConfigSchema, flavourSchema } from '../../model/datasource';
import { binlogPositionSchema, leaseEpochSchema } from './common';

export const storeConfigSchema = z
  .object({
    projectId: z.string().min(1).max(64),
    source: connectionConfigSchema,
    sourceFlavour: flavourSchema,
    /** The change log file; created when missing. */
    logPath: z.string().min(1),
    /** Where capture begins when the log is new; an existing log resumes after its last transaction. */
    start: binlogPositionSchema,
    /** Source databases whose row changes are captured (null: all); DDL is captured for all. */
    databases: z.array(z.string()).min(1).nullable(),
    /** Replication server id this reader presents to the source (unique among its replicas). */
    serverId: z.number().int().min(1).max(4_294_967_295),
    retentionHours: z.number().int().min(1).max(24 * 30),
    /** Write the heartbeat row on the source (falls back to event times when not permitted). */
    heartbeat: z.boolean(),
    /**
     * Loop avoidance: transactions that moved this applier's checkpoint row
     * (the peer replication writing into the server this Store reads) are
     * dropped whole; null: none.
     */
    dropMarkedBy: z.string().min(1).max(64).nullable(),
    /** The change log accepts this Store's writes only while no newer epoch has opened it. */
    epoch: leaseEpochSchema,
  })
  .strict();
export type StoreConfig = z.infer<typeof storeConfigSchema>;

export const storeEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('progress'),
      /** Where the Store has read the binlog to (after its last whole transaction). */
      position: binlogPositionSchema,
      /** Source time of the last captured event (epoch ms). */
      eventTs: z.number().nullable(),
      heartbeat: z.boolean(),
      transactions: z.number().int().nonnegative(),
      changes: z.number().int().nonnegative(),
      /** Transactions of the peer applier dropped since the Store started (loop avoidance). */
      dropped: z.number().int().nonnegative(),
    })
    .strict(),
]);
export type StoreEvent = z.infer<typeof storeEventSchema>;

export const storeResultSchema = z.object({ paused: z.boolean() }).strict();
