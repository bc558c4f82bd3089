/**
 * The Full-Verification worker against real MariaDB servers, driven
 * directly: planted differences of every kind are found exactly (the right
 * rows, the right columns, the likely cause), and identical tables of every
 * type, key shape, merge, filter and subset give no false positive.
 */

import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyConfig, VerifyTableTask } from '../../src-shared/contract/units/verify';
import type { CopyCheckpoint, KeyColumn, RowDifference } from '../../src-shared/model';
import { ForkLauncher } from '../../src-main/node/fork-launcher';
import { PACKAGE_ROOT } from '../../src-main/node/node-host';
import { runUnit } from '../../src-main/core/workers/run-unit';
import { exec, mariadbPair, servers } from './helpers';

const { source, destination } = servers();
const launcher = new ForkLauncher(join(PACKAGE_ROOT, 'src-worker', 'entry.ts'));
const ID: KeyColumn[] = [{ name: 'id', kind: 'numeric' }];
const DB = 'vw';

function task(name: string, over: Partial<VerifyTableTask> = {}): VerifyTableTask {
  return {
    id: `${DB}.${name}`,
    target: { database: DB, table: name },
    sources: [{ source: { database: DB, table: name }, where: null }],
    columns: null,
    key: ID,
    rowsEstimated: null,
    checkpoint: null,
    records: null,
    differencesSoFar: 0,
    ...over,
  };
}

function config(tables: VerifyTableTask[], over: Partial<VerifyConfig> = {}): VerifyConfig {
  return {
    ...mariadbPair(),
    tables,
    slots: 3,
    rpsLimit: null,
    differenceCap: 10_000,
    keylessRowLimit: 100_000,
    replay: null,
    ...over,
  };
}

interface Outcome {
  status: Map<string, { status: string; reason: string | null; rowsVerified: number }>;
  differences: Map<string, RowDifference[]>;
  checkpoints: Map<string, CopyCheckpoint>;
  result: { paused: boolean; verified: number; failed: number };
}

async function verify(tables: VerifyTableTask[], over: Partial<VerifyConfig> = {}): Promise<Outcome> {
  const outcome: Omit<Outcome, 'result'> = { status: new Map(), differences: new Map(), checkpoints: new Map() };
  const result = await runUnit(launcher, 'verify', config(tables, over), {
    onEvent: (e) => {
      if (e.type === 'table') outcome.status.set(e.id, { status: e.status, reason: e.reason, rowsVerified: e.rowsVerified });
      if (e.type === 'differences') outcome.differences.set(e.id, [...(outcome.differences.get(e.id) ?? []), ...e.rows]);
    },
    onCheckpoint: (c) => outcome.checkpoints.set(c.table, c.checkpoint),
  });
  return { ...outcome, result };
}

/** Runs the same statements on both servers: identical tables, before any difference is planted. */
async function onBoth(sql: string): Promise<void> {
  await exec(source, sql);
  await exec(destination, sql);
}

function summary(differences: RowDifference[] = []) {
  return differences
    .map((d) => ({ key: d.key?.join(',') ?? null, category: d.category, columns: d.columns.join(','), cause: d.cause }))
    .sort((a, b) => Number(a.key) - Number(b.key));
}

