/**
 * Switchover rehearsal: the switchover's measurable parts run against the
 * live pair, without fencing anything, and the write downtime to expect
 * from the fence to reverse incremental is their sum:
 * - the drain: a token row written on the source, timed until the replay
 *   has committed past it (measured);
 * - delta verification of the tables changed since full verification began
 *   (measured, while writes go on);
 * - the checks around the confirmation and the drain, stopping forward
 *   sync and starting reverse incremental (estimated, each as a worker
 *   started and connected to the server now takes);
 * - Process database objects: each held-back constraint and hidden key
 *   estimated from its table's rows at the rate the full copy wrote them
 *   (a hidden key's drop rebuilds the table; a constraint reads it);
 * - the switchover precheck, with reverse its test write through the reverse
 *   path into cutover_meta and the opened destination binlog.
 * The confirmation that writes stopped is the user's and not counted.
 */

import { randomUUID } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import { rehearseVerdict } from '../../../src-shared/lifecycle/switchover-actions';
import { formatName } from '../../../src-shared/settings/object-names';
import type { BinlogPosition } from '../../../src-shared/model';
import type { Rehearsal, RehearsalPart } from '../../../src-shared/model/switchover';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import { runUnit } from '../workers/run-unit';
import { deltaVerify } from './delta-verification';
import { replayPast } from './replay-wait';
import type { SwitchoverService } from './switchover';

const DRAIN_CAP_MS = 5 * 60_000;
/** Rows a constraint check reads per row the copy wrote in the same time (a scan is cheaper than a write). */
const SCAN_SPEEDUP = 10;
/** Without a measured copy rate: rows per second written. */
const DEFAULT_ROWS_PER_S = 20_000;

export class RehearsalService {
  constructor(
    private readonly services: RunServices,
    private readonly orchestrator: Orchestrator,
    private readonly switchover: SwitchoverService,
  ) {}

  async rehearse(projectId: string): Promise<Rehearsal> {
    const project = this.services.projects.require(projectId);
    const verdict = rehearseVerdict({ status: project.status, stages: this.services.projects.detail(projectId).stages }, this.services.switchoverSteps.steps(projectId));
    if (!verdict.allowed) throw new AppError({ code: 'not_allowed', message: `Rehearse: ${verdict.reason}.` });
    const replaying = project.types.includes('incremental');
    if (replaying && !this.orchestrator.isRunningHere(projectId)) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" does not run in this process: the rehearsal times its replay where it runs.`, workaround: 'Rehearse from the process that runs it (cutover switchover rehearse runs it here).' });
    }
    const parts: RehearsalPart[] = [];
    const { checks } = await this.switchover.precheck(projectId);
    const switchMs = await this.workerStart(projectId);
    const how = `each as long as a worker started and connected now took (${switchMs} ms)`;
    const reverse = project.types.includes('reverse');
    parts.push({ part: 'Confirmation checks', ms: 2 * switchMs, how: 'estimated', detail: `Open write transactions listed and the change log searched for breaches: ${how}.` });
    let token: BinlogPosition | null = null;
    if (replaying) {
      const drained = await this.drain(projectId);
      token = drained.position;
      parts.push({ part: 'Drain (token round trip)', ms: drained.ms, how: 'measured', detail: 'A token row written on the source until the replay committed past it.' });
      parts.push({
        part: 'After the drain',
        ms: (reverse ? 2 : 1) * switchMs,
        how: 'estimated',
        detail: `The breach check again${reverse ? ", and the destination's position for the reverse replay" : ''}: ${how}.`,
      });
    }
    if (this.services.stages.get(projectId, 'verification')?.status === 'completed' && token) {
      const delta = await deltaVerify(this.services, projectId, { source: token, destination: null }, true);
      parts.push({ part: 'Delta verification', ms: delta.durationMs, how: 'measured', detail: `${delta.tables} table(s) changed since full verification began, ${delta.rows.toLocaleString('en-US')} rows verified again.` });
    }
    if (replaying) parts.push({ part: 'Stop forward synchronization', ms: switchMs, how: 'estimated', detail: `The replay and the Store stop at their checkpoints: ${how}.` });
    parts.push(...this.objectParts(projectId));
    if (reverse) parts.push({ part: 'Start reverse incremental', ms: 2 * switchMs, how: 'estimated', detail: `The reverse Store and Incr-Sync start: ${how}; see the reverse path checks.` });
    return { at: new Date().toISOString(), parts, downtimeMs: parts.reduce((n, p) => n + p.ms, 0), checks };
  }

  /** A worker process started, connected to the destination and answered: what stopping a stage and starting one cost. */
  private async workerStart(projectId: string): Promise<number> {
    const { destination } = new RunContext(this.services, projectId).connections();
    const started = Date.now();
    await runUnit(this.services.host.launcher, 'probe', { op: 'test', connection: destination });
    return Date.now() - started;
  }

  /** A token written now (no fence) and the time until the replay has committed past it. */
  private async drain(projectId: string): Promise<{ position: BinlogPosition; ms: number }> {
    const { source } = new RunContext(this.services, projectId).connections();
    const started = Date.now();
    const result = await runUnit(this.services.host.launcher, 'switchover', { op: 'token', source, projectId, token: randomUUID() });
    if (result.op !== 'token') throw new AppError({ code: 'worker_failed', message: 'The switchover worker answered the wrong question.' });
    const waited = await replayPast(this.services.incremental, projectId, result.position, DRAIN_CAP_MS);
    if (waited === null) throw new AppError({ code: 'timeout', message: `Rehearsal: the replay did not commit past the token within ${DRAIN_CAP_MS / 60_000} minutes: it would not drain at a switchover either.`, workaround: 'Look at Incr-Sync in component monitoring and at its latency.' });
    // From the token's write, as at a switchover.
    return { position: result.position, ms: Date.now() - started };
  }

  /** Process database objects, per item, from its table's rows at the rate the full copy wrote. */
  private objectParts(projectId: string): RehearsalPart[] {
    const { services } = this;
    const objects = services.objects.list(projectId).filter((o) => o.kind === 'table');
    const rowsOf = new Map(objects.map((o) => [formatName(o.target), Math.max(o.rowsEstimated ?? 0, o.copy.rowsCopied)]));
    const full = services.stages.get(projectId, 'full');
    const copied = objects.reduce((n, o) => n + o.copy.rowsCopied, 0);
    const seconds = full?.startedAt && full.endedAt ? (Date.parse(full.endedAt) - Date.parse(full.startedAt)) / 1000 : 0;
    const rate = copied > 0 && seconds > 0 ? copied / seconds : DEFAULT_ROWS_PER_S;
    return services.schema.deferred(projectId).map((d) => {
      const rows = rowsOf.get(formatName(d.table)) ?? 0;
      const rebuild = d.kind === 'hidden_key';
      const ms = Math.round(((rebuild ? rows : rows / SCAN_SPEEDUP) / rate) * 1000) + 50;
      return {
        part: `${rebuild ? 'Drop hidden key' : 'Add constraint'} ${d.name} on ${formatName(d.table)}`,
        ms,
        how: 'estimated',
        detail: `${rows.toLocaleString('en-US')} rows at ${Math.round(rate).toLocaleString('en-US')} rows/s (the full copy's rate)${rebuild ? ': the table is rebuilt' : ': the table is read'}.`,
      };
    });
  }
}
