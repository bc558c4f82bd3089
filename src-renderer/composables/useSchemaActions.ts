/**
 * Retry / Skip / Remove of schema objects (F-30), one or many: Skip and
 * Remove ask first and say what the destination will miss; every outcome is
 * reported, and a refusal shows the host's message.
 */
import { ref } from 'vue';
import { useMessage } from 'naive-ui';
import type { SchemaObject } from '../../src-shared/model/schema';
import type { SchemaBatchAction } from '../stores/schema';
import { useSchemaStore } from '../stores/schema';
import { objectName } from '../utils/schema-object-actions';
import { useConfirm } from './useConfirm';
import { useErrorNotice } from './useErrorNotice';

const PAST: Record<SchemaBatchAction, string> = { retry: 'Retried', skip: 'Skipped', remove: 'Removed' };

function describe(objects: SchemaObject[]): string {
  if (objects.length === 1) return objectName(objects[0].kind, objects[0].target);
  const shown = objects.slice(0, 5).map((o) => objectName(o.kind, o.target));
  return `${objects.length} objects (${shown.join(', ')}${objects.length > shown.length ? ', …' : ''})`;
}

export function useSchemaActions(projectId: () => string) {
  const store = useSchemaStore();
  const confirm = useConfirm();
  const showError = useErrorNotice();
  const message = useMessage();
  /** Objects with a call in flight, to show spinners and refuse double clicks. */
  const busy = ref<Set<number>>(new Set());

  function ask(action: SchemaBatchAction, objects: SchemaObject[]): Promise<boolean> {
    const what = describe(objects);
    if (action === 'skip') {
      return confirm({
        title: objects.length === 1 ? 'Skip object' : 'Batch Skip',
        content: `Skip ${what}? It will be missing on the destination: Cutover does not create it, skips its indexes and does not copy its rows. Create it yourself if the application needs it.`,
        positiveText: 'Skip',
        danger: true,
      });
    }
    if (action === 'remove') {
      return confirm({
        title: objects.length === 1 ? 'Remove object' : 'Batch Remove',
        content: `Remove ${what} from the migration? It leaves this project: it is not created on the destination, its indexes are removed too, and its rows are neither copied nor synchronized.`,
        positiveText: 'Remove',
        danger: true,
      });
    }
    return Promise.resolve(true);
  }

  async function run(action: SchemaBatchAction, objects: SchemaObject[]): Promise<boolean> {
    const ids = objects.map((o) => o.id).filter((id) => !busy.value.has(id));
    if (!ids.length || !(await ask(action, objects))) return false;
    busy.value = new Set([...busy.value, ...ids]);
    try {
      const after = await store.apply(projectId(), action, ids);
      const stillFailed = action === 'retry' ? after.filter((o) => ids.includes(o.id) && o.status === 'failed').length : 0;
      if (stillFailed) message.warning(`${stillFailed} of ${ids.length} still failed; open "View details" for the destination's error.`);
      else message.success(`${PAST[action]} ${describe(objects)}.`);
      return true;
    } catch (caught) {
      showError(`Could not ${action} ${describe(objects)}`, caught);
      return false;
    } finally {
      const next = new Set(busy.value);
      ids.forEach((id) => next.delete(id));
      busy.value = next;
    }
  }

  return { busy, run };
}
