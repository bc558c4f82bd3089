/**
 * When one component can be paused or started on its own (F-23, seeds
 * 000/001 "View the component monitoring metrics"). The UI enables the
 * component table's buttons from it and the back end refuses with it.
 *
 * Pause holds one component while the rest of the project runs: pausing
 * Incr-Sync leaves the Store capturing, so the replay catches up from the
 * change log when it is started again. The hold lasts through project
 * pauses and host restarts until the user starts the component. Start
 * releases a hold; a component that is not held runs with the project, so
 * it starts and pauses with the project's own Start, Resume and Pause.
 */

import type { ProjectStatus } from '../model/project';
import { PROJECT_STATUS_LABELS } from '../model/project';
import type { ComponentState } from '../model/stage';
import { COMPONENT_LABELS } from '../model/stage';
import type { Verdict } from './project-lifecycle';

export const COMPONENT_ACTIONS = ['pause', 'start'] as const;
export type ComponentAction = (typeof COMPONENT_ACTIONS)[number];

/** Statuses in which a project's components may still run. */
const LIVE_PROJECT: readonly ProjectStatus[] = ['not_started', 'running', 'paused', 'failed'];

export function checkComponentAction(
  action: ComponentAction,
  projectStatus: ProjectStatus,
  component: Pick<ComponentState, 'kind' | 'status' | 'held'>,
): Verdict {
  const label = COMPONENT_LABELS[component.kind];
  if (action === 'pause') {
    if (projectStatus !== 'running') {
      return { allowed: false, reason: `the project is ${PROJECT_STATUS_LABELS[projectStatus]}: a component is paused on its own only while the project runs` };
    }
    if (component.held) return { allowed: false, reason: `${label} is already paused` };
    if (component.status === 'completed') return { allowed: false, reason: `${label} has completed` };
    // Only what runs (or keeps restarting) can be held: a component whose stage has not come has nothing to pause.
    if (component.status === 'not_started') return { allowed: false, reason: `${label} has not started: it starts with its stage` };
    if (component.status === 'stopped') return { allowed: false, reason: `${label} is not running` };
    return { allowed: true };
  }
  if (!LIVE_PROJECT.includes(projectStatus)) {
    return { allowed: false, reason: `the project is ${PROJECT_STATUS_LABELS[projectStatus]}` };
  }
  if (!component.held) {
    return { allowed: false, reason: `${label} runs with the project: it starts and pauses with the project's Start, Resume and Pause` };
  }
  return { allowed: true };
}
