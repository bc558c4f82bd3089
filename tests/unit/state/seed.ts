/** A data source and one Running project in a fresh state database, for repo tests that need a project row. */

import type { Db } from '../../../src-main/core/state/db';

export function seedProject(db: Db, projectId: string): void {
  const now = new Date().toISOString();
  db.prepare("INSERT INTO datasources (id, name, host, port, user, password_sealed, tls, created_at, updated_at) VALUES ('d1', 'd1', 'h', 3306, 'u', 'x', '{}', ?, ?)").run(now, now);
  db.prepare(
    "INSERT INTO projects (id, name, status, types, source_id, destination_id, objects, options, created_by, created_at, updated_at) VALUES (?, 'p', 'running', '[]', 'd1', 'd1', '{}', '{}', 'me', ?, ?)",
  ).run(projectId, now, now);
}
