/**
 * Pause and Start of one component (F-23), as the component table offers
 * them: each asks first (as in OMS), then reports the outcome or the host's
 * error. Which action is allowed comes from component-actions.ts; the host
 * refuses anything else and its message is shown.
 */
import { ref } from 'vue';
import { useMessage } from 'naive-ui';
import type { ComponentAction } from '../../src-shared/lifecycle/component-actions';
import type { ProjectView } from '../../src-shared/model/project';
import type { ComponentKind } from '../../src-shared/model/stage';
import { COMPONENT_LABELS } from '../../src-shared/model/stage';
import { useProjectsStore } from '../stores/projects';
import { useConfirm } from './useConfirm';
import { useErrorNotice } from './useErrorNotice';

/** What pausing each component leaves running, in the confirmation. */
const PAUSE_EFFECT: Record<ComponentKind, string> = {
  store: 'The Store stops reading the source binlog; Incr-Sync replays what was captured and then waits. The source must keep its binlog until the Store is started again.',
  'incr-sync': 'Incr-Sync stops replaying; the Store keeps capturing, and the replay catches up from the change log when Incr-Sync is started again.',
  'full-import': 'Full-Import stops copying after the chunk it is on; the full migration waits until it is started again.',
  'full-verification': 'Full-Verification stops after the chunk it is on; the verification waits until it is started again.',
  'reverse-store': 'The Reverse Store stops reading the destination binlog; the destination must keep its binlog until it is started again.',
  'reverse-incr-sync': 'Reverse Incr-Sync stops replaying into the source; the Reverse Store keeps capturing.',
};

export function useComponentActions() {
  const store = useProjectsStore();
  const confirm = useConfirm();
  const showError = useErrorNotice();
  const message = useMessage();
  /** The component whose action is on its way, per project. */
  const pending = ref<Record<string, { kind: ComponentKind; action: ComponentAction }>>({});

  function ask(action: ComponentAction, kind: ComponentKind): Promise<boolean> {
    const label = COMPONENT_LABELS[kind];
    return action === 'pause'
      ? confirm({ title: `Pause ${label}`, content: `${PAUSE_EFFECT[kind]} The rest of the project keeps running.`, positiveText: 'OK' })
      : confirm({ title: `Start ${label}`, content: `Start ${label}? It carries on from its last checkpoint.`, positiveText: 'OK' });
  }

  async function runComponent(action: ComponentAction, project: Pick<ProjectView, 'id' | 'name'>, kind: ComponentKind): Promise<boolean> {
    if (pending.value[project.id]) return false;
    if (!(await ask(action, kind))) return false;
    pending.value = { ...pending.value, [project.id]: { kind, action } };
    try {
      await store.runComponent(project.id, kind, action);
      message.success(`${action === 'pause' ? 'Paused' : 'Started'} ${COMPONENT_LABELS[kind]} of "${project.name}".`);
      return true;
    } catch (caught) {
      showError(`Could not ${action} ${COMPONENT_LABELS[kind]}`, caught);
      return false;
    } finally {
      const { [project.id]: _done, ...rest } = pending.value;
      pending.value = rest;
    }
  }

  return { runComponent, pending };
}
