/**
 * A component's concurrency as the details page shows it. Only the copy and
 * verification components have one (Smooth / Normal / Fast); until the user
 * updates a component, it runs with the project's option, which the host
 * reads the same way (component params first, then the project's options).
 */
import type { ConcurrencyLevel } from '../../src-shared/model/options';
import { CONCURRENCY_LEVELS } from '../../src-shared/model/options';
import type { ProjectDetail } from '../../src-shared/model/project';
import type { ComponentKind } from '../../src-shared/model/stage';

const PROJECT_OPTION: Partial<Record<ComponentKind, 'fullConcurrency' | 'verifyConcurrency'>> = {
  'full-import': 'fullConcurrency',
  'full-verification': 'verifyConcurrency',
};

export interface ComponentConcurrency {
  value: ConcurrencyLevel;
  /** True when the component has no setting of its own and runs with the project's option. */
  fromProject: boolean;
}

function isLevel(value: unknown): value is ConcurrencyLevel {
  return typeof value === 'string' && (CONCURRENCY_LEVELS as readonly string[]).includes(value);
}

export function componentConcurrency(project: Pick<ProjectDetail, 'components' | 'options'>, kind: ComponentKind): ComponentConcurrency | null {
  const option = PROJECT_OPTION[kind];
  if (!option) return null;
  const own = project.components.find((c) => c.kind === kind)?.params.concurrency;
  return isLevel(own) ? { value: own, fromProject: false } : { value: project.options[option], fromProject: true };
}
