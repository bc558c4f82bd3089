/** Whether the app is dark now: the host's theme setting, with "system" following the OS. */
import type { ComputedRef } from 'vue';
import { computed } from 'vue';
import { useOsTheme } from 'naive-ui';
import { useSettingsStore } from '../stores/settings';

export function useDarkMode(): ComputedRef<boolean> {
  const settings = useSettingsStore();
  const osTheme = useOsTheme();
  return computed(() => {
    const theme = settings.settings.theme;
    return theme === 'dark' || (theme === 'system' && osTheme.value === 'dark');
  });
}
