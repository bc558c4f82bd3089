import { z } from 'zod';

/** Project options (F-12). Every field has a default, so a file may give any subset. */

export const CONCURRENCY_LEVELS = ['smooth', 'normal', 'fast'] as const;
export type ConcurrencyLevel = (typeof CONCURRENCY_LEVELS)[number];
export const CONCURRENCY_LABELS: Record<ConcurrencyLevel, string> = { smooth: 'Smooth', normal: 'Normal', fast: 'Fast' };

export const ALERT_LEVELS = ['none', 'high', 'medium', 'low'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
export const ALERT_LEVEL_LABELS: Record<AlertLevel, string> = {
  none: 'No Protection',
  high: 'High Protection',
  medium: 'Medium Protection',
  low: 'Low Protection',
};

/**
 * What each alert level watches (F-40): an alert is raised when replication
 * latency stays above `latencySeconds`, or a component is down longer than
 * `interruptionSeconds`; the same alert repeats at most every `frequencyMinutes`.
 */
export interface AlertThresholds {
  latencySeconds: number;
  interruptionSeconds: number;
  frequencyMinutes: number;
}
export const ALERT_THRESHOLDS: Record<Exclude<AlertLevel, 'none'>, AlertThresholds> = {
  high: { latencySeconds: 30, interruptionSeconds: 60, frequencyMinutes: 15 },
  medium: { latencySeconds: 120, interruptionSeconds: 300, frequencyMinutes: 30 },
  low: { latencySeconds: 300, interruptionSeconds: 900, frequencyMinutes: 60 },
};

export const DML_TYPES = ['insert', 'update', 'delete'] as const;
export type DmlType = (typeof DML_TYPES)[number];

export const TARGET_NOT_EMPTY_POLICIES = ['stop', 'ignore'] as const;
export type TargetNotEmptyPolicy = (typeof TARGET_NOT_EMPTY_POLICIES)[number];

export const projectOptionsSchema = z
  .object({
    fullConcurrency: z.enum(CONCURRENCY_LEVELS).default('normal'),
    verifyConcurrency: z.enum(CONCURRENCY_LEVELS).default('normal'),
    /** Rows per second read from the source by full migration and verification; null = unlimited. */
    rpsLimit: z.number().int().positive().max(10_000_000).nullable().default(null),
    /** Bytes per second read from the source; null = unlimited. */
    bytesPerSecondLimit: z.number().int().positive().max(100_000_000_000).nullable().default(null),
    /** What to do when a destination table already holds rows. */
    targetNotEmpty: z.enum(TARGET_NOT_EMPTY_POLICIES).default('stop'),
    /** DML replayed by incremental synchronization. */
    dmlTypes: z
      .array(z.enum(DML_TYPES))
      .min(1, 'needs at least one of insert, update, delete')
      .refine((a) => new Set(a).size === a.length, 'lists a DML type twice')
      .default([...DML_TYPES]),
    ddlSync: z.boolean().default(true),
    storeRetentionHours: z.number().int().min(1).max(24 * 30).default(48),
    applyConcurrency: z.number().int().min(1).max(64).default(8),
    /** DDL/DML statistics per table during incremental synchronization. */
    statistics: z.boolean().default(true),
    alertLevel: z.enum(ALERT_LEVELS).default('low'),
    /** The project's own alert thresholds, in seconds, instead of its level's (null: the level's). */
    alertThresholds: z
      .object({
        latencySeconds: z.number().int().min(1).max(86_400),
        interruptionSeconds: z.number().int().min(1).max(86_400),
        /** How often an alert whose cause persists is raised again. */
        frequencySeconds: z.number().int().min(10).max(7 * 86_400),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export type ProjectOptions = z.output<typeof projectOptionsSchema>;
export type ProjectOptionsInput = z.input<typeof projectOptionsSchema>;

export function defaultOptions(): ProjectOptions {
  return projectOptionsSchema.parse({});
}

/** Option names as they appear in files and forms, for messages. */
export const OPTION_LABELS: Record<keyof ProjectOptions, string> = {
  fullConcurrency: 'Concurrency for full migration',
  verifyConcurrency: 'Full verification concurrency',
  rpsLimit: 'Rows per second limit',
  bytesPerSecondLimit: 'Bytes per second limit',
  targetNotEmpty: 'When a destination table is not empty',
  dmlTypes: 'DML types to replay',
  ddlSync: 'Synchronize DDL',
  storeRetentionHours: 'Store retention (hours)',
  applyConcurrency: 'Apply concurrency',
  statistics: 'DDL/DML statistics',
  alertLevel: 'Alert level',
  alertThresholds: 'Alert thresholds',
};

/** What a project's alerts watch, in milliseconds: its own thresholds, else its level's; null with No Protection. */
export function alertThresholdsOf(options: Pick<ProjectOptions, 'alertLevel' | 'alertThresholds'>): { latencyMs: number; interruptionMs: number; frequencyMs: number } | null {
  if (options.alertLevel === 'none') return null;
  const own = options.alertThresholds;
  if (own) return { latencyMs: own.latencySeconds * 1000, interruptionMs: own.interruptionSeconds * 1000, frequencyMs: own.frequencySeconds * 1000 };
  const level = ALERT_THRESHOLDS[options.alertLevel];
  return { latencyMs: level.latencySeconds * 1000, interruptionMs: level.interruptionSeconds * 1000, frequencyMs: level.frequencyMinutes * 60_000 };
}
