/**
 * Splits a round of changes over the apply connections ("lanes"). Changes
 * that touch the same key value — the primary key or any unique key, before
 * or after — go to the same lane, in log order; a change that would join
 * two lanes ends the round instead, so per-key order always holds. Tables
 * without a key go to lane 0: their rows are matched by value, and lane 0's
 * checkpoint alone tells exactly which of their changes are applied.
 */

import type { Value } from '../../changelog/values';
import { formatName } from '../../../src-shared/settings/object-names';
import type { TextColumn } from './collation-keys';
import { comparedText } from './collation-keys';
import type { Op } from './ops';
import type { TargetTable } from './target-table';

/** The key of a text under its collation (see collation-keys.ts): equal for any two texts a unique index considers equal. */
export type TextKey = (column: TextColumn, text: string) => string;

/** Each text value of the unique keys of a row, as its collation key will be asked for. */
export function uniqueTexts(table: TargetTable, row: Value[]): { column: TextColumn; text: string }[] {
  const texts: { column: TextColumn; text: string }[] = [];
  table.uniqueKeys.forEach((key, k) =>
    key.forEach((i, c) => {
      const value = row[i];
      const column = table.text[i];
      if (column && typeof value === 'string') texts.push({ column, text: comparedText(value, column, table.uniquePrefixes[k][c]) });
    }),
  );
  return texts;
}

/** A value as its unique index compares it: text by its collation's weights, bytes by the indexed prefix, the rest exactly. */
function comparable(value: Value, column: TextColumn | null, prefix: number | null, textKey: TextKey): string {
  if (value === null) return '\u0000';
  if (Buffer.isBuffer(value)) return `0x${(prefix === null ? value : value.subarray(0, prefix)).toString('hex')}`;
  if (typeof value === 'number') return String(value);
  if (column) return textKey(column, comparedText(value, column, prefix));
  return value;
}

function rowKeys(table: TargetTable, row: Value[], tableId: string, textKey: TextKey): string[] {
  // Plain loops: this runs for every replayed row.
  const keys: string[] = [];
  for (let k = 0; k < table.uniqueKeys.length; k++) {
    const columns = table.uniqueKeys[k];
    let key = `${tableId}\u0001${k}\u0001`;
    let hasNull = false;
    for (let c = 0; c < columns.length; c++) {
      const value = row[columns[c]];
      // NULLs never collide in a unique index.
      if (value === null) {
        hasNull = true;
        break;
      }
      key += (c > 0 ? '\u0002' : '') + comparable(value, table.text[columns[c]], table.uniquePrefixes[k][c], textKey);
    }
    if (!hasNull) keys.push(key);
  }
  return keys;
}

/**
 * Each destination table's part of a key: the hash of its name, worked out once per table (a round asks
 * for it per operation). Short, so that the keys of every row are cheap to build and look up; two
 * tables whose names share a hash only order each other's rows more than needed, never less.
 */
const tableIds = new WeakMap<TargetTable, string>();
function tableIdOf(table: TargetTable): string {
  let id = tableIds.get(table);
  if (id === undefined) {
    id = hash(formatName(table.name)).toString(36);
    tableIds.set(table, id);
  }
  return id;
}

export function orderingKeys(op: Op, textKey: TextKey): string[] {
  const tableId = tableIdOf(op.table);
  if (op.table.key === null) return [`${tableId}\u0001*`];
  switch (op.kind) {
    case 'upsert':
    case 'insert':
    case 'delete':
      return rowKeys(op.table, op.row, tableId, textKey);
    default:
      return [`${tableId}\u0001*`];
  }
}

/** FNV-1a: a stable hash, so that a key's lane does not depend on the process. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Operations one multi-row statement can carry together: the same kind on the same table (keyless rows one by one). */
function batchKind(op: Op): string | null {
  return op.kind === 'upsert' || op.kind === 'insert' || op.kind === 'delete' ? op.kind : null;
}

interface Batch {
  kind: string | null;
  table: TargetTable;
  ops: Op[];
}

