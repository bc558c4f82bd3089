/** Incremental synchronization state of a project, forward or reverse: positions, latency, checkpoint, the failed DDL, statistics and DDL history. */

import type { BinlogPosition, DdlOutcome, DdlRecord, FailedDdl, ReplayCheckpoint, ReplayReading, SyncTableStats } from '../../../../src-shared/model/incremental';
import type { QualifiedName } from '../../../../src-shared/model/objects';
import { nowIso } from '../../ids';
import type { Db } from '../db';

interface StateRow {
  start_position: string | null;
  safe_until: string | null;
  capture_position: string | null;
  capture_ts: number | null;
  checkpoint: string | null;
  latency_ms: number | null;
  latency_at: string | null;
  replay_ts: number | null;
  heartbeat: number;
  safe_mode: number;
  failed_ddl: string | null;
  skip_change: number | null;
  verify_from: string | null;
}

const parse = <T>(text: string | null): T | null => (text ? (JSON.parse(text) as T) : null);

export interface ReplayProgress {
  checkpoint: ReplayCheckpoint | null;
  latencyMs: number | null;
  replayTimestamp: number | null;
  heartbeat: boolean;
  safeMode: boolean;
}

/** The tables of one direction: forward (source to destination) or reverse (destination back to the source, F-35). */
interface StreamTables {
  state: string;
  stats: string;
  ddl: string;
}

const TABLES: Record<'forward' | 'reverse', StreamTables> = {
  forward: { state: 'incremental_state', stats: 'sync_stats', ddl: 'sync_ddl' },
  reverse: { state: 'reverse_state', stats: 'reverse_stats', ddl: 'reverse_ddl' },
};

export class IncrementalRepo {
  private readonly tables: StreamTables;

  constructor(
    private readonly db: Db,
    direction: 'forward' | 'reverse' = 'forward',
  ) {
    this.tables = TABLES[direction];
  }

  private row(projectId: string): StateRow | null {
    return (this.db.prepare(`SELECT * FROM ${this.tables.state} WHERE project_id = ?`).get(projectId) as StateRow | undefined) ?? null;
  }

  private ensure(projectId: string): void {
    this.db.prepare(`INSERT OR IGNORE INTO ${this.tables.state} (project_id) VALUES (?)`).run(projectId);
  }

  status(projectId: string, statistics: boolean): ReplayReading {
    const row = this.row(projectId);
    return {
      startPosition: parse<BinlogPosition>(row?.start_position ?? null),
      capturePosition: parse<BinlogPosition>(row?.capture_position ?? null),
      checkpoint: parse<ReplayCheckpoint>(row?.checkpoint ?? null),
      latencyMs: row?.latency_ms ?? null,
      latencyAt: row?.latency_at ?? null,
      replayTimestamp: row?.replay_ts ?? null,
      heartbeat: row?.heartbeat === 1,
      safeMode: row?.safe_mode === 1,
      failedDdl: parse<FailedDdl>(row?.failed_ddl ?? null),
      statistics,
    };
  }

  startPosition(projectId: string): BinlogPosition | null {
    return parse<BinlogPosition>(this.row(projectId)?.start_position ?? null);
  }

  setStartPosition(projectId: string, position: BinlogPosition): void {
    this.ensure(projectId);
    this.db.prepare(`UPDATE ${this.tables.state} SET start_position = ? WHERE project_id = ?`).run(JSON.stringify(position), projectId);
  }

  safeUntil(projectId: string): BinlogPosition | null {
    return parse<BinlogPosition>(this.row(projectId)?.safe_until ?? null);
  }

  setSafeUntil(projectId: string, position: BinlogPosition): void {
    this.ensure(projectId);
    this.db.prepare(`UPDATE ${this.tables.state} SET safe_until = ? WHERE project_id = ?`).run(JSON.stringify(position), projectId);
  }

  /** Where the replay stood when full verification began: changes after it may not have been verified. */
  verifyFrom(projectId: string): BinlogPosition | null {
    return parse<BinlogPosition>(this.row(projectId)?.verify_from ?? null);
  }

  setVerifyFrom(projectId: string, position: BinlogPosition): void {
    this.ensure(projectId);
    this.db.prepare(`UPDATE ${this.tables.state} SET verify_from = ? WHERE project_id = ?`).run(JSON.stringify(position), projectId);
  }

