/**
 * The Full-Import worker against real MariaDB servers, driven directly: every
 * type's edge values arrive identical (LOAD DATA and INSERT), each chunking
 * mode copies every row exactly once, filters/subsets/renames/merges apply,
 * checkpoints resume, and a non-empty destination is refused.
 */

import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyTable, FullImportConfig } from '../../src-shared/contract/units/full-import';
import type { CopyCheckpoint } from '../../src-shared/model';
import { ForkLauncher } from '../../src-main/node/fork-launcher';
import { PACKAGE_ROOT } from '../../src-main/node/node-host';
import { runUnit } from '../../src-main/core/workers/run-unit';
import { compareTable, isIdentical } from './compare';
import { exec, mariadbPair, rootConnection, servers } from './helpers';

const { source, destination } = servers();
const launcher = new ForkLauncher(join(PACKAGE_ROOT, 'src-worker', 'entry.ts'));

/** Creates the destination table as the source has it (the schema stage's job, done here by hand). */
async function cloneTable(db: string, table: string, targetDb = db, targetTable = table): Promise<void> {
  const src = await rootConnection(source);
  const [rows] = await src.query(`SHOW CREATE TABLE \`${db}\`.\`${table}\``);
  await src.end();
  const ddl = (rows as Record<string, string>[])[0]['Create Table'].replace(/^CREATE TABLE `[^`]+`/, `CREATE TABLE \`${targetDb}\`.\`${targetTable}\``);
  await exec(destination, `CREATE DATABASE IF NOT EXISTS \`${targetDb}\`; DROP TABLE IF EXISTS \`${targetDb}\`.\`${targetTable}\`; ${ddl}`);
}

function table(id: string, over: Partial<CopyTable> = {}): CopyTable {
  const [database, name] = id.split('.');
  return {
    id,
    source: { database, table: name },
    target: { database, table: name },
    columns: null,
    where: null,
    key: null,
    rowsEstimated: null,
    checkpoint: null,
    resumed: false,
    indexes: [],
    ...over,
  };
}

function config(tables: CopyTable[], over: Partial<FullImportConfig> = {}): FullImportConfig {
  return {
    ...mariadbPair(),
    tables,
    slots: 4,
    rpsLimit: null,
    bytesPerSecondLimit: null,
    targetNotEmpty: 'stop',
    writeMode: 'auto',
    snapshotKeyless: false,
    fence: null,
    ...over,
  };
}

async function copy(tables: CopyTable[], over: Partial<FullImportConfig> = {}) {
  const events: { type: string; id?: unknown; status?: string; error?: string | null }[] = [];
  const checkpoints = new Map<string, CopyCheckpoint>();
  const result = await runUnit(launcher, 'full-import', config(tables, over), {
    onEvent: (e) => events.push(e),
    onCheckpoint: (c) => checkpoints.set(c.table, c.checkpoint),
  });
  return { result, events, checkpoints };
}

