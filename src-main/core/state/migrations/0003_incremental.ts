/**
 * Incremental synchronization: where capture started and where the full copy
 * ended (the replay's safe-mode window), the latest positions, latency and
 * replay checkpoint the components report, the DDL that stopped the replay,
 * and per-table statistics and DDL history.
 */
export default /* sql */ `
CREATE TABLE incremental_state (
  project_id       TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  start_position   TEXT,     -- JSON BinlogPosition: taken before the first row of the full copy
  safe_until       TEXT,     -- JSON BinlogPosition: the source's position when the full copy ended
  capture_position TEXT,     -- JSON BinlogPosition: the Store's latest
  capture_ts       INTEGER,
  checkpoint       TEXT,     -- JSON ReplayCheckpoint: the replay's latest
  latency_ms       INTEGER,
  latency_at       TEXT,
  replay_ts        INTEGER,
  heartbeat        INTEGER NOT NULL DEFAULT 0,
  safe_mode        INTEGER NOT NULL DEFAULT 0,
  failed_ddl       TEXT,     -- JSON FailedDdl
  skip_change      INTEGER   -- a failed DDL the user chose to skip
);

CREATE TABLE sync_stats (
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

CREATE TABLE sync_ddl (
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
CREATE INDEX sync_ddl_by_project ON sync_ddl (project_id, id);
`;
