import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RowDifference } from '../../../src-shared/model/verify';
import type { Db } from '../../../src-main/core/state/db';
import { openStateDb } from '../../../src-main/core/state/db';
import { VerifyRepo } from '../../../src-main/core/state/repos/verify-repo';
import { seedProject } from '../state/seed';

let root: string;
let db: Db;
let repo: VerifyRepo;
const P = 'p1';
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cutover-verify-repo-'));
  db = openStateDb(root);
  seedProject(db, P);
  repo = new VerifyRepo(db);
  repo.sync(P, [
    { id: 'db.t', target: { database: 'db', table: 't' }, sources: [{ database: 'db', table: 't' }], keyColumns: ['code'], rowsEstimated: 10 },
    { id: 'db.k', target: { database: 'db', table: 'k' }, sources: [{ database: 'db', table: 'k' }], keyColumns: null, rowsEstimated: 5 },
  ]);
  repo.update(P, 'db.t', { status: 'running', columns: [{ name: 'code', kind: 'text' }, { name: 'n', kind: 'number' }] });
});

afterEach(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

const only = (category: RowDifference['category'], key: string, values: (string | null)[]): RowDifference => ({
  key: [hex(key)],
  category,
  columns: ['code', 'n'],
  source: category === 'source-only' ? values : null,
  destination: category === 'destination-only' ? values : null,
  cause: null,
});

describe('verification results', () => {
  it('keeps one row per key when a range is verified again', () => {
    const difference: RowDifference = { key: [hex('a')], category: 'mismatch', columns: ['n'], source: [hex('a'), '1'], destination: [hex('a'), '2'], cause: null };
    repo.record(P, 'db.t', 'confirmed', [difference]);
    repo.record(P, 'db.t', 'confirmed', [difference]);
    expect(repo.differences(P).total).toBe(1);
  });

  it('matches a row seen on one side only in one range and on the other side only in another', () => {
    repo.record(P, 'db.t', 'confirmed', [only('source-only', 'A', [hex('A'), '1']), only('source-only', 'b', [hex('b'), '1'])]);
    // The same values: no difference at all.
    repo.record(P, 'db.t', 'confirmed', [only('destination-only', 'A', [hex('A'), '1'])]);
    // Other values: one mismatch, by column.
    repo.record(P, 'db.t', 'confirmed', [only('destination-only', 'b', [hex('b'), '7'])]);
    const rows = repo.differences(P).rows;
    expect(rows.map((r) => `${r.key} ${r.category} ${r.columns}`)).toEqual([`${hex('b')} mismatch n`]);
    expect(rows[0].source).toEqual([hex('b'), '1']);
    expect(rows[0].destination).toEqual([hex('b'), '7']);
  });

  it('decides consistent or inconsistent from the differences kept, and counts them', () => {
    repo.record(P, 'db.t', 'confirmed', [only('source-only', 'x', [hex('x'), '1'])]);
    repo.finishVerified(P, 'db.t', 10);
    repo.finishVerified(P, 'db.k', 5);
    expect(repo.tables(P).map((t) => [t.id, t.status, t.counts.sourceOnly])).toEqual([
      ['db.t', 'inconsistent', 1],
      ['db.k', 'consistent', 0],
    ]);
    expect(repo.summary(P)).toMatchObject({ tables: 2, consistent: 1, inconsistent: 1, rowsVerified: 15, counts: { sourceOnly: 1, destinationOnly: 0, mismatch: 0 } });
  });

  it('reverifies everything, the abnormal tables, or only the rows that differed', () => {
    repo.record(P, 'db.t', 'confirmed', [only('source-only', 'x', [hex('x'), '1'])]);
    repo.finishVerified(P, 'db.t', 10);
    repo.finishVerified(P, 'db.k', 5);
    repo.reverify(P, 'records');
    expect(repo.pending(P).map((t) => [t.id, t.recordsOnly])).toEqual([['db.t', true]]);
    expect(repo.differenceKeys(P, 'db.t')).toEqual([[hex('x')]]);
    repo.resolve(P, 'db.t', [[hex('x')]]);
    repo.finishVerified(P, 'db.t', 1);
    expect(repo.tables(P).map((t) => t.status)).toEqual(['consistent', 'consistent']);

    repo.record(P, 'db.t', 'confirmed', [only('source-only', 'y', [hex('y'), '1'])]);
    repo.update(P, 'db.t', { status: 'inconsistent' });
    repo.reverify(P, 'abnormal');
    expect(repo.pending(P).map((t) => t.id)).toEqual(['db.t']);
    expect(repo.differences(P).total).toBe(0);
    repo.reverify(P, 'all');
    expect(repo.pending(P).map((t) => t.id)).toEqual(['db.t', 'db.k']);
  });

  it('drops the results of objects no longer in the project', () => {
    repo.record(P, 'db.t', 'confirmed', [only('source-only', 'x', [hex('x'), '1'])]);
    repo.sync(P, [{ id: 'db.k', target: { database: 'db', table: 'k' }, sources: [{ database: 'db', table: 'k' }], keyColumns: null, rowsEstimated: 5 }]);
    expect(repo.tables(P).map((t) => t.id)).toEqual(['db.k']);
    expect(repo.differences(P).total).toBe(0);
  });
});
