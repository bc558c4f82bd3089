/**
 * Precheck runs per project: the latest run from the host, then each check as
 * 'precheck/check' pushes it and the verdict from 'precheck/finished'.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PrecheckRun } from '../../src-shared/model/precheck';
import { api } from '../api/client';

export const usePrecheckStore = defineStore('precheck', () => {
  /** projectId → latest run (null: never run). Absent: not asked yet. */
  const runs = ref<Record<string, PrecheckRun | null>>({});

  async function loadLatest(projectId: string): Promise<PrecheckRun | null> {
    const run = await api.invoke('precheck/latest', { id: projectId });
    // A run that started meanwhile (events) is newer than this answer.
    const known = runs.value[projectId];
    if (!known || !run || known.id === run.id || run.startedAt >= known.startedAt) runs.value[projectId] = run;
    return runs.value[projectId] ?? null;
  }

  async function start(projectId: string): Promise<PrecheckRun> {
    const run = await api.invoke('precheck/run', { id: projectId });
    const known = runs.value[projectId];
    // Checks may have been pushed before this answer arrived; keep them.
    if (known && known.id === run.id && known.checks.length > run.checks.length) return known;
    runs.value[projectId] = run;
    return run;
  }

  api.on('precheck/check', ({ projectId, runId, check }) => {
    const known = runs.value[projectId];
    if (!known || known.id !== runId) {
      runs.value[projectId] = { id: runId, projectId, status: 'running', startedAt: new Date().toISOString(), endedAt: null, checks: [check], error: null };
      return;
    }
    const index = known.checks.findIndex((c) => c.id === check.id);
    const checks = [...known.checks];
    if (index >= 0) checks[index] = check;
    else checks.push(check);
    runs.value[projectId] = { ...known, checks };
  });

  api.on('precheck/finished', ({ projectId, run }) => {
    runs.value[projectId] = run;
  });

  return { runs, loadLatest, start };
});
