/**
 * The one parameter of a component that the user can update (F-23), as the
 * details page shows and edits it: the concurrency of the copy and
 * verification components (Smooth / Normal / Fast), the apply concurrency of
 * Incr-Sync, the retention of the Store. Until the user updates a component,
 * it runs with the project's option, which the host reads the same way
 * (component params first, then the project's options).
 */
import type { RequestOf } from '../../src-shared/contract/ipc';
import type { ConcurrencyLevel, ProjectOptions } from '../../src-shared/model/options';
import { CONCURRENCY_LABELS, CONCURRENCY_LEVELS } from '../../src-shared/model/options';
import type { ProjectDetail } from '../../src-shared/model/project';
import type { ComponentKind } from '../../src-shared/model/stage';

/** What 'components/update' takes. */
export type ComponentParams = RequestOf<'components/update'>['params'];

type Source = { fromProject: boolean };
export type ComponentParam =
  | ({ name: 'concurrency'; value: ConcurrencyLevel } & Source)
  | ({ name: 'applyConcurrency'; value: number } & Source)
  | ({ name: 'retentionHours'; value: number } & Source);
export type ComponentParamName = ComponentParam['name'];
export type NumericParamName = Exclude<ComponentParamName, 'concurrency'>;

export const PARAM_LABELS: Record<ComponentParamName, string> = {
  concurrency: 'Concurrency',
  applyConcurrency: 'Apply concurrency',
  retentionHours: 'Store retention',
};

/** The bounds the host accepts (the same as the project options'). */
export const NUMERIC_PARAM_RANGES: Record<NumericParamName, { min: number; max: number; unit: string }> = {
  applyConcurrency: { min: 1, max: 64, unit: 'connections' },
  retentionHours: { min: 1, max: 24 * 30, unit: 'hours' },
};

/** Which parameter each component has, and the project option it falls back to. */
const PARAMS: Partial<Record<ComponentKind, { name: ComponentParamName; option: keyof ProjectOptions }>> = {
  'full-import': { name: 'concurrency', option: 'fullConcurrency' },
  'full-verification': { name: 'concurrency', option: 'verifyConcurrency' },
  'incr-sync': { name: 'applyConcurrency', option: 'applyConcurrency' },
  store: { name: 'retentionHours', option: 'storeRetentionHours' },
};

function isLevel(value: unknown): value is ConcurrencyLevel {
  return typeof value === 'string' && (CONCURRENCY_LEVELS as readonly string[]).includes(value);
}

function isCount(value: unknown, name: NumericParamName): value is number {
  const range = NUMERIC_PARAM_RANGES[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

export function componentParam(project: Pick<ProjectDetail, 'components' | 'options'>, kind: ComponentKind): ComponentParam | null {
  const spec = PARAMS[kind];
  if (!spec) return null;
  const own: unknown = project.components.find((c) => c.kind === kind)?.params[spec.name];
  const fallback = project.options[spec.option];
  if (spec.name === 'concurrency') {
    return isLevel(own) ? { name: 'concurrency', value: own, fromProject: false } : { name: 'concurrency', value: fallback as ConcurrencyLevel, fromProject: true };
  }
  return isCount(own, spec.name) ? { name: spec.name, value: own, fromProject: false } : { name: spec.name, value: fallback as number, fromProject: true };
}

/** `Normal`, `8 connections`, `48 hours`. */
export function formatParamValue(param: ComponentParam): string {
  if (param.name === 'concurrency') return CONCURRENCY_LABELS[param.value];
  return `${param.value} ${NUMERIC_PARAM_RANGES[param.name].unit}`;
}

/** The request for 'components/update' that sets this value. */
export function paramsOf(param: ComponentParam): ComponentParams {
  if (param.name === 'concurrency') return { concurrency: param.value };
  if (param.name === 'applyConcurrency') return { applyConcurrency: param.value };
  return { retentionHours: param.value };
}
