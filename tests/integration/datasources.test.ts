/**
 * Data sources against real MariaDB servers: flavour and version detection,
 * and a clear error for each way a connection fails (refused, auth, TLS,
 * timeout, unknown database); browsing the catalog; removal rules.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { MariaDbServer } from '../harness/mariadb';
import { freePort, startMariaDb } from '../harness/mariadb';
import { createCore, exec, freshHome, removeDir, servers } from './helpers';

const { source, destination } = servers();

describe('data sources', () => {
  let home: string;
  let core: CoreApp;
  const input = (name: string, over: Record<string, unknown> = {}) => ({
    name,
    host: source.host,
    port: source.port,
    user: source.user,
    password: source.password,
    ...over,
  });

  beforeAll(async () => {
    home = freshHome('ds');
    core = createCore(home);
    await exec(
      source,
      `DROP DATABASE IF EXISTS ds_shop; CREATE DATABASE ds_shop;
       CREATE TABLE ds_shop.orders (id INT PRIMARY KEY, note VARCHAR(20), created DATETIME);
       CREATE TABLE ds_shop.events (msg TEXT);
       CREATE VIEW ds_shop.recent AS SELECT id, note FROM ds_shop.orders;`,
    );
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, 'DROP DATABASE IF EXISTS ds_shop');
  });

  it('detects MariaDB and its version, and records the test', async () => {
    const created = await call(core.dispatch, 'datasources/create', input('src'));
    expect(created.flavour).toBeNull();
    const result = await call(core.dispatch, 'datasources/test', { id: created.id });
    expect(result.ok).toBe(true);
    expect(result.flavour).toBe('mariadb');
    expect(result.version).toMatch(/^10\.\d+\.\d+$/);
    expect(result.versionString).toContain('MariaDB');
    const saved = await call(core.dispatch, 'datasources/get', { id: created.id });
    expect(saved.flavour).toBe('mariadb');
    expect(saved.lastTest?.ok).toBe(true);
    expect(JSON.stringify(saved)).not.toContain(source.password);
  });

  it('refuses a duplicate name', async () => {
    const outcome = await core.dispatch('datasources/create', input('SRC'));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('conflict');
      expect(outcome.error.message).toContain('already exists');
    }
  });

  it('says the password is wrong without repeating it', async () => {
    const result = await call(core.dispatch, 'datasources/test', { draft: input('x', { password: 'definitely-wrong-pw' }) });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('auth_failed');
    expect(result.error?.message).toContain(`refused user ${source.user}`);
    expect(result.error?.message).not.toContain('definitely-wrong-pw');
    expect(result.error?.workaround).toMatch(/user name and password/);
  });

  it('says nothing listens on a closed port', async () => {
    const port = await freePort();
    const result = await call(core.dispatch, 'datasources/test', { draft: input('x', { port }) });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('connection_refused');
    expect(result.error?.message).toContain(`127.0.0.1:${port}`);
  });

  it('says the database does not exist', async () => {
    const result = await call(core.dispatch, 'datasources/test', { draft: input('x', { database: 'no_such_db' }) });
    expect(result.error?.code).toBe('unknown_database');
    expect(result.error?.message).toContain('no_such_db');
  });

  it('says the server does not support TLS when TLS is required', async () => {
    const result = await call(core.dispatch, 'datasources/test', { draft: input('x', { tls: { mode: 'required' } }) });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('tls_failed');
    expect(result.error?.message).toContain('does not support TLS');
  });

  it('times out against a port that never answers', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const result = await call(core.dispatch, 'datasources/test', { draft: input('x', { port }) });
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('timeout');
      expect(result.error?.message).toContain('did not answer in time');
    } finally {
      silent.close();
    }
  }, 40_000);

  it('browses databases, tables, views and columns, without system schemas', async () => {
    const src = (await call(core.dispatch, 'datasources/list', {})).find((d) => d.name === 'src')!;
    const catalog = await call(core.dispatch, 'datasources/catalog', { id: src.id });
    expect(catalog.databases).toContain('ds_shop');
    expect(catalog.databases).not.toContain('mysql');
    expect(catalog.databases).not.toContain('information_schema');
    const shop = catalog.objects.filter((o) => o.database === 'ds_shop');
    expect(shop.map((o) => `${o.name}:${o.kind}`).sort()).toEqual(['events:table', 'orders:table', 'recent:view']);
    expect(shop.find((o) => o.name === 'orders')?.columns).toEqual(['id', 'note', 'created']);
  });

  it('refuses to remove a data source a project uses, and removes it once unused', async () => {
    const src = (await call(core.dispatch, 'datasources/list', {})).find((d) => d.name === 'src')!;
    const dst = await call(core.dispatch, 'datasources/create', { name: 'dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
    const project = await call(core.dispatch, 'projects/create', {
      name: 'uses-src',
      types: ['full'],
      sourceId: src.id,
      destinationId: dst.id,
      objects: { include: ['ds_shop.*'] },
    });
    const refused = await core.dispatch('datasources/remove', { id: src.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toContain('uses-src');
    }
    await call(core.dispatch, 'projects/delete', { id: project.id });
    await call(core.dispatch, 'datasources/remove', { id: src.id });
    expect((await call(core.dispatch, 'datasources/list', {})).map((d) => d.name)).toEqual(['dst']);
  });
});

describe('data sources over TLS', () => {
  let tlsServer: MariaDbServer;
  let certDir: string;
  let home: string;
  let core: CoreApp;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'cutover-tls-'));
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: certDir, stdio: 'pipe' });
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Cutover Test CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr']);
    // Node checks an IP address against the certificate's subjectAltName, never its CN.
    writeFileSync(join(certDir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'server.pem', '-extfile', 'san.ext']);
    tlsServer = await startMariaDb({
      name: 'tls',
      serverId: 9,
      extraArgs: [`--ssl-ca=${join(certDir, 'ca.pem')}`, `--ssl-cert=${join(certDir, 'server.pem')}`, `--ssl-key=${join(certDir, 'server.key')}`],
    });
    home = freshHome('tls');
    core = createCore(home);
  });

  afterAll(async () => {
    await core?.close();
    await tlsServer?.destroy();
    removeDir(certDir);
    removeDir(home);
  });

  const draft = (tls: Record<string, unknown>) => ({
    draft: { name: 'tls', host: tlsServer.host, port: tlsServer.port, user: tlsServer.user, password: tlsServer.password, tls },
  });

  it('connects with TLS required', async () => {
    const result = await call(core.dispatch, 'datasources/test', draft({ mode: 'required' }));
    expect(result.ok).toBe(true);
    expect(result.flavour).toBe('mariadb');
  });

  it('refuses a certificate that does not chain to a trusted CA', async () => {
    const result = await call(core.dispatch, 'datasources/test', draft({ mode: 'verify' }));
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('tls_failed');
    expect(result.error?.workaround).toMatch(/CA file/);
  });

  it('verifies the certificate with the given CA file', async () => {
    const result = await call(core.dispatch, 'datasources/test', draft({ mode: 'verify', caFile: join(certDir, 'ca.pem') }));
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
  });

  it('says the CA file cannot be read', async () => {
    const result = await call(core.dispatch, 'datasources/test', draft({ mode: 'verify', caFile: join(certDir, 'missing.pem') }));
    expect(result.error?.code).toBe('tls_failed');
    expect(result.error?.message).toContain('missing.pem');
  });
});

describe('testing edited connection details', () => {
  it('uses the stored password with edited fields, and records nothing', async () => {
    const home = freshHome('ds-edit');
    const core = createCore(home);
    try {
      const saved = await call(core.dispatch, 'datasources/create', { name: 'edit-me', host: source.host, port: 1, user: source.user, password: source.password });
      const edited = await call(core.dispatch, 'datasources/test', { id: saved.id, patch: { port: source.port } });
      expect(edited.ok).toBe(true);
      expect(edited.flavour).toBe('mariadb');
      const wrongPassword = await call(core.dispatch, 'datasources/test', { id: saved.id, patch: { port: source.port, password: 'not-it-at-all' } });
      expect(wrongPassword.error?.code).toBe('auth_failed');
      const after = await call(core.dispatch, 'datasources/get', { id: saved.id });
      expect(after.port).toBe(1);
      expect(after.lastTest).toBeNull();
      expect(after.flavour).toBeNull();
    } finally {
      await core.close();
      removeDir(home);
    }
  });
});
