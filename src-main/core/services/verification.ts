/**
 * Full verification as the pages and the CLI see it (F-33): results per
 * verified object, the differing rows, Reverify (all, abnormal tables, only
 * the differing records), Skip Full Verification, Go To Next Stage, and the
 * correction SQL: written out for review, or applied with the replay held so
 * that no replayed change interleaves, and so that the replay goes over the
 * corrected rows idempotently afterwards.
 */

import type { FileOut } from '../../../src-shared/contract/ipc';
import type { CorrectConfig, Correction, CorrectResult } from '../../../src-shared/contract/units/correct';
import { AppError } from '../../../src-shared/errors';
import { checkVerificationRerun } from '../../../src-shared/lifecycle/project-lifecycle';
import type { ProjectView } from '../../../src-shared/model';
import { compareBinlogPositions } from '../../../src-shared/model/incremental';
import type { DifferenceCategory, DifferencePage, FixReport, StoredDifference, VerificationOverview, VerifyColumn, VerifyMode } from '../../../src-shared/model/verify';
import { VERIFY_MODE_LABELS } from '../../../src-shared/model/verify';
import { nowIso } from '../ids';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import { resolveRun } from '../orchestrator/run-objects';
import { verifyGroups } from '../orchestrator/stages/verification-stage';
import { runUnit } from '../workers/run-unit';

const CORRECT_TIMEOUT_MS = 30 * 60_000;

export class VerificationService {
  constructor(
    private readonly services: RunServices,
    private readonly orchestrator: Orchestrator,
  ) {}

  private requireVerification(projectId: string) {
    const project = this.services.projects.require(projectId);
    if (!project.types.includes('verification')) {
      throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" has no full verification.`, workaround: 'Clone the project with Full Verification among its migration types.' });
    }
    return project;
  }

  overview(projectId: string): VerificationOverview {
    this.requireVerification(projectId);
    const tables = this.services.verify.tables(projectId).map(({ checkpoint: _c, recordsOnly: _r, ...table }) => table);
    return { summary: this.services.verify.summary(projectId), tables };
  }

  differences(projectId: string, options: { table?: string; category?: DifferenceCategory; limit?: number; offset?: number }): DifferencePage {
    this.requireVerification(projectId);
    const page = this.services.verify.differences(projectId, options);
    const columns: Record<string, VerifyColumn[]> = {};
    const keyColumns: Record<string, string[] | null> = {};
    for (const table of this.services.verify.tables(projectId)) {
      if (!page.rows.some((r) => r.table === table.id)) continue;
      columns[table.id] = table.columns;
      keyColumns[table.id] = table.keyColumns;
    }
    return { ...page, columns, keyColumns };
  }

  /** Refused while another process runs the project: the request would not reach its run. */
  private assertNotElsewhere(projectId: string, what: string): void {
    if (!this.orchestrator.isRunningHere(projectId) && this.services.projects.runner(this.services.projects.require(projectId))?.state === 'elsewhere') {
      throw new AppError({ code: 'conflict', message: `Project is run by another Cutover process; ${what} there.`, workaround: 'Use the app or `cutover serve` that runs the project.' });
    }
  }

  private assertAfterVerification(projectId: string, what: string): void {
    const verdict = checkVerificationRerun(this.services.projects.detail(projectId));
    if (!verdict.allowed) throw new AppError({ code: 'not_allowed', message: `${what} is ${verdict.reason}.` });
  }

  /** Reverify (seed wording): Restart Full Verification, Reverify Abnormal Table, Verify Only Inconsistent Records. */
  reverify(projectId: string, mode: VerifyMode): ProjectView {
    const project = this.requireVerification(projectId);
    this.assertAfterVerification(projectId, VERIFY_MODE_LABELS[mode]);
    this.assertNotElsewhere(projectId, 'reverify');
    this.services.verify.reverify(projectId, mode);
    this.services.stages.update(projectId, 'verification', { status: 'not_started', progress: 0, error: null, startedAt: null, endedAt: null });
    this.services.logs.write('info', 'full-verification', `${VERIFY_MODE_LABELS[mode]} requested.`, projectId);
    this.services.events.emit('projects/changed', { id: projectId });
    // A Running project verifies again now; a paused or failed one when it resumes.
    if (project.status === 'running') this.orchestrator.wakeStages(projectId);
    return this.services.projects.view(this.services.projects.require(projectId));
  }

  /** Skip Full Verification: irreversible; the results so far are kept for reading. */
  skip(projectId: string): ProjectView {
    const project = this.requireVerification(projectId);
    this.services.projects.assertAllowed(project, 'skipVerification');
    this.assertNotElsewhere(projectId, 'skip it');
    if (!this.orchestrator.skipStage(projectId, 'verification')) {
      this.services.stages.update(projectId, 'verification', { status: 'skipped', endedAt: nowIso(), error: null });
      this.services.logs.write('warn', 'host', 'Full Verification skipped by the user.', projectId);
    }
    this.services.events.emit('projects/changed', { id: projectId });
    return this.services.projects.view(this.services.projects.require(projectId));
  }

  /** Go To Next Stage: the project enters the forward switchover; verification can no longer be rerun or corrected. */
  enterSwitchover(projectId: string): ProjectView {
    const project = this.services.projects.require(projectId);
    this.services.projects.assertAllowed(project, 'enterSwitchover');
    this.services.stages.update(projectId, 'switchover', { status: 'running', startedAt: nowIso(), endedAt: null, error: null });
    this.services.logs.write('info', 'host', 'Forward switchover entered.', projectId);
    this.services.events.emit('projects/changed', { id: projectId });
    return this.services.projects.view(this.services.projects.require(projectId));
  }

