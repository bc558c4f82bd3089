/**
 * Shows a failed action's error as a notification: the message, what to do
 * about it, and every detail line (imports list one line per bad row).
 */
import { h } from 'vue';
import { useNotification } from 'naive-ui';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import ErrorDetails from '../components/ErrorDetails.vue';

export function useErrorNotice() {
  const notification = useNotification();
  return function showError(title: string, caught: unknown): AppErrorData {
    const error = toErrorData(caught);
    notification.error({
      title,
      content: () => h(ErrorDetails, { error }),
      duration: error.details?.length ? 0 : 10_000,
      closable: true,
    });
    return error;
  };
}
