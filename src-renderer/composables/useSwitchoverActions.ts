/**
 * The forward switchover's actions (F-34) as its page offers them: Start,
 * Confirm writes stopped, Retry, Skip and Cancel. The ones that change what
 * happens on the servers ask first (Skip shows the seed's warning for its
 * step: the second confirmation); each reports the outcome or the host's
 * error. Which action is allowed comes from the step machine
 * (src-shared/lifecycle/switchover.ts); the host refuses anything else.
 */
import { ref } from 'vue';
import { useMessage } from 'naive-ui';
import { STEP_RULES } from '../../src-shared/lifecycle/switchover';
import type { SwitchoverStepId } from '../../src-shared/model/stage';
import { SWITCHOVER_STEP_LABELS } from '../../src-shared/model/stage';
import type { StartOptions } from '../stores/switchover';
import { useSwitchoverStore } from '../stores/switchover';
import { formatDuration } from '../utils/format';
import { FENCE_HELP } from '../utils/switchover-text';
import { useConfirm } from './useConfirm';
import { useErrorNotice } from './useErrorNotice';

export type SwitchoverAction = 'start' | 'confirm' | 'retry' | 'skip' | 'cancel';

export function useSwitchoverActions(projectId: () => string) {
  const store = useSwitchoverStore();
  const confirm = useConfirm();
  const showError = useErrorNotice();
  const message = useMessage();
  /** The action on its way, and its step. */
  const busy = ref<{ action: SwitchoverAction; step: SwitchoverStepId | null } | null>(null);

  async function act(action: SwitchoverAction, step: SwitchoverStepId | null, failure: string, work: () => Promise<unknown>, done: string): Promise<boolean> {
    if (busy.value) return false;
    busy.value = { action, step };
    try {
      await work();
      message.success(done);
      return true;
    } catch (caught) {
      showError(failure, caught);
      return false;
    } finally {
      busy.value = null;
    }
  }

  async function start(options: StartOptions): Promise<boolean> {
    const fence = options.fence;
    const ok = await confirm({
      title: 'Start Forward Switchover',
      content:
        `Start the forward switchover? Make sure the applications are about to stop writing to the source, or have stopped. Cutover runs the switchover precheck, then puts up the write fence. ${FENCE_HELP[fence]} ` +
        `If nobody confirms that writes stopped within ${formatDuration((options.fenceTimeoutSeconds ?? 900) * 1000)}, the fence lifts itself.`,
      positiveText: 'Start Forward Switchover',
    });
    return ok && act('start', 'start', 'Could not start the forward switchover', () => store.start(projectId(), options), 'Forward switchover started.');
  }

  /** After the dialog that asked whether to end open write transactions. */
  const confirmWrites = (endTransactions: boolean) =>
    act('confirm', 'confirm-writes-stopped', 'Could not confirm that writes stopped', () => store.confirm(projectId(), endTransactions), 'Confirmed: writes stopped at the source.');

  const retry = (step: SwitchoverStepId) =>
    act('retry', step, `Could not retry "${SWITCHOVER_STEP_LABELS[step]}"`, () => store.retry(projectId(), step), `Retrying "${SWITCHOVER_STEP_LABELS[step]}".`);

  async function skip(step: SwitchoverStepId): Promise<boolean> {
    const warning = STEP_RULES[step].skipWarning;
    if (warning === null) return false;
    const ok = await confirm({ title: `Skip "${SWITCHOVER_STEP_LABELS[step]}"`, content: warning, positiveText: 'Skip', danger: true });
    return ok && act('skip', step, `Could not skip "${SWITCHOVER_STEP_LABELS[step]}"`, () => store.skip(projectId(), step), `Skipped "${SWITCHOVER_STEP_LABELS[step]}".`);
  }

  async function cancel(): Promise<boolean> {
    const ok = await confirm({
      title: 'Cancel Forward Switchover',
      content: 'Cancel the forward switchover? Cutover lifts the write fence as it put it up (the source takes writes again), forward synchronization runs on, and the steps start over.',
      positiveText: 'Cancel Switchover',
      danger: true,
    });
    return ok && act('cancel', null, 'Could not cancel the forward switchover', () => store.cancel(projectId()), 'Forward switchover cancelled; the source takes writes again.');
  }

  return { busy, start, confirmWrites, retry, skip, cancel };
}
