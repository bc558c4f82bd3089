/**
 * The forward switchover (F-34) in words: step statuses, write fences,
 * journal events, and what each step measured (its facts) as lines a user
 * reads. Display only: which action is allowed comes from
 * src-shared/lifecycle/switchover.ts.
 */
import type { SwitchoverStepId, SwitchoverStepStatus } from '../../src-shared/model/stage';
import type { Facts, FenceMode, StepEventKind } from '../../src-shared/model/switchover';
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
  { keys: ['countersRaised'], label: 'AUTO_INCREMENT counters raised', text: count('countersRaised') },
  { keys: ['startMs'], label: 'Reverse incremental running after', text: ms('startMs') },
];

/** A fact's name as words: `certificateDocument` → "Certificate document". */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * A step's facts as lines: the known ones in words, the objects Process
 * database objects has done as one list, and anything else as it is.
 */
export function factLines(step: SwitchoverStepId | null, facts: Facts): FactLine[] {
  const lines: FactLine[] = [];
  const said = new Set<string>();
  for (const rule of RULES) {
    if (!(rule.keys[0] in facts)) continue;
    rule.keys.forEach((k) => said.add(k));
    const text = rule.text(facts);
    if (text !== null) lines.push({ keys: rule.keys, label: rule.label, text });
  }
  const rest = Object.keys(facts).filter((k) => !said.has(k));
  const done = step === 'process-objects' ? rest.filter((k) => facts[k] === true) : [];
  if (done.length) lines.push({ keys: done, label: 'Objects processed', text: done.join('; ') });
  for (const key of rest.filter((k) => !done.includes(k))) lines.push({ keys: [key], label: words(key), text: String(facts[key]) });
  return lines;
}
