/**
 * One apply connection. A lane applies its share of a round as one
 * destination transaction that opens under the project's writer fence and
 * also moves its checkpoint row, sending the statements in as few round
 * trips as the server's packet size allows, and commits separately so that
 * the commit time can be measured.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { ConnectionConfig } from '../../../src-shared/model/datasource';
import { connect } from '../../mysql/connect';
import { liftStatementTimeouts, WRITE_SQL_MODE } from '../../mysql/sessions';
import type { WriterFence } from '../../mysql/writer-fence';
import type { Meter } from '../../runtime/meter';

export class Lane {
  private connection: Connection | null = null;
  private packetLimit = 1 << 20;

  constructor(
    readonly index: number,
    private readonly config: ConnectionConfig,
    private readonly fence: WriterFence,
  ) {}

  /** This lane's row in the destination's writer fence. */
  get writer(): string {
    return `lane:${this.index}`;
  }

  async open(): Promise<Connection> {
    if (!this.connection) {
      const connection = await connect(this.config, { database: null, multipleStatements: true, finishedSql: true });
      await connection.query(`SET SESSION time_zone = '+00:00', sql_mode = '${WRITE_SQL_MODE}', foreign_key_checks = 0, unique_checks = 1, autocommit = 1`);
      await liftStatementTimeouts(connection);
      const [rows] = await connection.query<RowDataPacket[]>('SELECT @@max_allowed_packet AS packet');
      // Leave room for the protocol; never send more than 16 MB at once.
      this.packetLimit = Math.min(16 << 20, Math.max(64 << 10, Number(rows[0].packet) - 4096));
      this.connection = connection;
    }
    return this.connection;
  }

  /** Applies `statements` and `checkpoint` in one transaction; a fence at a newer epoch refuses it before anything is committed. */
  async apply(statements: string[], checkpoint: string, meter: Meter): Promise<void> {
    const connection = await this.open();
    const started = Date.now();
    const batches = this.batches(['START TRANSACTION', this.fence.guardSql(this.writer), ...statements, checkpoint]);
    for (let i = 0; i < batches.length; i++) {
      const [results] = await connection.query(batches[i]);
      // The first batch holds at least the start and the guard: the guard's rows are its second result.
      if (i === 0) this.fence.check((results as unknown[])[1]);
    }
    meter.time('exec_ms', (Date.now() - started) / Math.max(1, statements.length));
    const committing = Date.now();
    await connection.query('COMMIT');
    meter.time('commit_ms', Date.now() - committing);
  }

  /** After any error the connection may be mid-transaction: drop it (the server rolls back). */
  reset(): void {
    this.connection?.destroy();
    this.connection = null;
  }

  async close(): Promise<void> {
    await this.connection?.end().catch(() => undefined);
    this.connection = null;
  }

  private batches(statements: string[]): string[] {
    const batches: string[] = [];
    let current = '';
    for (const statement of statements) {
      if (current && current.length + statement.length + 2 > this.packetLimit) {
        batches.push(current);
        current = '';
      }
      current = current ? `${current};\n${statement}` : statement;
    }
    if (current) batches.push(current);
    return batches;
  }
}
