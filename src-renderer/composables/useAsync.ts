/**
 * One fetch's loading / error / data, for views that show a spinner, then the
 * data or an error with a Retry button. Only the latest call's outcome counts,
 * so a slow earlier answer never overwrites a newer one.
 */
import type { Ref, ShallowRef } from 'vue';
import { ref, shallowRef } from 'vue';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';

export interface AsyncState<T, A extends unknown[]> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: ShallowRef<AppErrorData | null>;
  /** Resolves with the result, or undefined when the call failed (see `error`) or was superseded. */
  run: (...args: A) => Promise<T | undefined>;
}

export function useAsync<T, A extends unknown[] = []>(fn: (...args: A) => Promise<T>): AsyncState<T, A> {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = shallowRef<AppErrorData | null>(null);
  let latest = 0;

  async function run(...args: A): Promise<T | undefined> {
    const mine = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const result = await fn(...args);
      if (mine !== latest) return undefined;
      data.value = result;
      return result;
    } catch (caught) {
      if (mine === latest) error.value = toErrorData(caught);
      return undefined;
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  return { data, loading, error, run };
}
