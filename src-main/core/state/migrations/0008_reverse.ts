/**
 * Reverse incremental synchronization (F-35) keeps the same state as the
 * forward one, in tables of its own: positions, latency and checkpoint,
 * per-table statistics and DDL history of the stream from the destination
 * back to the source. And, for the switchover's delta verification, where
 * the replay stood when full verification began: tables changed after it
 * are verified again while writes are stopped. The switchover's journal
 * also takes `note` events: what the user decided about one item of a
 * failed step (run, skipped, marked complete).
 */
export default /* sql */ `
ALTER TABLE incremental_state ADD COLUMN verify_from TEXT; -- JSON BinlogPosition: the replay checkpoint when full verification began
CREATE TABLE reverse_state (
  project_id       TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  start_position   TEXT,     -- JSON BinlogPosition on the destination: recorded at the switchover's step 3
  safe_until       TEXT,
  capture_position TEXT,
  capture_ts       INTEGER,
  checkpoint       TEXT,
  latency_ms       INTEGER,
  latency_at       TEXT,
  replay_ts        INTEGER,
  heartbeat        INTEGER NOT NULL DEFAULT 0,
  safe_mode        INTEGER NOT NULL DEFAULT 0,
  failed_ddl       TEXT,
  skip_change      INTEGER,
  verify_from      TEXT
);

CREATE TABLE reverse_stats (
  project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  source_db   TEXT NOT NULL,
  source_name TEXT NOT NULL,
  target_db   TEXT NOT NULL,
  target_name TEXT NOT NULL,
  inserts     INTEGER NOT NULL DEFAULT 0,
  updates     INTEGER NOT NULL DEFAULT 0,
  deletes     INTEGER NOT NULL DEFAULT 0,
  ddl         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, source_db, source_name)
);

CREATE TABLE reverse_ddl (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  change_id  INTEGER NOT NULL,
  database   TEXT,
  statement  TEXT NOT NULL,
  applied    TEXT,
  outcome    TEXT NOT NULL CHECK (outcome IN ('applied', 'skipped', 'ignored', 'failed')),
  detail     TEXT,
  at         TEXT NOT NULL
);
CREATE INDEX reverse_ddl_by_project ON reverse_ddl (project_id, id);

CREATE TABLE switchover_journal_next (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  step       TEXT,
  event      TEXT NOT NULL CHECK (event IN ('begin', 'wait', 'confirm', 'succeed', 'fail', 'retry', 'skip', 'cancel', 'note')),
  facts      TEXT,
  error      TEXT,
  at         TEXT NOT NULL
);
INSERT INTO switchover_journal_next SELECT * FROM switchover_journal;
DROP TABLE switchover_journal;
ALTER TABLE switchover_journal_next RENAME TO switchover_journal;
CREATE INDEX switchover_journal_project ON switchover_journal (project_id, seq);
`;
