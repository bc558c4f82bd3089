/**
 * The first schema: everything SPEC.md needs to be remembered across restarts.
 * JSON columns hold values whose shape is owned by src-shared (options, object
 * selections, checkpoints); relational columns hold what is filtered or joined.
 */
export default /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE datasources (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  host            TEXT NOT NULL,
  port            INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  user            TEXT NOT NULL,
  password_sealed TEXT NOT NULL,
  database_name   TEXT,
  tls             TEXT NOT NULL,
  flavour         TEXT CHECK (flavour IN ('mysql57', 'mysql80', 'mariadb', 'oceanbase-mysql')),
  version         TEXT,
  last_test       TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE projects (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
  status         TEXT NOT NULL CHECK (status IN ('not_started', 'running', 'modifying', 'integrating', 'paused',
                                                 'failed', 'completed', 'releasing', 'released')),
  types          TEXT NOT NULL,
  source_id      TEXT NOT NULL REFERENCES datasources(id),
  destination_id TEXT NOT NULL REFERENCES datasources(id),
  objects        TEXT NOT NULL,
  options        TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  cloned_from    TEXT
);

CREATE TABLE project_tags (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  tag        TEXT NOT NULL COLLATE NOCASE,
  position   INTEGER NOT NULL,
  PRIMARY KEY (project_id, tag)
);
CREATE INDEX project_tags_by_tag ON project_tags(tag);

-- One row per stage the project's migration types run (F-22).
CREATE TABLE stages (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  stage      TEXT NOT NULL CHECK (stage IN ('schema', 'full', 'incremental', 'verification', 'switchover', 'reverse')),
  position   INTEGER NOT NULL,
  status     TEXT NOT NULL DEFAULT 'not_started'
             CHECK (status IN ('not_started', 'running', 'monitoring', 'paused', 'completed', 'failed', 'skipped')),
  progress   REAL,
  started_at TEXT,
  ended_at   TEXT,
  error      TEXT,
  PRIMARY KEY (project_id, stage)
);

-- Long-running workers the user can monitor (F-23); checkpoint is the unit's own JSON.
CREATE TABLE components (
  id         TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('store', 'incr-sync', 'full-import', 'full-verification',
                                           'reverse-store', 'reverse-incr-sync')),
  status     TEXT NOT NULL DEFAULT 'not_started'
             CHECK (status IN ('not_started', 'starting', 'running', 'paused', 'stopped', 'failed', 'completed')),
  params     TEXT NOT NULL DEFAULT '{}',
  checkpoint TEXT,
  pid        INTEGER,
  restarts   INTEGER NOT NULL DEFAULT 0,
  started_at TEXT,
  updated_at TEXT NOT NULL,
  error      TEXT,
  UNIQUE (project_id, kind)
);

-- Source objects resolved from the selection when a project starts, with per-stage progress.
CREATE TABLE project_objects (
  project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('table', 'view')),
  source_db      TEXT NOT NULL,
  source_name    TEXT NOT NULL,
  target_db      TEXT NOT NULL,
  target_name    TEXT NOT NULL,
  row_filter     TEXT,
  columns        TEXT,
  schema_status  TEXT NOT NULL DEFAULT 'not_started',
  schema_ddl     TEXT,
  schema_error   TEXT,
  full_status    TEXT NOT NULL DEFAULT 'not_started',
  rows_estimated INTEGER,
  rows_copied    INTEGER NOT NULL DEFAULT 0,
  full_error     TEXT,
  verify_status  TEXT NOT NULL DEFAULT 'not_started',
  verify_summary TEXT,
  PRIMARY KEY (project_id, source_db, source_name)
);

-- The eight forward switchover steps (F-34); only those the types need are present.
CREATE TABLE switchover_steps (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  step       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  status     TEXT NOT NULL DEFAULT 'pending'
             CHECK (status IN ('pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped')),
  started_at TEXT,
  ended_at   TEXT,
  error      TEXT,
  PRIMARY KEY (project_id, step)
);

CREATE TABLE precheck_runs (
  id         TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  status     TEXT NOT NULL CHECK (status IN ('running', 'passed', 'warned', 'failed', 'error')),
  started_at TEXT NOT NULL,
  ended_at   TEXT,
  error      TEXT
);
CREATE INDEX precheck_runs_by_project ON precheck_runs(project_id, started_at);

CREATE TABLE precheck_checks (
  run_id      TEXT NOT NULL REFERENCES precheck_runs(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  check_id    TEXT NOT NULL,
  title       TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('success', 'warn', 'fail')),
  detail      TEXT NOT NULL,
  instruction TEXT,
  PRIMARY KEY (run_id, position)
);

CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id  TEXT REFERENCES projects(id) ON DELETE CASCADE,
  severity    TEXT NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
  kind        TEXT NOT NULL,
  message     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX alerts_by_project ON alerts(project_id, created_at);

CREATE TABLE logs (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  ts         TEXT NOT NULL,
  project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
  source     TEXT NOT NULL,
  level      TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  message    TEXT NOT NULL
);
CREATE INDEX logs_by_project ON logs(project_id, source, id);

-- Time series of component metrics (1 s samples, thinned with age).
CREATE TABLE metrics (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  component  TEXT NOT NULL,
  name       TEXT NOT NULL,
  ts         INTEGER NOT NULL,
  value      REAL NOT NULL
);
CREATE INDEX metrics_by_series ON metrics(project_id, component, name, ts);

-- Only one host may run a project at a time.
CREATE TABLE leases (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  holder     TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
`;
