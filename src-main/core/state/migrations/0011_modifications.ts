/**
 * Objects added to or removed from a running project (F-17): one row per
 * modification, with what it added and removed and, for the added tables'
 * catch-up, the source position before they were first read. The process
 * that runs a project can now be asked to modify its objects too (a request
 * with its changes as payload).
 */
export default /* sql */ `
CREATE TABLE object_modifications (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  status         TEXT NOT NULL CHECK (status IN ('modifying', 'integrating', 'completed', 'failed')),
  rules          TEXT NOT NULL,
  added          TEXT NOT NULL,
  removed        TEXT NOT NULL,
  start_position TEXT,
  error          TEXT,
  created_at     TEXT NOT NULL,
  ended_at       TEXT
);
CREATE INDEX object_modifications_by_project ON object_modifications (project_id, id);

CREATE TABLE host_requests_next (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  action       TEXT NOT NULL CHECK (action IN ('pause', 'modify-objects')),
  payload      TEXT,
  requested_at TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  done_at      TEXT,
  done_by      TEXT,
  error        TEXT
);
INSERT INTO host_requests_next (id, project_id, action, requested_at, requested_by, done_at, done_by, error)
  SELECT id, project_id, action, requested_at, requested_by, done_at, done_by, error FROM host_requests;
DROP TABLE host_requests;
ALTER TABLE host_requests_next RENAME TO host_requests;
CREATE INDEX host_requests_pending ON host_requests (done_at, project_id);
`;
