/**
 * Alerts (F-40) as the host holds them, one entry per alert id: loaded from
 * 'alerts/list' when the app opens (so the navigation's count of
 * unacknowledged alerts is right after a reload), updated in place when
 * 'alerts/raised' raises one again or 'alerts/changed' says it was resolved
 * or acknowledged, and acknowledged here.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import type { Alert } from '../../src-shared/model/activity';
import { api } from '../api/client';
import { notifyAlert } from '../composables/useDesktopNotifications';

export const useAlertsStore = defineStore('alerts', () => {
  const byId = shallowRef<ReadonlyMap<number, Alert>>(new Map());
  const loaded = ref(false);
  const loading = ref(false);
  const error = shallowRef<AppErrorData | null>(null);

  /** Newest first, as the host lists them. */
  const list = computed(() => [...byId.value.values()].sort((a, b) => b.id - a.id));
  const unacknowledged = computed(() => list.value.filter((a) => !a.acknowledgedAt).length);

  function merge(alerts: readonly Alert[]): void {
    const next = new Map(byId.value);
    for (const alert of alerts) next.set(alert.id, alert);
    byId.value = next;
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const alerts = await api.invoke('alerts/list', {});
      byId.value = new Map(alerts.map((a) => [a.id, a]));
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      error.value = toErrorData(caught);
    } finally {
      loading.value = false;
    }
  }

  function ensureLoaded(): void {
    if (!loaded.value && !loading.value) void load();
  }

  /** One project's alerts, merged into the rest (its details page lists them). */
  async function loadProject(projectId: string): Promise<void> {
    merge(await api.invoke('alerts/list', { projectId }));
  }

  /** Throws the host's error; the caller shows it. */
  async function acknowledge(id: number): Promise<void> {
    merge([await api.invoke('alerts/acknowledge', { id })]);
  }

  api.on('alerts/raised', (alert) => {
    merge([alert]);
    notifyAlert(alert);
  });
  // Resolved or acknowledged (here, in another window or from the CLI): shown as it is now.
  api.on('alerts/changed', (alert) => merge([alert]));

  return { list, loaded, loading, error, unacknowledged, load, ensureLoaded, loadProject, acknowledge };
});
