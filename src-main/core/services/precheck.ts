/**
 * Precheck runs: one worker per run, checks persisted and pushed to clients as
 * they arrive. One run per project at a time; a run left behind by a host that
 * died is marked as an error when the next host starts.
 */

import { toErrorData } from '../../../src-shared/errors';
import type { PrecheckCheck, PrecheckRun } from '../../../src-shared/model';
import { summarizeChecks } from '../../../src-shared/model/precheck';
import type { EventBus } from '../events';
import type { WorkerLauncher } from '../host';
import { newId, nowIso } from '../ids';
import type { Redactor } from '../redactor';
import type { PrecheckRepo } from '../state/repos/precheck-repo';
import { runUnit } from '../workers/run-unit';
import type { DataSourceService } from './datasources';
import type { LogService } from './logs';
import type { ProjectService } from './projects';

const PRECHECK_TIMEOUT_MS = 10 * 60_000;

export class PrecheckService {
  private readonly running = new Map<string, Promise<PrecheckRun>>();

  constructor(
    private readonly repo: PrecheckRepo,
    private readonly projects: ProjectService,
    private readonly datasources: DataSourceService,
    private readonly launcher: WorkerLauncher,
    private readonly events: EventBus,
    private readonly logs: LogService,
    private readonly redactor: Redactor,
  ) {}

  /** Marks runs that outlived any worker's time limit: their host stopped before they finished. */
  recoverAbandoned(): void {
    const cutoff = new Date(Date.now() - PRECHECK_TIMEOUT_MS).toISOString();
    this.repo.abandonRunning('The precheck was interrupted because the app stopped; run it again.', cutoff);
  }

  latest(projectId: string): PrecheckRun | null {
    this.projects.require(projectId);
    return this.repo.latest(projectId);
  }

  /** Starts a run and returns it at once (status running); `done` settles with the finished run. */
  start(projectId: string): { run: PrecheckRun; done: Promise<PrecheckRun> } {
    const project = this.projects.require(projectId);
    this.projects.assertAllowed(project, 'precheck');
    this.projects.assertSelectionValid(project);
    const inFlight = this.running.get(projectId);
    const current = this.repo.latest(projectId);
    if (inFlight && current?.status === 'running') return { run: current, done: inFlight };

    const source = this.datasources.require(project.sourceId);
    const destination = this.datasources.require(project.destinationId);
    const config = {
      source: this.datasources.connectionConfig(source),
      destination: this.datasources.connectionConfig(destination),
      sourceLabel: source.name,
      destinationLabel: destination.name,
      types: project.types,
      objects: project.objects,
      options: project.options,
    };
    const run: PrecheckRun = { id: newId('pc'), projectId, status: 'running', startedAt: nowIso(), endedAt: null, checks: [], error: null };
    this.repo.start(run);
    this.logs.write('info', 'precheck', 'Precheck started.', projectId);
    this.events.emit('projects/changed', { id: projectId });

    const checks: PrecheckCheck[] = [];
    const done = runUnit(this.launcher, 'precheck', config, {
      timeoutMs: PRECHECK_TIMEOUT_MS,
      onEvent: ({ check }) => {
        this.repo.addCheck(run.id, checks.length, check);
        checks.push(check);
        this.events.emit('precheck/check', { projectId, runId: run.id, check });
      },
      onLog: (level, message) => this.logs.write(level, 'precheck', message, projectId),
    })
      .then(
        (result) => this.finish(run, result.checks, null),
        (error) => this.finish(run, checks, this.redactor.redact(toErrorData(error).message)),
      )
      .finally(() => this.running.delete(projectId));
    this.running.set(projectId, done);
    return { run, done };
  }

  private finish(run: PrecheckRun, checks: PrecheckCheck[], error: string | null): PrecheckRun {
    const status = error ? 'error' : summarizeChecks(checks);
    const endedAt = nowIso();
    this.repo.finish(run.id, status, endedAt, error, checks);
    const finished: PrecheckRun = { ...run, status, endedAt, error, checks };
    const failed = checks.filter((c) => c.state === 'fail').length;
    const warned = checks.filter((c) => c.state === 'warn').length;
    this.logs.write(
      error || failed ? 'warn' : 'info',
      'precheck',
      error ? `Precheck could not finish: ${error}` : `Precheck ${status}: ${checks.length} checks, ${failed} failed, ${warned} warnings.`,
      run.projectId,
    );
    this.events.emit('precheck/finished', { projectId: run.projectId, run: finished });
    this.events.emit('projects/changed', { id: run.projectId });
    return finished;
  }

  /** Waits for every run in flight (used when a host shuts down). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
