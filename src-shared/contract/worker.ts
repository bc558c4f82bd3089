/**
 * Messages between the host and a worker process (one process per running
 * unit). Both sides validate every message with these schemas: a malformed
 * message is a bug and ends the worker with a clear error, never a guess.
 */

import { z } from 'zod';
import type { AppErrorData } from '../errors';
import { ERROR_CODES } from '../errors';
import { LOG_LEVELS } from '../model/activity';
import { connectionConfigSchema, flavourSchema } from '../model/datasource';
import { CHECK_STATES } from '../model/precheck';
import { MIGRATION_TYPES } from '../model/project';
import { projectOptionsSchema } from '../model/options';
import { objectSelectionSchema } from '../settings/project-schema';

export const UNIT_NAMES = ['probe', 'precheck'] as const;
export type UnitName = (typeof UNIT_NAMES)[number];

// ---- unit configurations (host → worker, inside `init`) ----

export const probeConfigSchema = z
  .object({
    op: z.enum(['test', 'catalog']),
    connection: connectionConfigSchema,
  })
  .strict();
export type ProbeConfig = z.infer<typeof probeConfigSchema>;

export const precheckConfigSchema = z
  .object({
    source: connectionConfigSchema,
    destination: connectionConfigSchema,
    sourceLabel: z.string(),
    destinationLabel: z.string(),
    types: z.array(z.enum(MIGRATION_TYPES)),
    objects: objectSelectionSchema,
    options: projectOptionsSchema,
  })
  .strict();
export type PrecheckConfig = z.infer<typeof precheckConfigSchema>;

export const unitConfigSchemas = {
  probe: probeConfigSchema,
  precheck: precheckConfigSchema,
} as const satisfies Record<UnitName, z.ZodType>;
export type UnitConfig<U extends UnitName> = z.infer<(typeof unitConfigSchemas)[U]>;

// ---- unit results and streamed events (worker → host) ----

const identitySchema = z
  .object({
    flavour: flavourSchema.nullable(),
    version: z.string(),
    versionString: z.string(),
    unsupportedReason: z.string().optional(),
  })
  .strict();

const catalogObjectSchema = z
  .object({
    database: z.string(),
    name: z.string(),
    kind: z.enum(['table', 'view']),
    rows: z.number().nullable().optional(),
    columns: z.array(z.string()).optional(),
  })
  .strict();

export const probeResultSchema = z.union([
  z.object({ op: z.literal('test'), identity: identitySchema }).strict(),
  z.object({ op: z.literal('catalog'), identity: identitySchema, databases: z.array(z.string()), objects: z.array(catalogObjectSchema) }).strict(),
]);
export type ProbeResult = z.infer<typeof probeResultSchema>;

export const precheckCheckSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    state: z.enum(CHECK_STATES),
    detail: z.string(),
    instruction: z.string().nullable(),
  })
  .strict();

export const precheckResultSchema = z.object({ checks: z.array(precheckCheckSchema) }).strict();

export const unitResultSchemas = {
  probe: probeResultSchema,
  precheck: precheckResultSchema,
} as const satisfies Record<UnitName, z.ZodType>;
export type UnitResult<U extends UnitName> = z.infer<(typeof unitResultSchemas)[U]>;

/** Events a unit streams while it runs, by unit. */
export const unitEventSchemas = {
  probe: z.never(),
  precheck: z.object({ check: precheckCheckSchema }).strict(),
} as const satisfies Record<UnitName, z.ZodType>;
export type UnitEvent<U extends UnitName> = z.infer<(typeof unitEventSchemas)[U]>;

// ---- envelopes ----

export const hostToWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), unit: z.enum(UNIT_NAMES), runId: z.string(), config: z.unknown() }).strict(),
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('resume') }).strict(),
  z.object({ type: z.literal('update'), params: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ type: z.literal('stop') }).strict(),
]);
export type HostToWorker = z.infer<typeof hostToWorkerSchema>;

const errorDataSchema: z.ZodType<AppErrorData> = z
  .object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    workaround: z.string().optional(),
    retryable: z.boolean().optional(),
    details: z.array(z.string()).optional(),
  })
  .strict();

export const workerToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('log'), level: z.enum(LOG_LEVELS), message: z.string() }).strict(),
  z.object({ type: z.literal('event'), data: z.unknown() }).strict(),
  z.object({ type: z.literal('progress'), data: z.unknown() }).strict(),
  z.object({ type: z.literal('checkpoint'), data: z.unknown() }).strict(),
  z
    .object({
      type: z.literal('metrics'),
      samples: z.array(z.object({ name: z.string(), value: z.number(), ts: z.number() }).strict()),
    })
    .strict(),
  z.object({ type: z.literal('result'), data: z.unknown() }).strict(),
  z.object({ type: z.literal('error'), error: errorDataSchema }).strict(),
]);
export type WorkerToHost = z.infer<typeof workerToHostSchema>;
