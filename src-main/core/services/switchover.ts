/**
 * The forward switchover (F-34): its steps and journal as the UI and CLI
 * read them, and the switchover precheck (step 2), which can also be run on
 * its own before the switchover to learn what would stop it. The latency is
 * judged here, from what the replay last committed; the servers are checked
 * by the switchover-precheck worker.
 */

import { AppError } from '../../../src-shared/errors';
import { checkStepEvent, currentStep, isUnderway, pastPointOfNoReturn } from '../../../src-shared/lifecycle/switchover';
import type { PrecheckCheck, SwitchoverStepId } from '../../../src-shared/model';
import { COMPONENT_STATUS_LABELS } from '../../../src-shared/model';
import type { FileOut } from '../../../src-shared/contract/ipc';
import type { Certificate, Facts, FenceMode, ObjectItem, ObjectItemAction, SwitchoverOverview } from '../../../src-shared/model/switchover';
import { nowIso } from '../ids';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import type { SwitchoverRepo } from '../state/repos/switchover-repo';
import { runUnit } from '../workers/run-unit';
import { ProcessObjects } from './process-objects';
import { parseAccounts, SwitchoverDriver } from './switchover-driver';

/** The seed's rule: the switchover may go on when the replay is at most this far behind. */
export const MAX_SWITCHOVER_LATENCY_MS = 15_000;
/** A latency reading older than this says nothing about now. */
const STALE_LATENCY_MS = 30_000;
/** Binlogs kept for less than this may be purged before a switchover (or a rollback) is over. */
const MIN_RETENTION_HOURS = 24;
const PRECHECK_TIMEOUT_MS = 5 * 60_000;
/** How long a host that starts waits for a project's run to be here before it drives its switchover on (a minute). */
const RESUME_POLLS = 240;

/** Facts the host keeps for itself: read through switchover/objects and switchover/certificate. */
const KEPT_FACTS = ['inventory', 'certificateDocument'];

function withoutKept(facts: Facts): Facts {
  return Object.fromEntries(Object.entries(facts).filter(([key]) => !KEPT_FACTS.includes(key)));
}

export class SwitchoverService {
  private readonly driver: SwitchoverDriver;
  private readonly objects: ProcessObjects;

  constructor(
    private readonly services: RunServices,
    private readonly repo: SwitchoverRepo,
    private readonly orchestrator: Orchestrator,
  ) {
    this.objects = new ProcessObjects(services, repo);
    this.driver = new SwitchoverDriver(services, repo, orchestrator, (id) => this.precheck(id), this.objects);
  }

  /** Process database objects, item by item, with their states. */
  objectItems(projectId: string): ObjectItem[] {
    this.requireSwitchover(projectId);
    return this.objects.items(projectId);
  }

  /** Run, Skip or Mark as Complete one item of Process database objects. */
  objectAction(projectId: string, itemId: string, action: ObjectItemAction): Promise<ObjectItem[]> {
    this.requireSwitchover(projectId);
    return this.objects.act(projectId, itemId, action);
  }

