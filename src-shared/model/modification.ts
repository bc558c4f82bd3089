/**
 * Modifying the objects of a running project (F-17, seed 001 statuses
 * Modifying and Integrating): tables added get their schema and a full copy
 * while the project's replay keeps going (Modifying); then a catch-up replay
 * brings them to where the project's replay stands, and they join it
 * (Integrating). Tables removed leave the replay at once; their destination
 * tables stay as they are.
 */

import type { BinlogPosition } from './incremental';
import type { QualifiedName } from './objects';

export const MODIFICATION_STATUSES = ['modifying', 'integrating', 'completed', 'failed'] as const;
export type ModificationStatus = (typeof MODIFICATION_STATUSES)[number];

export const MODIFICATION_STATUS_LABELS: Record<ModificationStatus, string> = {
  modifying: 'Modifying',
  integrating: 'Integrating',
  completed: 'Completed',
  failed: 'Failed',
};

export interface ObjectModification {
  id: number;
  projectId: string;
  status: ModificationStatus;
  /** The include rules the user added, as written. */
  rules: string[];
  /** Source tables the rules added to the project. */
  added: QualifiedName[];
  /** Source tables removed from the project. */
  removed: QualifiedName[];
  /** The source's binlog position before the added tables were first read: their catch-up replays from here. */
  startPosition: BinlogPosition | null;
  error: string | null;
  createdAt: string;
  endedAt: string | null;
}

/** A modification that is not over yet: Modifying or Integrating. */
export function isOpenModification(m: Pick<ObjectModification, 'status'> | null): boolean {
  return m !== null && (m.status === 'modifying' || m.status === 'integrating');
}
