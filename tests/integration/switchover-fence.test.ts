/**
 * The write fence on a real source: read_only stops an application's
 * writes, lists its open write transaction and ends it (rolled back), while
 * Cutover's account still writes the drain token after the fence position;
 * lifting restores what was there. The accounts fence locks the listed
 * accounts and ends their sessions; lifting unlocks them. A misnamed account
 * gets a clear error.
 */

import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchoverConfig, SwitchoverResult } from '../../src-shared/contract/units/switchover';
import { compareBinlogPositions } from '../../src-shared/model/incremental';
import { ForkLauncher } from '../../src-main/node/fork-launcher';
import { PACKAGE_ROOT } from '../../src-main/node/node-host';
import { runUnit } from '../../src-main/core/workers/run-unit';
import { connectionTo, exec, servers } from './helpers';

const { source } = servers();
const launcher = new ForkLauncher(join(PACKAGE_ROOT, 'src-worker', 'entry.ts'));
const APP = { user: 'swf_app', host: '%' };

type Op<O extends SwitchoverConfig['op']> = Extract<SwitchoverResult, { op: O }>;

async function run<O extends SwitchoverConfig['op']>(config: Omit<Extract<SwitchoverConfig, { op: O }>, 'source'> & { op: O }): Promise<Op<O>> {
  return (await runUnit(launcher, 'switchover', { ...config, source: connectionTo(source) } as SwitchoverConfig)) as Op<O>;
}

const asApp = (): Promise<Connection> => createConnection({ host: source.host, port: source.port, user: APP.user, password: 'pw', database: 'swf' });
const count = async () => {
  const connection = await asApp();
  try {
    const [rows] = await connection.query('SELECT COUNT(*) AS n FROM t');
    return Number((rows as { n: number }[])[0].n);
  } finally {
    await connection.end();
  }
};

describe('switchover write fence', () => {
  beforeAll(async () => {
    await exec(source, `DROP DATABASE IF EXISTS swf; CREATE DATABASE swf; USE swf; CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);
      DROP USER IF EXISTS 'swf_app'@'%'; CREATE USER 'swf_app'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, INSERT ON swf.* TO 'swf_app'@'%';`);
  });

  afterAll(async () => {
    await exec(source, "SET GLOBAL read_only = OFF; DROP USER IF EXISTS 'swf_app'@'%'; DROP DATABASE IF EXISTS swf;");
  });

  it('stops writes with read_only, ends the open write transaction, takes the token after the fence, and lifts', async () => {
    const app = await asApp();
    await app.query('BEGIN');
    await app.query('INSERT INTO t VALUES (2)');
    try {
      const fenced = await run({ op: 'fence', mode: 'read-only', accounts: [] });
      expect(fenced.previous).toMatchObject({ readOnly: false });
      const open = fenced.openTransactions.find((t) => t.account.startsWith('swf_app@'));
      expect(open).toMatchObject({ rowsModified: 1 });
      const refused = await asApp();
      await expect(refused.query('INSERT INTO t VALUES (3)')).rejects.toMatchObject({ errno: 1290 });
      await refused.end();

      const ended = await run({ op: 'end-transactions', threads: [open!.thread] });
      expect(ended.ended).toEqual([open!.thread]);
      expect((await run({ op: 'transactions' })).openTransactions.filter((t) => t.account.startsWith('swf_app@'))).toEqual([]);
      expect(await count()).toBe(1);

      const token = await run({ op: 'token', projectId: 'p_fence', token: 'tok-1' });
      expect(compareBinlogPositions(token.position, fenced.position)).toBeGreaterThan(0);
      // Again, as after a crash: the same row, a later position.
      const again = await run({ op: 'token', projectId: 'p_fence', token: 'tok-1' });
      expect(compareBinlogPositions(again.position, token.position)).toBeGreaterThan(0);

      await run({ op: 'lift', previous: fenced.previous, accounts: [] });
      const writer = await asApp();
      await writer.query('INSERT INTO t VALUES (4)');
      await writer.end();
      expect(await count()).toBe(2);
    } finally {
      await app.end().catch(() => undefined);
      await exec(source, 'SET GLOBAL read_only = OFF');
    }
  });

  it('locks the application accounts and ends their sessions; lifting unlocks them', async () => {
    const session = await asApp();
    const gone = new Promise((resolve) => session.on('error', resolve));
    try {
      const fenced = await run({ op: 'fence', mode: 'accounts', accounts: [APP] });
      expect(fenced.previous).toBeNull();
      expect(fenced.endedSessions).toBe(1);
      await gone;
      await expect(asApp()).rejects.toMatchObject({ message: expect.stringMatching(/locked/i) });
      await run({ op: 'lift', previous: null, accounts: [APP] });
      expect(await count()).toBe(2);
    } finally {
      await session.end().catch(() => undefined);
      await exec(source, "ALTER USER 'swf_app'@'%' ACCOUNT UNLOCK");
    }
  });

  it('says which account it could not lock, and how to name it', async () => {
    await expect(run({ op: 'fence', mode: 'accounts', accounts: [{ user: 'nobody_here', host: '%' }] })).rejects.toMatchObject({
      message: expect.stringContaining("Could not lock the account 'nobody_here'@'%'"),
    });
    await expect(run({ op: 'fence', mode: 'accounts', accounts: [] })).rejects.toMatchObject({ message: 'The accounts fence needs the application accounts to lock.' });
  });
});
