/**
 * Schema: read the source definitions, convert them for the destination,
 * report the plan (every DDL and every change) before anything runs, then
 * create databases, tables and views. `execute` runs given statements only:
 * a retry, or a DDL the user modified.
 */

import { z } from 'zod';
import { connectionConfigSchema, flavourSchema } from '../../model/datasource';
import { SCHEMA_OBJECT_STATUSES } from '../../model/schema';
import { conversionNoteSchema, qualifiedNameSchema } from './common';

const planObjectSchema = z
  .object({
    kind: z.enum(['table', 'view']),
    source: qualifiedNameSchema,
    target: qualifiedNameSchema,
    columns: z.array(z.string()).nullable(),
    hiddenKey: z.boolean(),
    /** Secondary indexes in the CREATE TABLE (a small table), not built after the data. */
    inlineIndexes: z.boolean(),
    /** Unique secondary indexes in the CREATE TABLE (the copy REPLACEs on them while a replay follows). */
    inlineUniqueIndexes: z.boolean(),
  })
  .strict();

export const schemaConfigSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('create'),
      source: connectionConfigSchema,
      destination: connectionConfigSchema,
      sourceFlavour: flavourSchema,
      destinationFlavour: flavourSchema,
      objects: z.array(planObjectSchema),
      /** Plan only: report every DDL and conversion note, create nothing. */
      dryRun: z.boolean(),
    })
    .strict(),
  z
    .object({
      op: z.literal('execute'),
      destination: connectionConfigSchema,
      statements: z.array(z.object({ id: z.number().int(), ddl: z.string().min(1), database: z.string().nullable() }).strict()),
    })
    .strict(),
]);
export type SchemaConfig = z.infer<typeof schemaConfigSchema>;

export const plannedObjectSchema = z
  .object({
    kind: z.enum(['database', 'table', 'view']),
    source: qualifiedNameSchema,
    target: qualifiedNameSchema,
    ddl: z.string(),
    notes: z.array(conversionNoteSchema),
    indexes: z.array(z.object({ name: z.string(), ddl: z.string() }).strict()),
    deferred: z.array(z.object({ kind: z.enum(['check', 'foreign_key', 'hidden_key']), name: z.string(), ddl: z.string() }).strict()),
  })
  .strict();
export type PlannedObject = z.infer<typeof plannedObjectSchema>;

const outcomeFields = {
  status: z.enum(SCHEMA_OBJECT_STATUSES),
  errorCode: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
};

export const schemaEventSchema = z.discriminatedUnion('type', [
  /** The whole plan, before any statement runs. */
  z.object({ type: z.literal('planned'), objects: z.array(plannedObjectSchema) }).strict(),
  z.object({ type: z.literal('object'), kind: z.enum(['database', 'table', 'view']), target: qualifiedNameSchema, ...outcomeFields }).strict(),
  z.object({ type: z.literal('statement'), id: z.number().int(), ...outcomeFields }).strict(),
]);
export type SchemaEvent = z.infer<typeof schemaEventSchema>;

export const schemaResultSchema = z.object({ created: z.number().int(), exists: z.number().int(), failed: z.number().int() }).strict();
