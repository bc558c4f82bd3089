/**
 * Waiting on the state database for what a running replay records: its
 * checkpoint passing a position (the proof of a drain token), or a stage
 * being recorded completed once its workers stopped at their checkpoints.
 * Shared by the switchover, its rehearsal and the rollback.
 */

import type { BinlogPosition, StageId } from '../../../src-shared/model';
import { compareBinlogPositions } from '../../../src-shared/model/incremental';
import type { IncrementalRepo } from '../state/repos/incremental-repo';
import type { StagesRepo } from '../state/repos/stages-repo';

const POLL_MS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How long (ms) until the replay recorded in `repo` committed past `position`;
 * null when `capMs` ran out first. `check` runs at each look and may throw to
 * give up (the replay's stage failed).
 */
export async function replayPast(repo: IncrementalRepo, projectId: string, position: BinlogPosition, capMs: number, check: () => void = () => undefined): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    const checkpoint = repo.status(projectId, false).checkpoint;
    if (checkpoint && compareBinlogPositions(checkpoint, position) >= 0) return Date.now() - started;
    check();
    if (Date.now() - started > capMs) return null;
    await sleep(POLL_MS);
  }
}

/** Waits (at most `capMs`) until the stage is recorded completed. */
export async function stageCompleted(stages: StagesRepo, projectId: string, stage: StageId, capMs = 120_000): Promise<void> {
  for (const until = Date.now() + capMs; stages.get(projectId, stage)?.status !== 'completed' && Date.now() < until; ) await sleep(POLL_MS);
}
