/**
 * Messages between the host and a worker process (one process per running
 * unit). Both sides validate every message with these schemas: a malformed
 * message is a bug and ends the worker with a clear error, never a guess.
 * Each unit's own messages live in ./units/.
 */

import { z } from 'zod';
import type { AppErrorData } from '../errors';
import { ERROR_CODES } from '../errors';
import { LOG_LEVELS } from '../model/activity';
import { changeLogConfigSchema, changeLogResultSchema } from './units/changelog';
import { fullImportCheckpointSchema, fullImportConfigSchema, fullImportEventSchema, fullImportResultSchema } from './units/full-import';
import { precheckConfigSchema, precheckEventSchema, precheckResultSchema } from './units/precheck';
import { switchoverConfigSchema, switchoverResultSchema } from './units/switchover';
import { switchoverPrecheckConfigSchema, switchoverPrecheckEventSchema, switchoverPrecheckResultSchema } from './units/switchover-precheck';
import { probeConfigSchema, probeResultSchema } from './units/probe';
import { incrSyncConfigSchema, incrSyncEventSchema, incrSyncResultSchema } from './units/incr-sync';
import { schemaConfigSchema, schemaEventSchema, schemaResultSchema } from './units/schema';
import { storeConfigSchema, storeEventSchema, storeResultSchema } from './units/store';
import { correctConfigSchema, correctResultSchema } from './units/correct';
import { verifyCheckpointSchema, verifyConfigSchema, verifyEventSchema, verifyResultSchema } from './units/verify';

export const UNIT_NAMES = ['probe', 'precheck', 'schema', 'full-import', 'store', 'incr-sync', 'changelog', 'verify', 'correct', 'switchover-precheck', 'switchover'] as const;
export type UnitName = (typeof UNIT_NAMES)[number];

/** Per unit: its configuration (in `init`), streamed events, checkpoints and result. */
export const UNITS = {
  probe: { config: probeConfigSchema, event: z.never(), checkpoint: z.never(), result: probeResultSchema },
  precheck: { config: precheckConfigSchema, event: precheckEventSchema, checkpoint: z.never(), result: precheckResultSchema },
  'switchover-precheck': { config: switchoverPrecheckConfigSchema, event: switchoverPrecheckEventSchema, checkpoint: z.never(), result: switchoverPrecheckResultSchema },
  switchover: { config: switchoverConfigSchema, event: z.never(), checkpoint: z.never(), result: switchoverResultSchema },
  schema: { config: schemaConfigSchema, event: schemaEventSchema, checkpoint: z.never(), result: schemaResultSchema },
  'full-import': { config: fullImportConfigSchema, event: fullImportEventSchema, checkpoint: fullImportCheckpointSchema, result: fullImportResultSchema },
  store: { config: storeConfigSchema, event: storeEventSchema, checkpoint: z.never(), result: storeResultSchema },
  'incr-sync': { config: incrSyncConfigSchema, event: incrSyncEventSchema, checkpoint: z.never(), result: incrSyncResultSchema },
  changelog: { config: changeLogConfigSchema, event: z.never(), checkpoint: z.never(), result: changeLogResultSchema },
  verify: { config: verifyConfigSchema, event: verifyEventSchema, checkpoint: verifyCheckpointSchema, result: verifyResultSchema },
  correct: { config: correctConfigSchema, event: z.never(), checkpoint: z.never(), result: correctResultSchema },
} as const satisfies Record<UnitName, { config: z.ZodType; event: z.ZodType; checkpoint: z.ZodType; result: z.ZodType }>;

export type UnitConfig<U extends UnitName> = z.infer<(typeof UNITS)[U]['config']>;
export type UnitEvent<U extends UnitName> = z.infer<(typeof UNITS)[U]['event']>;
export type UnitCheckpoint<U extends UnitName> = z.infer<(typeof UNITS)[U]['checkpoint']>;
export type UnitResult<U extends UnitName> = z.infer<(typeof UNITS)[U]['result']>;

// ---- envelopes ----

export const hostToWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), unit: z.enum(UNIT_NAMES), runId: z.string(), config: z.unknown() }).strict(),
  /** Finish what is in flight, send its checkpoints, and end with a result that says `paused`. */
  z.object({ type: z.literal('pause') }).strict(),
  /** Stop as soon as possible; no result is expected. */
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

export const metricSampleSchema = z.object({ name: z.string(), value: z.number(), ts: z.number() }).strict();
export type MetricSample = z.infer<typeof metricSampleSchema>;

export const workerToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('log'), level: z.enum(LOG_LEVELS), message: z.string() }).strict(),
  z.object({ type: z.literal('event'), data: z.unknown() }).strict(),
  z.object({ type: z.literal('checkpoint'), data: z.unknown() }).strict(),
  z.object({ type: z.literal('metrics'), samples: z.array(metricSampleSchema) }).strict(),
  z.object({ type: z.literal('result'), data: z.unknown() }).strict(),
  z.object({ type: z.literal('error'), error: errorDataSchema }).strict(),
]);
export type WorkerToHost = z.infer<typeof workerToHostSchema>;
