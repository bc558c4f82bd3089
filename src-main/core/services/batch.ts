/**
 * Batch operations on projects (seed 003 "More Batch Operations"): one action
 * on several projects, each judged on its own by the lifecycle table, so
 * one project's refusal never stops the others. A dry run lists which
 * projects qualify (with their latest timestamp) for the confirmation dialog;
 * the real run answers for every project with ok or the reason.
 */

import type { BatchAction, BatchResult } from '../../../src-shared/lifecycle/batch';
import { BATCH_TRANSITIONS } from '../../../src-shared/lifecycle/batch';
import type { AlertLevel } from '../../../src-shared/model/options';
import type { FenceMode } from '../../../src-shared/model/switchover';
import { toErrorData } from '../../../src-shared/errors';
import { checkTransition } from '../../../src-shared/lifecycle/project-lifecycle';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import type { ReleaseService } from './release';
import type { SwitchoverService } from './switchover';
import type { VerificationService } from './verification';

export interface BatchRequest {
  action: BatchAction;
  ids: string[];
  /** For `alert`: the alert level every project gets. */
  level?: AlertLevel;
  /** Judge only: which projects qualify, changing nothing. */
  dryRun?: boolean;
  /** For `start-switchover`: the write fence (read-only unless given) and, for the accounts fence, the accounts. */
  fence?: FenceMode;
  accounts?: string;
}

export class BatchService {
  constructor(
    private readonly services: RunServices,
    private readonly orchestrator: Orchestrator,
    private readonly verification: VerificationService,
    private readonly switchover: SwitchoverService,
    private readonly release: ReleaseService,
  ) {}

  async run(request: BatchRequest): Promise<{ results: BatchResult[] }> {
    const results: BatchResult[] = [];
    // One at a time, in the order given: the same project twice is judged once.
    for (const id of [...new Set(request.ids)]) results.push(await this.one(id, request));
    return { results };
  }

  private async one(id: string, request: BatchRequest): Promise<BatchResult> {
    const project = this.services.projects.find(id);
    if (!project) return { id, name: null, latestAt: null, ok: false, reason: 'no such project', status: null };
    const detail = this.services.projects.detail(id);
    const base = { id, name: project.name, latestAt: detail.updatedAt };
    const now = () => this.services.projects.find(id)?.status ?? null;
    const verdict = checkTransition(BATCH_TRANSITIONS[request.action], { status: detail.status, stages: detail.stages });
    if (!verdict.allowed) return { ...base, ok: false, reason: verdict.reason ?? 'not allowed', status: detail.status };
    if (request.dryRun) return { ...base, ok: true, reason: null, status: detail.status };
    try {
      await this.act(id, request);
      return { ...base, ok: true, reason: null, status: now() };
    } catch (error) {
      return { ...base, ok: false, reason: toErrorData(error).message, status: now() };
    }
  }

  private async act(id: string, request: BatchRequest): Promise<void> {
    const background = (run: Promise<unknown>) =>
      void run.catch((error: unknown) => this.services.logs.write('error', 'host', `Run ended with an error: ${toErrorData(error).message}`, id));
    switch (request.action) {
      case 'start':
        // Started here, each in the background: the answer does not wait for the runs.
        return background(this.orchestrator.start(id));
      case 'resume':
        return background(this.orchestrator.resume(id));
      case 'pause':
        return this.orchestrator.pause(id);
      case 'release':
        return void (await this.release.release(id));
      case 'delete':
        return this.services.projects.delete(id);
      case 'alert':
        return void this.services.projects.updateAlertLevel(id, request.level ?? 'none');
      case 'skip-verification':
        return void this.verification.skip(id);
      case 'enter-switchover':
        return void this.verification.enterSwitchover(id);
      case 'start-switchover':
        return void this.switchover.start(id, { fence: request.fence ?? 'read-only', accounts: request.accounts ?? '', fenceTimeoutSeconds: 15 * 60 });
    }
  }
}
