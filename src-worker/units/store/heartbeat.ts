/**
 * The heartbeat: every second the Store writes this machine's clock into a
 * row of `cutover_meta.heartbeat` on the source. The row travels through the
 * binlog like any change; when Incr-Sync commits it, the difference is the
 * end-to-end latency in milliseconds. Needs CREATE/INSERT/UPDATE on
 * cutover_meta at the source; without them latency falls back to binlog
 * event times (whole seconds) and the Store says so once.
 */

import type { Connection } from 'mysql2/promise';
import type { ConnectionConfig } from '../../../src-shared/model/datasource';
import { connect } from '../../mysql/connect';
import { describeSqlError, isTransient } from '../../mysql/transient';
import { META_DATABASE } from '../../../src-shared/model/incremental';
import { HEARTBEAT_TABLE } from './binlog-reader';

export const HEARTBEAT_INTERVAL_MS = 1000;

const SETUP = [
  `CREATE DATABASE IF NOT EXISTS \`${META_DATABASE}\``,
  `CREATE TABLE IF NOT EXISTS \`${META_DATABASE}\`.\`${HEARTBEAT_TABLE}\` (
     project_id VARCHAR(64) NOT NULL PRIMARY KEY,
     beat_ms BIGINT NOT NULL
   ) ENGINE = InnoDB`,
];

export class Heartbeat {
  private connection: Connection | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ready = false;
  /** False once the source refused the heartbeat for lack of privileges. */
  permitted = true;

  constructor(
    private readonly config: ConnectionConfig,
    private readonly projectId: string,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
    void this.beat();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.connection?.end().catch(() => undefined);
    this.connection = null;
  }

  private async beat(): Promise<void> {
    if (!this.permitted) return;
    try {
      this.connection ??= await connect(this.config, { database: null });
      if (!this.ready) {
        for (const sql of SETUP) await this.connection.query(sql);
        this.ready = true;
      }
      await this.connection.query(
        `INSERT INTO \`${META_DATABASE}\`.\`${HEARTBEAT_TABLE}\` (project_id, beat_ms) VALUES (?, ?) ON DUPLICATE KEY UPDATE beat_ms = VALUES(beat_ms)`,
        [this.projectId, Date.now()],
      );
    } catch (error) {
      this.connection?.destroy();
      this.connection = null;
      if (isTransient(error)) return;
      this.permitted = false;
      this.log(
        'warn',
        `The heartbeat cannot be written on the source (${describeSqlError(error)}); latency is measured from binlog event times, in whole seconds. ` +
          `To measure it in milliseconds, grant CREATE, INSERT, UPDATE ON ${META_DATABASE}.* to the source user.`,
      );
    }
  }
}
