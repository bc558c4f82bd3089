/**
 * Project actions shared by the list and the details page: clone, delete
 * (confirmed), export as a JSON file. Each reports success or the host's error.
 */
import { useMessage } from 'naive-ui';
import type { ProjectFacts } from '../../src-shared/lifecycle/project-lifecycle';
import type { ProjectView } from '../../src-shared/model/project';
import { useProjectsStore } from '../stores/projects';
import { downloadText, mimeFor } from '../utils/download';
import { useConfirm } from './useConfirm';
import { useErrorNotice } from './useErrorNotice';

/** What the lifecycle table needs to know about a project. */
export function factsOf(project: Pick<ProjectView, 'status' | 'stages'>): ProjectFacts {
  return { status: project.status, stages: project.stages };
}

export function useProjectActions() {
  const store = useProjectsStore();
  const confirm = useConfirm();
  const showError = useErrorNotice();
  const message = useMessage();

  async function clone(project: ProjectView): Promise<ProjectView | undefined> {
    try {
      const copy = await store.clone(project.id);
      message.success(`Cloned "${project.name}" as "${copy.name}".`);
      return copy;
    } catch (caught) {
      showError(`Could not clone "${project.name}"`, caught);
      return undefined;
    }
  }

  async function remove(project: ProjectView): Promise<boolean> {
    const ok = await confirm({
      title: 'Delete project',
      content: `Delete project "${project.name}" (${project.id})? Its definition, precheck results and logs are removed. This cannot be undone.`,
      positiveText: 'Delete',
      danger: true,
    });
    if (!ok) return false;
    try {
      await store.remove(project.id);
      message.success(`Deleted "${project.name}".`);
      return true;
    } catch (caught) {
      showError(`Could not delete "${project.name}"`, caught);
      return false;
    }
  }

  async function exportProject(project: ProjectView): Promise<void> {
    try {
      const file = await store.exportFile(project.id);
      downloadText(file.fileName, file.content, mimeFor(file.fileName));
      message.success(`Exported "${project.name}" as ${file.fileName}.`);
    } catch (caught) {
      showError(`Could not export "${project.name}"`, caught);
    }
  }

  return { clone, remove, exportProject };
}
