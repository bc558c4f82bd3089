/**
 * Releasing a project (F-15, seed 003): Paused, Failed or Completed →
 * Releasing → Released. Every component is stopped, the source's write
 * fence (if the switchover left one up) is lifted as it was put up,
 * Cutover's rows of the project are removed from `cutover_meta` on both
 * servers, and the change logs are deleted. Each part can run again with the
 * same effect, so a host that dies while releasing releases again when it
 * starts; a part that fails leaves the project Failed with the reason, and
 * Release can be asked again.
 */

import { rmSync } from 'node:fs';
import type { AppErrorData } from '../../../src-shared/errors';
import { AppError, toErrorData } from '../../../src-shared/errors';
import { componentsFor } from '../../../src-shared/lifecycle/migration-types';
import type { ProjectView } from '../../../src-shared/model';
import { catchUpStreamId, reverseStreamId } from '../../../src-shared/model/incremental';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import { changeLogPath } from '../orchestrator/stages/capture';
import { runUnit } from '../workers/run-unit';
import type { SwitchoverService } from './switchover';

const UNIT_TIMEOUT_MS = 5 * 60_000;

export class ReleaseService {
  private readonly releasing = new Set<string>();

  constructor(
    private readonly services: RunServices,
    private readonly orchestrator: Orchestrator,
    private readonly switchover: SwitchoverService,
  ) {}

  /** Starts the release and waits for it; the project ends Released, or Failed with why. */
  async release(projectId: string): Promise<ProjectView> {
    const { projects } = this.services;
    const project = projects.require(projectId);
    projects.assertAllowed(project, 'release');
    if (this.orchestrator.isRunningHere(projectId) || projects.runner(project)?.state === 'elsewhere') {
      throw new AppError({ code: 'conflict', message: `Project "${project.name}" still runs in a Cutover process.`, workaround: 'Wait until its components have stopped, then release it.' });
    }
    projects.transition(projectId, 'release');
    this.services.logs.write('info', 'host', 'Releasing the project.', projectId);
    const failure = await this.run(projectId);
    if (failure) {
      throw new AppError({ code: failure.code, message: `The release of "${project.name}" failed: ${failure.message}`, workaround: failure.workaround ?? 'Fix the cause, then release it again (the project is Failed; nothing is lost).', retryable: true });
    }
    return projects.view(projects.require(projectId));
  }

  /** Host start: a release a stopped host left unfinished is done again. */
  resumeReleasing(): void {
    for (const project of this.services.projects.list({ status: 'releasing' })) {
      void this.run(project.id);
    }
  }

  /** Releases; the error when a part failed (the project is then Failed). */
  private async run(projectId: string): Promise<AppErrorData | null> {
    if (this.releasing.has(projectId)) return null;
    this.releasing.add(projectId);
    const { projects, logs, events } = this.services;
    try {
      this.stopComponents(projectId);
      if (await this.switchover.liftFence(projectId)) logs.write('info', 'host', 'The write fence on the source is lifted: it is writable again as it was before the switchover.', projectId);
      await this.forgetOnServers(projectId);
      this.removeChangeLogs(projectId);
      projects.transition(projectId, 'finishRelease');
      logs.write('info', 'host', 'Project released.', projectId);
      return null;
    } catch (error) {
      const data = toErrorData(error);
      logs.write('error', 'host', `Release failed: ${data.message}`, projectId);
      if (projects.require(projectId).status === 'releasing') projects.transition(projectId, 'fail');
      return data;
    } finally {
      this.releasing.delete(projectId);
      events.emit('projects/changed', { id: projectId });
    }
  }

  private stopComponents(projectId: string): void {
    const { stages, projects } = this.services;
    const states = projects.detail(projectId).components;
    for (const kind of componentsFor(projects.require(projectId).types)) {
      const state = states.find((c) => c.kind === kind);
      if (state && state.status !== 'completed' && state.status !== 'not_started') stages.updateComponent(projectId, kind, { status: 'stopped', pid: null });
    }
  }

  /** Cutover's rows on the servers; a server that cannot be reached is said in the log, and the release goes on. */
  private async forgetOnServers(projectId: string): Promise<void> {
    const { source, destination } = new RunContext(this.services, projectId).connections();
    const result = await runUnit(this.services.host.launcher, 'switchover', { op: 'forget', source, destination, streamIds: [projectId, reverseStreamId(projectId), catchUpStreamId(projectId)] }, { timeoutMs: UNIT_TIMEOUT_MS });
    if (result.op !== 'forget') throw new AppError({ code: 'worker_failed', message: 'The switchover worker answered the wrong question.' });
    for (const server of result.servers) {
      if (server.error) this.services.logs.write('warn', 'host', `Cutover's rows in cutover_meta on the ${server.side} were not removed (${server.error}): delete the rows with project_id '${projectId}' there by hand.`, projectId);
    }
  }

  private removeChangeLogs(projectId: string): void {
    const home = this.services.host.home;
    for (const id of [projectId, reverseStreamId(projectId)]) {
      const path = changeLogPath(home, id);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    }
  }
}
