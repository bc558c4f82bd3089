/**
 * The forward switchover's journal: what each step measured or decided
 * (facts, on its row), and every event applied to the steps in order (what
 * the host meant to do, what came of it, the facts, when), so that a host
 * killed during a step resumes it from the journal and the user can read
 * what happened.
 */
export default /* sql */ `
ALTER TABLE switchover_steps ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';

CREATE TABLE switchover_journal (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  step       TEXT,  -- NULL for a cancel, which concerns every step
  event      TEXT NOT NULL CHECK (event IN ('begin', 'wait', 'confirm', 'succeed', 'fail', 'retry', 'skip', 'cancel')),
  facts      TEXT,  -- JSON: what the event recorded
  error      TEXT,
  at         TEXT NOT NULL
);
CREATE INDEX switchover_journal_project ON switchover_journal (project_id, seq);
`;
