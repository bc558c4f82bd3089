/**
 * Full verification of a project, through the CLI as a DBA runs it: the copy
 * is verified, differences planted on the destination are found exactly,
 * the correction SQL is written and applied (twice, changing nothing the
 * second time), only the differing records are verified again, and the
 * tables end identical. A Full-Verification worker killed mid-table resumes
 * from its last verified range and still finds exactly what differs.
 */

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { compareTable, isIdentical } from './compare';
import { cli, createCore, exec, freshHome, removeDir, servers } from './helpers';
import { componentPid, waitFor, waitForStage } from './incremental-helpers';

const { source, destination } = servers();
const DB = 'ver_q';

interface DiffRow {
  table: string;
  key: string[] | null;
  category: string;
  columns: string[];
  cause: string | null;
  fixedAt: string | null;
}

function brief(rows: DiffRow[]): string[] {
  return rows.map((r) => `${r.table} ${r.key ? r.key.join(',') : '-'} ${r.category} ${r.columns.join(',')}`).sort();
}

describe('full verification of a project', () => {
  let home: string;
  let core: CoreApp;
  let sourceId: string;
  let destinationId: string;
  const files = mkdtempSync(join(tmpdir(), 'cutover-verify-files-'));

  beforeAll(async () => {
    await exec(
      source,
      `DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
       CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2), note VARCHAR(20), at DATETIME(3));
       INSERT INTO orders SELECT seq, seq / 100, CONCAT('n', seq), '2024-05-01 10:00:00' + INTERVAL seq SECOND FROM seq_1_to_5000;
       CREATE TABLE codes (code VARCHAR(10) COLLATE utf8mb4_general_ci PRIMARY KEY, label VARCHAR(20), u INT NOT NULL, UNIQUE KEY (u));
       INSERT INTO codes SELECT CONCAT('c', seq), CONCAT('label ', seq), seq FROM seq_1_to_300;
       CREATE TABLE tags (tag VARCHAR(10), n INT);
       INSERT INTO tags SELECT CONCAT('t', seq % 9), seq % 4 FROM seq_1_to_120;`,
    );
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
    home = freshHome('verify');
    core = createCore(home);
    sourceId = (await call(core.dispatch, 'datasources/create', { name: 'ver-src', host: source.host, port: source.port, user: source.user, password: source.password })).id;
    destinationId = (await call(core.dispatch, 'datasources/create', { name: 'ver-dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password })).id;
  });

  afterAll(async () => {
    await core?.close();
    removeDir(home);
    removeDir(files);
    await exec(source, `DROP DATABASE IF EXISTS ${DB};`);
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('finds the planted differences, corrects them (twice, the second time changing nothing) and verifies the records clean', async () => {
    const project = await call(core.dispatch, 'projects/create', {
      name: 'verify-cli',
      types: ['schema', 'full', 'verification'],
      sourceId,
      destinationId,
      objects: { include: [`${DB}.*`] },
      options: { verifyConcurrency: 'fast' },
    });
    const copied = await cli(home, ['run', project.id, '--until', 'full:completed']);
    expect(copied.stderr).toBe('');

    await exec(
      destination,
      `USE ${DB};
       UPDATE orders SET amount = amount + 1 WHERE id = 10;
       DELETE FROM orders WHERE id = 20;
       INSERT INTO orders VALUES (99999, 1, 'stray', NULL);
       UPDATE codes SET u = 0 WHERE code = 'c1'; UPDATE codes SET u = 1 WHERE code = 'c2'; UPDATE codes SET u = 2 WHERE code = 'c1';
       INSERT INTO tags SELECT * FROM tags WHERE tag = 't3' LIMIT 1;`,
    );
    const verified = await cli(home, ['verify', 'run', project.id, '--mode', 'all']);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(4);
    expect(verified.stdout).toContain('0/3 tables consistent, 3 inconsistent');

    const diff = JSON.parse((await cli(home, ['verify', 'diff', project.id, '--json'])).stdout) as { total: number; rows: DiffRow[] };
    expect(brief(diff.rows)).toEqual([
      `${DB}.codes 6331 mismatch u`,
      `${DB}.codes 6332 mismatch u`,
      `${DB}.orders 10 mismatch amount`,
      `${DB}.orders 20 source-only id,amount,note,at`,
      `${DB}.orders 99999 destination-only id,amount,note,at`,
      `${DB}.tags - destination-only tag,n`,
    ]);
    const status = JSON.parse((await cli(home, ['project', 'status', project.id, '--json'])).stdout) as {
      verification: { summary: { inconsistent: number; counts: Record<string, number> } };
    };
    expect(status.verification.summary).toMatchObject({ inconsistent: 3, counts: { sourceOnly: 1, destinationOnly: 2, mismatch: 3 } });

    const sqlFile = join(files, 'fix.sql');
    const written = await cli(home, ['verify', 'fix', project.id, '--out', sqlFile]);
    expect(written.code).toBe(0);
    const sql = readFileSync(sqlFile, 'utf8');
    expect(sql).toContain(`REPLACE INTO \`${DB}\`.\`orders\``);
    expect(sql).toMatch(/orders \["99999"\]: delete \(needs confirmation/);
    expect(sql).toMatch(/DELETE FROM `ver_q`\.`tags` WHERE .* LIMIT 1;/);

    const refused = await cli(home, ['verify', 'fix', project.id, '--apply']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('add --yes');

    const first = await cli(home, ['verify', 'fix', project.id, '--apply', '--yes', '--json']);
    expect(first.stderr).toBe('');
    // The two code rows swap a unique value: corrected together in one transaction.
    expect(JSON.parse(first.stdout)).toMatchObject({ applied: 4, failures: [] });
    const deletes = await cli(home, ['verify', 'fix', project.id, '--apply', '--yes', '--include-deletes', '--json']);
    expect(JSON.parse(deletes.stdout)).toMatchObject({ failures: [] });
    for (const table of ['orders', 'codes', 'tags']) {
      expect(isIdentical(await compareTable(source, { database: DB, table }, destination, { database: DB, table })), table).toBe(true);
    }
    // Applied again: every statement rewrites what is already there.
    const again = await cli(home, ['verify', 'fix', project.id, '--apply', '--yes', '--include-deletes', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ failures: [] });
    for (const table of ['orders', 'codes', 'tags']) {
      expect(isIdentical(await compareTable(source, { database: DB, table }, destination, { database: DB, table })), table).toBe(true);
    }

    const records = await cli(home, ['verify', 'run', project.id, '--mode', 'records']);
    expect(records.stderr).toBe('');
    expect(records.code).toBe(0);
    expect(records.stdout).toContain('3/3 tables consistent');
    const undo = join(files, 'undo.sql');
    expect((await cli(home, ['verify', 'fix', project.id, '--undo-out', undo])).code).toBe(0);
    expect(readFileSync(undo, 'utf8')).toContain(`REPLACE INTO \`${DB}\`.\`orders\``);
  });

  it('resumes a killed Full-Verification worker at its last verified range and finds exactly what differs', async () => {
    await exec(
      source,
      `USE ${DB}; DROP TABLE IF EXISTS big; CREATE TABLE big (id INT PRIMARY KEY, a VARCHAR(40), b DOUBLE, c DATETIME);
       INSERT INTO big SELECT seq, MD5(seq), seq * 1.5, '2024-01-01' + INTERVAL seq MINUTE FROM seq_1_to_300000;`,
    );
    const project = await call(core.dispatch, 'projects/create', {
      name: 'verify-kill',
      types: ['schema', 'full', 'verification'],
      sourceId,
      destinationId,
      objects: { include: [`${DB}.big=ver_kill.big`] },
      options: { verifyConcurrency: 'smooth' },
    });
    await exec(destination, 'DROP DATABASE IF EXISTS ver_kill');
    void call(core.dispatch, 'projects/start', { id: project.id });
    await waitForStage(core, project.id, 'full', 'completed', 180_000);
    await call(core.dispatch, 'projects/pause', { id: project.id });
    await exec(destination, `UPDATE ver_kill.big SET a = 'x' WHERE id IN (7, 150001, 299999); DELETE FROM ver_kill.big WHERE id = 200000;`);
    await call(core.dispatch, 'verification/reverify', { id: project.id, mode: 'all' });
    await call(core.dispatch, 'projects/resume', { id: project.id });

    let killedAt = 0;
    await waitFor(async () => {
      const overview = await call(core.dispatch, 'verification/overview', { id: project.id });
      const big = overview.tables[0];
      const pid = componentPid(core, project.id, 'full-verification');
      if (!big || big.rowsVerified === 0 || big.rowsVerified > 200_000 || !pid) return false;
      killedAt = big.rowsVerified;
      process.kill(pid, 'SIGKILL');
      return true;
    }, 'the first verified ranges', 120_000);
    const seen: number[] = [];
    await waitFor(async () => {
      const overview = await call(core.dispatch, 'verification/overview', { id: project.id });
      seen.push(overview.tables[0].rowsVerified);
      return overview.tables[0].status !== 'running' && overview.tables[0].status !== 'not_started';
    }, 'verification to end', 180_000);
    expect(killedAt).toBeGreaterThan(0);
    // The restarted worker went on from the checkpoint: what was verified never went back to the start.
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(killedAt);
    const detail = await call(core.dispatch, 'projects/get', { id: project.id });
    expect(detail.components.find((c) => c.kind === 'full-verification')?.restarts).toBeGreaterThanOrEqual(1);
    const diff = await call(core.dispatch, 'verification/differences', { id: project.id });
    expect(diff.rows.map((r) => `${r.key} ${r.category}`).sort()).toEqual(['150001 mismatch', '200000 source-only', '299999 mismatch', '7 mismatch']);
    await call(core.dispatch, 'projects/pause', { id: project.id }).catch(() => undefined);
    await exec(destination, 'DROP DATABASE IF EXISTS ver_kill');
  });
});
