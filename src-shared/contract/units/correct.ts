/**
 * Correction of verified differences (F-33): for each differing row, the
 * statement that makes the destination row what the source row is *now*
 * (read when the correction is made, not when the difference was found),
 * and the statement that puts the destination row back as it was. With
 * `apply`, a table's corrections run in one transaction on the destination,
 * all or nothing.
 */

import { z } from 'zod';
import { DIFFERENCE_CATEGORIES } from '../../model/verify';
import { binlogPositionSchema, serverPairShape } from './common';
import { keySchema, verifiedObjectShape } from './verify';

const valuesSchema = z.array(z.string().nullable()).nullable();

export const correctTableSchema = z
  .object({
    ...verifiedObjectShape,
    /** The differences to correct: by key, or (tables without a key) by the values of the row. */
    rows: z.array(z.object({ key: keySchema.nullable(), category: z.enum(DIFFERENCE_CATEGORIES), source: valuesSchema, destination: valuesSchema }).strict()),
  })
  .strict();
export type CorrectTable = z.infer<typeof correctTableSchema>;

export const correctConfigSchema = z
  .object({
    ...serverPairShape,
    tables: z.array(correctTableSchema),
    /** Run the statements (false: only write them out). */
    apply: z.boolean(),
    /** Deleting destination rows the source does not have needs the user's explicit confirmation. */
    includeDeletes: z.boolean(),
    /**
     * With a replay running, a table without a key is not corrected: its
     * replayed changes and a correction could not be told apart.
     */
    keylessApply: z.boolean(),
  })
  .strict();
export type CorrectConfig = z.infer<typeof correctConfigSchema>;

export const CORRECTION_ACTIONS = ['replace', 'insert', 'delete', 'none'] as const;

export const correctionSchema = z
  .object({
    table: z.string(),
    key: keySchema.nullable(),
    action: z.enum(CORRECTION_ACTIONS),
    /** The statement (null when there is nothing to do). */
    sql: z.string().nullable(),
    /** What undoes it. */
    revert: z.string().nullable(),
    /** Why nothing is done, or what it needs. */
    note: z.string().nullable(),
    applied: z.boolean(),
  })
  .strict();
export type Correction = z.infer<typeof correctionSchema>;

export const correctResultSchema = z
  .object({
    /** The source's position right after its rows were read: the replay must go over it in safe mode. */
    position: binlogPositionSchema.nullable(),
    corrections: z.array(correctionSchema),
    failures: z.array(z.object({ table: z.string(), error: z.string() }).strict()),
  })
  .strict();
export type CorrectResult = z.infer<typeof correctResultSchema>;
