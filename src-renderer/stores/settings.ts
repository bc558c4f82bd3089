/** App settings (theme) and what the host says about itself; both live on the host. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AppInfo, AppSettings, Theme } from '../../src-shared/contract/ipc';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import { api } from '../api/client';

export const useSettingsStore = defineStore('settings', () => {
  // The host's default until it answers, so the first paint follows the OS.
  const settings = ref<AppSettings>({ theme: 'system' });
  const loaded = ref(false);
  const error = shallowRef<AppErrorData | null>(null);
  const info = shallowRef<AppInfo | null>(null);

  async function load(): Promise<void> {
    try {
      settings.value = await api.invoke('settings/get', {});
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      error.value = toErrorData(caught);
    }
  }

  /** Applies at once and rolls back if the host refuses. */
  async function setTheme(theme: Theme): Promise<void> {
    const previous = settings.value;
    settings.value = { ...previous, theme };
    try {
      settings.value = await api.invoke('settings/update', { theme });
    } catch (caught) {
      settings.value = previous;
      throw caught;
    }
  }

  async function loadInfo(): Promise<AppInfo> {
    info.value = await api.invoke('app/info', {});
    return info.value;
  }

  return { settings, loaded, error, info, load, setTheme, loadInfo };
});
