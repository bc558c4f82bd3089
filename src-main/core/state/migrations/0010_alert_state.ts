/**
 * Alerts that follow their cause: when it was last raised and how often
 * (a cause that persists is raised again at the alert frequency), and when
 * the user acknowledged it; `resolved_at` is set when the cause clears.
 */
export default /* sql */ `
ALTER TABLE alerts ADD COLUMN raised_at TEXT;
ALTER TABLE alerts ADD COLUMN times INTEGER NOT NULL DEFAULT 1;
ALTER TABLE alerts ADD COLUMN acknowledged_at TEXT;
UPDATE alerts SET raised_at = created_at;
CREATE INDEX alerts_open ON alerts (project_id, kind, resolved_at);
`;
