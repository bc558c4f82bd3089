/**
 * Projects as the host holds them: the filtered list (F-14), the known tags,
 * and the one project whose details page (or stage page) is open (F-20..F-23).
 * Everything is refreshed from 'projects/changed' and 'projects/progress';
 * nothing is kept beyond what the host says.
 */
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { FileOut } from '../../src-shared/contract/ipc';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import type { AlertLevel, ComponentKind, ProjectDetail, ProjectListFilter, ProjectOptions, ProjectView } from '../../src-shared/model';
import type { ProjectDraftInput } from '../../src-shared/settings/project-schema';
import { api } from '../api/client';
import type { BatchAction, BatchResult } from '../../src-shared/lifecycle/batch';
import type { ComponentAction } from '../../src-shared/lifecycle/component-actions';
import type { ComponentParams } from '../utils/component-params';
import { throttle } from '../utils/throttle';

/** Several events often arrive together (a precheck sends two); one reload covers them. */
const RELOAD_DELAY_MS = 150;
/** Progress moves up to twice a second per running project; the list and details follow at this pace. */
const PROGRESS_RELOAD_MS = 1000;

/** What changes whether a project runs: the run buttons, and Release (which ends it for good). */
export type RunAction = 'start' | 'pause' | 'resume' | 'release';
const RUN_METHODS = { start: 'projects/start', pause: 'projects/pause', resume: 'projects/resume', release: 'projects/release' } as const;

