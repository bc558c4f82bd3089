/** The forward switchover as the UI, the API and the CLI see it: its steps with what each measured, and its journal. */

import type { BinlogPosition } from './incremental';
import type { PrecheckCheck } from './precheck';
import type { SwitchoverStepId, SwitchoverStepState } from './stage';

/** How writes to the source are stopped: Cutover sets read_only, locks the applications' accounts, or the user stops them. */
export const FENCE_MODES = ['read-only', 'accounts', 'manual'] as const;
export type FenceMode = (typeof FENCE_MODES)[number];

export type Facts = Record<string, string | number | boolean | null>;

export interface StepRecord extends SwitchoverStepState {
  /** What the step measured or decided (positions, counts, the fence chosen), kept for the journal and the UI. */
  facts: Facts;
}

export const STEP_EVENT_KINDS = ['begin', 'wait', 'confirm', 'succeed', 'fail', 'retry', 'skip', 'cancel'] as const;
export type StepEventKind = (typeof STEP_EVENT_KINDS)[number];

export interface JournalEntry {
  seq: number;
  /** Null for a cancel, which concerns every step. */
  step: SwitchoverStepId | null;
  event: StepEventKind;
  facts: Facts | null;
  error: string | null;
  at: string;
}

export interface SwitchoverOverview {
  steps: StepRecord[];
  journal: JournalEntry[];
  /** The step the switchover is at; null once every step is finished. */
  current: SwitchoverStepId | null;
  /** Forward sync is being stopped (or the objects processed): Cancel no longer restores the source. */
  pastPointOfNoReturn: boolean;
}

/**
 * The proof the switchover gives once the replay has drained the fenced
 * source: the tables changed since full verification began were verified
 * again, whole, and found identical; the others keep full verification's
 * verdict. Kept (as JSON) in the facts of "Confirm the write-stop timestamp
 * is synchronised", and exported as a file.
 */
export interface Certificate {
  project: { id: string; name: string };
  source: string;
  destination: string;
  /** Source and destination identical at this source position (the drain token, written after the fence). */
  sourcePosition: BinlogPosition;
  /** The destination's binlog position then, where it has a binlog. */
  destinationPosition: BinlogPosition | null;
  issuedAt: string;
  /** Tables verified again at the position (rows compared, captured changes since full verification began: null when unknown). */
  verified: { table: string; rows: number; changes: number | null }[];
  /** Tables unchanged since full verification, whose verdict stands. */
  carried: string[];
  durationMs: number;
}

/** What a rollback did: the source serves again with every destination write on it. */
export interface RollbackReport {
  /** Row changes the reverse replay carried from the destination to the source. */
  rowsBack: number;
  /** The destination position of the token the reverse replay committed past. */
  token: BinlogPosition;
  drainMs: number;
  /** Source AUTO_INCREMENT counters raised past the destination's. */
  countersRaised: number;
  durationMs: number;
}

/** One part of the write downtime a rehearsal expects: measured on the live pair, or estimated from table sizes. */
export interface RehearsalPart {
  part: string;
  ms: number;
  how: 'measured' | 'estimated';
  detail: string;
}

/**
 * A switchover rehearsed against the live pair without fencing: what can be
 * measured is (the drain token's round trip, delta verification's time, the
 * reverse path), the rest is estimated from table sizes; the sum is the
 * write downtime to expect from the fence to reverse incremental running.
 */
export interface Rehearsal {
  at: string;
  parts: RehearsalPart[];
  downtimeMs: number;
  /** The switchover precheck, run now (with reverse: the reverse path's test write and the destination's binlog). */
  checks: PrecheckCheck[];
}
