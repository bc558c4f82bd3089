/**
 * Row changes as destination operations. With a key, every operation sets a
 * row to a definite state (upsert of the after image, delete by key), so
 * applying a stretch of changes again leaves the same rows: that is what
 * makes replaying the full copy's window, and the few changes a crash may
 * leave half-applied, exact. Without a key, rows are matched by all their
 * values, one row at a time.
 */

import type { DmlType } from '../../../src-shared/model/options';
import type { Image, Value } from '../../changelog/values';
import type { TargetTable } from './target-table';

export type Op =
  /** REPLACE: insert, or overwrite the row with the same key (and any row holding one of its unique values). */
  | { kind: 'upsert'; table: TargetTable; row: Value[] }
  /** Plain INSERT: a new row (keyless tables, and keyed ones outside safe mode). */
  | { kind: 'insert'; table: TargetTable; row: Value[] }
  /** DELETE by key; `row` is the full before image, for ordering by unique values. */
  | { kind: 'delete'; table: TargetTable; key: Value[]; row: Value[] }
  /** Keyless: delete one row with exactly these values. */
  | { kind: 'delete-row'; table: TargetTable; row: Value[] }
  /** Keyless: change one row with exactly the before values. */
  | { kind: 'update-row'; table: TargetTable; before: Value[]; after: Value[] };

/** A row change after the row filter: which images still apply. */
export interface FilteredChange {
  kind: DmlType;
  before: Image | null;
  after: Image | null;
}

/** Tables that write every column of the image, in its order: their rows are the images themselves. */
const writesWholeImage = new WeakMap<TargetTable, boolean>();

function wholeImage(table: TargetTable): boolean {
  let whole = writesWholeImage.get(table);
  if (whole === undefined) {
    whole = table.imageIndex.every((index, column) => index === column);
    writesWholeImage.set(table, whole);
  }
  return whole;
}

/** A source row image as the values of the written columns, in their order (the image itself, not a copy, when they are the same: images are never changed). */
export function targetRow(table: TargetTable, image: Image): Value[] {
  if (image.length === table.imageIndex.length && wholeImage(table)) return image;
  return table.imageIndex.map((i) => image[i] ?? null);
}

function sameKey(table: TargetTable, a: Value[], b: Value[]): boolean {
  return table.key!.every((i) => valueEquals(a[i], b[i]));
}

function valueEquals(a: Value, b: Value): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return a === b;
}

export function opsFor(change: FilteredChange, table: TargetTable, safe: boolean): Op[] {
  const before = change.before ? targetRow(table, change.before) : null;
  const after = change.after ? targetRow(table, change.after) : null;
  if (table.key === null) {
    if (change.kind === 'insert') return [{ kind: 'insert', table, row: after! }];
    if (change.kind === 'delete') return [{ kind: 'delete-row', table, row: before! }];
    return [{ kind: 'update-row', table, before: before!, after: after! }];
  }
  const keyOf = (row: Value[]) => table.key!.map((i) => row[i]);
  switch (change.kind) {
    case 'insert':
      return [{ kind: safe ? 'upsert' : 'insert', table, row: after! }];
    case 'delete':
      return [{ kind: 'delete', table, key: keyOf(before!), row: before! }];
    case 'update':
      // A key change is a delete of the old row and an upsert of the new one; otherwise the after image replaces the row.
      return sameKey(table, before!, after!)
        ? [{ kind: 'upsert', table, row: after! }]
        : [
            { kind: 'delete', table, key: keyOf(before!), row: before! },
            { kind: 'upsert', table, row: after! },
          ];
  }
}
