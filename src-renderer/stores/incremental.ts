/**
 * Incremental synchronization of the open project, in either direction:
 * forward (F-32) and reverse (F-35). Per direction: where capture and replay
 * stand, what was replayed table by table, and the DDL it met; all three
 * follow the project's events. Forward only: Skip of the DDL that stopped
 * the replay, and the change log, searched on demand since it can hold
 * millions of changes.
 */
import { defineStore } from 'pinia';
import type { RequestOf } from '../../src-shared/contract/ipc';
import type { ChangeLogPage, DdlRecord, IncrementalStatus, SyncTableStats } from '../../src-shared/model/incremental';
import type { ProjectView } from '../../src-shared/model/project';
import { api } from '../api/client';
import type { SyncDirection } from '../utils/sync-direction';
import { projectResource, projectValue } from './project-resource';

export type ChangeLogSearch = RequestOf<'incremental/changes'>['query'];

const METHODS = {
  forward: { status: 'incremental/status', stats: 'incremental/stats', ddl: 'incremental/ddl' },
  reverse: { status: 'reverse/status', stats: 'reverse/stats', ddl: 'reverse/ddl' },
} as const;

/** What both directions have: status, statistics, DDL, and the statistics switch (one project setting for both). */
function syncResources(direction: SyncDirection) {
  const methods = METHODS[direction];
  const status = projectValue<IncrementalStatus | null>((id) => api.invoke(methods.status, { id }), () => null);
  const stats = projectResource<SyncTableStats>((id) => api.invoke(methods.stats, { id }));
  const ddl = projectResource<DdlRecord>((id) => api.invoke(methods.ddl, { id }));

  async function setStatistics(id: string, enabled: boolean): Promise<void> {
    const forward = await api.invoke('incremental/setStatistics', { id, enabled });
    // The answer is the forward status; the reverse one is asked again.
    if (direction === 'forward') status.set(id, forward);
    else await status.load(true);
  }

  function open(id: string): void {
    void status.open(id);
    void stats.open(id);
    void ddl.open(id);
  }

  function close(id: string): void {
    status.close(id);
    stats.close(id);
    ddl.close(id);
  }

  function refresh(): void {
    void status.load();
    void stats.load();
    void ddl.load();
  }

  return { status, stats, ddl, setStatistics, open, close, refresh };
}

export const useIncrementalStore = defineStore('incremental', () => {
  const resources = syncResources('forward');
  const { status, ddl } = resources;

  /** Skips the DDL that stopped the replay; the host resumes the project, so status and DDL list move at once. */
  async function skipDdl(id: string, changeId: number): Promise<ProjectView> {
    const project = await api.invoke('incremental/skipDdl', { id, changeId });
    void status.load(true);
    void ddl.load(true);
    return project;
  }

  const searchChanges = (id: string, query: ChangeLogSearch): Promise<ChangeLogPage> => api.invoke('incremental/changes', { id, query });

  return { ...resources, skipDdl, searchChanges };
});

export const useReverseStore = defineStore('reverse', () => syncResources('reverse'));

/** The parts of a direction's store the shared page and panels use. */
export type SyncStore = Pick<ReturnType<typeof useReverseStore>, 'status' | 'stats' | 'ddl' | 'setStatistics' | 'open' | 'close' | 'refresh'>;

export function useSyncStore(direction: SyncDirection): SyncStore {
  return direction === 'forward' ? useIncrementalStore() : useReverseStore();
}
