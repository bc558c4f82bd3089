/**
 * What the host keeps per project (schema objects, copied tables, indexes, the
 * incremental status) as a store mirrors it: loaded for the page that is open,
 * reloaded when the project changes or its progress moves, replaced by what an
 * action returns. Only the latest answer counts, so a slow reload never
 * overwrites a newer value.
 */
import type { Ref, ShallowRef } from 'vue';
import { ref, shallowRef } from 'vue';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import { api } from '../api/client';
import { throttle } from '../utils/throttle';

/** Progress events come up to twice a second; tables and objects follow at this pace. */
const RELOAD_MS = 700;

export interface ProjectValue<T> {
  projectId: Ref<string | null>;
  value: ShallowRef<T>;
  loaded: Ref<boolean>;
  loading: Ref<boolean>;
  error: ShallowRef<AppErrorData | null>;
  open(id: string): Promise<void>;
  close(id: string): void;
  /** `quiet`: a refresh driven by events, which shows no spinner (it would blink while a copy runs). */
  load(quiet?: boolean): Promise<void>;
  /** Takes a value an action returned; any reload in flight is older, so it is dropped. */
  set(id: string, value: T): void;
}

/** A list the host keeps per project; the same as a value, named for what it holds. */
export interface ProjectResource<T> extends Omit<ProjectValue<T[]>, 'value'> {
  items: ShallowRef<T[]>;
}

/** `empty`: what a page shows before the first answer and after it closes. */
export function projectValue<T>(fetch: (id: string) => Promise<T>, empty: () => T): ProjectValue<T> {
  const projectId = ref<string | null>(null);
  const value = shallowRef<T>(empty());
  const loaded = ref(false);
  const loading = ref(false);
  const error = shallowRef<AppErrorData | null>(null);
  let latest = 0;

  async function load(quiet = false): Promise<void> {
    const id = projectId.value;
    if (!id) return;
    const mine = ++latest;
    if (!quiet) loading.value = true;
    try {
      const result = await fetch(id);
      if (mine !== latest) return;
      value.value = result;
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      if (mine === latest) error.value = toErrorData(caught);
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  function open(id: string): Promise<void> {
    if (projectId.value !== id) {
      latest++;
      value.value = empty();
      loaded.value = false;
      error.value = null;
    }
    projectId.value = id;
    return load();
  }

  function close(id: string): void {
    if (projectId.value !== id) return;
    latest++;
    projectId.value = null;
    value.value = empty();
    loaded.value = false;
    loading.value = false;
    error.value = null;
  }

  function set(id: string, next: T): void {
    if (projectId.value !== id) return;
    latest++;
    loading.value = false;
    value.value = next;
    loaded.value = true;
    error.value = null;
  }

  const reloadSoon = throttle(() => void load(true), RELOAD_MS);
  const follow = ({ id }: { id: string }) => {
    if (id === projectId.value) reloadSoon();
  };
  api.on('projects/changed', follow);
  api.on('projects/progress', follow);

  return { projectId, value, loaded, loading, error, open, close, load, set };
}

export function projectResource<T>(fetch: (id: string) => Promise<T[]>): ProjectResource<T> {
  const { value: items, ...rest } = projectValue<T[]>(fetch, () => []);
  return { ...rest, items };
}
