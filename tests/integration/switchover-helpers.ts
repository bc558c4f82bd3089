/** What the switchover's integration tests share: an application account, tables with held-back constraints, and driving the steps through the API. */

import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { SwitchoverOverview } from '../../src-shared/model';
import type { ServerEndpoint } from '../harness/mariadb';
import { exec } from './helpers';
import { waitFor } from './incremental-helpers';

/** An application's account on `server` that may write `database` but not through read-only. */
export async function createAppAccount(server: ServerEndpoint, account: { user: string; password: string }, database: string): Promise<void> {
  await exec(
    server,
    `DROP USER IF EXISTS '${account.user}'@'%'; CREATE USER '${account.user}'@'%' IDENTIFIED BY '${account.password}'; GRANT SELECT, INSERT, UPDATE, DELETE ON \`${database.replaceAll('_', '\\_')}\`.* TO '${account.user}'@'%';`,
  );
}

/** `parent` and `child` with a FOREIGN KEY and a CHECK named after `tag` (held back until Process database objects), and rows. */
export function constrainedTables(tag: string): string {
  return `CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL);
    CREATE TABLE child (id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT NOT NULL, CONSTRAINT fk_${tag}_child FOREIGN KEY (parent_id) REFERENCES parent (id), CONSTRAINT ck_${tag}_child CHECK (parent_id > 0));
    INSERT INTO parent SELECT seq, CONCAT('p', seq) FROM seq_1_to_40;
    INSERT INTO child (parent_id) SELECT 1 + seq % 40 FROM seq_1_to_200;`;
}

/** Starts the switchover with the read-only fence and confirms it (ending open write transactions) once it is up. */
export async function startAndConfirm(core: CoreApp, id: string): Promise<void> {
  await call(core.dispatch, 'switchover/start', { id, fence: 'read-only', accounts: '' });
  await waitFor(async () => (await call(core.dispatch, 'switchover/status', { id })).steps.some((s) => s.status === 'waiting'), 'the fence up');
  await call(core.dispatch, 'switchover/confirm', { id, endTransactions: true });
}

/** Waits until every step is done; a failed step fails the wait with its error. */
export async function switchoverDone(core: CoreApp, id: string, timeoutMs = 180_000): Promise<SwitchoverOverview> {
  let overview: SwitchoverOverview | null = null;
  await waitFor(
    async () => {
      overview = await call(core.dispatch, 'switchover/status', { id });
      const failed = overview.steps.find((s) => s.status === 'failed');
      if (failed) throw new Error(`${failed.step} failed: ${failed.error}`);
      return overview.current === null;
    },
    'every step done',
    timeoutMs,
  );
  return overview!;
}
