/**
 * Batch operations on projects (seed 003 "More Batch Operations"): the
 * actions, the lifecycle action each is judged by, and a result per project.
 */

import type { ProjectStatus } from '../model/project';
import type { UserAction } from './project-lifecycle';

export const BATCH_ACTIONS = ['start', 'pause', 'resume', 'release', 'delete', 'alert', 'skip-verification', 'enter-switchover', 'start-switchover'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

/** The lifecycle action that decides, per project, whether a batch action may run on it. */
export const BATCH_TRANSITIONS: Record<BatchAction, UserAction> = {
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  release: 'release',
  delete: 'delete',
  alert: 'modifyAlert',
  'skip-verification': 'skipVerification',
  'enter-switchover': 'enterSwitchover',
  'start-switchover': 'startSwitchover',
};

export const BATCH_ACTION_LABELS: Record<BatchAction, string> = {
  start: 'Batch Start',
  pause: 'Batch Pause',
  resume: 'Batch Resume',
  release: 'Batch Release',
  delete: 'Batch Delete',
  alert: 'Batch Modify Alert Configuration',
  'skip-verification': 'Batch Skip Full Verification',
  'enter-switchover': 'Batch Enter Forward Switchover',
  'start-switchover': 'Batch Start Forward Switchover',
};

/** Actions that cannot be undone: the CLI asks for --yes and the UI for a second confirmation. */
export const IRREVERSIBLE_BATCH_ACTIONS: readonly BatchAction[] = ['release', 'delete', 'skip-verification', 'start-switchover'];

export interface BatchResult {
  id: string;
  /** Null when no project has this id. */
  name: string | null;
  /** When the project last changed (what the seed's dialog lists beside its name). */
  latestAt: string | null;
  ok: boolean;
  /** Why it was refused or failed; null when it qualified (dry run) or succeeded. */
  reason: string | null;
  /** The project's status after the action (null when there is no such project, or it was deleted). */
  status: ProjectStatus | null;
}
