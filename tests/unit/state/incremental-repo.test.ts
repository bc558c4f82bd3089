/**
 * Forward and reverse incremental state live side by side: each direction
 * has its own positions, checkpoint, statistics and DDL history, and writing
 * one never shows in the other.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../../src-main/core/state/db';
import { openStateDb } from '../../../src-main/core/state/db';
import { IncrementalRepo } from '../../../src-main/core/state/repos/incremental-repo';
import { seedProject } from './seed';

let root: string;
let db: Db;
const P = 'p1';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cutover-incremental-repo-'));
  db = openStateDb(root);
  seedProject(db, P);
});

afterEach(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

it('keeps the reverse stream apart from the forward one', () => {
  const forward = new IncrementalRepo(db);
  const reverse = new IncrementalRepo(db, 'reverse');
  forward.setStartPosition(P, { file: 'src-bin.000001', pos: 4, gtid: null });
  reverse.setStartPosition(P, { file: 'dst-bin.000007', pos: 1234, gtid: null });
  reverse.setReplay(P, { checkpoint: { file: 'dst-bin.000007', pos: 2000, gtid: null, changeId: 9, eventTs: null }, latencyMs: 40, replayTimestamp: null, heartbeat: true, safeMode: false });
  reverse.addStats(P, [{ source: { database: 'd', table: 't' }, target: { database: 's', table: 't' }, inserts: 3, updates: 2, deletes: 1, ddl: 0 }]);
  reverse.addDdl(P, { changeId: 5, database: 'd', statement: 'ALTER TABLE t DROP COLUMN x', applied: null, outcome: 'ignored', detail: null });

  expect(forward.startPosition(P)).toEqual({ file: 'src-bin.000001', pos: 4, gtid: null });
  expect(reverse.startPosition(P)).toEqual({ file: 'dst-bin.000007', pos: 1234, gtid: null });
  expect(forward.status(P, true).checkpoint).toBeNull();
  expect(reverse.status(P, true)).toMatchObject({ checkpoint: { changeId: 9 }, latencyMs: 40, heartbeat: true });
  expect(forward.stats(P)).toEqual([]);
  expect(reverse.stats(P)).toEqual([{ source: { database: 'd', table: 't' }, target: { database: 's', table: 't' }, inserts: 3, updates: 2, deletes: 1, ddl: 0 }]);
  expect(forward.ddl(P)).toEqual([]);
  expect(reverse.ddl(P).map((d) => d.outcome)).toEqual(['ignored']);

  // Deleting the project removes both.
  db.prepare('DELETE FROM projects WHERE id = ?').run(P);
  expect(reverse.startPosition(P)).toBeNull();
  expect(reverse.stats(P)).toEqual([]);
});
