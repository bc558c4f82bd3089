/**
 * A component's metric time series for charts: the last hour from the host
 * ('metrics/series', so charts survive a reload), then the live points pushed
 * by 'metrics/samples'. Points that arrive while the history loads are kept
 * and merged after it; points older than the window drop off the left.
 */
import type { Ref, ShallowRef } from 'vue';
import { ref, shallowRef } from 'vue';
import type { MetricSample } from '../../src-shared/contract/worker';
import type { AppErrorData } from '../../src-shared/errors';
import { toErrorData } from '../../src-shared/errors';
import type { ComponentKind } from '../../src-shared/model/stage';
import { api } from '../api/client';
import { useHostEvent } from './useHostEvent';

export type Points = [number, number][];

export interface MetricSeriesState {
  /** name → [epoch ms, value] in time order. */
  series: ShallowRef<Record<string, Points>>;
  loaded: Ref<boolean>;
  loading: Ref<boolean>;
  error: ShallowRef<AppErrorData | null>;
  load: () => Promise<void>;
}

export function useMetricSeries(projectId: () => string, component: ComponentKind, names: readonly string[], windowMs = 3_600_000): MetricSeriesState {
  const series = shallowRef<Record<string, Points>>(Object.fromEntries(names.map((n) => [n, []])));
  const loaded = ref(false);
  const loading = ref(false);
  const error = shallowRef<AppErrorData | null>(null);
  /** Live samples received while a history request is in flight; null when none is. */
  let buffered: MetricSample[] | null = null;
  let latest = 0;

  function append(samples: MetricSample[]): void {
    const cutoff = Date.now() - windowMs;
    const next = { ...series.value };
    let changed = false;
    for (const name of names) {
      const fresh = samples.filter((s) => s.name === name);
      if (!fresh.length) continue;
      const points = next[name] ?? [];
      const last = points.length ? points[points.length - 1][0] : -Infinity;
      const added = fresh.filter((s) => s.ts > last).map((s): [number, number] => [s.ts, s.value]);
      if (!added.length) continue;
      next[name] = [...points.filter((p) => p[0] >= cutoff), ...added];
      changed = true;
    }
    if (changed) series.value = next;
  }

  async function load(): Promise<void> {
    const mine = ++latest;
    loading.value = true;
    buffered = [];
    try {
      const result = await api.invoke('metrics/series', { id: projectId(), component, names: [...names], sinceMs: Date.now() - windowMs });
      if (mine !== latest) return;
      series.value = Object.fromEntries(names.map((n) => [n, result.find((s) => s.name === n)?.points ?? []]));
      const pending = buffered;
      buffered = null;
      append(pending ?? []);
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      if (mine === latest) {
        error.value = toErrorData(caught);
        buffered = null;
      }
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  useHostEvent('metrics/samples', (event) => {
    if (event.projectId !== projectId() || event.component !== component) return;
    if (buffered) buffered.push(...event.samples);
    else if (loaded.value) append(event.samples);
  });

  return { series, loaded, loading, error, load };
}
