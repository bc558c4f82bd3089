/**
 * seekdb as a data source: read as OceanBase (MySQL mode) at its kernel's
 * version, edition seekdb; browsed without its system schemas; and a clear
 * error for a seekdb that is not running, a wrong port and a wrong password.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { freePort } from '../harness/mariadb';
import { startSeekdb } from '../harness/seekdb';
import { createCore, exec, freshHome, removeDir, servers } from './helpers';

const { seekdb } = servers();

describe('seekdb as a data source', () => {
  let home: string;
  let core: CoreApp;
  const input = (over: Record<string, unknown> = {}) => ({ name: 'ob', host: seekdb.host, port: seekdb.port, user: seekdb.user, password: seekdb.password, ...over });

  beforeAll(async () => {
    home = freshHome('seekdb-ds');
    core = createCore(home);
    await exec(seekdb, 'DROP DATABASE IF EXISTS sk_browse; CREATE DATABASE sk_browse; CREATE TABLE sk_browse.t (id INT PRIMARY KEY, v VARCHAR(10)); CREATE VIEW sk_browse.v AS SELECT id FROM sk_browse.t;');
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(seekdb, 'DROP DATABASE IF EXISTS sk_browse');
  });

  it('is read as OceanBase (MySQL mode) at its kernel version, and browsed without system schemas', async () => {
    const created = await call(core.dispatch, 'datasources/create', input());
    const result = await call(core.dispatch, 'datasources/test', { id: created.id });
    expect(result).toMatchObject({ ok: true, flavour: 'oceanbase-mysql', version: expect.stringMatching(/^4\.\d+\.\d+\.\d+$/) });
    expect(result.versionString).toMatch(/OceanBase seekdb-v\d/);
    const catalog = await call(core.dispatch, 'datasources/catalog', { id: created.id });
    expect(catalog.databases).toContain('sk_browse');
    for (const system of ['oceanbase', 'mysql', 'information_schema']) expect(catalog.databases).not.toContain(system);
    expect(catalog.objects.filter((o) => o.database === 'sk_browse').map((o) => `${o.name}:${o.kind}`).sort()).toEqual(['t:table', 'v:view']);
  });

  it('says the password is wrong without repeating it', async () => {
    const result = await call(core.dispatch, 'datasources/test', { draft: input({ password: 'not-the-seekdb-pw' }) });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('auth_failed');
    expect(result.error?.message).toContain(`refused user ${seekdb.user}`);
    expect(JSON.stringify(result)).not.toContain('not-the-seekdb-pw');
  });

  it('says nothing listens on a wrong port', async () => {
    const port = await freePort();
    const result = await call(core.dispatch, 'datasources/test', { draft: input({ port }) });
    expect(result.error).toMatchObject({ code: 'connection_refused', message: expect.stringContaining(`127.0.0.1:${port}`) });
  });

  it('says so when the seekdb it names is not running', async () => {
    const stopped = await startSeekdb({ name: 'seekdb-stopped', memoryBudget: '1G' });
    await stopped.stop();
    try {
      const result = await call(core.dispatch, 'datasources/test', { draft: input({ port: stopped.port, password: stopped.password }) });
      expect(result.ok).toBe(false);
      expect(result.error).toMatchObject({ code: 'connection_refused', message: expect.stringContaining(`127.0.0.1:${stopped.port}`) });
      expect(result.error?.workaround).toBeTruthy();
    } finally {
      await stopped.destroy();
    }
  });
});
