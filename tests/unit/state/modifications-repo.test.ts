/**
 * Modifications of a running project's objects in the state database: the
 * open one (Modifying, Integrating) is what a run drives, its start position
 * survives a reopen as after a crash, and a completed one is history.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../../src-main/core/state/db';
import { openStateDb } from '../../../src-main/core/state/db';
import { ModificationsRepo } from '../../../src-main/core/state/repos/modifications-repo';
import { seedProject } from './seed';

let root: string;
let db: Db;
const P = 'p1';
const t = (table: string) => ({ database: 'app', table });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cutover-modifications-repo-'));
  db = openStateDb(root);
  seedProject(db, P);
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(root, { recursive: true, force: true });
});

it('keeps the open modification through its phases and a reopen, then as history once completed', () => {
  const repo = new ModificationsRepo(db);
  expect(repo.open(P)).toBeNull();
  const removal = repo.create(P, { status: 'completed', rules: [], added: [], removed: [t('old')] });
  expect(removal.endedAt).not.toBeNull();
  expect(repo.open(P)).toBeNull();

  const adding = repo.create(P, { status: 'modifying', rules: ['app.n_*'], added: [t('n_1'), t('n_2')], removed: [] });
  expect(repo.open(P)?.id).toBe(adding.id);
  repo.setStartPosition(adding.id, { file: 'bin.000003', pos: 1234, gtid: '0-1-7' });
  db.close();

  db = openStateDb(root);
  const reopened = new ModificationsRepo(db);
  expect(reopened.open(P)).toMatchObject({ status: 'modifying', rules: ['app.n_*'], added: [t('n_1'), t('n_2')], startPosition: { file: 'bin.000003', pos: 1234, gtid: '0-1-7' } });
  reopened.setStatus(adding.id, 'integrating');
  expect(reopened.open(P)?.status).toBe('integrating');
  reopened.setStatus(adding.id, 'completed');
  expect(reopened.open(P)).toBeNull();
  expect(reopened.latest(P)).toMatchObject({ id: adding.id, status: 'completed' });
  expect(reopened.list(P).map((m) => m.status)).toEqual(['completed', 'completed']);
});

it('writes nothing of a transaction that fails', () => {
  const repo = new ModificationsRepo(db);
  expect(() =>
    repo.transaction(() => {
      repo.create(P, { status: 'modifying', rules: ['app.x'], added: [t('x')], removed: [] });
      throw new Error('the rest failed');
    }),
  ).toThrow('the rest failed');
  expect(repo.latest(P)).toBeNull();
});
