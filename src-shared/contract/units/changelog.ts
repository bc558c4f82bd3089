/** Change log: finds captured changes in a project's change log, by table, key value and time range. */

import { z } from 'zod';
import { CHANGE_KINDS } from '../../model/incremental';
import { binlogPositionSchema, qualifiedNameSchema } from './common';

export const changeLogQuerySchema = z
  .object({
    /** `database.table`, exact. */
    table: z.string().max(200).optional(),
    /** Key values, comma-separated for composite keys. */
    key: z.string().max(1000).optional(),
    /** Event time range, epoch ms, inclusive. */
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    kinds: z.array(z.enum(CHANGE_KINDS)).optional(),
    /** Newest first; pass the previous page's `nextBeforeId` for older entries. */
    beforeId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ChangeLogQuery = z.infer<typeof changeLogQuerySchema>;

export const changeLogConfigSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('search'), logPath: z.string().min(1), query: changeLogQuerySchema }).strict(),
  /** Changes to these tables (and DDL in their databases) committed after a position: the switchover's breaches. */
  z
    .object({
      op: z.literal('after'),
      logPath: z.string().min(1),
      position: binlogPositionSchema,
      tables: z.array(qualifiedNameSchema).max(100_000),
      limit: z.number().int().min(1).max(500),
    })
    .strict(),
  /** The tables with row changes committed after a position, with how many: what the switchover verifies again. */
  z.object({ op: z.literal('tables-after'), logPath: z.string().min(1), position: binlogPositionSchema }).strict(),
]);

const valuesSchema = z.record(z.string(), z.string().nullable()).nullable();

export const changeLogResultSchema = z
  .object({
    entries: z.array(
      z
        .object({
          id: z.number().int(),
          kind: z.enum(CHANGE_KINDS),
          database: z.string(),
          table: z.string().nullable(),
          key: z.array(z.string()).nullable(),
          eventTs: z.number(),
          file: z.string(),
          pos: z.number().int(),
          gtid: z.string().nullable(),
          before: valuesSchema,
          after: valuesSchema,
          statement: z.string().nullable(),
        })
        .strict(),
    ),
    nextBeforeId: z.number().int().nullable(),
    oldestTs: z.number().nullable(),
    newestTs: z.number().nullable(),
    /** `after`: how many changes there are in all (the entries are the first of them). */
    count: z.number().int().nonnegative().optional(),
    /** `tables-after`: the changed tables; null when the log was purged past the position (any table may have changed). */
    changedTables: z.array(z.object({ database: z.string(), table: z.string(), changes: z.number().int().nonnegative() }).strict()).nullable().optional(),
  })
  .strict();
