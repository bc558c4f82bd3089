/**
 * The precheck against seekdb, and what Cutover's sessions set there: names
 * that seekdb would fold to lower case, character sets and collations it
 * lacks (converted as the schema migration will), a packet limit below the source's,
 * reverse incremental without a binlog to read, and the statement timeout
 * OceanBase puts on every statement by default.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { PrecheckRun } from '../../src-shared/model';
import type { ProjectDraftInput } from '../../src-shared/settings/project-schema';
import { openWriter } from '../../src-worker/mysql/sessions';
import { MAX_ALLOWED_PACKET } from '../harness/seekdb';
import { createCore, exec, freshHome, precheckItem, removeDir, servers } from './helpers';

const { source, seekdb } = servers();

describe('precheck against seekdb', () => {
  let home: string;
  let core: CoreApp;
  let sourceId: string;
  let destinationId: string;

  const byId = precheckItem;

  async function precheck(draft: Partial<ProjectDraftInput>): Promise<PrecheckRun> {
    const project = await call(core.dispatch, 'projects/create', {
      name: `sk-pc-${Math.random().toString(36).slice(2, 8)}`,
      types: ['schema', 'full'],
      sourceId,
      destinationId,
      objects: { include: ['SkShop.*'] },
      ...draft,
    });
    return core.services.precheck.start(project.id).done;
  }

  beforeAll(async () => {
    await exec(source, 'DROP DATABASE IF EXISTS SkShop; CREATE DATABASE SkShop; CREATE TABLE SkShop.Orders (id INT PRIMARY KEY, note VARCHAR(20) COLLATE utf8mb4_unicode_ci, city VARCHAR(20) CHARACTER SET latin1); CREATE TABLE SkShop.orders (id INT PRIMARY KEY);');
    home = freshHome('seekdb-precheck');
    core = createCore(home);
    sourceId = (await call(core.dispatch, 'datasources/create', { name: 'maria', host: source.host, port: source.port, user: source.user, password: source.password })).id;
    destinationId = (await call(core.dispatch, 'datasources/create', { name: 'seekdb', host: seekdb.host, port: seekdb.port, user: seekdb.user, password: seekdb.password })).id;
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, 'DROP DATABASE IF EXISTS SkShop;');
  });

  it('refuses names seekdb would store in lower case, naming the ones that would become one table', async () => {
    const run = await precheck({});
    expect(run.status).toBe('failed');
    const names = byId(run, 'destination.name_case');
    expect(names.state).toBe('fail');
    expect(names.detail).toMatch(/lower_case_table_names = 1\), so SkShop\.(O|o)rders, SkShop\.(O|o)rders would be created under another name, and SkShop\.(O|o)rders and SkShop\.(O|o)rders would become one table\.$/);
    expect(names.instruction).toMatch(/`MyShop\.\*=myshop\.\*`/);
  });

  it('passes names mapped to lower case, and warns that seekdb takes smaller packets than the source', async () => {
    // seekdb's own default (the harness raises it to the source's 64 MB for the other tests).
    await exec(seekdb, 'SET GLOBAL max_allowed_packet = 16777216');
    let run: PrecheckRun;
    try {
      run = await precheck({ objects: { include: ['SkShop.Orders=skshop.orders_v2'], exclude: [], tables: [] } });
    } finally {
      await exec(seekdb, `SET GLOBAL max_allowed_packet = ${MAX_ALLOWED_PACKET}`);
    }
    expect(byId(run, 'destination.name_case').state).toBe('success');
    const packet = byId(run, 'destination.max_allowed_packet');
    expect(packet).toMatchObject({ state: 'warn', detail: expect.stringMatching(/16 MB on the destination and 64 MB on the source: a row of more than about 8 MB/) });
    expect(packet.instruction).toBe('Raise it on the destination: SET GLOBAL max_allowed_packet = 67108864;');
    // Converted as the schema migration will convert them, with seekdb's own list.
    expect(byId(run, 'objects.collations')).toMatchObject({
      state: 'warn',
      detail: expect.stringMatching(/utf8mb4_unicode_ci → utf8mb4 utf8mb4_general_ci \(SkShop\.Orders\.note\); latin1_swedish_ci → utf8mb4 utf8mb4_general_ci \(SkShop\.Orders\.city\)/),
    });
  });

  it('says that seekdb serves no binlog for reverse incremental', async () => {
    const run = await precheck({ types: ['schema', 'full', 'incremental', 'reverse'], objects: { include: ['SkShop.Orders=skshop.orders_v2'], exclude: [], tables: [] } });
    expect(byId(run, 'destination.binlog')).toMatchObject({ state: 'fail', detail: expect.stringMatching(/seekdb.* serves no binlog/) });
    expect(run.checks.some((c) => c.id === 'destination.binlog_format')).toBe(false);
  });

  it('lifts the 10-second statement timeout on the sessions it writes with', async () => {
    const connection = await openWriter({ host: seekdb.host, port: seekdb.port, user: seekdb.user, password: seekdb.password, database: null, tls: { mode: 'off' } });
    try {
      const [rows] = await connection.query('SELECT @@ob_query_timeout AS q, @@GLOBAL.ob_query_timeout AS g');
      expect(rows).toEqual([{ q: '86400000000', g: '10000000' }]);
    } finally {
      await connection.end();
    }
  });
});
