/**
 * The switchover precheck (F-34 step 2, seed 001 "Perform a switchover
 * precheck" and more): what must hold on both servers before writes are
 * stopped. The replay's latency is judged by the host, which has it; the
 * worker checks the servers.
 */

import { z } from 'zod';
import { connectionConfigSchema } from '../../model/datasource';
import { qualifiedNameSchema } from './common';
import { precheckCheckSchema } from './precheck';

export const switchoverPrecheckConfigSchema = z
  .object({
    // The worker identifies both servers itself (their flavour decides some checks).
    source: connectionConfigSchema,
    destination: connectionConfigSchema,
    /** The migrated tables: source and destination names. */
    tables: z.array(z.object({ source: qualifiedNameSchema, target: qualifiedNameSchema }).strict()).max(100_000),
    reverse: z.boolean(),
    /** Binlogs younger than this may be purged before the switchover is over: a warning. */
    minRetentionHours: z.number().positive(),
  })
  .strict();
export type SwitchoverPrecheckConfig = z.infer<typeof switchoverPrecheckConfigSchema>;

export const switchoverPrecheckResultSchema = z.object({ checks: z.array(precheckCheckSchema) }).strict();
export const switchoverPrecheckEventSchema = z.object({ check: precheckCheckSchema }).strict();
