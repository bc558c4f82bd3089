/**
 * Full verification: per verified object (a destination table and the
 * source tables that feed it) its status, progress and checkpoint; every
 * row difference found, by key; the reverify a user asked for; and every
 * correction applied, with the destination row as it was before, so that it
 * can be undone.
 */
export default /* sql */ `
CREATE TABLE verify_tables (
  project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  id             TEXT NOT NULL,  -- the destination table, db.table
  target_db      TEXT NOT NULL,
  target_name    TEXT NOT NULL,
  sources        TEXT NOT NULL,  -- JSON QualifiedName[]
  key_columns    TEXT,           -- JSON string[]: the key the rows are compared by; NULL for a table without one
  status         TEXT NOT NULL DEFAULT 'not_started'
                 CHECK (status IN ('not_started', 'running', 'consistent', 'inconsistent', 'capped', 'unverifiable', 'failed')),
  rows_estimated INTEGER,
  rows_verified  INTEGER NOT NULL DEFAULT 0,
  checkpoint     TEXT,           -- JSON CopyCheckpoint
  columns        TEXT,           -- JSON VerifyColumn[]
  reason         TEXT,
  records_only   INTEGER NOT NULL DEFAULT 0,  -- reverify only the rows that differed
  started_at     TEXT,
  ended_at       TEXT,
  PRIMARY KEY (project_id, id)
);

CREATE TABLE verify_differences (
  seq                INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id         TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  table_id           TEXT NOT NULL,
  row_key            TEXT,           -- JSON string[]; NULL for a table without a key
  category           TEXT NOT NULL CHECK (category IN ('source-only', 'destination-only', 'mismatch')),
  columns            TEXT NOT NULL,  -- JSON string[]
  source_values      TEXT,           -- JSON (string|null)[]
  destination_values TEXT,
  cause              TEXT,
  state              TEXT NOT NULL CHECK (state IN ('confirmed', 'suspect')),
  fixed_at           TEXT,
  found_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX verify_differences_by_key ON verify_differences (project_id, table_id, row_key) WHERE row_key IS NOT NULL;
CREATE INDEX verify_differences_by_table ON verify_differences (project_id, table_id, seq);

CREATE TABLE verify_fixes (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  table_id     TEXT NOT NULL,
  row_key      TEXT,
  statement    TEXT NOT NULL,  -- what was run on the destination
  revert       TEXT NOT NULL,  -- what puts the destination row back as it was
  applied_at   TEXT NOT NULL,
  reverted_at  TEXT
);
CREATE INDEX verify_fixes_by_project ON verify_fixes (project_id, seq);
`;
