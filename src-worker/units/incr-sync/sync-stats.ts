/** Synchronization Object Statistics (F-32): inserts, updates, deletes and DDL replayed per source table, reported as deltas. */

import type { QualifiedName } from '../../../src-shared/model/objects';
import { formatName } from '../../../src-shared/settings/object-names';

interface Counts {
  source: QualifiedName;
  target: QualifiedName;
  inserts: number;
  updates: number;
  deletes: number;
  ddl: number;
}

export class SyncStats {
  private pending = new Map<string, Counts>();

  constructor(private readonly enabled: boolean) {}

  count(source: QualifiedName, target: QualifiedName, kind: 'insert' | 'update' | 'delete' | 'ddl'): void {
    if (!this.enabled) return;
    const key = formatName(source);
    let counts = this.pending.get(key);
    if (!counts) {
      counts = { source, target, inserts: 0, updates: 0, deletes: 0, ddl: 0 };
      this.pending.set(key, counts);
    }
    if (kind === 'insert') counts.inserts++;
    else if (kind === 'update') counts.updates++;
    else if (kind === 'delete') counts.deletes++;
    else counts.ddl++;
  }

  /** The counts since the last call. */
  take(): Counts[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }
}
