/**
 * The change log: one SQLite file per project, written by the Store and read
 * by Incr-Sync (and the change-log browser). A change becomes visible to
 * readers only when the binlog transaction it belongs to has been captured
 * whole: `transactions` gets its row last, in the same SQLite commit that
 * moves the Store's resume position past it.
 */

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';

/** Format 2 stores row images as JSON text (values.ts); a format-1 log is taken over as it is, since its images are still read. */
export const CHANGE_LOG_VERSION = '2';
const READABLE_VERSIONS = ['1', CHANGE_LOG_VERSION];

/** How a change row says what it is. */
export const KIND = { insert: 1, update: 2, delete: 3, ddl: 4, heartbeat: 5 } as const;
export type KindCode = (typeof KIND)[keyof typeof KIND];

const SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- One row per table layout seen in the binlog (a table gets a new one after a DDL changes its columns).
CREATE TABLE IF NOT EXISTS tables (
  id          INTEGER PRIMARY KEY,
  db          TEXT NOT NULL,
  tbl         TEXT NOT NULL,
  columns     TEXT NOT NULL,  -- JSON array of column names, in binlog order
  key_columns TEXT NOT NULL,  -- JSON array of indexes into columns: the source's primary key, if the binlog says
  UNIQUE (db, tbl, columns, key_columns)
);
CREATE TABLE IF NOT EXISTS transactions (
  seq         INTEGER PRIMARY KEY,
  last_change INTEGER NOT NULL,
  file        TEXT NOT NULL,   -- binlog position after the transaction
  pos         INTEGER NOT NULL,
  gtid        TEXT,
  event_ts    INTEGER NOT NULL -- source time of the commit, epoch ms (whole seconds)
);
CREATE TABLE IF NOT EXISTS changes (
  id        INTEGER PRIMARY KEY,
  txn       INTEGER NOT NULL,
  kind      INTEGER NOT NULL,
  table_id  INTEGER,           -- row changes
  db        TEXT,              -- DDL: the session's default database
  row_key   TEXT,              -- JSON array of the key values (after image; before image of a delete)
  old_key   TEXT,              -- an update that changed the key: the key before
  event_ts  INTEGER NOT NULL,
  before    BLOB,
  after     BLOB,
  statement TEXT,              -- DDL text
  beat      INTEGER            -- heartbeat: when the Store wrote it, epoch ms
);
CREATE INDEX IF NOT EXISTS changes_by_table ON changes (table_id, id) WHERE table_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS changes_by_key ON changes (row_key) WHERE row_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS changes_by_old_key ON changes (old_key) WHERE old_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS changes_by_time ON changes (event_ts);
CREATE INDEX IF NOT EXISTS transactions_by_time ON transactions (event_ts);
-- How far each reader has applied the log: the Store never purges past it.
CREATE TABLE IF NOT EXISTS consumers (name TEXT PRIMARY KEY, change_id INTEGER NOT NULL, updated_at INTEGER NOT NULL);
`;

export type ChangeLogDb = Database.Database;

/**
 * Opens (and for the writer, creates) a change log. WAL lets the Store write
 * while Incr-Sync and the browser read; synchronous=NORMAL keeps every commit
 * through a process crash (only a power loss can drop the last ones, and then
 * the Store's own resume position falls back with them).
 */
export function openChangeLog(path: string, mode: 'write' | 'read'): ChangeLogDb {
  let db: ChangeLogDb;
  try {
    if (mode === 'write') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { fileMustExist: mode === 'read' });
  } catch (error) {
    throw new AppError({
      code: mode === 'read' ? 'not_found' : 'internal',
      message: mode === 'read' ? `The change log ${path} does not exist yet: the Store has not started.` : `Cannot open the change log ${path}: ${(error as Error).message}`,
    });
  }
  // The Store holds the write lock only while it flushes; a reader's one write (its progress) waits briefly, then tries again later.
  db.pragma(`busy_timeout = ${mode === 'write' ? 10_000 : 200}`);
  if (mode === 'write') {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    const version = readMeta(db, 'version');
    if (version !== null && !READABLE_VERSIONS.includes(version)) {
      db.close();
      throw new AppError({ code: 'state_too_new', message: `The change log ${path} has format ${version}, which this version of Cutover cannot read.` });
    }
    if (version !== CHANGE_LOG_VERSION) writeMeta(db, 'version', CHANGE_LOG_VERSION);
  }
  return db;
}

export function readMeta(db: ChangeLogDb, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: ChangeLogDb, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
