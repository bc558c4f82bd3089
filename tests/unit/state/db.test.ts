import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../../src-main/core/state/db';
import { STATE_FILE, openStateDb } from '../../../src-main/core/state/db';
import type { Migration } from '../../../src-main/core/state/migrations';
import { MIGRATIONS } from '../../../src-main/core/state/migrations';

let root: string;
const opened: Db[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cutover-db-test-'));
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(root, { recursive: true, force: true });
});

function open(home: string, migrations?: readonly Migration[]): Db {
  const db = migrations ? openStateDb(home, migrations) : openStateDb(home);
  opened.push(db);
  return db;
}

/** Opens, expecting an AppError, and returns it. */
function refused(home: string, migrations?: readonly Migration[]): AppError {
  try {
    open(home, migrations);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the state database to be refused');
}

function applied(db: Db): { version: number; name: string; applied_at: string }[] {
  return db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as { version: number; name: string; applied_at: string }[];
}

function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

const V1: Migration = { version: 1, name: 'init', sql: 'CREATE TABLE a (x INTEGER);' };
const V2: Migration = { version: 2, name: 'add_b', sql: 'CREATE TABLE b (y TEXT);' };

describe('openStateDb', () => {
  it('creates the state directory, owner-only, and the database in it', () => {
    const home = join(root, 'nested', 'home');
    const db = open(home);
    expect(db.name).toBe(join(home, STATE_FILE));
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });

  it('turns WAL mode and foreign keys on', () => {
    const db = open(root);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10000);
  });

  it('applies the app migrations and records them', () => {
    const db = open(root);
    expect(applied(db).map(({ version, name }) => ({ version, name }))).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(applied(db)[0].applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(tables(db)).toEqual(expect.arrayContaining(['settings', 'datasources', 'projects', 'schema_migrations']));
  });

  it('is idempotent when reopened: nothing is applied twice', () => {
    const first = open(root);
    const before = applied(first);
    first.close();
    const second = open(root);
    expect(applied(second)).toEqual(before);
  });

  it('applies only the migrations that are new', () => {
    open(root, [V1]).close();
    const db = open(root, [V1, V2]);
    expect(applied(db).map((r) => r.version)).toEqual([1, 2]);
    expect(tables(db)).toEqual(['a', 'b', 'schema_migrations']);
  });

  it('keeps data across reopening', () => {
    const db = open(root, [V1]);
    db.prepare('INSERT INTO a (x) VALUES (42)').run();
    db.close();
    expect(open(root, [V1, V2]).prepare('SELECT x FROM a').pluck().get()).toBe(42);
  });

  it('refuses a database written by a newer app, naming the file and what to do', () => {
    open(root, [V1, V2]).close();
    const error = refused(root, [V1]);
    expect(error.code).toBe('state_too_new');
    expect(error.message).toBe(`The state database ${join(root, STATE_FILE)} was written by a newer Cutover (schema version 2; this app knows up to 1).`);
    expect(error.workaround).toBe('Upgrade Cutover, or start this version with another --home directory.');
  });

  it('leaves a refused database untouched and closed', () => {
    open(root, [V1, V2]).close();
    refused(root, [V1]);
    const raw = new Database(join(root, STATE_FILE));
    try {
      expect((raw.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[])).toEqual([1, 2]);
    } finally {
      raw.close();
    }
    // Nothing holds the file open: the newer app can still use it.
    expect(applied(open(root, [V1, V2])).map((r) => r.version)).toEqual([1, 2]);
  });

  it('refuses a migration name it does not know', () => {
    open(root, [V1]).close();
    const error = refused(root, [{ ...V1, name: 'other_init' }]);
    expect(error.code).toBe('state_unreadable');
    expect(error.message).toBe(`The state database ${join(root, STATE_FILE)} has migration 1 "init", which this Cutover does not know.`);
    expect(error.workaround).toBe('Use the Cutover version that created this state directory, or another --home directory.');
  });

  it('refuses a recorded version missing from the app list', () => {
    open(root, [V1, V2]).close();
    const error = refused(root, [V2, { version: 3, name: 'c', sql: 'CREATE TABLE c (z INTEGER);' }]);
    expect(error.code).toBe('state_unreadable');
    expect(error.message).toContain('has migration 1 "init"');
  });

  it('rolls a failing migration back as a whole', () => {
    open(root, [V1]).close();
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE b (y TEXT); INSERT INTO missing VALUES (1);' };
    const error = refused(root, [V1, broken]);
    expect(error.code).toBe('state_unreadable');
    expect(error.message).toContain('to schema version 2 ("broken") failed: no such table: missing. Nothing was changed.');
    expect(error.workaround).toContain('restore it from a backup');
    const db = open(root, [V1]);
    expect(applied(db).map((r) => r.version)).toEqual([1]);
    expect(tables(db)).toEqual(['a', 'schema_migrations']);
  });

  it('refuses a file that is not a database, naming it', () => {
    writeFileSync(join(root, STATE_FILE), 'this is not a database at all, just some text that is long enough'.repeat(20));
    const error = refused(root);
    expect(error.code).toBe('state_unreadable');
    expect(error.message).toContain(`Cannot open the state database ${join(root, STATE_FILE)}: `);
    expect(error.workaround).toBe('Check that the file is a Cutover state database and that you may write to its directory, or use another --home.');
  });
});

describe('compiled statements', () => {
  it('are kept by their text, and still see a table whose columns changed', () => {
    const db = open(join(root, 'home'), [V1]);
    const select = 'SELECT * FROM a ORDER BY x';
    expect(db.prepare(select)).toBe(db.prepare(select));
    db.prepare('INSERT INTO a (x) VALUES (?)').run(1);
    db.prepare('INSERT INTO a (x) VALUES (?)').run(2);
    expect(db.prepare(select).all()).toEqual([{ x: 1 }, { x: 2 }]);
    db.exec("ALTER TABLE a ADD COLUMN label TEXT DEFAULT 'none'");
    expect(db.prepare(select).all()).toEqual([
      { x: 1, label: 'none' },
      { x: 2, label: 'none' },
    ]);
  });

  it('keep at most a bounded number of texts, so texts built with values do not pile up', () => {
    const db = open(join(root, 'home'), [V1]);
    const first = db.prepare('SELECT 0 AS n');
    for (let i = 1; i <= 600; i++) expect(db.prepare(`SELECT ${i} AS n`).get()).toEqual({ n: i });
    // The oldest was let go: asking again compiles it anew, and it still answers.
    const again = db.prepare('SELECT 0 AS n');
    expect(again).not.toBe(first);
    expect(again.get()).toEqual({ n: 0 });
  });
});
