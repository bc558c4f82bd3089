/** The data source registry as the host holds it; refreshed on 'datasources/changed'. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Catalog } from '../../src-shared/contract/ipc';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import type { ConnectionTestResult, DataSource, DataSourceInput, DataSourcePatch } from '../../src-shared/model/datasource';
import { api } from '../api/client';

export const useDataSourcesStore = defineStore('datasources', () => {
  const list = ref<DataSource[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = shallowRef<AppErrorData | null>(null);
  let latest = 0;

  async function load(): Promise<void> {
    const mine = ++latest;
    loading.value = true;
    try {
      const result = await api.invoke('datasources/list', {});
      if (mine !== latest) return;
      list.value = result;
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      if (mine === latest) error.value = toErrorData(caught);
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  /** Loads once; later changes arrive through the event. */
  async function ensureLoaded(): Promise<void> {
    if (!loaded.value && !loading.value) await load();
  }

  function byId(id: string | null | undefined): DataSource | undefined {
    return id ? list.value.find((d) => d.id === id) : undefined;
  }

  async function create(input: DataSourceInput): Promise<DataSource> {
    const created = await api.invoke('datasources/create', input);
    await load();
    return created;
  }

  async function update(id: string, patch: DataSourcePatch): Promise<DataSource> {
    const updated = await api.invoke('datasources/update', { id, patch });
    await load();
    return updated;
  }

  async function remove(id: string): Promise<void> {
    await api.invoke('datasources/remove', { id });
    await load();
  }

  /** Tests a saved data source; the host records the result as its last test. */
  async function testSaved(id: string): Promise<ConnectionTestResult> {
    const result = await api.invoke('datasources/test', { id });
    void load();
    return result;
  }

  /** Tests a form's values before they are saved. */
  function testDraft(draft: DataSourceInput): Promise<ConnectionTestResult> {
    return api.invoke('datasources/test', { draft });
  }

  /** Tests a saved data source with edited fields, using its stored password unless the patch has one. */
  function testEdited(id: string, patch: DataSourcePatch): Promise<ConnectionTestResult> {
    return api.invoke('datasources/test', { id, patch });
  }

  function catalog(id: string): Promise<Catalog> {
    return api.invoke('datasources/catalog', { id });
  }

  api.on('datasources/changed', () => {
    if (loaded.value) void load();
  });

  return { list, loaded, loading, error, load, ensureLoaded, byId, create, update, remove, testSaved, testDraft, testEdited, catalog };
});
