/**
 * The local state database: one SQLite file in WAL mode under the state
 * directory, shared safely by the desktop app, `cutover serve` and the CLI.
 */

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { Migration } from './migrations';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export const STATE_FILE = 'state.db';

export function openStateDb(home: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = join(home, STATE_FILE);
  let db: Db;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw new AppError({
      code: 'state_unreadable',
      message: `Cannot open the state database ${file}: ${(error as Error).message}.`,
      workaround: 'Check that the file is a Cutover state database and that you may write to its directory, or use another --home.',
    });
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  try {
    migrate(db, file, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  keepCompiledStatements(db);
  return db;
}

/** Statement texts kept compiled at most; texts built with values (IN lists) come and go. */
const KEPT_STATEMENTS = 512;

/**
 * Keeps each compiled statement by its text. The repositories ask for theirs
 * on every call, and compiling was most of a small write's cost: 0.44 s of
 * the host's 2.3 s of CPU while 2,000 tables were copied. A kept statement is
 * as good as a fresh one because none is given a mode or iterated (a lint
 * rule on src-main says so) and get, all and run leave it reset.
 */
function keepCompiledStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (!statement) {
      statement = compile(source);
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
      kept.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/** Applies pending migrations in one transaction each; refuses a file written by a newer app. */
export function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  const latest = migrations.at(-1)?.version ?? 0;
  for (const row of applied) {
    if (row.version > latest) {
      throw new AppError({
        code: 'state_too_new',
        message: `The state database ${file} was written by a newer Cutover (schema version ${row.version}; this app knows up to ${latest}).`,
        workaround: 'Upgrade Cutover, or start this version with another --home directory.',
      });
    }
    if (known.get(row.version)?.name !== row.name) {
      throw new AppError({
        code: 'state_unreadable',
        message: `The state database ${file} has migration ${row.version} "${row.name}", which this Cutover does not know.`,
        workaround: 'Use the Cutover version that created this state directory, or another --home directory.',
      });
    }
  }
  const done = new Set(applied.map((r) => r.version));
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      }).immediate();
    } catch (error) {
      throw new AppError({
        code: 'state_unreadable',
        message: `Updating the state database ${file} to schema version ${migration.version} ("${migration.name}") failed: ${(error as Error).message}. Nothing was changed.`,
        workaround: 'Check the disk and the file permissions; if the file was edited by hand, restore it from a backup.',
      });
    }
  }
}
