/**
 * Start / Pause / Resume and Release (F-15) as the list, the details page and
 * the stage pages offer them: the ones that change what happens on the
 * servers ask first (Release says what it undoes), each reports the outcome
 * or the host's error. Which action is allowed comes from the lifecycle table
 * (the callers' ActionButtons); the host refuses anything else and its
 * message is shown.
 */
import { useMessage } from 'naive-ui';
import type { ProjectView } from '../../src-shared/model/project';
import type { RunAction } from '../stores/projects';
import { useProjectsStore } from '../stores/projects';
import type { ConfirmOptions } from './useConfirm';
import { useConfirm } from './useConfirm';
import { useErrorNotice } from './useErrorNotice';

const DONE: Record<RunAction, string> = { start: 'Started', pause: 'Paused', resume: 'Resumed', release: 'Released' };

const QUESTIONS: Partial<Record<RunAction, (name: string) => ConfirmOptions>> = {
  start: (name) => ({
    title: 'Start migration',
    content: `Start "${name}"? Cutover connects to both servers, creates the selected objects on the destination and copies the data into it.`,
    positiveText: 'Start',
  }),
  pause: (name) => ({
    title: 'Pause migration',
    content: `Pause "${name}"? Running components finish the chunk they are on, save where they are and stop; this can take a few seconds. Resume carries on from there.`,
    positiveText: 'Pause',
  }),
  release: (name) => ({
    title: 'Release project',
    content:
      `Release "${name}"? Every component stops for good: no sync runs in either direction any more. Any write fence the forward switchover left on the source is lifted, so the source takes writes again as before; ` +
      "Cutover's rows in cutover_meta on both servers and the project's change logs are removed. A released project cannot run again; it can then be deleted.",
    positiveText: 'Release',
    danger: true,
  }),
};

export function useRunActions() {
  const store = useProjectsStore();
  const confirm = useConfirm();
  const showError = useErrorNotice();
  const message = useMessage();

  async function ask(action: RunAction, project: Pick<ProjectView, 'name'>): Promise<boolean> {
    const question = QUESTIONS[action];
    return question ? confirm(question(project.name)) : true;
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
