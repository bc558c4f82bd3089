/** Calls `fn` once input has been quiet for `ms`; pending calls are dropped when the component goes away. */
import { onScopeDispose } from 'vue';

export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const debounced = (...args: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  onScopeDispose(cancel);
  return Object.assign(debounced, { cancel });
}
