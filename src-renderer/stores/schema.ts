/**
 * Schema migration objects (F-30) of the open project, and what the user can
 * do to them. Every action answers with the whole list, which replaces ours.
 */
import { defineStore } from 'pinia';
import type { FileOut } from '../../src-shared/contract/ipc';
import type { SchemaObject } from '../../src-shared/model/schema';
import { api } from '../api/client';
import { projectResource } from './project-resource';

export type SchemaBatchAction = 'retry' | 'skip' | 'remove';

export const useSchemaStore = defineStore('schema', () => {
  const objects = projectResource<SchemaObject>((id) => api.invoke('schema/objects', { id }));

  async function modify(id: string, objectId: number, ddl: string): Promise<SchemaObject[]> {
    const result = await api.invoke('schema/modify', { id, objectId, ddl });
    objects.set(id, result);
    return result;
  }

  async function apply(id: string, action: SchemaBatchAction, objectIds: number[]): Promise<SchemaObject[]> {
    const method = action === 'retry' ? 'schema/retry' : action === 'skip' ? 'schema/skip' : 'schema/remove';
    const result = await api.invoke(method, { id, objectIds });
    objects.set(id, result);
    return result;
  }

  const exportSql = (id: string): Promise<FileOut> => api.invoke('schema/export', { id });

  return { objects, modify, apply, exportSql };
});
