/**
 * Store (F-32): captures the source's binlog into the project's change log
 * from the position recorded before the full copy, and keeps capturing until
 * paused. Reconnects by itself when the source restarts or the network
 * drops (from the last whole transaction in the log, so nothing is missed or
 * doubled), notices a stream that went silent while the source's binlog
 * moved on, and fails clearly when the binlog it needs was purged.
 */

import type { Connection } from 'mysql2/promise';
import { AppError } from '../../../src-shared/errors';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { compareBinlogPositions } from '../../../src-shared/model/incremental';
import { ChangeLogWriter } from '../../changelog/writer';
import { keyText } from '../../changelog/values';
import { currentPosition, isPurgedBinlogError, purgedBinlogError } from '../../mysql/binlog';
import { connect } from '../../mysql/connect';
import { describeSqlError, isTransient } from '../../mysql/transient';
import { Meter } from '../../runtime/meter';
import type { Unit } from '../../runtime/unit';
import type { BinlogSink } from './binlog-reader';
import { readBinlog } from './binlog-reader';
import { Heartbeat } from './heartbeat';

/** SQLite commits: at least this often while changes arrive (they become visible to the replay then). */
const FLUSH_MS = 20;
const PROGRESS_MS = 1000;
const PURGE_MS = 60_000;
/** A stream with no event for this long while the source's binlog moved on is considered dead. */
const STALL_MS = 30_000;
const STALL_CHECK_MS = 5000;
/** Reconnecting stops after this long without a transaction getting through. */
const GIVE_UP_MS = 5 * 60_000;

class StalledStream extends Error {}

