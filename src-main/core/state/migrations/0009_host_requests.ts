/**
 * Requests one Cutover process leaves for the process that runs a project
 * (the CLI asking a `cutover serve`, the desktop app or a foreground
 * `cutover run` to pause it): the holder of the project's lease takes each,
 * acts, and records who acted and how it ended.
 */
export default /* sql */ `
CREATE TABLE host_requests (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  action       TEXT NOT NULL CHECK (action IN ('pause')),
  requested_at TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  done_at      TEXT,
  done_by      TEXT,
  error        TEXT
);
CREATE INDEX host_requests_pending ON host_requests (done_at, project_id);
`;
