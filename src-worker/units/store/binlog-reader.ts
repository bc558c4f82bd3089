/**
 * One replication connection to the source, through zongji: delivers the
 * binlog from a position as transactions of row changes, DDL statements and
 * heartbeats, in order, each transaction closed by its commit position.
 * It ends (rejects) on any error; the caller reconnects from its own
 * checkpoint, so what arrived after the last commit is simply received again.
 */

import ZongJi from '@vlasky/zongji';
import type { AnyBinlogEvent, RowData, TableMapEvent } from '@vlasky/zongji';
import type { ConnectionConfig } from '../../../src-shared/model/datasource';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { CHECKPOINT_TABLE, META_DATABASE } from '../../../src-shared/model/incremental';
import { connectionOptions } from '../../mysql/connect';
import type { Image } from '../../changelog/values';

export const HEARTBEAT_TABLE = 'heartbeat';

/** zongji's type code for GEOMETRY, and BLOB, whose decoder returns the raw bytes. */
const MYSQL_TYPE_GEOMETRY = 255;
const MYSQL_TYPE_BLOB = 252;
const MYSQL_TYPE_YEAR = 13;

export interface TableLayout {
  database: string;
  table: string;
  columns: string[];
  /** Indexes of the primary key columns, when the binlog carries them (binlog_row_metadata=FULL). */
  keyColumns: number[];
  /** YEAR columns: zongji adds 1900 to the stored byte, which turns YEAR 0000 into 1900 (not a valid YEAR). */
  yearColumns: Set<number>;
}

export interface BinlogSink {
  /** A row change of a captured table. */
  row(kind: 'insert' | 'update' | 'delete', table: TableLayout, before: Image | null, after: Image | null, eventTs: number): void;
  ddl(database: string | null, statement: string, eventTs: number): void;
  heartbeat(projectRow: RowData, eventTs: number): void;
  /** The current transaction moved an applier's checkpoint row: it was written by the applier of `streamId`. */
  marker(streamId: string): void;
  /** The current transaction is complete; capture may resume after `position`. */
  commit(position: BinlogPosition, eventTs: number): void;
  /** The current transaction was rolled back (non-transactional tables only): forget its rows. */
  rollback(): void;
  /** Any event arrived (for stall detection). */
  alive(position: { file: string; pos: number }): void;
}

export interface ReaderOptions {
  connection: ConnectionConfig;
  serverId: number;
  /** Databases whose row changes are read; null for all. */
  databases: string[] | null;
}

/** Statements that frame transactions rather than change anything. */
const FRAMING = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|ROLLBACK\s+TO|RELEASE\s+SAVEPOINT|XA\s)/i;

/** A table in `cutover_meta` (`cutover_meta.x`, `` `cutover_meta`.`x` ``), or `cutover_meta` itself created, altered or dropped. */
const META_TABLE = new RegExp(`(^|[^\\w$])\`?${META_DATABASE}\`?\\s*\\.`, 'i');
const META_SCHEMA = new RegExp(`^\\s*(CREATE|ALTER|DROP)\\s+(DATABASE|SCHEMA)\\s+(IF\\s+(NOT\\s+)?EXISTS\\s+)?\`?${META_DATABASE}\`?\\s*(;|$)`, 'i');

/** A statement Cutover ran on its own schema (its checkpoint, fence, heartbeat and token tables). */
export function isOwnStatement(schema: string | null, text: string): boolean {
  if (schema === META_DATABASE) return true;
  return META_SCHEMA.test(text) || (/^\s*(CREATE|ALTER|DROP)\s+TABLE\b/i.test(text) && META_TABLE.test(text));
}

function image(row: RowData, table: TableLayout): Image {
  return table.columns.map((name, i) => {
    const value = row[name];
    // zongji gives undefined (not null, which is SQL NULL) for the ENUM index 0, the '' of invalid values.
    if (value === undefined) return '';
    if (value === 1900 && table.yearColumns.has(i)) return 0;
    return value as Image[number];
  });
}

/**
 * Reads from `start` until `stop()` or an error. Resolves when stopped,
 * rejects with the replication error otherwise.
 */
