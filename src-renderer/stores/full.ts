/** Full migration (F-31) of the open project: per-table copy progress and the secondary indexes built after the data. */
import { defineStore } from 'pinia';
import type { TableCopy } from '../../src-shared/model/copy';
import type { TableIndex } from '../../src-shared/model/schema';
import { api } from '../api/client';
import { projectResource } from './project-resource';

export const useFullStore = defineStore('full', () => {
  const tables = projectResource<TableCopy>((id) => api.invoke('full/tables', { id }));
  const indexes = projectResource<TableIndex>((id) => api.invoke('full/indexes', { id }));

  async function removeIndex(id: string, indexId: number): Promise<TableIndex[]> {
    const result = await api.invoke('full/removeIndex', { id, indexId });
    indexes.set(id, result);
    return result;
  }

  return { tables, indexes, removeIndex };
});
