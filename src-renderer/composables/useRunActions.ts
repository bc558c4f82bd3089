/**
 * Start / Pause / Resume (F-15) as the list, the details page and the stage
 * pages offer them: the ones that change what happens on the servers ask
 * first, each reports the outcome or the host's error. Which action is allowed
 * comes from the lifecycle table (the callers' ActionButtons); the host
 * refuses anything else and its message is shown.
 */
import { useMessage } from 'naive-ui';
import type { ProjectView } from '../../src-shared/model/project';
import type { RunAction } from '../stores/projects';
import { useProjectsStore } from '../stores/projects';
import { useConfirm } from './useConfirm';
import { useErrorNotice } from './useErrorNotice';

const DONE: Record<RunAction, string> = { start: 'Started', pause: 'Paused', resume: 'Resumed' };

export function useRunActions() {
  const store = useProjectsStore();
  const confirm = useConfirm();
  const showError = useErrorNotice();
  const message = useMessage();

  async function ask(action: RunAction, project: Pick<ProjectView, 'name'>): Promise<boolean> {
    if (action === 'start') {
      return confirm({
        title: 'Start migration',
        content: `Start "${project.name}"? Cutover connects to both servers, creates the selected objects on the destination and copies the data into it.`,
        positiveText: 'Start',
      });
    }
    if (action === 'pause') {
      return confirm({
        title: 'Pause migration',
        content: `Pause "${project.name}"? Running components finish the chunk they are on, save where they are and stop; this can take a few seconds. Resume carries on from there.`,
        positiveText: 'Pause',
      });
    }
    return true;
  }

  async function run(action: RunAction, project: Pick<ProjectView, 'id' | 'name'>): Promise<boolean> {
    if (store.pending[project.id]) return false;
    if (!(await ask(action, project))) return false;
    try {
      await store.run(project.id, action);
      message.success(`${DONE[action]} "${project.name}".`);
      return true;
    } catch (caught) {
      showError(`Could not ${action} "${project.name}"`, caught);
      return false;
    }
  }

  return { run };
}
