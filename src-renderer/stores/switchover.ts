/**
 * The forward switchover (F-34) of the open project: its steps with what
 * each measured, and its journal, following the project's events (the host
 * sends one for every step event); each action's answer replaces it at
 * once. Entering the switchover (Go To Next Stage) and the switchover
 * precheck run on its own are here too; so are the items of Process
 * database objects, the certificate, the rehearsal and the rollback, which
 * the pages that show them call for.
 */
import { defineStore } from 'pinia';
import type { FileOut, RequestOf } from '../../src-shared/contract/ipc';
import type { PrecheckCheck } from '../../src-shared/model/precheck';
import type { ProjectView } from '../../src-shared/model/project';
import type { SwitchoverStepId } from '../../src-shared/model/stage';
import type { ObjectItem, ObjectItemAction, Rehearsal, RollbackReport, SwitchoverOverview } from '../../src-shared/model/switchover';
import { api } from '../api/client';
import { projectValue } from './project-resource';

export type StartOptions = Omit<RequestOf<'switchover/start'>, 'id'>;

export const useSwitchoverStore = defineStore('switchover', () => {
  const overview = projectValue<SwitchoverOverview | null>((id) => api.invoke('switchover/status', { id }), () => null);

  async function take(id: string, answer: Promise<SwitchoverOverview>): Promise<SwitchoverOverview> {
    const result = await answer;
    overview.set(id, result);
    return result;
  }

  const start = (id: string, options: StartOptions) => take(id, api.invoke('switchover/start', { id, ...options }));
  const confirm = (id: string, endTransactions: boolean) => take(id, api.invoke('switchover/confirm', { id, endTransactions }));
  const retry = (id: string, step: SwitchoverStepId) => take(id, api.invoke('switchover/retry', { id, step }));
  /** Only after the user has seen the step's warning and confirmed it. */
  const skip = (id: string, step: SwitchoverStepId) => take(id, api.invoke('switchover/skip', { id, step, confirmed: true }));
  const cancel = (id: string) => take(id, api.invoke('switchover/cancel', { id }));

  /** Go To Next Stage: the project enters the forward switchover. */
  const enter = (id: string): Promise<ProjectView> => api.invoke('projects/enterSwitchover', { id });

  const precheck = async (id: string): Promise<PrecheckCheck[]> => (await api.invoke('switchover/precheck', { id })).checks;

  /** Process database objects, item by item; an action answers with every item. */
  const objects = (id: string): Promise<ObjectItem[]> => api.invoke('switchover/objects', { id });
  const objectAction = (id: string, item: string, action: ObjectItemAction): Promise<ObjectItem[]> => api.invoke('switchover/objectAction', { id, item, action });

  const certificate = (id: string): Promise<FileOut> => api.invoke('switchover/certificate', { id });
  /** The switchover timed on the live pair, without the fence: takes tens of seconds. */
  const rehearse = (id: string): Promise<Rehearsal> => api.invoke('switchover/rehearse', { id });
  /** Only after the user has read what it does and confirmed it. */
  const rollback = (id: string): Promise<RollbackReport> => api.invoke('switchover/rollback', { id, confirmed: true });

  return { overview, start, confirm, retry, skip, cancel, enter, precheck, objects, objectAction, certificate, rehearse, rollback };
});
