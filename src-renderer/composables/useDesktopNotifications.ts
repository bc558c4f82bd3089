/**
 * Browser notifications for alerts (F-40) when Cutover runs in a browser
 * (`cutover serve`): shown only once the user has allowed them from the
 * Alerts page — the permission is never asked on its own. The desktop app's
 * host notifies by itself, so nothing is shown there.
 */
import { readonly, ref } from 'vue';
import type { Alert } from '../../src-shared/model/activity';
import { inDesktopApp } from '../api/client';
import { alertKindLabel } from '../utils/format';

export type NotificationState = 'unsupported' | 'desktop' | NotificationPermission;

function current(): NotificationState {
  if (inDesktopApp) return 'desktop';
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

const state = ref<NotificationState>(current());

/** Shows `alert` as a browser notification when the user allowed them. */
export function notifyAlert(alert: Alert): void {
  if (current() !== 'granted') return;
  const title = `${alert.projectName ?? 'Cutover'}: ${alertKindLabel(alert.kind)}${alert.times > 1 ? ` (${alert.times} times)` : ''}`;
  // One notification per alert: raising it again replaces the previous one.
  new Notification(title, { body: alert.message, tag: `cutover-alert-${alert.id}` });
}

export function useDesktopNotifications() {
  async function allow(): Promise<void> {
    if (state.value !== 'default') return;
    await Notification.requestPermission();
    state.value = current();
  }
  return { state: readonly(state), allow };
}
