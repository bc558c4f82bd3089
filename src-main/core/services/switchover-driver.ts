/**
 * Drives the forward switchover's steps (F-34) in the host that runs the
 * project, journaling each: what a step is about to do (begin, with what it
 * must remember), what it measured, how it ended. A host that restarts
 * calls `drive` again: the step found running runs again, and each step is
 * idempotent (the fence sets values, the token is one row, a constraint
 * that already exists is reported, counters are only raised).
 *
 * - confirm-writes-stopped: read_only as it was is journaled before the
 *   fence goes up; the step then waits for the user's confirmation, and
 *   lifts the fence by itself if none comes in time.
 * - on confirmation: no write transaction may still be open (they are ended
 *   only when the user says so), and no change to a migrated table may have
 *   been captured after the fence position (a breach stops the switchover).
 * - confirm-timestamp-synced: a token row written after the fence; the
 *   replay must have committed past it. The breach check runs again, then
 *   delta verification gives the certificate (delta-verification.ts).
 * - stop-forward-sync (the point of no return): the replay and the Store
 *   stop; the incremental stage is completed.
 * - process-objects: its items (process-objects.ts): held-back constraints
 *   added, hidden keys dropped, AUTO_INCREMENT counters raised; a retry runs
 *   only what did not succeed.
 * - with reverse incremental: start-destination-store fixes where the
 *   reverse capture starts on the destination (before the fence); the drain
 *   records the destination's position once it holds every source change,
 *   where the reverse replay starts; start-reverse starts the reverse stage.
 */

import { randomUUID } from 'node:crypto';
import type { Account, SwitchoverConfig, SwitchoverResult } from '../../../src-shared/contract/units/switchover';
import { AppError } from '../../../src-shared/errors';
import type { StepEvent } from '../../../src-shared/lifecycle/switchover';
import { currentStep, resumeAction } from '../../../src-shared/lifecycle/switchover';
import type { BinlogPosition, PrecheckCheck, SwitchoverStepId } from '../../../src-shared/model';
import { formatBinlogPosition } from '../../../src-shared/model/incremental';
import type { Facts, FenceMode } from '../../../src-shared/model/switchover';
import { formatName } from '../../../src-shared/settings/object-names';
import { nowIso } from '../ids';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import { binlogPosition, changeLogPath } from '../orchestrator/stages/capture';
import type { SwitchoverRepo } from '../state/repos/switchover-repo';
import { runUnit } from '../workers/run-unit';
import { deltaVerify } from './delta-verification';
import { replayPast, stageCompleted } from './replay-wait';
import type { ProcessObjects } from './process-objects';

/** A fence nobody confirmed within this time (before the point of no return) is lifted, with the reason; the start may choose another. */
export const FENCE_TIMEOUT_SECONDS = 15 * 60;
/** How long the replay may take to commit past the drain token. */
const DRAIN_CAP_MS = 10 * 60_000;
const POLL_MS = 200;
const UNIT_TIMEOUT_MS = 30 * 60_000;
/** How long the reverse stage may take to have its replay running. */
const REVERSE_START_CAP_MS = 5 * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const positionFacts = (prefix: string, p: BinlogPosition): Facts => ({ [`${prefix}File`]: p.file, [`${prefix}Pos`]: p.pos });

/** A step's failure that is the user's to resolve (Retry, Skip, Cancel), as opposed to a crash. */
class StepFailed extends Error {
  constructor(
    message: string,
    readonly facts: Facts = {},
  ) {
    super(message);
  }
}

export function parseAccounts(text: string): Account[] {
  return text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => {
      const match = /^'?([^'@]+)'?(?:@'?([^']+)'?)?$/.exec(a);
      if (!match) throw new AppError({ code: 'invalid_input', message: `"${a}" is not an account.`, workaround: "Write accounts as user@host or 'user'@'host', separated by commas." });
      return { user: match[1], host: match[2] ?? '%' };
    });
}

