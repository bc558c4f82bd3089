/** Alerts (F-40) as the host lists them; new ones arrive through 'alerts/raised'. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import type { Alert } from '../../src-shared/model/activity';
import { api } from '../api/client';

export const useAlertsStore = defineStore('alerts', () => {
  const list = ref<Alert[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = shallowRef<AppErrorData | null>(null);
  /** Raised since the alerts page was last opened, for the badge in the navigation. */
  const unseen = ref(0);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = await api.invoke('alerts/list', {});
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      error.value = toErrorData(caught);
    } finally {
      loading.value = false;
    }
  }

  function markSeen(): void {
    unseen.value = 0;
  }

  api.on('alerts/raised', (alert) => {
    unseen.value++;
    if (loaded.value && !list.value.some((a) => a.id === alert.id)) list.value = [alert, ...list.value];
  });

  return { list, loaded, loading, error, unseen, load, markSeen };
});
