/**
 * The items of Process database objects (F-34 step 7, seed 001) as the step
 * shows them: loaded, and loaded again whenever `signature` changes (the
 * step's record, where the items' states live), replaced at once by what an
 * action answers. Run, Skip (asked first: Cutover then leaves the item as it
 * is) and Mark as Complete each report the outcome or the host's error; the
 * host refuses what the step machine does not allow.
 */
import { ref, watch } from 'vue';
import { useMessage } from 'naive-ui';
import type { ObjectItem, ObjectItemAction } from '../../src-shared/model/switchover';
import { useSwitchoverStore } from '../stores/switchover';
import { useAsync } from './useAsync';
import { useConfirm } from './useConfirm';
import { useErrorNotice } from './useErrorNotice';

export const OBJECT_ACTION_LABELS: Record<ObjectItemAction, string> = { run: 'Run', skip: 'Skip', complete: 'Mark as Complete' };
const DONE: Record<ObjectItemAction, string> = { run: 'Ran', skip: 'Skipped', complete: 'Marked as complete' };

export function useObjectItems(projectId: () => string, signature: () => string) {
  const store = useSwitchoverStore();
  const confirm = useConfirm();
  const showError = useErrorNotice();
  const message = useMessage();
  const items = useAsync(() => store.objects(projectId()));
  watch(signature, () => void items.run(), { immediate: true });
  /** The action on its way, and its item. */
  const busy = ref<{ item: string; action: ObjectItemAction } | null>(null);

  const skipAllowed = (item: ObjectItem) =>
    confirm({
      title: `Skip "${item.object}"`,
      content: `Skip "${item.id}"? Cutover leaves it as it is, and the step no longer waits for it. What it was to do: ${item.action}. If that is needed, do it by hand. Proceed with caution.`,
      positiveText: 'Skip',
      danger: true,
    });

  async function act(item: ObjectItem, action: ObjectItemAction): Promise<boolean> {
    if (busy.value) return false;
    if (action === 'skip' && !(await skipAllowed(item))) return false;
    busy.value = { item: item.id, action };
    try {
      items.data.value = await store.objectAction(projectId(), item.id, action);
      const after = items.data.value.find((i) => i.id === item.id);
      // A run that failed is an answer, not an error: the row shows why.
      if (after?.state === 'failed') message.error(`"${item.id}" failed: ${after.error ?? 'see its logs'}.`);
      else message.success(`${DONE[action]} "${item.id}".`);
      return true;
    } catch (caught) {
      showError(`Could not ${OBJECT_ACTION_LABELS[action]} "${item.id}"`, caught);
      return false;
    } finally {
      busy.value = null;
    }
  }

  return { items, busy, act };
}