export class SwitchoverDriver {
  private readonly driving = new Set<string>();
  private readonly fenceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly services: RunServices,
    private readonly repo: SwitchoverRepo,
    private readonly orchestrator: Orchestrator,
    /** The switchover precheck's checks (shared with `cutover switchover precheck`). */
    private readonly precheckChecks: (projectId: string) => Promise<{ checks: PrecheckCheck[] }>,
    private readonly objects: ProcessObjects,
  ) {}

  private apply(projectId: string, event: StepEvent): void {
    this.repo.apply(projectId, event);
    this.services.events.emit('projects/changed', { id: projectId });
  }

  private facts(projectId: string, step: SwitchoverStepId): Facts {
    return this.repo.steps(projectId).find((s) => s.step === step)?.facts ?? {};
  }

  private async unit<O extends SwitchoverConfig['op']>(projectId: string, config: Omit<Extract<SwitchoverConfig, { op: O }>, 'source'>): Promise<Extract<SwitchoverResult, { op: O }>> {
    const { source } = new RunContext(this.services, projectId).connections();
    return (await runUnit(this.services.host.launcher, 'switchover', { ...config, source } as SwitchoverConfig, { timeoutMs: UNIT_TIMEOUT_MS })) as Extract<SwitchoverResult, { op: O }>;
  }

  /** Runs steps until one waits for the user, fails, or the switchover is finished. One driver per project in this host. */
  async drive(projectId: string): Promise<void> {
    if (this.driving.has(projectId)) return;
    this.driving.add(projectId);
    try {
      for (;;) {
        const action = resumeAction(this.repo.steps(projectId));
        if (action.kind === 'done') return this.finish(projectId);
        if (action.kind === 'wait') {
          if (action.step === 'confirm-writes-stopped' && action.why === 'confirm') this.armFenceTimeout(projectId);
          return;
        }
        await this.runStep(projectId, action.step);
      }
    } finally {
      this.driving.delete(projectId);
    }
  }

  private async runStep(projectId: string, step: SwitchoverStepId): Promise<void> {
    try {
      switch (step) {
        case 'precheck':
          return await this.precheck(projectId);
        case 'start-destination-store':
          return await this.startDestinationStore(projectId);
        case 'confirm-writes-stopped':
          return await this.fence(projectId);
        case 'confirm-timestamp-synced':
          return await this.drain(projectId);
        case 'stop-forward-sync':
          return await this.stopForwardSync(projectId);
        case 'process-objects':
          return await this.processObjects(projectId);
        case 'start-reverse':
          return await this.startReverse(projectId);
        case 'start':
          throw new StepFailed('The switchover is started by the user.');
      }
    } catch (error) {
      const failed = error instanceof StepFailed ? error : null;
      const message = failed?.message ?? (error instanceof Error ? error.message : String(error));
      this.services.logs.write('error', 'host', `Switchover step ${step} failed: ${message}`, projectId);
      const record = this.repo.steps(projectId).find((s) => s.step === step);
      if (record?.status === 'running' || record?.status === 'waiting') this.apply(projectId, { kind: 'fail', step, error: message, facts: failed?.facts });
    }
  }

  private async precheck(projectId: string): Promise<void> {
    this.apply(projectId, { kind: 'begin', step: 'precheck' });
    const { checks } = await this.precheckChecks(projectId);
    const failed = checks.filter((c) => c.state === 'fail');
    const facts = { checks: checks.length, failed: failed.length, warnings: checks.filter((c) => c.state === 'warn').length };
    if (failed.length) throw new StepFailed(`${failed.length} check(s) failed: ${failed.map((c) => `${c.title}: ${c.detail}`).join('; ')}`, facts);
    this.apply(projectId, { kind: 'succeed', step: 'precheck', facts });
  }

  /**
   * Step 3: the reverse capture's start is fixed on the destination's binlog
   * before the fence, so nothing written there from now on can be missed; the
   * reverse Store captures from it when reverse incremental starts (step 8),
   * and drops the forward replay's own transactions.
   */
  private async startDestinationStore(projectId: string): Promise<void> {
    this.apply(projectId, { kind: 'begin', step: 'start-destination-store' });
    let start = this.services.reverse.startPosition(projectId);
    if (!start) {
      start = await binlogPosition(new RunContext(this.services, projectId), 'destination');
      this.services.reverse.setStartPosition(projectId, start);
      this.services.logs.write('info', 'reverse-store', `Reverse capture starts at the destination's binlog position ${formatBinlogPosition(start)}.`, projectId);
    }
    this.apply(projectId, { kind: 'succeed', step: 'start-destination-store', facts: positionFacts('capture', start) });
  }

  private async fence(projectId: string): Promise<void> {
    const mode = String(this.facts(projectId, 'start').fence ?? 'read-only') as FenceMode;
    const accounts = String(this.facts(projectId, 'start').accounts ?? '');
    let facts = this.facts(projectId, 'confirm-writes-stopped');
    if (facts.previousReadOnly === undefined) {
      // What the fence changes is journaled before it changes it: a rerun after a crash restores this, not what it finds.
      const state = await this.unit<'state'>(projectId, { op: 'state' });
      this.apply(projectId, { kind: 'begin', step: 'confirm-writes-stopped', facts: { fence: mode, accounts, previousReadOnly: state.readOnly.readOnly, previousSuperReadOnly: state.readOnly.superReadOnly } });
    } else this.apply(projectId, { kind: 'begin', step: 'confirm-writes-stopped' });
    let position: BinlogPosition;
    let open = 0;
    if (mode === 'manual') position = (await this.unit<'state'>(projectId, { op: 'state' })).position;
    else {
      const fenced = await this.unit<'fence'>(projectId, { op: 'fence', mode, accounts: parseAccounts(accounts) });
      position = fenced.position;
      open = fenced.openTransactions.length;
    }
    facts = { ...positionFacts('fence', position), openTransactions: open, fencedAt: nowIso() };
    this.services.logs.write('warn', 'host', `Switchover: writes fenced (${mode}) at ${formatBinlogPosition(position)}; ${open} write transaction(s) open. Waiting for your confirmation that writes stopped.`, projectId);
    this.apply(projectId, { kind: 'wait', step: 'confirm-writes-stopped', facts });
  }

  private armFenceTimeout(projectId: string): void {
    if (this.fenceTimers.has(projectId)) return;
    const since = Date.parse(String(this.facts(projectId, 'confirm-writes-stopped').fencedAt ?? nowIso()));
    const limit = Number(this.facts(projectId, 'start').fenceTimeoutSeconds ?? FENCE_TIMEOUT_SECONDS);
    const timer = setTimeout(() => {
      this.fenceTimers.delete(projectId);
      const step = currentStep(this.repo.steps(projectId));
      if (step?.step !== 'confirm-writes-stopped' || step.status !== 'waiting') return;
      void this.cancel(projectId, `nobody confirmed that writes stopped within ${limit} s, so the fence lifted itself`).catch((error: unknown) =>
        this.services.logs.write('error', 'host', `Could not lift the switchover fence: ${String(error)}`, projectId),
      );
    }, Math.max(0, since + limit * 1000 - Date.now()));
    timer.unref();
    this.fenceTimers.set(projectId, timer);
  }

  /** The user confirmed that writes stopped: no open write transaction (ended if the user said so), no breach. */
  async confirm(projectId: string, endTransactions: boolean): Promise<void> {
    this.apply(projectId, { kind: 'confirm', step: 'confirm-writes-stopped' });
    clearTimeout(this.fenceTimers.get(projectId));
    this.fenceTimers.delete(projectId);
    try {
      const open = (await this.unit<'transactions'>(projectId, { op: 'transactions' })).openTransactions;
      if (open.length && !endTransactions) {
        throw new StepFailed(
          `${open.length} write transaction(s) are still open: ${open.slice(0, 5).map((t) => `thread ${t.thread} (${t.account}, ${t.rowsModified} rows${t.query ? `, ${t.query.slice(0, 80)}` : ''})`).join('; ')}. Retry once they end, or retry ending them (their changes are rolled back).`,
          { openTransactions: open.length },
        );
      }
      if (open.length) await this.unit<'end-transactions'>(projectId, { op: 'end-transactions', threads: open.map((t) => t.thread) });
      await this.assertNoBreach(projectId);
      this.apply(projectId, { kind: 'succeed', step: 'confirm-writes-stopped', facts: { endedTransactions: open.length } });
    } catch (error) {
      const failed = error instanceof StepFailed ? error : new StepFailed(error instanceof Error ? error.message : String(error));
      this.apply(projectId, { kind: 'fail', step: 'confirm-writes-stopped', error: failed.message, facts: failed.facts });
      return;
    }
    await this.drive(projectId);
  }

  /** Any change to a migrated table captured after the fence position is a breach: it stops the switchover, naming the first ones. */
  private async assertNoBreach(projectId: string): Promise<void> {
    const facts = this.facts(projectId, 'confirm-writes-stopped');
    if (typeof facts.fenceFile !== 'string' || typeof facts.fencePos !== 'number') throw new StepFailed('The fence position is not known: run Confirm writes stopped again.');
    const project = this.services.projects.require(projectId);
    if (!project.types.includes('incremental')) return;
    const tables = this.services.objects.list(projectId).filter((o) => o.kind === 'table' && !o.removed).map((o) => o.source);
    const found = await runUnit(this.services.host.launcher, 'changelog', {
      op: 'after',
      logPath: changeLogPath(this.services.host.home, projectId),
      position: { file: facts.fenceFile, pos: facts.fencePos, gtid: null },
      tables,
      limit: 5,
    });
    if (found.count) {
      const shown = found.entries.map((e) => `${e.kind} on ${e.table ? formatName({ database: e.database, table: e.table }) : e.database}${e.key ? ` key ${e.key.join(',')}` : ''} at ${e.file}:${e.pos}`);
      throw new StepFailed(`Breach of the write fence: ${found.count} change(s) to migrated tables after it, first ${shown.join('; ')}. Find who wrote them, then Cancel (and start again) or Retry.`, { breaches: found.count });
    }
  }

  private async drain(projectId: string): Promise<void> {
    this.apply(projectId, { kind: 'begin', step: 'confirm-timestamp-synced' });
    const started = Date.now();
    const { position } = await this.unit<'token'>(projectId, { op: 'token', projectId, token: randomUUID() });
    if ((await replayPast(this.services.incremental, projectId, position, DRAIN_CAP_MS)) === null) {
      throw new StepFailed(`The replay did not commit past the drain token (${formatBinlogPosition(position)}) within ${DRAIN_CAP_MS / 60_000} minutes.`, positionFacts('token', position));
    }
    await this.assertNoBreach(projectId);
    const drainMs = Date.now() - started;
    // What the destination holds now is the source's every change: the reverse replay starts after it.
    const destination = this.services.projects.require(projectId).types.includes('reverse') ? await binlogPosition(new RunContext(this.services, projectId), 'destination') : null;
    const certificate = await this.certify(projectId, position, destination);
    this.apply(projectId, { kind: 'succeed', step: 'confirm-timestamp-synced', facts: { ...positionFacts('token', position), ...(destination ? positionFacts('reverse', destination) : {}), drainMs, ...certificate } });
  }

  /** Delta verification at the drained, fenced position: the certificate's facts, or a failure naming what differs. */
  private async certify(projectId: string, source: BinlogPosition, destination: BinlogPosition | null): Promise<Facts> {
    const verification = this.services.stages.get(projectId, 'verification')?.status;
    if (verification === 'skipped') return { certificate: 'None: full verification was skipped, so nothing proves the tables identical.' };
    if (verification !== 'completed') return {};
    const outcome = await deltaVerify(this.services, projectId, { source, destination });
    if (outcome.kind === 'differs') {
      throw new StepFailed(
        `Delta verification found differences while writes are stopped and the replay has drained (${outcome.differingRows} differing row(s)): ${outcome.problems.join('; ')}. ` +
          'Fix them on the destination (or find what wrote them), then Retry; or Cancel.',
        { deltaDifferences: outcome.differingRows, deltaMs: outcome.durationMs },
      );
    }
    const { certificate } = outcome;
    return {
      certificate: `Source and destination identical at ${formatBinlogPosition(source)}: ${certificate.verified.length} changed table(s) verified again, ${certificate.carried.length} unchanged since full verification.`,
      certified: true,
      certificateDocument: JSON.stringify(certificate),
      deltaTables: certificate.verified.length,
      deltaRows: certificate.verified.reduce((n, t) => n + t.rows, 0),
      deltaMs: certificate.durationMs,
    };
  }

  private async stopForwardSync(projectId: string): Promise<void> {
    this.apply(projectId, { kind: 'begin', step: 'stop-forward-sync' });
    const incremental = this.services.stages.get(projectId, 'incremental');
    if (incremental && incremental.status !== 'completed') {
      if (this.orchestrator.completeStage(projectId, 'incremental')) {
        // The replay and the Store stop at their checkpoints; the stage is recorded completed once they have.
        await stageCompleted(this.services.stages, projectId, 'incremental');
      } else if (this.services.projects.runner(this.services.projects.require(projectId))?.state === 'elsewhere') {
        throw new StepFailed('Forward synchronization runs in another Cutover process: run the switchover there.');
      } else {
        // Not running anywhere: nothing replays any more.
        this.services.stages.update(projectId, 'incremental', { status: 'completed', endedAt: nowIso() });
      }
    }
    this.apply(projectId, { kind: 'succeed', step: 'stop-forward-sync' });
  }

  private async processObjects(projectId: string): Promise<void> {
    this.apply(projectId, { kind: 'begin', step: 'process-objects', facts: await this.objects.inventoryFacts(projectId) });
    const { facts, failures } = await this.objects.runPending(projectId);
    if (failures.length) {
      throw new StepFailed(`${failures.length} object(s) could not be processed: ${failures.slice(0, 5).join('; ')}. Act on each item (Run, Skip, Mark as Complete), or fix it on the server, then Retry (what succeeded is not run again).`, facts);
    }
    this.apply(projectId, { kind: 'succeed', step: 'process-objects', facts });
  }

  /**
   * Step 8: the reverse stage starts where the project runs (a new run when
   * forward sync's run has ended), and the step succeeds once its replay
   * runs; it fails with the stage's error.
   */
  private async startReverse(projectId: string): Promise<void> {
    this.apply(projectId, { kind: 'begin', step: 'start-reverse' });
    const started = Date.now();
    for (let woken = 0; ; ) {
      const stage = this.services.stages.get(projectId, 'reverse');
      const replay = this.services.projects.detail(projectId).components.find((c) => c.kind === 'reverse-incr-sync');
      if ((stage?.status === 'running' || stage?.status === 'monitoring') && replay?.status === 'running') break;
      if (stage?.status === 'failed') throw new StepFailed(`Reverse incremental failed: ${stage.error ?? 'see its logs'}.`);
      if (Date.now() - started > REVERSE_START_CAP_MS) throw new StepFailed(`Reverse incremental did not start within ${REVERSE_START_CAP_MS / 1000} s: see the logs of Store (reverse) and Incr-Sync (reverse).`);
      // The run that stopped forward sync may still be ending: ask again until a run takes the stage.
      if (Date.now() - woken > 2000) {
        if (!this.orchestrator.wakeStages(projectId) && this.services.projects.runner(this.services.projects.require(projectId))?.state === 'elsewhere') {
          throw new StepFailed('The project runs in another Cutover process: run the switchover there.');
        }
        woken = Date.now();
      }
      await sleep(POLL_MS);
    }
    const at = this.services.reverse.startPosition(projectId);
    this.services.logs.write('info', 'host', `Reverse incremental runs: destination writes flow back to the source${at ? ` from ${formatBinlogPosition(at)}` : ''}.`, projectId);
    this.apply(projectId, { kind: 'succeed', step: 'start-reverse', facts: { startMs: Date.now() - started } });
  }

  private finish(projectId: string): void {
    const stage = this.services.stages.get(projectId, 'switchover');
    if (stage?.status === 'completed') return;
    this.services.stages.update(projectId, 'switchover', { status: 'completed', progress: 1, endedAt: nowIso(), error: null });
    const project = this.services.projects.require(projectId);
    if (!project.types.includes('reverse') && project.status === 'running') this.services.projects.transition(projectId, 'complete');
    const fenced = project.types.includes('reverse')
      ? 'The source stays fenced, written only by the reverse replay, until a rollback or the release lifts the fence.'
      : 'The source stays fenced until the release lifts the fence.';
    this.services.logs.write('info', 'host', `Forward switchover completed. ${fenced}`, projectId);
    this.services.events.emit('projects/changed', { id: projectId });
  }

  /** Lifts the write fence as the journal says it was put up: read_only back to what it was, accounts unlocked. False when none was put up. Idempotent. */
  async liftFence(projectId: string): Promise<boolean> {
    const facts = this.facts(projectId, 'confirm-writes-stopped');
    if (facts.previousReadOnly === undefined || facts.fence === 'manual') return false;
    const previous = facts.fence === 'read-only' ? { readOnly: facts.previousReadOnly === true, superReadOnly: typeof facts.previousSuperReadOnly === 'boolean' ? facts.previousSuperReadOnly : null } : null;
    await this.unit<'lift'>(projectId, { op: 'lift', previous, accounts: facts.fence === 'accounts' ? parseAccounts(String(facts.accounts ?? '')) : [] });
    return true;
  }

  /** Lifts the fence as the journal says it was put up, and starts the steps over; forward sync was never stopped. */
  async cancel(projectId: string, reason: string): Promise<void> {
    clearTimeout(this.fenceTimers.get(projectId));
    this.fenceTimers.delete(projectId);
    await this.liftFence(projectId);
    this.apply(projectId, { kind: 'cancel' });
    this.services.logs.write('warn', 'host', `Forward switchover cancelled (${reason}): the source is writable again and forward synchronization runs on.`, projectId);
  }
}
