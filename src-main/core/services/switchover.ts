/**
 * The forward switchover (F-34): its steps and journal as the UI and CLI
 * read them, and the switchover precheck (step 2), which can also be run on
 * its own before the switchover to learn what would stop it. The latency is
 * judged here, from what the replay last committed; the servers are checked
 * by the switchover-precheck worker.
 */

import { AppError } from '../../../src-shared/errors';
import { currentStep, pastPointOfNoReturn } from '../../../src-shared/lifecycle/switchover';
import type { PrecheckCheck } from '../../../src-shared/model';
import { COMPONENT_STATUS_LABELS } from '../../../src-shared/model';
import type { SwitchoverOverview } from '../../../src-shared/model/switchover';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import type { SwitchoverRepo } from '../state/repos/switchover-repo';
import { runUnit } from '../workers/run-unit';

/** The seed's rule: the switchover may go on when the replay is at most this far behind. */
export const MAX_SWITCHOVER_LATENCY_MS = 15_000;
/** A latency reading older than this says nothing about now. */
const STALE_LATENCY_MS = 30_000;
/** Binlogs kept for less than this may be purged before a switchover (or a rollback) is over. */
const MIN_RETENTION_HOURS = 24;
const PRECHECK_TIMEOUT_MS = 5 * 60_000;

export class SwitchoverService {
  constructor(
    private readonly services: RunServices,
    private readonly repo: SwitchoverRepo,
  ) {}

  private requireSwitchover(projectId: string) {
    const project = this.services.projects.require(projectId);
    if (this.repo.steps(projectId).length === 0) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" has no forward switchover.` });
    }
    return project;
  }

  overview(projectId: string): SwitchoverOverview {
    this.requireSwitchover(projectId);
    const steps = this.repo.steps(projectId);
    return { steps, journal: this.repo.journal(projectId), current: currentStep(steps)?.step ?? null, pastPointOfNoReturn: pastPointOfNoReturn(steps) };
  }

  /** The replay's latency against the seed's 15 s, from a reading that is fresh and from a replay that runs. */
  latencyCheck(projectId: string, now = Date.now()): PrecheckCheck {
    const id = 'switchover.latency';
    const title = 'Synchronization latency';
    const project = this.services.projects.require(projectId);
    if (!project.types.includes('incremental')) {
      return { id, title, state: 'success', detail: 'The project has no incremental synchronization: there is no replay to wait for.', instruction: null };
    }
    const fail = (detail: string, instruction: string) => ({ id, title, state: 'fail' as const, detail, instruction });
    const replay = this.services.projects.detail(projectId).components.find((c) => c.kind === 'incr-sync');
    if (replay?.held) return fail('Incr-Sync is paused: its latency is not being measured and grows.', 'Start Incr-Sync in component monitoring and wait until it has caught up.');
    if (replay?.status !== 'running') {
      const state = replay ? COMPONENT_STATUS_LABELS[replay.status] : COMPONENT_STATUS_LABELS.not_started;
      return fail(`Incr-Sync is not running (${state}): nothing replays the source's changes.`, 'Resume the project and wait until Incr-Sync has caught up.');
    }
    const { latencyMs, latencyAt } = this.services.incremental.status(projectId, false);
    if (latencyMs === null || latencyAt === null) return fail('No latency has been measured yet.', 'Wait until incremental synchronization is Monitoring.');
    const age = now - Date.parse(latencyAt);
    if (age > STALE_LATENCY_MS) return fail(`The last latency reading is ${Math.round(age / 1000)} s old: the replay may be stuck.`, 'Look at Incr-Sync in component monitoring and at its logs.');
    const seconds = (latencyMs / 1000).toFixed(1);
    return latencyMs <= MAX_SWITCHOVER_LATENCY_MS
      ? { id, title, state: 'success', detail: `Latency ${seconds} s is within ${MAX_SWITCHOVER_LATENCY_MS / 1000} s.`, instruction: null }
      : fail(`Latency ${seconds} s is over ${MAX_SWITCHOVER_LATENCY_MS / 1000} s.`, 'Wait until the replay has caught up (lower the source load, or raise Incr-Sync\'s apply concurrency).');
  }

  /** Step 2's checks, changing nothing on either server but a test row in the source's cutover_meta (with reverse). */
  async precheck(projectId: string): Promise<{ checks: PrecheckCheck[] }> {
    const project = this.requireSwitchover(projectId);
    const tables = this.services.objects
      .list(projectId)
      .filter((o) => o.kind === 'table' && !o.removed && o.copy.status !== 'skipped')
      .map((o) => ({ source: o.source, target: o.target }));
    const { source, destination } = new RunContext(this.services, projectId).connections();
    const result = await runUnit(
      this.services.host.launcher,
      'switchover-precheck',
      { source, destination, tables, reverse: project.types.includes('reverse'), minRetentionHours: MIN_RETENTION_HOURS },
      { timeoutMs: PRECHECK_TIMEOUT_MS },
    );
    return { checks: [this.latencyCheck(projectId), ...result.checks] };
  }
}
