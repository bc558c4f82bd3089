/**
 * Conversion notes: every change a converter makes to a definition, named the
 * way the conversion report shows it (`db.table`, `db.table.column`,
 * `db.table index ix_name`, `db.view`), always by the source's names.
 */

import type { QualifiedName } from '../../src-shared/model/objects';
import type { ConversionNote } from '../../src-shared/model/schema';

/** One change made to a definition, before it is attached to an object. */
export interface Change {
  from: string;
  to: string;
  lossy: boolean;
  reason: string;
}

export function objectName(name: QualifiedName): string {
  return `${name.database}.${name.table}`;
}

/** Collects the notes of one object's conversion. */
export class Notes {
  readonly list: ConversionNote[] = [];

  constructor(private readonly base: string) {}

  table(change: Change): void {
    this.list.push({ object: this.base, ...change });
  }

  column(column: string, change: Change): void {
    this.list.push({ object: `${this.base}.${column}`, ...change });
  }

  index(index: string, change: Change): void {
    this.list.push({ object: `${this.base} index ${index}`, ...change });
  }

  constraint(constraint: string, change: Change): void {
    this.list.push({ object: `${this.base} constraint ${constraint}`, ...change });
  }
}
