/**
 * The forward switchover (F-34) in words: step statuses, write fences,
 * journal events, and what each step measured (its facts) as lines a user
 * reads. Display only: which action is allowed comes from
 * src-shared/lifecycle/switchover.ts.
 */
import type { SwitchoverStepStatus } from '../../src-shared/model/stage';
import type { Facts, FenceMode, ObjectItemKind, ObjectItemState, StepEventKind } from '../../src-shared/model/switchover';
import { formatDateTime, formatDuration } from './format';

export const STEP_STATUS_LABELS: Record<SwitchoverStepStatus, string> = {
  pending: 'Not Started',
  running: 'Running',
  waiting: 'Waiting for you',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
};

export const FENCE_LABELS: Record<FenceMode, string> = {
  'read-only': 'Read-only',
  accounts: 'Lock application accounts',
  manual: 'Manual',
};

export const FENCE_HELP: Record<FenceMode, string> = {
  'read-only': 'Cutover sets read_only (and super_read_only where the server has it) on the source: no account without the privilege to write through it can write.',
  accounts: "Cutover locks the application accounts you list and ends their sessions; other accounts keep writing, so make sure they don't.",
  manual: "You stop the applications' writes yourself; Cutover changes nothing on the source and checks that no change arrives after the fence.",
};

/** What keeps the source from taking writes once the switchover is past its point of no return, per fence. */
export const FENCE_KEPT: Record<FenceMode, string> = {
  'read-only': 'The source stays fenced (read-only)',
  accounts: 'The application accounts stay locked on the source',
  manual: "Keep the applications' writes to the source stopped: nothing of Cutover's stops them",
};

/** Partial: an event kind the host adds later still reads, as its name (see eventLabel). */
const EVENT_LABELS: Partial<Record<StepEventKind, string>> = {
  begin: 'Began',
  wait: 'Waiting for your confirmation',
  confirm: 'Confirmed by you',
  succeed: 'Succeeded',
  fail: 'Failed',
  retry: 'Retried by you',
  skip: 'Skipped by you',
  cancel: 'Cancelled: the fence lifted, the steps start over',
  note: 'Items acted on by you',
};

export function eventLabel(kind: StepEventKind): string {
  return EVENT_LABELS[kind] ?? words(kind);
}

export interface FactLine {
  /** The facts the line says, first one as its test key. */
  keys: string[];
  label: string;
  text: string;
}

interface FactRule {
  keys: string[];
  label: string;
  text: (facts: Facts) => string | null;
}

const position = (prefix: string) => (f: Facts) => `${String(f[`${prefix}File`])}:${String(f[`${prefix}Pos`])}`;
const onOff = (key: string) => (f: Facts) => (f[key] === null ? 'not on this server' : f[key] ? 'ON' : 'OFF');
const count = (key: string) => (f: Facts) => Number(f[key]).toLocaleString('en-US');
const ms = (key: string) => (f: Facts) => formatDuration(Number(f[key]));

