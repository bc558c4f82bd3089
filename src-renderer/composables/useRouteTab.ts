/**
 * A page's tab kept in the URL (`?tab=`), so that a tab can be linked to and
 * survives a reload; unknown values fall back to the first tab.
 */
import type { WritableComputedRef } from 'vue';
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export function useRouteTab<T extends string>(tabs: readonly T[]): WritableComputedRef<T> {
  const route = useRoute();
  const router = useRouter();
  return computed({
    get: () => {
      const value = route.query.tab;
      return typeof value === 'string' && (tabs as readonly string[]).includes(value) ? (value as T) : tabs[0];
    },
    set: (tab) => void router.replace({ query: { ...route.query, tab } }),
  });
}