export const useProjectsStore = defineStore('projects', () => {
  // Replaced whole on every load, never changed in place: a thousand projects need no deep proxies.
  const list = shallowRef<ProjectView[]>([]);
  const filter = reactive<ProjectListFilter>({});
  const loaded = ref(false);
  const loading = ref(false);
  const error = shallowRef<AppErrorData | null>(null);
  const tags = ref<string[]>([]);

  const detail = shallowRef<ProjectDetail | null>(null);
  const detailId = ref<string | null>(null);
  const detailLoading = ref(false);
  const detailError = shallowRef<AppErrorData | null>(null);
  /** Set when the open project was deleted elsewhere. */
  const detailDeleted = ref(false);
  /**
   * Start / pause / resume / release calls in flight, by project id. Kept here rather than
   * in a view because a pause or a release can take seconds (workers finish their chunk and
   * checkpoint; the release lifts the fence and cleans both servers) and the list and the
   * details page both show it.
   */
  const pending = ref<Record<string, RunAction>>({});

  let latestList = 0;
  let latestDetail = 0;

  function activeFilter(): ProjectListFilter {
    const out: ProjectListFilter = {};
    const search = filter.search?.trim();
    if (search) out.search = search;
    if (filter.tag) out.tag = filter.tag;
    if (filter.status) out.status = filter.status;
    if (filter.type) out.type = filter.type;
    return out;
  }

  function hasFilter(): boolean {
    return Object.keys(activeFilter()).length > 0;
  }

  /** `quiet`: a refresh driven by progress events, which shows no spinner (it would blink every second). */
  async function load(quiet = false): Promise<void> {
    const mine = ++latestList;
    if (!quiet) loading.value = true;
    try {
      const [result, allTags] = await Promise.all([api.invoke('projects/list', activeFilter()), api.invoke('projects/tags', {})]);
      if (mine !== latestList) return;
      list.value = result;
      tags.value = allTags;
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      if (mine === latestList) error.value = toErrorData(caught);
    } finally {
      if (mine === latestList) loading.value = false;
    }
  }

  async function loadTags(): Promise<void> {
    tags.value = await api.invoke('projects/tags', {});
  }

  function clearFilter(): void {
    filter.search = undefined;
    filter.tag = undefined;
    filter.status = undefined;
    filter.type = undefined;
  }

  async function openDetail(id: string, quiet = false): Promise<void> {
    const mine = ++latestDetail;
    if (detailId.value !== id) {
      detail.value = null;
      detailDeleted.value = false;
    }
    detailId.value = id;
    if (!quiet) detailLoading.value = true;
    try {
      const result = await api.invoke('projects/get', { id });
      if (mine !== latestDetail) return;
      detail.value = result;
      detailError.value = null;
    } catch (caught) {
      if (mine === latestDetail) detailError.value = toErrorData(caught);
    } finally {
      if (mine === latestDetail) detailLoading.value = false;
    }
  }

  /** Closes the open project; with an id, only if that is still the open one (pages hand over to each other). */
  function closeDetail(id?: string): void {
    if (id !== undefined && detailId.value !== id) return;
    latestDetail++;
    detailId.value = null;
    detail.value = null;
    detailError.value = null;
    detailDeleted.value = false;
  }

  function get(id: string): Promise<ProjectDetail> {
    return api.invoke('projects/get', { id });
  }

  const create = (draft: ProjectDraftInput): Promise<ProjectView> => api.invoke('projects/create', draft);
  const update = (id: string, draft: ProjectDraftInput): Promise<ProjectView> => api.invoke('projects/update', { id, draft });
  const remove = async (id: string): Promise<void> => {
    await api.invoke('projects/delete', { id });
  };
  const clone = (id: string): Promise<ProjectView> => api.invoke('projects/clone', { id });
  const exportFile = (id: string): Promise<FileOut> => api.invoke('projects/exportFile', { id });
  const importFile = (fileName: string, content: string) => api.invoke('projects/importFile', { fileName, content });
  const exportCsv = (id: string): Promise<FileOut> => api.invoke('objects/exportCsv', { id });
  const importCsv = (id: string, fileName: string, content: string): Promise<ProjectView> =>
    api.invoke('objects/importCsv', { id, fileName, content });
  const updateOptions = (id: string, options: ProjectOptions): Promise<ProjectView> => api.invoke('projects/updateOptions', { id, options });
  const updateAlertLevel = (id: string, alertLevel: AlertLevel, alertThresholds?: ProjectOptions['alertThresholds']): Promise<ProjectView> =>
    api.invoke('projects/updateAlertLevel', { id, alertLevel, ...(alertThresholds === undefined ? {} : { alertThresholds }) });
  const changeDataSource = (id: string, side: 'source' | 'destination', dataSourceId: string): Promise<ProjectView> =>
    api.invoke('projects/changeDataSource', { id, side, dataSourceId });

  /** Asks the host to start, pause, resume or release; resolves with the project once the host has answered. */
  async function run(id: string, action: RunAction): Promise<ProjectView> {
    pending.value = { ...pending.value, [id]: action };
    try {
      return await api.invoke(RUN_METHODS[action], { id });
    } finally {
      const { [id]: _done, ...rest } = pending.value;
      pending.value = rest;
      if (id === detailId.value) void openDetail(id);
    }
  }

  /** One action on several projects (seed 003), each judged by the host on its own; `dryRun` only says which qualify. */
  async function batch(action: BatchAction, ids: string[], options: { level?: AlertLevel; dryRun?: boolean } = {}): Promise<BatchResult[]> {
    const { results } = await api.invoke('projects/batch', { action, ids, ...options });
    return results;
  }

  async function updateComponent(id: string, kind: ComponentKind, params: ComponentParams): Promise<ProjectDetail> {
    const result = await api.invoke('components/update', { id, kind, params });
    if (id === detailId.value) detail.value = result;
    return result;
  }

  /** Pauses or starts one component alone (F-23); resolves once its worker has stopped or been let go. */
  async function runComponent(id: string, kind: ComponentKind, action: ComponentAction): Promise<ProjectDetail> {
    const result = await api.invoke(action === 'pause' ? 'components/pause' : 'components/start', { id, kind });
    if (id === detailId.value) detail.value = result;
    return result;
  }

  const refreshDetailSoon = throttle(() => {
    if (detailId.value) void openDetail(detailId.value, true);
  }, PROGRESS_RELOAD_MS);
  const refreshListSoon = throttle(() => void load(true), PROGRESS_RELOAD_MS);
  api.on('projects/progress', ({ id }) => {
    if (id === detailId.value) refreshDetailSoon();
    if (loaded.value && list.value.some((p) => p.id === id)) refreshListSoon();
  });

  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  api.on('projects/changed', ({ id, deleted }) => {
    if (id === detailId.value) {
      if (deleted) detailDeleted.value = true;
      else void openDetail(id);
    }
    if (!loaded.value) return;
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void load();
    }, RELOAD_DELAY_MS);
  });

  return {
    list,
    filter,
    loaded,
    loading,
    error,
    tags,
    detail,
    detailId,
    detailLoading,
    detailError,
    detailDeleted,
    pending,
    hasFilter,
    load,
    loadTags,
    clearFilter,
    openDetail,
    closeDetail,
    get,
    create,
    update,
    remove,
    clone,
    exportFile,
    importFile,
    exportCsv,
    importCsv,
    updateOptions,
    updateAlertLevel,
    changeDataSource,
    run,
    batch,
    updateComponent,
    runComponent,
  };
});
