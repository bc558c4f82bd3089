/**
 * Rollback after a switchover with reverse incremental (F-35): the
 * applications go back to the source, with every write they made on the
 * destination. In order, each part safe to run again:
 * 1. the destination is fenced (read_only), so nothing more is written there;
 * 2. a token row written on the destination after the fence, and the reverse
 *    replay committed past it on the source: every destination write is
 *    on the source;
 * 3. the source's AUTO_INCREMENT counters raised past the destination's;
 * 4. the source's write fence lifted as the switchover put it up;
 * then reverse incremental ends and the project is Completed. The report
 * says how many rows flowed back.
 */

import { randomUUID } from 'node:crypto';
import type { SwitchoverConfig, SwitchoverResult } from '../../../src-shared/contract/units/switchover';
import { AppError } from '../../../src-shared/errors';
import { rollbackVerdict } from '../../../src-shared/lifecycle/switchover-actions';
import type { BinlogPosition } from '../../../src-shared/model';
import { formatBinlogPosition, reverseStreamId } from '../../../src-shared/model/incremental';
import type { RollbackReport } from '../../../src-shared/model/switchover';
import { nowIso } from '../ids';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import { runUnit } from '../workers/run-unit';
import { replayPast, stageCompleted } from './replay-wait';
import type { SwitchoverService } from './switchover';

const UNIT_TIMEOUT_MS = 30 * 60_000;
/** How long the reverse replay may take to commit past the rollback token. */
const DRAIN_CAP_MS = 10 * 60_000;

export class RollbackService {
  constructor(
    private readonly services: RunServices,
    private readonly orchestrator: Orchestrator,
    private readonly switchover: SwitchoverService,
  ) {}

  /** Runs the rollback in the process that runs reverse incremental; throws with what to do when it cannot. */
  async rollback(projectId: string): Promise<RollbackReport> {
    const { services } = this;
    const project = services.projects.require(projectId);
    if (!project.types.includes('reverse')) throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" has no reverse incremental: there is nothing to roll back with.` });
    const verdict = rollbackVerdict({ status: project.status, stages: services.projects.detail(projectId).stages });
    if (!verdict.allowed) throw new AppError({ code: 'not_allowed', message: `Rollback: ${verdict.reason}.`, workaround: 'Resume the project (reverse incremental runs after the switchover), then roll back.' });
    if (!this.orchestrator.isRunningHere(projectId)) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" does not run in this process: the rollback drains its reverse replay where it runs.`, workaround: 'Roll back from the process that runs it.' });
    }
    const started = Date.now();
    const { source, destination } = new RunContext(services, projectId).connections();
    const unit = async <O extends SwitchoverConfig['op']>(config: Extract<SwitchoverConfig, { op: O }>) =>
      (await runUnit(services.host.launcher, 'switchover', config, { timeoutMs: UNIT_TIMEOUT_MS })) as Extract<SwitchoverResult, { op: O }>;

    // 1. The destination's own fence (the unit's `source` is the server it acts on).
    await unit<'fence'>({ op: 'fence', source: destination, mode: 'read-only', accounts: [] });
    services.logs.write('warn', 'host', 'Rollback: the destination is read-only now.', projectId);
    // 2. Proof that the reverse replay has every destination write.
    const token = (await unit<'token'>({ op: 'token', source: destination, projectId: reverseStreamId(projectId), token: randomUUID() })).position;
    const drainMs = await this.drained(projectId, token, started);
    // 3. Counters past the destination's (the reverse of Process database objects).
    const counters = this.services.objects
      .list(projectId)
      .filter((o) => o.kind === 'table' && !o.removed)
      .map((o) => ({ source: o.target, target: o.source }));
    const raised = await unit<'objects'>({ op: 'objects', source: destination, destination: source, statements: [], counters });
    const failed = raised.counters.filter((c) => c.error);
    if (failed.length) throw new AppError({ code: 'worker_failed', message: `Rollback: ${failed.length} AUTO_INCREMENT counter(s) of the source could not be raised: ${failed.map((c) => c.error).join('; ')}.`, retryable: true, workaround: 'Fix the cause and roll back again: what is done is not undone.' });
    // 4. The source takes writes again.
    await this.switchover.liftFence(projectId);
    const rowsBack = services.reverse.stats(projectId).reduce((n, t) => n + t.inserts + t.updates + t.deletes, 0);
    if (!this.orchestrator.completeStage(projectId, 'reverse')) services.stages.update(projectId, 'reverse', { status: 'completed', endedAt: nowIso() });
    await stageCompleted(services.stages, projectId, 'reverse');
    if (services.projects.require(projectId).status === 'running') services.projects.transition(projectId, 'complete');
    const report: RollbackReport = { rowsBack, token, drainMs, countersRaised: raised.counters.filter((c) => c.to !== c.from).length, durationMs: Date.now() - started };
    services.logs.write(
      'warn',
      'host',
      `Rolled back: ${rowsBack} row change(s) flowed back from the destination; the source takes writes again, the destination stays read-only (SET GLOBAL read_only = OFF there when you want it writable).`,
      projectId,
    );
    services.events.emit('projects/changed', { id: projectId });
    return report;
  }

  private async drained(projectId: string, token: BinlogPosition, started: number): Promise<number> {
    const failed = () => {
      if (this.services.stages.get(projectId, 'reverse')?.status === 'failed') throw new AppError({ code: 'worker_failed', message: 'Rollback: reverse incremental failed while draining; resume it, then roll back again.', retryable: true });
    };
    const ms = await replayPast(this.services.reverse, projectId, token, Math.max(0, DRAIN_CAP_MS - (Date.now() - started)), failed);
    if (ms === null) {
      throw new AppError({ code: 'timeout', message: `Rollback: the reverse replay did not commit past the token (${formatBinlogPosition(token)}) within ${DRAIN_CAP_MS / 60_000} minutes.`, retryable: true, workaround: 'Look at Incr-Sync (reverse) in component monitoring, then roll back again.' });
    }
    return ms;
  }
}
