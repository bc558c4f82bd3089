/**
 * What running a project records: the schema objects with their DDL and the
 * destination's answers, the secondary indexes built after the data, the
 * constraints held back for switchover, and per-table copy checkpoints.
 */
export default /* sql */ `
CREATE TABLE schema_objects (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('database', 'table', 'view')),
  position       INTEGER NOT NULL,
  source_db      TEXT NOT NULL,
  source_name    TEXT NOT NULL,
  target_db      TEXT NOT NULL,
  target_name    TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'running', 'created', 'exists', 'failed', 'skipped', 'removed')),
  ddl            TEXT NOT NULL,
  converted_ddl  TEXT NOT NULL,
  error_code     INTEGER,
  error_message  TEXT,
  notes          TEXT NOT NULL DEFAULT '[]',
  started_at     TEXT,
  ended_at       TEXT,
  UNIQUE (project_id, kind, target_db, target_name)
);

CREATE TABLE table_indexes (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  target_db    TEXT NOT NULL,
  target_name  TEXT NOT NULL,
  source_db    TEXT NOT NULL,
  source_name  TEXT NOT NULL,
  index_name   TEXT NOT NULL,
  ddl          TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'created', 'failed', 'removed')),
  started_at   TEXT,
  ended_at     TEXT,
  error        TEXT,
  UNIQUE (project_id, target_db, target_name, index_name)
);

CREATE TABLE deferred_constraints (
  project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  target_db    TEXT NOT NULL,
  target_name  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('check', 'foreign_key', 'hidden_key')),
  name         TEXT NOT NULL,
  ddl          TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending',
  PRIMARY KEY (project_id, target_db, target_name, kind, name)
);

-- Resolved objects gain what the copy needs to resume: the chunk key and the last copied key.
ALTER TABLE project_objects ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE project_objects ADD COLUMN key_columns TEXT;
ALTER TABLE project_objects ADD COLUMN unique_key INTEGER NOT NULL DEFAULT 1;
ALTER TABLE project_objects ADD COLUMN copy_checkpoint TEXT;
ALTER TABLE project_objects ADD COLUMN full_started_at TEXT;
ALTER TABLE project_objects ADD COLUMN full_ended_at TEXT;
`;
