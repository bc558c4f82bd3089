/** The current time, ticking every second while the component lives, so running durations keep counting. */
import type { Ref } from 'vue';
import { onScopeDispose, ref } from 'vue';

export function useNow(intervalMs = 1000): Readonly<Ref<number>> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
