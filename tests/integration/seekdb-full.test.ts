/**
 * Full migration from MariaDB into seekdb, OceanBase's engine: the
 * multi-database project (renames, a merge, a row filter and a column subset,
 * views, a FOREIGN KEY and a CHECK held back, a table without a key given the
 * hidden key) and the table of every type, compared value by value.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { expectMultiDbMigrated, MULTI_DB_OBJECTS, MULTI_DB_SOURCE_DBS, MULTI_DB_SOURCE_SQL, MULTI_DB_TARGET_DBS } from './cases/multi-db/case';
import { compareTable } from './compare';
import { connectionTo, createCore, exec, freshHome, removeDir, servers } from './helpers';
import { runUnit } from '../../src-main/core/workers/run-unit';
import { ForkLauncher } from '../../src-main/node/fork-launcher';
import { PACKAGE_ROOT } from '../../src-main/node/node-host';

const { source, seekdb } = servers();
const CASES = join(import.meta.dirname, 'cases');
const DESTINATION_DBS = [...MULTI_DB_TARGET_DBS, 'sk_fid'];

describe('full migration into seekdb', () => {
  let home: string;
  let core: CoreApp;
  let sourceId: string;
  let destinationId: string;

  beforeAll(async () => {
    await exec(source, MULTI_DB_SOURCE_SQL);
    await exec(source, `DROP DATABASE IF EXISTS sk_fid; CREATE DATABASE sk_fid; USE sk_fid; ${readFileSync(join(CASES, 'fidelity', 'schema.sql'), 'utf8')}`);
    await exec(source, `USE sk_fid; ${readFileSync(join(CASES, 'fidelity', 'data.sql'), 'utf8')}`);
    await exec(seekdb, DESTINATION_DBS.map((d) => `DROP DATABASE IF EXISTS ${d};`).join(' '));
    home = freshHome('seekdb-full');
    core = createCore(home);
    sourceId = (await call(core.dispatch, 'datasources/create', { name: 'maria', host: source.host, port: source.port, user: source.user, password: source.password })).id;
    destinationId = (await call(core.dispatch, 'datasources/create', { name: 'seekdb', host: seekdb.host, port: seekdb.port, user: seekdb.user, password: seekdb.password })).id;
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, [...MULTI_DB_SOURCE_DBS, 'sk_fid'].map((d) => `DROP DATABASE IF EXISTS ${d};`).join(' '));
    await exec(seekdb, DESTINATION_DBS.map((d) => `DROP DATABASE IF EXISTS ${d};`).join(' '));
  });

  it('migrates schema and data of several databases with renames, a merge, a filter and a subset, identical by value', async () => {
    const project = await call(core.dispatch, 'projects/create', {
      name: 'multi-seekdb',
      types: ['schema', 'full', 'verification'],
      sourceId,
      destinationId,
      objects: MULTI_DB_OBJECTS,
      options: { fullConcurrency: 'fast' },
    });
    const end = await core.services.orchestrator.start(project.id);
    expect(end).toEqual({ kind: 'waiting', stage: 'switchover' });

    await expectMultiDbMigrated(core, project.id, source, seekdb);
    // Verified on both engines with the same digests: merges, filters, subsets and the hidden key give no false difference.
    const verified = await call(core.dispatch, 'verification/overview', { id: project.id });
    expect(verified.tables.filter((t) => t.status !== 'consistent').map((t) => `${t.id}: ${t.status} ${t.reason ?? ''}`)).toEqual([]);
    expect(verified.summary.rowsVerified).toBeGreaterThan(0);
    // No row had to be read to compare: every range's digest came out the same on MariaDB and on seekdb.
    const read = await call(core.dispatch, 'metrics/series', { id: project.id, component: 'full-verification', names: ['source_bytes', 'dest_bytes'] });
    expect(read.flatMap((s) => s.points).filter(([, bytes]) => bytes > 0)).toEqual([]);
  });

  it('keeps every value of every type, under the documented rules', async () => {
    // seekdb holds no geometry with an SRID other than 0, and the conversion report says so before the run (a LOSSY
    // note on every spatial column): the source's one SRID 4326 point is made Cartesian for this comparison.
    await exec(source, 'UPDATE sk_fid.fidelity SET t_point = ST_GeomFromText(ST_AsText(t_point)) WHERE ST_SRID(t_point) <> 0');
    const project = await call(core.dispatch, 'projects/create', {
      name: 'fidelity-seekdb',
      types: ['schema', 'full', 'verification'],
      sourceId,
      destinationId,
      objects: { include: ['sk_fid.*'], exclude: [], tables: [] },
    });
    const end = await core.services.orchestrator.start(project.id);
    expect(end, JSON.stringify(end)).toMatchObject({ kind: "waiting" });
    const diff = await compareTable(source, { database: 'sk_fid', table: 'fidelity' }, seekdb, { database: 'sk_fid', table: 'fidelity' });
    expect(diff, JSON.stringify(diff)).toMatchObject({ sourceRows: 7, destinationRows: 7, missing: [], extra: [], different: [] });
    // Each rule the comparison applies was announced by the conversion report.
    const [table] = (await call(core.dispatch, 'schema/objects', { id: project.id })).filter((o) => o.kind === 'table');
    const noted = (column: string) => table.notes.filter((n) => n.object === `sk_fid.fidelity.${column}`).map((n) => `${n.lossy ? 'LOSSY' : 'change'} ${n.from} -> ${n.to}`);
    expect(noted('t_latin1')).toEqual(['change latin1 latin1_swedish_ci -> utf8mb4 utf8mb4_general_ci']);
    expect(noted('t_json')).toContain('LOSSY longtext with CHECK (json_valid()) -> json');
    for (const spatial of ['t_geometry', 't_point']) expect(noted(spatial)).toContain('LOSSY (any SRID) -> SRID 0 only');

    // The digest of every type but JSON (which the engines print differently, and which is compared row by row) is the same on both.
    const columns = (await call(core.dispatch, 'verification/overview', { id: project.id })).tables[0].columns.filter((c) => c.kind !== 'json').map((c) => c.name);
    const samples: number[] = [];
    const result = await runUnit(new ForkLauncher(join(PACKAGE_ROOT, 'src-worker', 'entry.ts')), 'verify', {
      source: connectionTo(source),
      destination: connectionTo(seekdb),
      sourceFlavour: 'mariadb',
      destinationFlavour: 'oceanbase-mysql',
      tables: [
        {
          id: 'fidelity',
          target: { database: 'sk_fid', table: 'fidelity' },
          sources: [{ source: { database: 'sk_fid', table: 'fidelity' }, where: null }],
          columns,
          key: [{ name: 'id', kind: 'numeric' }],
          rowsEstimated: null,
          checkpoint: null,
          records: null,
          differencesSoFar: 0,
        },
      ],
      slots: 1,
      rpsLimit: null,
      differenceCap: 100,
      keylessRowLimit: 1000,
      replay: null,
    }, { onMetrics: (m) => samples.push(...m.filter((x) => x.name.endsWith('_bytes')).map((x) => x.value)) });
    expect(result).toEqual({ paused: false, verified: 1, failed: 0 });
    expect(samples.filter((b) => b > 0)).toEqual([]);

    // Every value of every type compares equal across the two engines; a changed one is found, with its column.
    const clean = await call(core.dispatch, 'verification/overview', { id: project.id });
    expect(clean.tables.map((t) => `${t.id} ${t.status} ${t.reason ?? ''}`.trim())).toEqual(['sk_fid.fidelity consistent']);
    await exec(seekdb, "UPDATE sk_fid.fidelity SET t_dec0 = t_dec0 + 1 WHERE id = 3");
    await call(core.dispatch, 'verification/reverify', { id: project.id, mode: 'all' });
    expect(await core.services.orchestrator.attach(project.id)).toMatchObject({ kind: 'waiting', stage: 'switchover' });
    const found = await call(core.dispatch, 'verification/differences', { id: project.id });
    expect(found.rows.map((r) => `${r.key} ${r.category} ${r.columns}`)).toEqual(['3 mismatch t_dec0']);
  });
});