export const storeUnit: Unit<'store'> = {
  async run(config, context) {
    const writer = ChangeLogWriter.open(config.logPath, config.projectId, config.start, config.epoch);
    const meter = new Meter(['source_rows', 'source_bytes']);
    const heartbeat = config.heartbeat ? new Heartbeat(config.source, config.projectId, (level, message) => context.log(level, message)) : null;
    let lastEventTs: number | null = null;
    let lastAliveAt = Date.now();
    let lastAlive: { file: string; pos: number } = writer.resumePosition();
    let heartbeatSeen = false;
    /** The transaction being received was written by the peer applier; and how many such were dropped. */
    let peerTransaction = false;
    let dropped = 0;
    let failingSince: number | null = null;
    let failures = 0;
    let stalled = false;
    let reader: ReturnType<typeof readBinlog> | null = null;

    const sink: BinlogSink = {
      row(kind, table, before, after, eventTs) {
        const tableId = writer.tableId(table.database, table.table, table.columns, table.keyColumns);
        const rowKey = keyText((after ?? before)!, table.keyColumns);
        const oldKey = kind === 'update' ? keyText(before!, table.keyColumns) : null;
        const bytes = writer.addRow(kind, tableId, rowKey, oldKey !== rowKey ? oldKey : null, eventTs, before, after);
        meter.add('source_rows', 1);
        meter.add('source_bytes', bytes);
        if (writer.full) writer.flush();
      },
      ddl(database, statement, eventTs) {
        writer.addDdl(database, statement, eventTs);
      },
      heartbeat(row, eventTs) {
        if (row.project_id !== config.projectId) return;
        writer.addHeartbeat(Number(row.beat_ms), eventTs);
        heartbeatSeen = true;
      },
      marker(streamId) {
        if (streamId === config.dropMarkedBy) peerTransaction = true;
      },
      commit(position, eventTs) {
        if (peerTransaction) {
          // The peer applier's own write: only the position moves past it.
          writer.discardTransaction();
          peerTransaction = false;
          dropped++;
        }
        writer.commitTransaction(position, eventTs);
        lastEventTs = eventTs;
        failingSince = null;
        failures = 0;
        if (writer.full || Date.now() - writer.lastFlush >= FLUSH_MS) writer.flush();
      },
      rollback() {
        writer.discardTransaction();
        peerTransaction = false;
      },
      alive(position) {
        lastAlive = position;
        lastAliveAt = Date.now();
      },
    };

    const progress = () => {
      context.emit({
        type: 'progress',
        position: writer.resumePosition(),
        eventTs: lastEventTs,
        heartbeat: heartbeatSeen && (heartbeat?.permitted ?? false),
        transactions: writer.transactionsWritten,
        changes: writer.changesWritten,
        dropped,
      });
      context.metrics(meter.sample());
    };

    const purge = () => {
      const cutoff = Date.now() - config.retentionHours * 3_600_000;
      let removed = 0;
      const started = Date.now();
      // A batch at a time, so that capture is never held up for long.
      for (let n = writer.purge(cutoff, writer.replayedChangeId()); n > 0 && Date.now() - started < 500; n = writer.purge(cutoff, writer.replayedChangeId())) removed += n;
      if (removed > 0) context.log('info', `Removed ${removed} replayed changes older than ${config.retentionHours} h from the change log.`);
    };

    let control = null as Connection | null;
    const checkStall = async () => {
      if (Date.now() - lastAliveAt < STALL_MS || !reader) return;
      try {
        control ??= await connect(config.source, { database: null });
        const head = await currentPosition(control);
        if (compareBinlogPositions(head, lastAlive) > 0 && Date.now() - lastAliveAt >= STALL_MS) {
          context.log('warn', `No binlog event for ${Math.round((Date.now() - lastAliveAt) / 1000)} s while the source's binlog moved on to ${head.file}:${head.pos}: reconnecting.`);
          lastAliveAt = Date.now();
          reader.stop();
          stalled = true;
        }
      } catch {
        control?.destroy();
        control = null;
      }
    };

    const timers = [
      setInterval(() => {
        if (writer.pending > 0) writer.flush();
      }, FLUSH_MS),
      setInterval(progress, PROGRESS_MS),
      setInterval(purge, PURGE_MS),
      setInterval(() => void checkStall(), STALL_CHECK_MS),
    ];
    const halt = () => reader?.stop();
    context.pause.addEventListener('abort', halt, { once: true });
    context.signal.addEventListener('abort', halt, { once: true });
    heartbeat?.start();
    const stopping = () => context.pause.aborted || context.signal.aborted;

    try {
      context.log('info', `Capturing ${config.databases ? config.databases.join(', ') : 'every database'} from ${writer.resumePosition().file}:${writer.resumePosition().pos}.`);
      while (!stopping()) {
        const start: BinlogPosition = writer.resumePosition();
        stalled = false;
        lastAliveAt = Date.now();
        reader = readBinlog({ connection: config.source, serverId: config.serverId, databases: config.databases }, start, sink);
        try {
          await reader.done;
          if (!stalled) break;
          throw new StalledStream('the binlog stream went silent');
        } catch (error) {
          // The transaction in flight is received again from the resume position.
          writer.discardTransaction();
          peerTransaction = false;
          writer.flush();
          if (stopping()) break;
          if (isPurgedBinlogError(error)) throw purgedBinlogError(start, describeSqlError(error));
          if (!(error instanceof StalledStream) && !isTransient(error)) {
            throw new AppError({ code: 'worker_failed', message: `Reading the source's binlog failed: ${describeSqlError(error)}`, retryable: false });
          }
          failingSince ??= Date.now();
          if (Date.now() - failingSince > GIVE_UP_MS) {
            throw new AppError({ code: 'worker_failed', message: `The source's binlog could not be read for ${GIVE_UP_MS / 60_000} minutes: ${describeSqlError(error)}`, retryable: true });
          }
          const delay = Math.min(10_000, 500 * 2 ** Math.min(failures++, 5));
          context.log('warn', `Binlog connection lost (${describeSqlError(error)}); reconnecting from ${start.file}:${start.pos} in ${delay / 1000} s.`);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delay);
            const wake = () => {
              clearTimeout(timer);
              resolve();
            };
            context.pause.addEventListener('abort', wake, { once: true });
            context.signal.addEventListener('abort', wake, { once: true });
          });
        }
      }
    } finally {
      for (const timer of timers) clearInterval(timer);
      reader?.stop();
      writer.discardTransaction();
      progress();
      writer.close();
      await heartbeat?.stop();
      await control?.end().catch(() => undefined);
    }
    return { paused: context.pause.aborted };
  },
};