describe('Full-Import worker', () => {
  beforeAll(async () => {
    const fidelity = join(import.meta.dirname, 'cases', 'fidelity');
    await exec(source, `DROP DATABASE IF EXISTS fi_src; CREATE DATABASE fi_src; USE fi_src; ${readFileSync(join(fidelity, 'schema.sql'), 'utf8')}`);
    await exec(source, `USE fi_src; ${readFileSync(join(fidelity, 'data.sql'), 'utf8')}`);
    await exec(
      source,
      `USE fi_src;
       CREATE TABLE ints (id BIGINT UNSIGNED PRIMARY KEY, v VARCHAR(20));
       INSERT INTO ints SELECT seq * 3 + IF(seq > 20000, 1000000000, 0), CONCAT('v', seq) FROM seq_1_to_30000;
       INSERT INTO ints VALUES (18446744073709551615, 'max');
       CREATE TABLE composite (a INT, b VARCHAR(10), c INT, PRIMARY KEY (a, b));
       INSERT INTO composite SELECT seq % 17, CONCAT('k', seq), seq FROM seq_1_to_12000;
       CREATE TABLE texts (code VARCHAR(20) COLLATE utf8mb4_general_ci PRIMARY KEY, n INT);
       INSERT INTO texts SELECT CONCAT(ELT(1 + seq % 4, 'a', 'B', 'ä', 'Ö'), LPAD(seq, 6, '0')), seq FROM seq_1_to_9000;
       CREATE TABLE keyless (x INT, y VARCHAR(10));
       INSERT INTO keyless SELECT seq % 10, 'dup' FROM seq_1_to_5000;
       CREATE TABLE shard_1 (id INT PRIMARY KEY, v INT); CREATE TABLE shard_2 LIKE shard_1;
       INSERT INTO shard_1 SELECT seq, seq FROM seq_1_to_1000; INSERT INTO shard_2 SELECT seq + 100000, seq FROM seq_1_to_1000;
       CREATE TABLE filtered (id INT PRIMARY KEY, keep TINYINT, note VARCHAR(20), secret VARCHAR(20));
       INSERT INTO filtered SELECT seq, seq % 2, CONCAT('n', seq), 'do not copy' FROM seq_1_to_2000;`,
    );
    await exec(destination, 'DROP DATABASE IF EXISTS fi_src; DROP DATABASE IF EXISTS fi_dst;');
  });

  afterAll(async () => {
    await exec(source, 'DROP DATABASE IF EXISTS fi_src');
    await exec(destination, 'DROP DATABASE IF EXISTS fi_src; DROP DATABASE IF EXISTS fi_dst;');
  });

  for (const writeMode of ['auto', 'insert'] as const) {
    it(`keeps every value of every type identical (${writeMode === 'auto' ? 'LOAD DATA' : 'INSERT'})`, async () => {
      await cloneTable('fi_src', 'fidelity');
      const { result, events } = await copy([table('fi_src.fidelity', { key: [{ name: 'id', kind: 'numeric' }] })], { writeMode });
      expect(events.filter((e) => e.status === 'failed')).toEqual([]);
      expect(result).toEqual({ paused: false, completed: 1, failed: 0 });
      const diff = await compareTable(source, { database: 'fi_src', table: 'fidelity' }, destination, { database: 'fi_src', table: 'fidelity' });
      expect(diff).toMatchObject({ sourceRows: 7, missing: [], extra: [], different: [] });
      expect(isIdentical(diff)).toBe(true);
    });
  }

  it('copies integer, composite, text and keyless tables exactly once', async () => {
    for (const t of ['ints', 'composite', 'texts', 'keyless']) await cloneTable('fi_src', t);
    const { result, checkpoints } = await copy(
      [
        table('fi_src.ints', { key: [{ name: 'id', kind: 'numeric' }], rowsEstimated: 30001 }),
        table('fi_src.composite', { key: [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'text', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }] }),
        table('fi_src.texts', { key: [{ name: 'code', kind: 'text', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }] }),
        table('fi_src.keyless'),
      ],
      { slots: 3 },
    );
    expect(result).toEqual({ paused: false, completed: 4, failed: 0 });
    for (const t of ['ints', 'composite', 'texts', 'keyless']) {
      const diff = await compareTable(source, { database: 'fi_src', table: t }, destination, { database: 'fi_src', table: t });
      expect(isIdentical(diff), `${t}: ${JSON.stringify(diff).slice(0, 300)}`).toBe(true);
    }
    expect(checkpoints.get('fi_src.ints')).toMatchObject({ done: true, rows: 30001, lastKey: ['18446744073709551615'] });
    expect(checkpoints.get('fi_src.keyless')).toMatchObject({ done: true, rows: 5000 });
  });

  it('resumes after a checkpoint without copying a row twice', async () => {
    await cloneTable('fi_src', 'texts');
    const first = await copy([table('fi_src.texts', { key: [{ name: 'code', kind: 'text', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }] })]);
    expect(first.result.completed).toBe(1);
    await exec(destination, "DELETE FROM fi_src.texts WHERE code > 'B004000'");
    const resumed = await copy([
      table('fi_src.texts', {
        key: [{ name: 'code', kind: 'text', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }],
        checkpoint: { lastKey: [Buffer.from('B004000').toString('hex').toUpperCase()], rows: 0, done: false },
        resumed: true,
      }),
    ]);
    expect(resumed.result.completed).toBe(1);
    expect(isIdentical(await compareTable(source, { database: 'fi_src', table: 'texts' }, destination, { database: 'fi_src', table: 'texts' }))).toBe(true);
  });

  it('applies renames, many-to-one merges, row filters and column subsets', async () => {
    await exec(destination, 'CREATE DATABASE IF NOT EXISTS fi_dst');
    await cloneTable('fi_src', 'shard_1', 'fi_dst', 'shards');
    await cloneTable('fi_src', 'filtered', 'fi_dst', 'kept');
    await exec(destination, 'ALTER TABLE fi_dst.kept DROP COLUMN secret');
    const key = [{ name: 'id', kind: 'numeric' as const }];
    const { result } = await copy([
      table('fi_src.shard_1', { target: { database: 'fi_dst', table: 'shards' }, key }),
      table('fi_src.shard_2', { target: { database: 'fi_dst', table: 'shards' }, key }),
      table('fi_src.filtered', { target: { database: 'fi_dst', table: 'kept' }, key, where: 'keep = 1', columns: ['id', 'keep', 'note'] }),
    ]);
    expect(result).toEqual({ paused: false, completed: 3, failed: 0 });
    const dst = await rootConnection(destination);
    const [[shards]] = (await dst.query('SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM fi_dst.shards')) as unknown as [{ n: number; lo: number; hi: number }[]];
    await dst.end();
    expect(shards).toEqual({ n: 2000, lo: 1, hi: 101000 });
    const kept = await compareTable(source, { database: 'fi_src', table: 'filtered' }, destination, { database: 'fi_dst', table: 'kept' }, { where: 'keep = 1', columns: ['id', 'keep', 'note'] });
    expect(kept).toMatchObject({ sourceRows: 1000, destinationRows: 1000, missing: [], extra: [], different: [] });
  });

  it('refuses a destination table that already holds rows, naming it, and copies the others', async () => {
    await cloneTable('fi_src', 'shard_1');
    await cloneTable('fi_src', 'shard_2');
    await exec(destination, 'INSERT INTO fi_src.shard_1 VALUES (1, 1)');
    const key = [{ name: 'id', kind: 'numeric' as const }];
    const { result, events } = await copy([table('fi_src.shard_1', { key }), table('fi_src.shard_2', { key })]);
    expect(result).toEqual({ paused: false, completed: 1, failed: 1 });
    const failure = events.find((e) => e.status === 'failed');
    expect(failure?.error).toContain('the destination table fi_src.shard_1 already holds rows');
  });
});
