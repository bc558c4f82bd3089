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

export const STEP_EVENT_KINDS = ['begin', 'wait', 'confirm', 'succeed', 'fail', 'retry', 'skip', 'cancel', 'note'] as const;
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

/**
 * Process database objects, item by item (seed 001): held-back constraints
 * and hidden keys on the destination, AUTO_INCREMENT counters, with reverse
 * the source triggers that would fire again on what reverse incremental
 * writes, and what must be migrated by hand (triggers, routines, events,
 * sequences).
 */
export const OBJECT_ITEM_KINDS = ['constraint', 'hidden-key', 'auto-increment', 'source-trigger', 'manual'] as const;
export type ObjectItemKind = (typeof OBJECT_ITEM_KINDS)[number];

/** `listed`: for the user to handle by hand; `completed`: marked complete by the user. */
export const OBJECT_ITEM_STATES = ['pending', 'succeeded', 'failed', 'skipped', 'completed', 'listed'] as const;
export type ObjectItemState = (typeof OBJECT_ITEM_STATES)[number];

export const OBJECT_ITEM_ACTIONS = ['run', 'skip', 'complete'] as const;
export type ObjectItemAction = (typeof OBJECT_ITEM_ACTIONS)[number];

export interface ObjectItem {
  /** Stable, and what its log lines carry (View Logs searches for it). */
  id: string;
  kind: ObjectItemKind;
  /** The object it concerns, as database.name. */
  object: string;
  /** What it does, in words. */
  action: string;
  /** The statement Run executes (null: nothing Cutover can run, or raising a counter). */
  sql: string | null;
  state: ObjectItemState;
  /** Why its last run failed. */
  error: string | null;
  /** Run is offered (something Cutover can do for it). */
  runnable: boolean;
}

/** The source's objects Process database objects lists: triggers (with the statement that recreates each), routines, events, sequences. */
export interface SourceInventory {
  triggers: { database: string; name: string; table: string; create: string }[];
  routines: { database: string; name: string; type: string }[];
  events: { database: string; name: string }[];
  sequences: { database: string; name: string }[];
}
