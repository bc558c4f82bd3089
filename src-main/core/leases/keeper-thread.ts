/**
 * The lease keeper: a thread of the host that renews the leases of the
 * projects the host runs, on its own connection to the state database, so
 * that work on the host's main event loop (a large import being validated, a
 * long synchronous step) can never starve the renewal and hand a healthy
 * project to another process. When a renewal finds the lease gone (the whole
 * process was stopped for longer than the lease, and another process took
 * the project over), it tells the main thread at once.
 *
 * Messages in: { type: 'hold', projectId, epoch } | { type: 'release', projectId }.
 * Messages out: { type: 'lost', projectId, epoch, holder }.
 */

import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { KeeperIn, KeeperOut, KeeperSettings } from './keeper';

function keep(settings: KeeperSettings): void {
  const port = parentPort;
  if (!port) throw new Error('The lease keeper runs as a worker thread.');
  const db = new Database(settings.stateFile, { fileMustExist: true });
  db.pragma(`busy_timeout = ${settings.renewMs}`);
  const renew = db.prepare('UPDATE leases SET expires_at = ? WHERE project_id = ? AND holder = ? AND epoch = ?');
  const current = db.prepare('SELECT holder FROM leases WHERE project_id = ?');
  const held = new Map<string, number>();
  const send = (message: KeeperOut) => port.postMessage(message);

  const renewAll = () => {
    for (const [projectId, epoch] of held) {
      let renewed: boolean;
      try {
        renewed = renew.run(Date.now() + settings.ttlMs, projectId, settings.holder, epoch).changes === 1;
      } catch {
        // Busy for longer than a renewal period: the next tick tries again, well within the lease.
        continue;
      }
      if (renewed) continue;
      held.delete(projectId);
      const row = current.get(projectId) as { holder: string } | undefined;
      send({ type: 'lost', projectId, epoch, holder: row?.holder || null });
    }
  };

  const timer = setInterval(renewAll, settings.renewMs);
  port.on('message', (message: KeeperIn) => {
    if (message.type === 'hold') held.set(message.projectId, message.epoch);
    else if (message.type === 'release') held.delete(message.projectId);
    else {
      clearInterval(timer);
      db.close();
      port.close();
    }
  });
}

keep(workerData as KeeperSettings);