export function readBinlog(options: ReaderOptions, start: BinlogPosition, sink: BinlogSink): { done: Promise<void>; stop(): void } {
  const zongji = new ZongJi({ ...connectionOptions(options.connection, { database: null }), jsonStrings: true } as never);
  const layouts = new Map<number, TableLayout>();
  let stopped = false;
  let settle: (error?: Error) => void = () => undefined;

  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => {
      if (error) reject(error);
      else resolve();
    };
  });

  const stop = () => {
    if (stopped) return;
    stopped = true;
    zongji.stop();
    settle();
  };

  zongji.on('error', (error: Error) => {
    if (stopped) return;
    stopped = true;
    zongji.stop();
    settle(error);
  });

  zongji.on('binlog', (event: AnyBinlogEvent) => {
    if (stopped) return;
    try {
      handle(event);
    } catch (error) {
      stopped = true;
      zongji.stop();
      settle(error as Error);
    }
  });

  const position = (nextPosition: number, gtid: string | undefined): BinlogPosition => ({
    file: zongji.options.filename ?? start.file,
    pos: nextPosition,
    gtid: gtid ?? null,
  });

  function handle(event: AnyBinlogEvent): void {
    const name = event.getEventName();
    if (event.nextPosition > 0) sink.alive({ file: zongji.options.filename ?? start.file, pos: event.nextPosition });
    switch (name) {
      case 'tablemap': {
        const map = event as TableMapEvent;
        const entry = zongji.tableMap[map.tableId];
        // zongji decodes GEOMETRY into point arrays, losing its type and SRID; read the stored bytes instead.
        for (const column of entry.columns ?? []) {
          if (column.type === MYSQL_TYPE_GEOMETRY) {
            column.type = MYSQL_TYPE_BLOB;
            column.charset = null;
          }
        }
        layouts.set(map.tableId, {
          database: map.schemaName,
          table: map.tableName,
          columns: (entry.columns ?? []).map((c) => c.name),
          keyColumns: map.primaryKey ?? [],
          yearColumns: new Set((entry.columns ?? []).flatMap((c, i) => (c.type === MYSQL_TYPE_YEAR ? [i] : []))),
        });
        return;
      }
      case 'writerows':
      case 'updaterows':
      case 'deleterows': {
        const rowsEvent = event as Extract<AnyBinlogEvent, { rows: unknown[] }> & { tableId: number };
        const table = layouts.get(rowsEvent.tableId);
        if (!table) throw new Error(`A row event arrived for table id ${rowsEvent.tableId} without its table map.`);
        if (table.database === META_DATABASE) {
          if (table.table === HEARTBEAT_TABLE && name !== 'deleterows') {
            for (const row of rowsEvent.rows as RowData[] | { after: RowData }[]) sink.heartbeat('after' in row ? (row.after as RowData) : (row as RowData), event.timestamp);
          } else if (table.table === CHECKPOINT_TABLE) {
            for (const row of rowsEvent.rows as RowData[] | { after: RowData }[]) sink.marker(String(('after' in row ? (row.after as RowData) : (row as RowData)).project_id));
          }
          return;
        }
        if (name === 'updaterows') {
          for (const row of rowsEvent.rows as { before: RowData; after: RowData }[]) {
            sink.row('update', table, image(row.before, table), image(row.after, table), event.timestamp);
          }
        } else {
          const kind = name === 'writerows' ? 'insert' : 'delete';
          for (const row of rowsEvent.rows as RowData[]) {
            const values = image(row, table);
            sink.row(kind, table, kind === 'delete' ? values : null, kind === 'insert' ? values : null, event.timestamp);
          }
        }
        return;
      }
      case 'xid':
        sink.commit(position(event.nextPosition, event.gtid), event.timestamp);
        return;
      case 'query': {
        const query = event as Extract<AnyBinlogEvent, { query: string }> & { schema: string };
        const text = query.query;
        if (/^\s*COMMIT\b/i.test(text)) sink.commit(position(event.nextPosition, event.gtid), event.timestamp);
        else if (/^\s*ROLLBACK\s*$/i.test(text)) sink.rollback();
        else if (!FRAMING.test(text)) {
          // DDL (and other statements logged as text): each is a transaction of its own. Cutover's own, on its meta schema, is not the user's DDL.
          if (!isOwnStatement(query.schema || null, text)) sink.ddl(query.schema || null, text, event.timestamp);
          sink.commit(position(event.nextPosition, event.gtid), event.timestamp);
        }
        return;
      }
      default:
        return;
    }
  }

  const includeSchema: Record<string, string[] | true> | undefined = options.databases
    ? { ...Object.fromEntries(options.databases.map((db) => [db, true as const])), [META_DATABASE]: [HEARTBEAT_TABLE, CHECKPOINT_TABLE] }
    : undefined;
  zongji.start({
    serverId: options.serverId,
    filename: start.file,
    position: start.pos,
    includeEvents: ['tablemap', 'writerows', 'updaterows', 'deleterows', 'xid', 'query', 'rotate'],
    ...(includeSchema ? { includeSchema } : {}),
  });
  return { done, stop };
}