/**
 * Where an operation goes among a lane's batches: the latest batch of its
 * kind and table that comes after `after` (the last batch holding one of its
 * keys), so that operations on one key keep their order while a round of
 * mixed inserts, updates and deletes on many keys becomes a few multi-row
 * statements instead of hundreds of small ones. Returns the batch's index.
 */
function placeInBatches(batches: Batch[], op: Op, after: number): number {
  const kind = batchKind(op);
  if (kind !== null) {
    for (let i = batches.length - 1; i >= Math.max(after, 0); i--) {
      if (batches[i].kind === kind && batches[i].table === op.table) {
        batches[i].ops.push(op);
        return i;
      }
    }
  }
  batches.push({ kind, table: op.table, ops: [op] });
  return batches.length - 1;
}

/** The operations of one lane in an order that batches well (see placeInBatches). */
export function batchOrder(entries: { op: Op; keys: string[] }[]): Op[] {
  const batches: Batch[] = [];
  const lastBatchOfKey = new Map<string, number>();
  for (const { op, keys } of entries) {
    let after = -1;
    for (const key of keys) after = Math.max(after, lastBatchOfKey.get(key) ?? -1);
    const index = placeInBatches(batches, op, after);
    for (const key of keys) lastBatchOfKey.set(key, index);
  }
  return batches.flatMap((batch) => batch.ops);
}

export class LanePlan {
  readonly lanes: Op[][];
  /** Each lane's operations as batches (see placeInBatches), built as they are added. */
  private readonly batches: Batch[][];
  /**
   * For each key given to a lane in this round, its lane and the last batch
   * of that lane holding it, in one number (batch × laneCount + lane): one
   * lookup tells both.
   */
  private readonly placeOfKey = new Map<string, number>();
  ops = 0;

  constructor(
    readonly laneCount: number,
    private readonly textKey: TextKey,
  ) {
    this.lanes = Array.from({ length: laneCount }, () => []);
    this.batches = Array.from({ length: laneCount }, () => []);
  }

  /**
   * Adds the operations of one change to a single lane. Returns false (and
   * adds nothing) when they touch keys already given to different lanes.
   */
  add(ops: readonly Op[]): boolean {
    if (ops.length === 0) return true;
    // Plain loops: this runs for every replayed change.
    const laneCount = this.laneCount;
    const opKeys: string[][] = [];
    /** The first operation's keys' places as found (-1: new in this round). */
    const places: number[] = [];
    let taken = -1;
    for (const op of ops) {
      const keys = orderingKeys(op, this.textKey);
      opKeys.push(keys);
      if (op.table.key === null) {
        if (taken !== -1 && taken !== 0) return false;
        taken = 0;
      }
      for (const key of keys) {
        const place = this.placeOfKey.get(key);
        if (opKeys.length === 1) places.push(place ?? -1);
        if (place === undefined) continue;
        const lane = place % laneCount;
        if (taken !== -1 && taken !== lane) return false;
        taken = lane;
      }
    }
    const first = opKeys.find((keys) => keys.length > 0)?.[0];
    const lane = taken !== -1 ? taken : first !== undefined ? hash(first) % laneCount : 0;
    for (let i = 0; i < ops.length; i++) {
      const keys = opKeys[i];
      let after = -1;
      for (let j = 0; j < keys.length; j++) {
        // Later operations of a change (a key change) look again: the earlier ones have moved keys they share.
        const found = i === 0 ? places[j] : (this.placeOfKey.get(keys[j]) ?? -1);
        if (found !== -1) after = Math.max(after, (found - lane) / laneCount);
      }
      const batch = placeInBatches(this.batches[lane], ops[i], after);
      for (let j = 0; j < keys.length; j++) this.placeOfKey.set(keys[j], batch * laneCount + lane);
      this.lanes[lane].push(ops[i]);
    }
    this.ops += ops.length;
    return true;
  }

  /** A lane's operations ordered for batching (see placeInBatches). */
  batched(lane: number): Op[] {
    const ordered: Op[] = [];
    for (const batch of this.batches[lane]) for (const op of batch.ops) ordered.push(op);
    return ordered;
  }
}
