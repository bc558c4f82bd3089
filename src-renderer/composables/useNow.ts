/**
 * The current time, ticking every second while any component uses it, so
 * running durations keep counting. One clock for the whole app: a table of
 * running rows does not start a timer per row.
 */
import type { Ref } from 'vue';
import { onScopeDispose, ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export function useNow(): Readonly<Ref<number>> {
  if (users++ === 0) {
    now.value = Date.now();
    timer = setInterval(() => (now.value = Date.now()), 1000);
  }
  onScopeDispose(() => {
    if (--users === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  });
  return now;
}
