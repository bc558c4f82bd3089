/**
 * The switchover's work on the source (F-34 steps 4 and 5): put up the write
 * fence (read_only, or application accounts locked and their sessions
 * ended), list and end the write transactions still open, write the drain
 * token, and lift the fence again. Each operation is idempotent: a host that
 * died during one runs it again.
 */

import { z } from 'zod';
import { connectionConfigSchema } from '../../model/datasource';
import { binlogPositionSchema, qualifiedNameSchema } from './common';

/** An account as MySQL names it: 'user'@'host'. */
export const accountSchema = z.object({ user: z.string().min(1).max(128), host: z.string().min(1).max(255) }).strict();
export type Account = z.infer<typeof accountSchema>;

/** How writes are stopped: the server made read-only, or the applications' accounts locked. */
export const SERVER_FENCES = ['read-only', 'accounts'] as const;

/** What read_only and super_read_only were before the fence (super_read_only: null where the server has none). */
export const readOnlyStateSchema = z.object({ readOnly: z.boolean(), superReadOnly: z.boolean().nullable() }).strict();
export type ReadOnlyState = z.infer<typeof readOnlyStateSchema>;

export const openTransactionSchema = z
  .object({
    thread: z.number().int().nonnegative(),
    account: z.string(),
    startedAt: z.string().nullable(),
    rowsModified: z.number().int().nonnegative(),
    query: z.string().nullable(),
  })
  .strict();
export type OpenTransaction = z.infer<typeof openTransactionSchema>;

const source = connectionConfigSchema;

/** A statement Process database objects runs on the destination (a held-back constraint, a hidden key to drop). */
export const objectStatementSchema = z.object({ id: z.string().min(1).max(400), sql: z.string().min(1).max(100_000) }).strict();
/** A destination AUTO_INCREMENT counter to raise to the source's next value. */
export const counterSchema = z.object({ source: qualifiedNameSchema, target: qualifiedNameSchema }).strict();

export const switchoverConfigSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('fence'), source, mode: z.enum(SERVER_FENCES), accounts: z.array(accountSchema).max(1000) }).strict(),
  z.object({ op: z.literal('lift'), source, previous: readOnlyStateSchema.nullable(), accounts: z.array(accountSchema).max(1000) }).strict(),
  z.object({ op: z.literal('transactions'), source }).strict(),
  z.object({ op: z.literal('end-transactions'), source, threads: z.array(z.number().int().nonnegative()).max(10_000) }).strict(),
  z.object({ op: z.literal('token'), source, projectId: z.string().min(1).max(64), token: z.string().min(1).max(64) }).strict(),
  /** read_only as it is now and the binlog position: what the fence will change, and where a manual fence starts. */
  z.object({ op: z.literal('state'), source }).strict(),
  /** The source's triggers (on the given tables, with their CREATE), routines, events and sequences in the given databases. */
  z.object({ op: z.literal('inventory'), source, databases: z.array(z.string().min(1).max(64)).max(10_000), tables: z.array(qualifiedNameSchema).max(100_000) }).strict(),
  /** Release: Cutover's rows of these streams (checkpoints, writer fences, heartbeats, the drain token) removed from cutover_meta on both servers. */
  z
    .object({
      op: z.literal('forget'),
      source,
      destination: connectionConfigSchema,
      streamIds: z.array(z.string().min(1).max(64)).min(1).max(10),
    })
    .strict(),
  /** Process database objects on the destination: statements one by one (each reported), then AUTO_INCREMENT counters raised. */
  z
    .object({
      op: z.literal('objects'),
      source,
      destination: connectionConfigSchema,
      statements: z.array(objectStatementSchema).max(100_000),
      counters: z.array(counterSchema).max(100_000),
    })
    .strict(),
]);
export type SwitchoverConfig = z.infer<typeof switchoverConfigSchema>;

export const switchoverResultSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('fence'),
      /**
       * read_only as this run found it (read-only fence); null for the accounts fence. A fence run again
       * after a crash finds it on: the host restores what the first run found, which it journaled.
       */
      previous: readOnlyStateSchema.nullable(),
      /** Sessions of locked accounts that were ended. */
      endedSessions: z.number().int().nonnegative(),
      /** The source's binlog position once the fence was up: any change to a migrated table after it is a breach. */
      position: binlogPositionSchema,
      openTransactions: z.array(openTransactionSchema),
    })
    .strict(),
  z.object({ op: z.literal('lift') }).strict(),
  z.object({ op: z.literal('transactions'), openTransactions: z.array(openTransactionSchema) }).strict(),
  z.object({ op: z.literal('end-transactions'), ended: z.array(z.number().int()) }).strict(),
  /** The token's row is committed at `position`: the replay has drained the source once it has passed it. */
  z.object({ op: z.literal('token'), position: binlogPositionSchema }).strict(),
  z.object({ op: z.literal('state'), readOnly: readOnlyStateSchema, position: binlogPositionSchema }).strict(),
  z
    .object({
      op: z.literal('inventory'),
      triggers: z.array(z.object({ database: z.string(), name: z.string(), table: z.string(), create: z.string() }).strict()),
      routines: z.array(z.object({ database: z.string(), name: z.string(), type: z.string() }).strict()),
      events: z.array(z.object({ database: z.string(), name: z.string() }).strict()),
      sequences: z.array(z.object({ database: z.string(), name: z.string() }).strict()),
    })
    .strict(),
  /** Rows removed per server; a server that could not be reached or cleaned says why (release goes on without it). */
  z
    .object({
      op: z.literal('forget'),
      servers: z.array(z.object({ side: z.enum(['source', 'destination']), removed: z.number().int().nonnegative(), error: z.string().nullable() }).strict()),
    })
    .strict(),
  z
    .object({
      op: z.literal('objects'),
      statements: z.array(z.object({ id: z.string(), error: z.string().nullable() }).strict()),
      counters: z.array(z.object({ target: qualifiedNameSchema, from: z.number().nullable(), to: z.number().nullable(), error: z.string().nullable() }).strict()),
    })
    .strict(),
]);
export type SwitchoverResult = z.infer<typeof switchoverResultSchema>;
