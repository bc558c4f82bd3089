/**
 * The switchover's steps and journal in the state database: each applied
 * event changes the steps and adds one journal entry in one transaction; a
 * refused event changes neither; the facts survive a reopen, as after a
 * crash.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { switchoverStepsFor } from '../../../src-shared/lifecycle/migration-types';
import type { Db } from '../../../src-main/core/state/db';
import { openStateDb } from '../../../src-main/core/state/db';
import { SwitchoverRepo } from '../../../src-main/core/state/repos/switchover-repo';
import { seedProject } from './seed';

let root: string;
let db: Db;
const P = 'p1';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cutover-switchover-repo-'));
  db = openStateDb(root);
  seedProject(db, P);
  const insert = db.prepare('INSERT INTO switchover_steps (project_id, step, position) VALUES (?, ?, ?)');
  switchoverStepsFor(['schema', 'full', 'incremental', 'reverse']).forEach((s, i) => insert.run(P, s, i));
});

afterEach(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

describe('SwitchoverRepo', () => {
  it('applies events to the steps and journals each one, facts included, across a reopen', () => {
    const repo = new SwitchoverRepo(db);
    repo.apply(P, { kind: 'begin', step: 'start' }, 't1');
    repo.apply(P, { kind: 'succeed', step: 'start' }, 't2');
    repo.apply(P, { kind: 'begin', step: 'precheck' }, 't3');
    repo.apply(P, { kind: 'fail', step: 'precheck', error: 'latency 40 s', facts: { latencyMs: 40_000 } }, 't4');
    db.close();
    db = openStateDb(root);
    const reopened = new SwitchoverRepo(db);
    expect(reopened.steps(P).slice(0, 2)).toEqual([
      { step: 'start', status: 'succeeded', startedAt: 't1', endedAt: 't2', error: null, facts: {} },
      { step: 'precheck', status: 'failed', startedAt: 't3', endedAt: 't4', error: 'latency 40 s', facts: { latencyMs: 40_000 } },
    ]);
    expect(reopened.journal(P).map((e) => [e.step, e.event, e.facts, e.error, e.at])).toEqual([
      ['start', 'begin', null, null, 't1'],
      ['start', 'succeed', null, null, 't2'],
      ['precheck', 'begin', null, null, 't3'],
      ['precheck', 'fail', { latencyMs: 40_000 }, 'latency 40 s', 't4'],
    ]);
  });

  it('refuses what the step machine does not allow, changing nothing and journaling nothing', () => {
    const repo = new SwitchoverRepo(db);
    repo.apply(P, { kind: 'begin', step: 'start' });
    const before = repo.steps(P);
    expect(() => repo.apply(P, { kind: 'begin', step: 'stop-forward-sync' })).toThrow(/Not possible: the switchover is at "Start forward switchover"/);
    expect(() => repo.apply(P, { kind: 'skip', step: 'start', confirmed: true })).toThrow(/cannot be skipped/);
    expect(repo.steps(P)).toEqual(before);
    expect(repo.journal(P)).toHaveLength(1);
  });

  it('journals a cancel as concerning every step, and starts the steps over', () => {
    const repo = new SwitchoverRepo(db);
    repo.apply(P, { kind: 'begin', step: 'start' });
    repo.apply(P, { kind: 'succeed', step: 'start' });
    repo.apply(P, { kind: 'cancel' });
    expect(repo.steps(P).every((s) => s.status === 'pending' && s.startedAt === null)).toBe(true);
    expect(repo.journal(P).at(-1)).toMatchObject({ step: null, event: 'cancel' });
  });
});