  setCapture(projectId: string, position: BinlogPosition, eventTs: number | null): void {
    this.ensure(projectId);
    this.db.prepare(`UPDATE ${this.tables.state} SET capture_position = ?, capture_ts = COALESCE(?, capture_ts) WHERE project_id = ?`).run(JSON.stringify(position), eventTs, projectId);
  }

  setReplay(projectId: string, progress: ReplayProgress): void {
    this.ensure(projectId);
    this.db
      .prepare(
        `UPDATE ${this.tables.state} SET checkpoint = COALESCE(?, checkpoint), latency_ms = ?, latency_at = ?, replay_ts = COALESCE(?, replay_ts),
         heartbeat = ?, safe_mode = ? WHERE project_id = ?`,
      )
      .run(
        progress.checkpoint ? JSON.stringify(progress.checkpoint) : null,
        progress.latencyMs === null ? null : Math.round(progress.latencyMs),
        nowIso(),
        progress.replayTimestamp,
        progress.heartbeat ? 1 : 0,
        progress.safeMode ? 1 : 0,
        projectId,
      );
  }

  latencyMs(projectId: string): number | null {
    return this.row(projectId)?.latency_ms ?? null;
  }

  setFailedDdl(projectId: string, failed: FailedDdl | null): void {
    this.ensure(projectId);
    this.db.prepare(`UPDATE ${this.tables.state} SET failed_ddl = ? WHERE project_id = ?`).run(failed ? JSON.stringify(failed) : null, projectId);
  }

  skipChange(projectId: string): number | null {
    return this.row(projectId)?.skip_change ?? null;
  }

  setSkipChange(projectId: string, changeId: number | null): void {
    this.ensure(projectId);
    this.db.prepare(`UPDATE ${this.tables.state} SET skip_change = ? WHERE project_id = ?`).run(changeId, projectId);
  }

  addStats(projectId: string, tables: SyncTableStats[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO ${this.tables.stats} (project_id, source_db, source_name, target_db, target_name, inserts, updates, deletes, ddl) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, source_db, source_name) DO UPDATE SET target_db = excluded.target_db, target_name = excluded.target_name,
         inserts = inserts + excluded.inserts, updates = updates + excluded.updates, deletes = deletes + excluded.deletes, ddl = ddl + excluded.ddl`,
    );
    this.db.transaction(() => {
      for (const t of tables) upsert.run(projectId, t.source.database, t.source.table, t.target.database, t.target.table, t.inserts, t.updates, t.deletes, t.ddl);
    })();
  }

  stats(projectId: string): SyncTableStats[] {
    const rows = this.db.prepare(`SELECT * FROM ${this.tables.stats} WHERE project_id = ? ORDER BY source_db, source_name`).all(projectId) as {
      source_db: string;
      source_name: string;
      target_db: string;
      target_name: string;
      inserts: number;
      updates: number;
      deletes: number;
      ddl: number;
    }[];
    const name = (database: string, table: string): QualifiedName => ({ database, table });
    return rows.map((r) => ({ source: name(r.source_db, r.source_name), target: name(r.target_db, r.target_name), inserts: r.inserts, updates: r.updates, deletes: r.deletes, ddl: r.ddl }));
  }

  addDdl(projectId: string, ddl: { changeId: number; database: string | null; statement: string; applied: string | null; outcome: DdlOutcome; detail: string | null }): void {
    this.db
      .prepare(`INSERT INTO ${this.tables.ddl} (project_id, change_id, database, statement, applied, outcome, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(projectId, ddl.changeId, ddl.database, ddl.statement, ddl.applied, ddl.outcome, ddl.detail, nowIso());
  }

  ddl(projectId: string): DdlRecord[] {
    const rows = this.db.prepare(`SELECT * FROM ${this.tables.ddl} WHERE project_id = ? ORDER BY id DESC LIMIT 1000`).all(projectId) as {
      id: number;
      change_id: number;
      database: string | null;
      statement: string;
      applied: string | null;
      outcome: DdlOutcome;
      detail: string | null;
      at: string;
    }[];
    return rows.map((r) => ({ id: r.id, changeId: r.change_id, database: r.database, statement: r.statement, applied: r.applied, outcome: r.outcome, detail: r.detail, at: r.at }));
  }
}
