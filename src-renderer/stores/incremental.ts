/**
 * Incremental synchronization (F-32) of the open project: where capture and
 * replay stand, what was replayed table by table, and the DDL it met. All
 * three follow the project's events; the change log is searched on demand,
 * since it can hold millions of changes.
 */
import { defineStore } from 'pinia';
import type { RequestOf } from '../../src-shared/contract/ipc';
import type { ChangeLogPage, DdlRecord, IncrementalStatus, SyncTableStats } from '../../src-shared/model/incremental';
import type { ProjectView } from '../../src-shared/model/project';
import { api } from '../api/client';
import { projectResource, projectValue } from './project-resource';

export type ChangeLogSearch = RequestOf<'incremental/changes'>['query'];

export const useIncrementalStore = defineStore('incremental', () => {
  const status = projectValue<IncrementalStatus | null>((id) => api.invoke('incremental/status', { id }), () => null);
  const stats = projectResource<SyncTableStats>((id) => api.invoke('incremental/stats', { id }));
  const ddl = projectResource<DdlRecord>((id) => api.invoke('incremental/ddl', { id }));

  /** Skips the DDL that stopped the replay; the host resumes the project, so status and DDL list move at once. */
  async function skipDdl(id: string, changeId: number): Promise<ProjectView> {
    const project = await api.invoke('incremental/skipDdl', { id, changeId });
    void status.load(true);
    void ddl.load(true);
    return project;
  }

  async function setStatistics(id: string, enabled: boolean): Promise<IncrementalStatus> {
    const result = await api.invoke('incremental/setStatistics', { id, enabled });
    status.set(id, result);
    return result;
  }

  const searchChanges = (id: string, query: ChangeLogSearch): Promise<ChangeLogPage> => api.invoke('incremental/changes', { id, query });

  return { status, stats, ddl, skipDdl, setStatistics, searchChanges };
});