  private requireSwitchover(projectId: string) {
    const project = this.services.projects.require(projectId);
    if (this.repo.steps(projectId).length === 0) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" has no forward switchover.` });
    }
    return project;
  }

  /**
   * The steps and journal as the pages and the CLI show them: without what
   * the host keeps for itself in the facts (the source's inventory, the
   * certificate document), which have calls of their own and can be large.
   */
  overview(projectId: string): SwitchoverOverview {
    this.requireSwitchover(projectId);
    const steps = this.repo.steps(projectId);
    const shown = <T extends { facts: Facts | null }>(entry: T): T => (entry.facts ? { ...entry, facts: withoutKept(entry.facts) } : entry);
    return { steps: steps.map(shown), journal: this.repo.journal(projectId).map(shown), current: currentStep(steps)?.step ?? null, pastPointOfNoReturn: pastPointOfNoReturn(steps) };
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

  /**
   * Starts the forward switchover with the chosen write fence, and drives its
   * steps in this host until one waits for the user or fails. The replay must
   * run in this host: it is drained and then stopped here.
   */
  start(projectId: string, options: { fence: FenceMode; accounts: string; fenceTimeoutSeconds: number }): SwitchoverOverview {
    const project = this.requireSwitchover(projectId);
    if (options.fence === 'accounts') parseAccounts(options.accounts);
    if (options.fence === 'accounts' && !options.accounts.trim()) throw new AppError({ code: 'invalid_input', message: 'The accounts fence needs the application accounts to lock.', workaround: "List them as user@host, separated by commas." });
    if (project.types.includes('incremental') && !this.orchestrator.isRunningHere(projectId)) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" does not run in this process: the switchover drains and stops its replay where it runs.`, workaround: 'Run it here first (cutover switchover run does), or switch over from the process that runs it.' });
    }
    if (this.services.stages.get(projectId, 'switchover')?.status !== 'running') {
      this.services.projects.assertAllowed(project, 'enterSwitchover');
      this.services.stages.update(projectId, 'switchover', { status: 'running', startedAt: nowIso(), endedAt: null, error: null });
    }
    this.repo.apply(projectId, { kind: 'begin', step: 'start', facts: { fence: options.fence, accounts: options.accounts, fenceTimeoutSeconds: options.fenceTimeoutSeconds } });
    this.repo.apply(projectId, { kind: 'succeed', step: 'start' });
    this.services.logs.write('info', 'host', `Forward switchover started (fence: ${options.fence}).`, projectId);
    this.drive(projectId);
    return this.overview(projectId);
  }

  /** Drives the steps on in the background (after a start, a retry, a skip, or when a host finds a switchover under way). */
  drive(projectId: string): void {
    this.driver.drive(projectId).catch((error: unknown) => this.services.logs.write('error', 'host', `Switchover stopped: ${String(error)}`, projectId));
  }

  /**
   * Host start: every switchover under way in a project this host runs is
   * driven on from its journal (a waiting fence keeps its timeout from when
   * it went up). Projects still replaying are driven once their run is here.
   */
  resumeUnderway(): void {
    for (const project of this.services.projects.listRunning()) {
      const steps = this.repo.steps(project.id);
      if (!isUnderway(steps) || currentStep(steps) === null) continue;
      void (async () => {
        const replaying = this.services.stages.get(project.id, 'incremental');
        for (let i = 0; i < RESUME_POLLS && replaying && replaying.status !== 'completed' && !this.orchestrator.isRunningHere(project.id); i++) await new Promise((r) => setTimeout(r, 250));
        if (this.services.projects.runner(this.services.projects.require(project.id))?.state === 'elsewhere') return;
        this.drive(project.id);
      })();
    }
  }

  /** The user confirmed that writes stopped; with `endTransactions`, write transactions still open are ended (rolled back). */
  async confirm(projectId: string, endTransactions: boolean): Promise<SwitchoverOverview> {
    this.requireSwitchover(projectId);
    await this.driver.confirm(projectId, endTransactions);
    return this.overview(projectId);
  }

  retry(projectId: string, step: SwitchoverStepId): SwitchoverOverview {
    this.requireSwitchover(projectId);
    this.repo.apply(projectId, { kind: 'retry', step });
    // A confirmation that failed (open transactions, a breach) waits for the user again, behind the fence that is still up;
    // a fence that never went up is put up again.
    const fenced = typeof this.repo.steps(projectId).find((s) => s.step === step)?.facts.fenceFile === 'string';
    if (step === 'confirm-writes-stopped' && fenced) this.repo.apply(projectId, { kind: 'wait', step });
    this.drive(projectId);
    return this.overview(projectId);
  }

  skip(projectId: string, step: SwitchoverStepId, confirmed: boolean): SwitchoverOverview {
    this.requireSwitchover(projectId);
    this.repo.apply(projectId, { kind: 'skip', step, confirmed });
    this.services.logs.write('warn', 'host', `Switchover step ${step} skipped by the user.`, projectId);
    this.drive(projectId);
    return this.overview(projectId);
  }

  /** Before the point of no return: lifts the fence as it was put up and starts the steps over; forward sync runs on. */
  async cancel(projectId: string): Promise<SwitchoverOverview> {
    this.requireSwitchover(projectId);
    const verdict = checkStepEvent(this.repo.steps(projectId), { kind: 'cancel' });
    if (!verdict.allowed) throw new AppError({ code: 'not_allowed', message: `Cancel is not possible: ${verdict.reason}.` });
    await this.driver.cancel(projectId, 'by the user');
    return this.overview(projectId);
  }

  /** The certificate of the drained switchover, as a file; refused until there is one. */
  certificate(projectId: string): FileOut {
    const project = this.requireSwitchover(projectId);
    const text = this.repo.steps(projectId).find((s) => s.step === 'confirm-timestamp-synced')?.facts.certificateDocument;
    if (typeof text !== 'string') {
      throw new AppError({ code: 'not_found', message: `Project "${project.name}" has no switchover certificate yet.`, workaround: 'It is issued when "Confirm the write-stop timestamp is synchronised" succeeds after a completed full verification.' });
    }
    const certificate = JSON.parse(text) as Certificate;
    return { fileName: `cutover-certificate-${project.name.replace(/[^\w.-]+/g, '_')}.json`, content: `${JSON.stringify(certificate, null, 2)}\n` };
  }

  /** The write fence lifted as it was put up (for the release); false when none is up. */
  liftFence(projectId: string): Promise<boolean> {
    return this.driver.liftFence(projectId);
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
