/**
 * Walking a table by its key: integer keys in ranges handed out several at a
 * time, other keys chunk after chunk, keyless tables as one chunk; the
 * checkpoint moves only over a contiguous run of finished chunks, so a
 * restart from it never skips a gap; a resumed walk starts after it.
 */

import { describe, expect, it } from 'vitest';
import type { ChunkOutcome } from '../../../src-worker/chunking/key-chunks';
import { boundConditions, KeyChunks } from '../../../src-worker/chunking/key-chunks';

const INT_KEY = { key: [{ name: 'id', kind: 'numeric' as const }], integerKey: true };
const TEXT_KEY = { key: [{ name: 'code', kind: 'text' as const, charset: 'utf8mb4', collation: 'utf8mb4_bin' }], integerKey: false };
const done = (rows: number, lastKey: string[] | null = null): ChunkOutcome => ({ rows, lastKey, readMs: 1000, writeMs: 1000 });

describe('KeyChunks', () => {
  it('cuts an integer key into ranges that cover it once, and checkpoints only a contiguous prefix', () => {
    const chunks = new KeyChunks(INT_KEY, null);
    chunks.setExtent('1', '20000', 20000);
    const issued = [chunks.nextChunk()!, chunks.nextChunk()!, chunks.nextChunk()!];
    expect(issued[0].bounds).toEqual({ after: ['0'], through: '5000', limit: null });
    expect(issued[1].bounds.after).toEqual([issued[0].bounds.through]);
    // The second finishes first: nothing is safe to checkpoint yet.
    expect(chunks.complete(issued[1], done(5000))).toBeNull();
    expect(chunks.complete(issued[0], done(5000))).toEqual({ lastKey: [issued[1].bounds.through], rows: 10000, done: false });
    expect(chunks.complete(issued[2], done(5000))).toMatchObject({ lastKey: [issued[2].bounds.through], rows: 15000 });
    let next = chunks.nextChunk();
    while (next) {
      chunks.complete(next, done(1000));
      next = chunks.nextChunk();
    }
    expect(chunks.dataDone).toBe(true);
    expect(chunks.checkpoint.lastKey).toEqual(['20000']);
  });

  it('keeps chunks of large values to about 4 MB, starting small before their size is known', () => {
    const wide = new KeyChunks({ ...TEXT_KEY, wideRows: true }, null);
    const first = wide.nextChunk()!;
    expect(first.bounds.limit).toBe(64);
    // 64 rows of 32 KB in a second: by time it would be 500 rows or more; by bytes 4 MB is 128 rows.
    wide.complete(first, { ...done(64, ['61']), bytes: 64 * 32768 });
    expect(wide.nextChunk()!.bounds.limit).toBe(128);
    // Narrow rows: sized by time as before.
    const narrow = new KeyChunks(TEXT_KEY, null);
    const one = narrow.nextChunk()!;
    narrow.complete(one, { ...done(5000, ['61']), bytes: 5000 * 100 });
    expect(narrow.nextChunk()!.bounds.limit).toBe(5000);
  });

  it('resumes a range walk after its checkpoint', () => {
    const chunks = new KeyChunks(INT_KEY, { lastKey: ['12000'], rows: 12000, done: false });
    chunks.setExtent('1', '20000', 20000);
    expect(chunks.nextChunk()!.bounds.after).toEqual(['12000']);
  });

  it('walks a text key one chunk at a time, after the last key of the one before, until a chunk comes back short', () => {
    const chunks = new KeyChunks(TEXT_KEY, null);
    const first = chunks.nextChunk()!;
    expect(first.bounds).toEqual({ after: null, through: null, limit: 5000 });
    expect(chunks.nextChunk()).toBeNull();
    chunks.complete(first, done(5000, ['6162']));
    const second = chunks.nextChunk()!;
    expect(second.bounds.after).toEqual(['6162']);
    chunks.complete(second, done(12, ['7a7a']));
    expect(chunks.nextChunk()).toBeNull();
    expect(chunks.checkpoint).toEqual({ lastKey: ['7a7a'], rows: 5012, done: true });
  });

  it('starts the next chunk of a text key as soon as the last key of the one before is known, and checkpoints in order', () => {
    const chunks = new KeyChunks(TEXT_KEY, null);
    const first = chunks.nextChunk()!;
    expect(chunks.nextChunk()).toBeNull();
    chunks.bound(first, ['6162']);
    const second = chunks.nextChunk()!;
    expect(second.bounds.after).toEqual(['6162']);
    chunks.bound(second, null);
    expect(chunks.nextChunk()).toBeNull();
    expect(() => chunks.bound(first, ['6163'])).toThrow(/Only the last chunk/);
    // The second finishes first: the checkpoint waits for the first.
    expect(chunks.complete(second, { ...done(12, null), exhausted: true })).toBeNull();
    expect(chunks.complete(first, done(5000, ['6162']))).toEqual({ lastKey: ['6162'], rows: 5012, done: true });
  });

  it('takes a table without a key as one chunk', () => {
    const chunks = new KeyChunks({ key: null, integerKey: false }, null);
    const only = chunks.nextChunk()!;
    expect(only.bounds).toEqual({ after: null, through: null, limit: null });
    expect(chunks.nextChunk()).toBeNull();
    chunks.complete(only, done(7));
    expect(chunks.checkpoint).toEqual({ lastKey: null, rows: 7, done: true });
  });

  it('finishes at once on an empty table', () => {
    const chunks = new KeyChunks(INT_KEY, null);
    chunks.setExtent(null, null, null);
    expect(chunks.dataDone).toBe(true);
    expect(chunks.nextChunk()).toBeNull();
  });

  it('keeps a read inside a chunk: after its first key, through its last', () => {
    expect(boundConditions(INT_KEY.key, { after: ['10'], through: '20', limit: null })).toEqual(['(`id` > 10)', '`id` <= 20']);
    expect(boundConditions(TEXT_KEY.key, { after: ['6162'], through: null, limit: 5 })).toEqual(["(`code` > CONVERT(X'6162' USING utf8mb4) COLLATE utf8mb4_bin)"]);
    expect(boundConditions(null, { after: null, through: null, limit: null })).toEqual([]);
  });
});