  private async correctConfig(projectId: string, table: string | undefined, apply: boolean, includeDeletes: boolean): Promise<CorrectConfig> {
    const project = this.services.projects.require(projectId);
    const context = new RunContext(this.services, projectId);
    const { flavours } = await resolveRun(context);
    const groups = new Map(verifyGroups(context).map((g) => [g.id, g]));
    const differences = this.services.verify.differences(projectId, { table }).rows.filter((d) => d.state === 'confirmed');
    const byTable = new Map<string, StoredDifference[]>();
    for (const d of differences) byTable.set(d.table, [...(byTable.get(d.table) ?? []), d]);
    return {
      ...context.serverPair(flavours),
      tables: [...byTable.entries()].flatMap(([id, rows]) => {
        const group = groups.get(id);
        if (!group) return [];
        const first = group.members[0];
        return [
          {
            id,
            target: group.target,
            sources: group.members.map((m) => ({ source: m.source, where: m.where })),
            columns: first.columns,
            key: first.key,
            rows: rows.map((r) => ({ key: r.key, category: r.category, source: r.source, destination: r.destination })),
          },
        ];
      }),
      apply,
      includeDeletes,
      keylessApply: !project.types.includes('incremental'),
    };
  }

  /** The correction SQL of the differences (one table, or all), made from the source rows as they are now: nothing runs. */
  async correctionSql(projectId: string, table?: string): Promise<FileOut & { statements: number; notPossible: number }> {
    const project = this.requireVerification(projectId);
    const config = await this.correctConfig(projectId, table, false, false);
    const result = await runUnit(this.services.host.launcher, 'correct', config, { timeoutMs: CORRECT_TIMEOUT_MS });
    const lines = [
      `-- Correction SQL for project "${project.name}"${table ? `, table ${table}` : ''}, made ${nowIso()} from the source rows as they were then.`,
      '-- Review before running. Statements marked "needs confirmation" delete destination rows the source does not have.',
      '',
    ];
    for (const c of result.corrections) lines.push(...correctionLines(c));
    for (const f of result.failures) lines.push(`-- ${f.table}: ${f.error}`);
    return {
      fileName: `${project.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-correction.sql`,
      content: `${lines.join('\n')}\n`,
      statements: result.corrections.filter((c) => c.sql).length,
      notPossible: result.corrections.filter((c) => !c.sql).length,
    };
  }

  /** Applies the corrections with the replay held; keeps what undoes each one. */
  async fix(projectId: string, options: { table?: string; includeDeletes: boolean }): Promise<FixReport> {
    const project = this.requireVerification(projectId);
    this.assertAfterVerification(projectId, 'Correct differences');
    this.assertNotElsewhere(projectId, 'correct it');
    const config = await this.correctConfig(projectId, options.table, true, options.includeDeletes);
    const holdReplay = this.orchestrator.isRunningHere(projectId) && project.types.includes('incremental') && !this.services.stages.isHeld(projectId, 'incr-sync');
    if (holdReplay) await this.orchestrator.pauseComponent(projectId, 'incr-sync');
    let result: CorrectResult;
    try {
      result = await runUnit(this.services.host.launcher, 'correct', config, { timeoutMs: CORRECT_TIMEOUT_MS });
      // The replay starts again at its checkpoint: up to where the corrections read the source it must be idempotent.
      const safe = this.services.incremental.safeUntil(projectId);
      if (project.types.includes('incremental') && result.position && (!safe || compareBinlogPositions(result.position, safe) > 0)) {
        this.services.incremental.setSafeUntil(projectId, result.position);
      }
    } finally {
      if (holdReplay) this.orchestrator.startComponent(projectId, 'incr-sync');
    }
    const at = nowIso();
    for (const c of result.corrections) {
      if (!c.applied) continue;
      this.services.verify.addFix(projectId, c.table, c.key, c.sql!, c.revert ?? '', at);
      this.services.verify.markFixed(projectId, c.table, c.key, at);
    }
    const applied = result.corrections.filter((c) => c.applied).length;
    this.services.logs.write(result.failures.length ? 'warn' : 'info', 'full-verification', `Corrections applied: ${applied}${result.failures.length ? `; failed: ${result.failures.map((f) => f.error).join('; ')}` : ''}.`, projectId);
    this.services.events.emit('projects/changed', { id: projectId });
    return {
      applied,
      notApplied: result.corrections.filter((c) => !c.applied).map((c) => ({ table: c.table, key: c.key, note: c.note ?? 'not applied' })),
      failures: result.failures,
    };
  }

  /** What undoes every correction applied, newest first. */
  revertSql(projectId: string): FileOut {
    const project = this.requireVerification(projectId);
    const fixes = this.services.verify.fixes(projectId);
    const lines = [`-- Undoes the ${fixes.length} corrections applied to project "${project.name}", newest first.`, ''];
    for (const f of fixes) lines.push(`-- ${f.table} ${f.key ? JSON.stringify(f.key) : '(row without a key)'}, corrected ${f.appliedAt}`, `${f.revert};`);
    return { fileName: `${project.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-correction-undo.sql`, content: `${lines.join('\n')}\n` };
  }
}

function correctionLines(c: Correction): string[] {
  const where = `${c.table} ${c.key ? JSON.stringify(c.key) : '(row without a key)'}`;
  if (!c.sql) return [`-- ${where}: nothing to do: ${c.note ?? ''}`];
  const head = `-- ${where}: ${c.action}${c.note ? ` (${c.note.startsWith('deletes') ? 'needs confirmation: ' : ''}${c.note})` : ''}`;
  return [head, `${c.sql};`];
}
