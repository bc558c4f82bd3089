/**
 * Unique values that differ as text but clash in the destination's unique
 * index — emoji under utf8mb4_general_ci (one weight for every character
 * outside the BMP), 'ß' and 's', case, trailing spaces, a shared indexed
 * prefix — must be replayed in order, on one connection: otherwise a REPLACE
 * in one lane removes the row another lane just inserted. The collation keys
 * come from the destination server, and a project replaying rows that hand
 * such values on from one key to another ends identical.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../../src-main/core/app';
import type { TextColumn } from '../../src-worker/units/incr-sync/collation-keys';
import { CollationKeys, comparedText } from '../../src-worker/units/incr-sync/collation-keys';
import { compareTable, isIdentical } from './compare';
import { createCore, exec, freshHome, removeDir, rootConnection, servers } from './helpers';
import { createIncrementalProject, sourcePosition, waitCaughtUp, waitForStage } from './incremental-helpers';

const { source, destination } = servers();
const DB = 'inc_coll';

const general: TextColumn = { charset: 'utf8mb4', collation: 'utf8mb4_general_ci' };
const binary: TextColumn = { charset: 'utf8mb4', collation: 'utf8mb4_bin' };

describe('collation keys from the destination', () => {
  it('are equal exactly when the collation equates the texts', async () => {
    const connection = await rootConnection(destination);
    const warnings: string[] = [];
    try {
      const keys = new CollationKeys(async () => connection, (m) => warnings.push(m));
      const texts = ['🍣', '🍺', 'straße', 'strase', 'Straße', 'ab', 'AB', comparedText('ab   ', general, null), 'abc'];
      // More than one query's worth, to cross a batch.
      const many = Array.from({ length: 1200 }, (_, i) => `value ${i}`);
      await keys.prepare([...texts, ...many].flatMap((text) => [{ column: general, text }, { column: binary, text }]));
      const key = (column: TextColumn, text: string) => keys.key(column, text);
      expect(key(general, '🍣')).toBe(key(general, '🍺'));
      expect(key(general, 'straße')).toBe(key(general, 'strase'));
      expect(key(general, 'Straße')).toBe(key(general, 'strase'));
      expect(key(general, 'ab')).toBe(key(general, 'AB'));
      expect(key(general, comparedText('ab   ', general, null))).toBe(key(general, 'ab'));
      expect(key(general, 'ab')).not.toBe(key(general, 'abc'));
      expect(key(binary, '🍣')).not.toBe(key(binary, '🍺'));
      expect(key(binary, 'ab')).not.toBe(key(binary, 'AB'));
      expect(new Set(many.map((t) => key(general, t))).size).toBe(many.length);
      expect(() => key(general, 'never prepared')).toThrow(/No collation weight prepared/);
      expect(warnings).toEqual([]);
    } finally {
      await connection.end();
    }
  });

  it('fall back to one key per column, with a warning, when the server cannot give weights', async () => {
    const connection = await rootConnection(destination);
    const warnings: string[] = [];
    try {
      const keys = new CollationKeys(async () => connection, (m) => warnings.push(m));
      const unknown: TextColumn = { charset: 'utf8mb4', collation: 'utf8mb4_no_such_ci' };
      await keys.prepare([{ column: unknown, text: 'a' }]);
      expect(keys.key(unknown, 'a')).toBe(keys.key(unknown, 'b'));
      expect(warnings).toEqual([expect.stringContaining('cannot compute collation weights')]);
    } finally {
      await connection.end();
    }
  });
});

describe('replaying unique values handed from row to row', () => {
  let home: string;
  let core: CoreApp;
  let projectId: string;

  beforeAll(async () => {
    await exec(
      source,
      `DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB} DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
       CREATE TABLE ${DB}.handles (
         id INT PRIMARY KEY,
         handle VARCHAR(40) NOT NULL,
         code VARCHAR(40) NULL,
         UNIQUE KEY uk_handle (handle),
         UNIQUE KEY uk_code (code(6))
       );
       INSERT INTO ${DB}.handles VALUES (1, 'seed', NULL);`,
    );
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
    home = freshHome('incr-coll');
    core = createCore(home);
    projectId = await createIncrementalProject(core, 'collation', { from: source, to: destination }, { include: [`${DB}.*`] }, { applyConcurrency: 8, alertLevel: 'high' });
  });

  afterAll(async () => {
    await core?.close();
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('ends identical', async () => {
    void core.services.orchestrator.start(projectId);
    await waitForStage(core, projectId, 'incremental', 'monitoring');
    // Each value leaves one row and arrives in another, under a spelling the index takes as the same.
    const pairs: [string, string][] = [
      ['🍣', '🍺'],
      ['straße', 'strase'],
      ['MiXed', 'mixed'],
      ['pad', 'pad  '],
    ];
    const statements: string[] = [];
    for (let i = 0; i < 150; i++) {
      const [before, after] = pairs[i % pairs.length];
      const a = 10_000 + 2 * i;
      const b = a + 1;
      statements.push(
        `INSERT INTO ${DB}.handles VALUES (${a}, 'h${i}${before}', 'c${String(i).padStart(4, '0')}-old')`,
        `DELETE FROM ${DB}.handles WHERE id = ${a}`,
        // Same first six characters: the prefix index takes it as the same code.
        `INSERT INTO ${DB}.handles VALUES (${b}, 'h${i}${after}', 'c${String(i).padStart(4, '0')}-new')`,
      );
    }
    await exec(source, `START TRANSACTION; ${statements.join('; ')}; COMMIT;`);
    await waitCaughtUp(core, projectId, await sourcePosition(source));
    const diff = await compareTable(source, { database: DB, table: 'handles' }, destination, { database: DB, table: 'handles' });
    expect(isIdentical(diff), JSON.stringify({ missing: diff.missing.length, extra: diff.extra.length, different: diff.different.length, sample: diff.missing.slice(0, 12) })).toBe(true);
    const connection = await rootConnection(destination);
    try {
      const [rows] = await connection.query(`SELECT COUNT(*) AS n FROM ${DB}.handles`);
      expect(Number((rows as { n: number }[])[0].n)).toBe(151);
    } finally {
      await connection.end();
    }
  });
});
