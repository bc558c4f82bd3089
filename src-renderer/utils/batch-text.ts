/**
 * Words for the batch dialogs (seed 003): what each irreversible batch action
 * cannot undo, asked to be acknowledged before it runs. Which actions are
 * irreversible comes from src-shared/lifecycle/batch.ts.
 */
import type { BatchAction } from '../../src-shared/lifecycle/batch';
import { IRREVERSIBLE_BATCH_ACTIONS } from '../../src-shared/lifecycle/batch';

const CANNOT_UNDO: Partial<Record<BatchAction, string>> = {
  release:
    "Released projects stop for good: no sync runs in either direction any more, a write fence left on a source is lifted, and Cutover's rows and change logs are removed. A released project cannot run again.",
  delete: 'Deleted projects are gone: their definitions, precheck results and logs are removed.',
  'skip-verification': 'Full verification is skipped on these projects; only a clone of a project can verify again.',
  'start-switchover':
    'The forward switchover starts on these projects: each source is made read-only (the write fence) so that applications can no longer write to it, until the switchover is cancelled or the project released.',
};

/** What an irreversible action cannot undo, or null when it can be undone. */
export function cannotUndo(action: BatchAction): string | null {
  return IRREVERSIBLE_BATCH_ACTIONS.includes(action) ? (CANNOT_UNDO[action] ?? 'This cannot be undone.') : null;
}
