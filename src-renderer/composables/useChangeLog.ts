/**
 * One search of a project's change log (F-32): the newest page of matches,
 * then older pages appended on "Load older" with the same filters (the form
 * may have changed since). Only the latest search counts, so a slow answer
 * never mixes with a newer search's entries.
 */
import type { Ref, ShallowRef } from 'vue';
import { ref, shallowRef } from 'vue';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import type { ChangeLogEntry } from '../../src-shared/model/incremental';
import type { ChangeLogSearch } from '../stores/incremental';
import { useIncrementalStore } from '../stores/incremental';

const PAGE_SIZE = 100;

export interface ChangeLogState {
  entries: ShallowRef<ChangeLogEntry[]>;
  /** Null when there is nothing older. */
  nextBeforeId: Ref<number | null>;
  /** Oldest and newest event times the log holds (epoch ms), whatever the filters. */
  oldestTs: Ref<number | null>;
  newestTs: Ref<number | null>;
  searched: Ref<boolean>;
  loading: Ref<boolean>;
  loadingMore: Ref<boolean>;
  error: ShallowRef<AppErrorData | null>;
  search(query: Omit<ChangeLogSearch, 'beforeId' | 'limit'>): Promise<void>;
  loadMore(): Promise<void>;
  /** Repeats the last request that failed: the search, or the older page. */
  retry(): Promise<void>;
}

export function useChangeLog(projectId: () => string): ChangeLogState {
  const store = useIncrementalStore();
  const entries = shallowRef<ChangeLogEntry[]>([]);
  const nextBeforeId = ref<number | null>(null);
  const oldestTs = ref<number | null>(null);
  const newestTs = ref<number | null>(null);
  const searched = ref(false);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = shallowRef<AppErrorData | null>(null);
  let query: ChangeLogSearch = {};
  let latest = 0;
  let lastMore = false;

  async function fetch(more: boolean): Promise<void> {
    const mine = ++latest;
    lastMore = more;
    const flag = more ? loadingMore : loading;
    flag.value = true;
    error.value = null;
    try {
      const page = await store.searchChanges(projectId(), { ...query, limit: PAGE_SIZE, ...(more && nextBeforeId.value !== null ? { beforeId: nextBeforeId.value } : {}) });
      if (mine !== latest) return;
      entries.value = more ? [...entries.value, ...page.entries] : page.entries;
      nextBeforeId.value = page.nextBeforeId;
      oldestTs.value = page.oldestTs;
      newestTs.value = page.newestTs;
      searched.value = true;
    } catch (caught) {
      if (mine === latest) error.value = toErrorData(caught);
    } finally {
      if (mine === latest) flag.value = false;
    }
  }

  function search(next: Omit<ChangeLogSearch, 'beforeId' | 'limit'>): Promise<void> {
    query = next;
    loadingMore.value = false;
    return fetch(false);
  }

  function loadMore(): Promise<void> {
    if (nextBeforeId.value === null || loading.value || loadingMore.value) return Promise.resolve();
    return fetch(true);
  }

  function retry(): Promise<void> {
    return lastMore ? loadMore() : fetch(false);
  }

  return { entries, nextBeforeId, oldestTs, newestTs, searched, loading, loadingMore, error, search, loadMore, retry };
}