describe('Full-Verification worker', () => {
  beforeAll(async () => {
    const fidelity = join(import.meta.dirname, 'cases', 'fidelity');
    await onBoth(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB}; ${readFileSync(join(fidelity, 'schema.sql'), 'utf8')}`);
    await onBoth(`USE ${DB}; ${readFileSync(join(fidelity, 'data.sql'), 'utf8')}`);
    await onBoth(
      `USE ${DB};
       CREATE TABLE planted (id INT PRIMARY KEY, v VARCHAR(20), dt DATETIME, f FLOAT, note VARCHAR(20) NULL, n INT);
       INSERT INTO planted SELECT seq * 2, CONCAT('v', seq), '2024-01-01 00:00:00' + INTERVAL seq MINUTE, seq / 4, IF(seq % 2, NULL, CONCAT('n', seq)), seq FROM seq_1_to_20000;
       CREATE TABLE keyless (x INT, y VARCHAR(10));
       INSERT INTO keyless SELECT seq % 10, CONCAT('y', seq % 7) FROM seq_1_to_500;
       CREATE TABLE composite (a INT, b VARCHAR(10) COLLATE utf8mb4_general_ci, c INT, PRIMARY KEY (a, b));
       INSERT INTO composite SELECT seq % 17, CONCAT(ELT(1 + seq % 4, 'a', 'B', 'ä', 'Ö'), seq), seq FROM seq_1_to_12000;
       CREATE TABLE texts (code VARCHAR(20) COLLATE utf8mb4_general_ci PRIMARY KEY, n INT);
       INSERT INTO texts SELECT CONCAT(ELT(1 + seq % 4, 'a', 'B', 'ä', 'Ö'), LPAD(seq, 6, '0')), seq FROM seq_1_to_9000;
       CREATE TABLE filtered (id INT PRIMARY KEY, keep TINYINT, note VARCHAR(20), secret VARCHAR(20));
       INSERT INTO filtered SELECT seq, seq % 2, CONCAT('n', seq), 'secret' FROM seq_1_to_2000;
       CREATE TABLE shard_1 (id INT PRIMARY KEY, v INT);
       CREATE TABLE shard_2 LIKE shard_1;`,
    );
    await exec(source, `USE ${DB}; INSERT INTO shard_1 SELECT seq, seq FROM seq_1_to_3000; INSERT INTO shard_2 SELECT seq + 100000, seq FROM seq_1_to_3000;`);
    // On the destination: the merge of both shards, and only the filtered rows and columns.
    await exec(
      destination,
      `USE ${DB}; CREATE TABLE shard LIKE shard_1; INSERT INTO shard SELECT seq, seq FROM seq_1_to_3000; INSERT INTO shard SELECT seq + 100000, seq FROM seq_1_to_3000;
       DELETE FROM filtered WHERE keep = 0; UPDATE filtered SET secret = NULL;`,
    );
  });

  afterAll(async () => {
    await onBoth(`DROP DATABASE IF EXISTS ${DB}`);
  });

  it('finds no difference between identical tables of every type, key shape, merge, filter and subset', async () => {
    const outcome = await verify([
      task('fidelity'),
      task('composite', { key: [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'text', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }] }),
      task('texts', { key: [{ name: 'code', kind: 'text', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }] }),
      task('keyless', { key: null }),
      task('shard', {
        sources: [
          { source: { database: DB, table: 'shard_1' }, where: null },
          { source: { database: DB, table: 'shard_2' }, where: null },
        ],
      }),
      task('filtered', { sources: [{ source: { database: DB, table: 'filtered' }, where: 'keep = 1' }], columns: ['id', 'keep', 'note'] }),
    ]);
    expect(outcome.result).toEqual({ paused: false, verified: 6, failed: 0 });
    expect([...outcome.differences.entries()]).toEqual([]);
    expect(outcome.status.get(`${DB}.composite`)).toMatchObject({ status: 'verified', rowsVerified: 12000 });
    expect(outcome.status.get(`${DB}.shard`)).toMatchObject({ status: 'verified', rowsVerified: 6000 });
    expect(outcome.status.get(`${DB}.filtered`)).toMatchObject({ status: 'verified', rowsVerified: 1000 });
    expect(outcome.checkpoints.get(`${DB}.texts`)).toMatchObject({ done: true, rows: 9000 });
  });

  it('finds exactly the planted differences, with the columns and the likely cause', async () => {
    await exec(
      destination,
      `USE ${DB};
       UPDATE planted SET n = n + 1 WHERE id = 100;
       DELETE FROM planted WHERE id = 200;
       INSERT INTO planted VALUES (7001, 'extra', NULL, NULL, NULL, 0), (90000, 'beyond', NULL, NULL, NULL, 0);
       UPDATE planted SET dt = dt + INTERVAL 10 MINUTE WHERE id IN (1000, 1002, 1004, 1006);
       UPDATE planted SET dt = dt + INTERVAL 1 HOUR WHERE id = 6000;
       UPDATE planted SET v = CONCAT(v, '  ') WHERE id = 3000;
       UPDATE planted SET note = '' WHERE id = 4002;
       UPDATE planted SET f = 1.50001 WHERE id = 12;
       INSERT INTO keyless SELECT * FROM keyless WHERE x = 3 AND y = 'y3' LIMIT 1;`,
    );
    const outcome = await verify([task('planted', { rowsEstimated: 20000 }), task('keyless', { key: null })]);
    expect(outcome.result).toEqual({ paused: false, verified: 2, failed: 0 });
    expect(summary(outcome.differences.get(`${DB}.planted`))).toEqual([
      { key: '12', category: 'mismatch', columns: 'f', cause: 'float precision' },
      { key: '100', category: 'mismatch', columns: 'n', cause: null },
      { key: '200', category: 'source-only', columns: 'id,v,dt,f,note,n', cause: null },
      { key: '1000', category: 'mismatch', columns: 'dt', cause: null },
      { key: '1002', category: 'mismatch', columns: 'dt', cause: null },
      { key: '1004', category: 'mismatch', columns: 'dt', cause: null },
      { key: '1006', category: 'mismatch', columns: 'dt', cause: null },
      { key: '3000', category: 'mismatch', columns: 'v', cause: 'trailing spaces' },
      { key: '4002', category: 'mismatch', columns: 'note', cause: "NULL on one side, '' on the other" },
      { key: '6000', category: 'mismatch', columns: 'dt', cause: 'time-zone offset (destination +1:00)' },
      { key: '7001', category: 'destination-only', columns: 'id,v,dt,f,note,n', cause: null },
      { key: '90000', category: 'destination-only', columns: 'id,v,dt,f,note,n', cause: null },
    ]);
    const shifted = outcome.differences.get(`${DB}.planted`)!.find((d) => d.key?.[0] === '1000')!;
    expect(shifted.source?.[2]).toBe('2024-01-01 08:20:00');
    expect(shifted.destination?.[2]).toBe('2024-01-01 08:30:00');
    expect(summary(outcome.differences.get(`${DB}.keyless`))).toEqual([{ key: null, category: 'destination-only', columns: 'x,y', cause: null }]);
    expect(outcome.differences.get(`${DB}.keyless`)![0].destination).toEqual(['3', '7933']);
  });

  it('verifies only the recorded rows again, and says which now agree', async () => {
    await exec(destination, `USE ${DB}; UPDATE planted SET n = n - 1 WHERE id = 100;`);
    const records = [['100'], ['200'], ['3000']];
    const resolved: string[][] = [];
    const differences: RowDifference[] = [];
    await runUnit(launcher, 'verify', config([task('planted', { records })]), {
      onEvent: (e) => {
        if (e.type === 'resolved') resolved.push(...(e.keys ?? []));
        if (e.type === 'differences') differences.push(...e.rows);
      },
    });
    expect(resolved).toEqual([['100']]);
    expect(summary(differences).map((d) => `${d.key} ${d.category}`)).toEqual(['200 source-only', '3000 mismatch']);
  });

  it('stops a table at the difference cap, and says why a table cannot be verified', async () => {
    await exec(destination, `USE ${DB}; UPDATE planted SET n = n + 1 WHERE id BETWEEN 20000 AND 20200;`);
    const outcome = await verify(
      [task('planted'), task('nowhere'), task('keyless', { key: null })],
      { differenceCap: 25, keylessRowLimit: 100 },
    );
    expect(outcome.status.get(`${DB}.planted`)).toMatchObject({ status: 'capped', reason: 'stopped after 25 differences' });
    expect(outcome.differences.get(`${DB}.planted`)).toHaveLength(25);
    expect(outcome.status.get(`${DB}.nowhere`)).toMatchObject({ status: 'unverifiable', reason: `the destination table ${DB}.nowhere does not exist` });
    expect(outcome.status.get(`${DB}.keyless`)?.reason).toMatch(/no key and its differing rows lie among 501 rows, more than the 100/);
  });

  it('reads only the hash buckets that differ of a large table without a key', async () => {
    await onBoth(`USE ${DB}; DROP TABLE IF EXISTS wide_keyless; CREATE TABLE wide_keyless (a INT, b VARCHAR(20));
      INSERT INTO wide_keyless SELECT seq, CONCAT('b', seq % 100) FROM seq_1_to_40000;`);
    await exec(destination, `USE ${DB}; UPDATE wide_keyless SET b = 'changed' WHERE a = 777; INSERT INTO wide_keyless VALUES (777, 'b77');
      INSERT INTO wide_keyless VALUES (90000, NULL);`);
    // 40,000 rows on each side, far over the limit; the three differing buckets of about 2,000 rows each are not.
    const outcome = await verify([task('wide_keyless', { key: null })], { keylessRowLimit: 8000 });
    expect(outcome.status.get(`${DB}.wide_keyless`)).toMatchObject({ status: 'verified', rowsVerified: 40000 });
    const found = outcome.differences.get(`${DB}.wide_keyless`)!.map((d) => `${d.category} ${JSON.stringify(d.source ?? d.destination)}`).sort();
    expect(found).toEqual([`destination-only ["777","${Buffer.from('changed').toString('hex').toUpperCase()}"]`, 'destination-only ["90000",null]']);
  });
});
