import type { MetricSeries } from '../../../../src-shared/contract/ipc';
import type { MetricSample } from '../../../../src-shared/contract/worker';
import type { Db } from '../db';

/** Component metrics as time series: one row per sample, read back for charts after any restart. */
export class MetricsRepo {
  constructor(private readonly db: Db) {}

  add(projectId: string, component: string, samples: MetricSample[]): void {
    const insert = this.db.prepare('INSERT INTO metrics (project_id, component, name, ts, value) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const s of samples) insert.run(projectId, component, s.name, Math.round(s.ts), s.value);
    })();
  }

  series(projectId: string, component: string, names: string[], since: number): MetricSeries[] {
    const rows = this.db
      .prepare(
        `SELECT name, ts, value FROM metrics WHERE project_id = ? AND component = ? AND ts >= ?
         AND name IN (${names.map(() => '?').join(', ')}) ORDER BY ts`,
      )
      .all(projectId, component, since, ...names) as { name: string; ts: number; value: number }[];
    return names.map((name) => ({ name, points: rows.filter((r) => r.name === name).map((r) => [r.ts, r.value] as [number, number]) }));
  }

  /** Keeps one-second samples for a day, then one per minute (the last value of each minute). */
  thin(olderThan: number): void {
    this.db
      .prepare(
        `DELETE FROM metrics WHERE ts < ? AND rowid NOT IN (
           SELECT MAX(rowid) FROM metrics WHERE ts < ? GROUP BY project_id, component, name, ts / 60000)`,
      )
      .run(olderThan, olderThan);
  }
}
