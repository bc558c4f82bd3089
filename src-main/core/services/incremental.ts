/**
 * Incremental synchronization as the pages and the CLI see it (F-32): status
 * with latency and checkpoint, statistics, DDL history, Skip of a failed DDL,
 * the statistics switch, and the change-log browser (searched by a worker:
 * the change log is the Store's file, never opened by the host).
 */

import { existsSync } from 'node:fs';
import type { ChangeLogQuery } from '../../../src-shared/contract/units/changelog';
import { AppError } from '../../../src-shared/errors';
import type { ChangeLogPage, DdlRecord, IncrementalStatus, SyncTableStats } from '../../../src-shared/model/incremental';
import { compareBinlogPositions, monitoringThresholdMs, reverseStreamId } from '../../../src-shared/model/incremental';
import { replayHealth } from '../../../src-shared/lifecycle/replay-health';
import type { ProjectView } from '../../../src-shared/model/project';
import { changeLogPath } from '../orchestrator/stages/capture';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { runUnit } from '../workers/run-unit';

const SEARCH_TIMEOUT_MS = 60_000;

type Direction = 'forward' | 'reverse';

export class IncrementalService {
  constructor(
    private readonly services: RunServices,
    private readonly orchestrator: Orchestrator,
  ) {}

  private repo(direction: Direction) {
    return direction === 'forward' ? this.services.incremental : this.services.reverse;
  }

  /**
   * Latency, positions and checkpoint of the forward replay, or of reverse
   * incremental (F-35), with how it really stands now. The Store's position is
   * never shown behind the replay's checkpoint: the replay cannot be past what
   * was captured, and the Store reports less often.
   */
  status(projectId: string, direction: Direction = 'forward', now = Date.now()): IncrementalStatus {
    const detail = this.services.projects.detail(projectId);
    const reading = this.repo(direction).status(projectId, detail.options.statistics);
    const { checkpoint } = reading;
    const capturePosition =
      checkpoint && (!reading.capturePosition || compareBinlogPositions(reading.capturePosition, checkpoint) < 0)
        ? { file: checkpoint.file, pos: checkpoint.pos, gtid: checkpoint.gtid }
        : reading.capturePosition;
    const replay = detail.components.find((c) => c.kind === (direction === 'forward' ? 'incr-sync' : 'reverse-incr-sync')) ?? null;
    const health = replayHealth(
      {
        status: reading,
        stage: detail.stages.find((s) => s.stage === (direction === 'forward' ? 'incremental' : 'reverse'))?.status ?? 'not_started',
        replay,
        project: detail.status,
        runner: detail.runner?.state ?? null,
        thresholdMs: monitoringThresholdMs(detail.options.alertLevel),
      },
      now,
    );
    return { ...reading, capturePosition, health };
  }

  stats(projectId: string, direction: Direction = 'forward'): SyncTableStats[] {
    this.services.projects.require(projectId);
    return this.repo(direction).stats(projectId);
  }

  ddl(projectId: string, direction: Direction = 'forward'): DdlRecord[] {
    this.services.projects.require(projectId);
    return this.repo(direction).ddl(projectId);
  }

  /** Skips the DDL that stopped the replay and resumes the project; the statement never runs on the destination. */
  async skipDdl(projectId: string, changeId: number): Promise<ProjectView> {
    const { projects, incremental, logs } = this.services;
    const project = projects.require(projectId);
    const failed = incremental.status(projectId, false).failedDdl;
    if (!failed || failed.changeId !== changeId) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" has no failed DDL with change id ${changeId} to skip.`, workaround: 'Reload the page: the DDL may already be skipped or applied.' });
    }
    projects.assertAllowed(project, 'resume');
    incremental.setSkipChange(projectId, changeId);
    logs.write('warn', 'incr-sync', `DDL skipped by the user (change ${changeId}); it will not run on the destination: ${failed.statement}`, projectId);
    const run = this.orchestrator.resume(projectId);
    run.catch((error: unknown) => logs.write('error', 'host', `Run ended with an error: ${error instanceof Error ? error.message : String(error)}`, projectId));
    return projects.view(projects.require(projectId));
  }

  /** DDL/DML statistics on or off; like any parameter, only while the project is not running (as in OMS). */
  setStatistics(projectId: string, enabled: boolean): IncrementalStatus {
    const project = this.services.projects.require(projectId);
    this.services.projects.updateOptions(projectId, { ...project.options, statistics: enabled });
    return this.status(projectId);
  }

  /** The change log of the forward stream, or of reverse incremental's (the destination's changes). */
  async changes(projectId: string, query: ChangeLogQuery, direction: Direction = 'forward'): Promise<ChangeLogPage> {
    const project = this.services.projects.require(projectId);
    const logPath = changeLogPath(this.services.host.home, direction === 'forward' ? projectId : reverseStreamId(projectId));
    // No change log before capture starts: nothing captured yet.
    if (!existsSync(logPath) || !project) return { entries: [], nextBeforeId: null, oldestTs: null, newestTs: null };
    return runUnit(this.services.host.launcher, 'changelog', { op: 'search', logPath, query }, { timeoutMs: SEARCH_TIMEOUT_MS });
  }
}