/** Facts the steps record, in the order they read best; a rule applies when its first key is there. */
const RULES: FactRule[] = [
  { keys: ['fence'], label: 'Write fence', text: (f) => FENCE_LABELS[f.fence as FenceMode] ?? String(f.fence) },
  { keys: ['accounts'], label: 'Application accounts', text: (f) => (f.accounts ? String(f.accounts) : null) },
  { keys: ['fenceTimeoutSeconds'], label: 'An unconfirmed fence lifts itself after', text: (f) => formatDuration(Number(f.fenceTimeoutSeconds) * 1000) },
  { keys: ['checks', 'failed', 'warnings'], label: 'Checks', text: (f) => `${String(f.checks)} run, ${String(f.failed ?? 0)} failed, ${String(f.warnings ?? 0)} with warnings` },
  { keys: ['captureFile', 'capturePos'], label: "Reverse capture starts at (destination's binlog)", text: position('capture') },
  { keys: ['previousReadOnly'], label: 'read_only before the fence', text: onOff('previousReadOnly') },
  { keys: ['previousSuperReadOnly'], label: 'super_read_only before the fence', text: onOff('previousSuperReadOnly') },
  { keys: ['fenceFile', 'fencePos'], label: "Fence position (source's binlog)", text: position('fence') },
  { keys: ['fencedAt'], label: 'Fenced at', text: (f) => formatDateTime(String(f.fencedAt)) },
  { keys: ['openTransactions'], label: 'Write transactions open', text: count('openTransactions') },
  { keys: ['endedTransactions'], label: 'Write transactions ended (rolled back)', text: count('endedTransactions') },
  { keys: ['breaches'], label: 'Changes after the fence (breaches)', text: count('breaches') },
  { keys: ['tokenFile', 'tokenPos'], label: "Drain token (source's binlog)", text: position('token') },
  { keys: ['reverseFile', 'reversePos'], label: "Reverse replay starts after (destination's binlog)", text: position('reverse') },
  { keys: ['drainMs'], label: 'Replay drained in', text: ms('drainMs') },
  { keys: ['certificate'], label: 'Certificate', text: (f) => String(f.certificate) },
  { keys: ['deltaTables'], label: 'Tables changed since full verification, verified again', text: count('deltaTables') },
  { keys: ['deltaRows'], label: 'Rows verified again', text: count('deltaRows') },
  { keys: ['deltaDifferences'], label: 'Rows that differ', text: count('deltaDifferences') },
  { keys: ['deltaMs'], label: 'Delta verification took', text: ms('deltaMs') },
  { keys: ['countersRaised'], label: 'AUTO_INCREMENT counters raised', text: count('countersRaised') },
  { keys: ['startMs'], label: 'Reverse incremental running after', text: ms('startMs') },
];

/** A fact's name as words: `certificateDocument` → "Certificate document". */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Facts kept for the host's own use: the table of items and the certificate show them. */
const KEPT_FOR_THE_HOST = new Set(['inventory', 'destinationFlavour', 'certificateDocument', 'certified']);
/** Each item of Process database objects keeps its state and last error under its id. */
const ITEM_STATE = 'item:';
const ITEM_ERROR = 'error:';
export const isItemFact = (key: string) => key.startsWith(ITEM_STATE) || key.startsWith(ITEM_ERROR);

/** The items' states among the facts, as one line: the item when there is one (a journal note), else how many are in each state. */
function itemsLine(facts: Facts): FactLine | null {
  const keys = Object.keys(facts).filter((k) => k.startsWith(ITEM_STATE));
  if (!keys.length) return null;
  const stateOf = (k: string) => OBJECT_STATE_LABELS[facts[k] as ObjectItemState] ?? String(facts[k]);
  if (keys.length === 1) return { keys: ['items'], label: 'Item', text: `${keys[0].slice(ITEM_STATE.length)}: ${stateOf(keys[0])}` };
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(stateOf(k), (counts.get(stateOf(k)) ?? 0) + 1);
  return { keys: ['items'], label: 'Items', text: [...counts].map(([state, n]) => `${n.toLocaleString('en-US')} ${state.toLowerCase()}`).join(', ') };
}

/**
 * A step's facts as lines: the known ones in words, the items' states as
 * one line, what the host keeps for itself not at all, and anything else as
 * it is. `omit`: facts the page shows another way.
 */
export function factLines(facts: Facts, omit: readonly string[] = []): FactLine[] {
  const lines: FactLine[] = [];
  const said = new Set<string>([...KEPT_FOR_THE_HOST, ...omit]);
  for (const rule of RULES) {
    if (!(rule.keys[0] in facts) || said.has(rule.keys[0])) continue;
    rule.keys.forEach((k) => said.add(k));
    const text = rule.text(facts);
    if (text !== null) lines.push({ keys: rule.keys, label: rule.label, text });
  }
  const items = itemsLine(facts);
  if (items) lines.push(items);
  const rest = Object.keys(facts).filter((k) => !said.has(k) && !isItemFact(k));
  for (const key of rest) lines.push({ keys: [key], label: words(key), text: String(facts[key]) });
  return lines;
}

export const OBJECT_KIND_LABELS: Record<ObjectItemKind, string> = {
  constraint: 'Constraint',
  'hidden-key': 'Hidden key',
  'auto-increment': 'AUTO_INCREMENT',
  'source-trigger': 'Source trigger',
  manual: 'By hand',
};

export const OBJECT_STATE_LABELS: Record<ObjectItemState, string> = {
  pending: 'Pending',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
  completed: 'Marked complete',
  listed: 'To do by hand',
};
