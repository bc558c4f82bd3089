/**
 * Full verification (F-33) of the open project: the summary and each
 * verified object's result, following the project's events; differing rows
 * a table at a time; and the actions of the page (Reverify, Skip Full
 * Verification, correction SQL, Apply Correction; Go To Next Stage is the
 * switchover store's).
 */
import { defineStore } from 'pinia';
import type { FileOut } from '../../src-shared/contract/ipc';
import type { ProjectView } from '../../src-shared/model/project';
import type { DifferenceCategory, DifferencePage, FixReport, VerificationOverview, VerifyMode } from '../../src-shared/model/verify';
import { api } from '../api/client';
import { projectValue } from './project-resource';

const EMPTY: VerificationOverview = {
  summary: { tables: 0, verified: 0, consistent: 0, inconsistent: 0, unverifiable: 0, failed: 0, rowsEstimated: 0, rowsVerified: 0, counts: { sourceOnly: 0, destinationOnly: 0, mismatch: 0 } },
  tables: [],
};

export const useVerificationStore = defineStore('verification', () => {
  const overview = projectValue<VerificationOverview>((id) => api.invoke('verification/overview', { id }), () => EMPTY);

  const differences = (id: string, table: string, category?: DifferenceCategory, offset = 0): Promise<DifferencePage> =>
    api.invoke('verification/differences', { id, table, category, limit: 100, offset });

  async function reverify(id: string, mode: VerifyMode): Promise<ProjectView> {
    const project = await api.invoke('verification/reverify', { id, mode });
    void overview.load(true);
    return project;
  }

  const skip = (id: string): Promise<ProjectView> => api.invoke('verification/skip', { id });
  const correctionSql = (id: string, table?: string): Promise<FileOut & { statements: number; notPossible: number }> => api.invoke('verification/correctionSql', { id, table });
  const revertSql = (id: string): Promise<FileOut> => api.invoke('verification/revertSql', { id });

  async function fix(id: string, table: string | undefined, includeDeletes: boolean): Promise<FixReport> {
    const report = await api.invoke('verification/fix', { id, table, includeDeletes });
    void overview.load(true);
    return report;
  }

  return { overview, differences, reverify, skip, correctionSql, revertSql, fix };
});
