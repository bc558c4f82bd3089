/**
 * `cutover verify run|diff|fix` (F-33): run or rerun full verification to its
 * end in the foreground, list the differing rows, and write or apply the
 * correction SQL. `verify run` exits 0 when every table is consistent, 4 when
 * differences remain (or a table could not be verified), 1 on error.
 */

import { AppError } from '../../../src-shared/errors';
import type { DifferenceCategory, ProjectDetail, VerificationOverview, VerifyMode } from '../../../src-shared/model';
import { DIFFERENCE_CATEGORIES, displayKey, displayValue, VERIFY_MODES, VERIFY_TABLE_STATUS_LABELS } from '../../../src-shared/model';
import { optionalString, parse, requireString, UsageError } from '../args';
import type { CliContext } from '../context';
import { findProject } from '../context';
import { writeFileOut } from '../files';
import { printJson, printLines, printTable } from '../output';
import { parseTimeout, reached, runInForeground, unreached } from './run';

/** Exit code of `verify run` when the run ended but the two sides differ. */
export const EXIT_DIFFERENCES = 4;

const RUN_USAGE = 'cutover verify run ID [--mode all|abnormal|records] [--timeout S] [--json]';
const DIFF_USAGE = 'cutover verify diff ID [--table DB.T] [--category source-only|destination-only|mismatch] [--limit N] [--json]';
const FIX_USAGE = 'cutover verify fix ID (--out F.sql | --apply --yes [--include-deletes] | --undo-out F.sql) [--table DB.T]';

function requireVerification(project: ProjectDetail): void {
  if (!project.stages.some((s) => s.stage === 'verification')) {
    throw new AppError({ code: 'not_allowed', message: `Project "${project.name}" has no full verification.`, workaround: 'Clone it with Full Verification among its migration types.' });
  }
}

function overviewLines(overview: VerificationOverview): string[] {
  const { summary } = overview;
  const c = summary.counts;
  return [
    `${summary.consistent}/${summary.tables} tables consistent, ${summary.inconsistent} inconsistent${summary.unverifiable ? `, ${summary.unverifiable} cannot be verified` : ''}${summary.failed ? `, ${summary.failed} failed` : ''}; ` +
      `${summary.rowsVerified.toLocaleString('en-US')} rows verified; differences: ${c.sourceOnly} only in source, ${c.destinationOnly} only in destination, ${c.mismatch} with different values.`,
  ];
}

async function verifyRun(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { mode: { type: 'string' }, timeout: { type: 'string' } }, RUN_USAGE, { min: 1, max: 1 });
  const modeText = optionalString(parsed, 'mode');
  if (modeText !== undefined && !(VERIFY_MODES as readonly string[]).includes(modeText)) throw new UsageError(`--mode must be one of ${VERIFY_MODES.join(', ')}\nusage: ${RUN_USAGE}`);
  const timeoutSeconds = parseTimeout(optionalString(parsed, 'timeout'), RUN_USAGE);
  let project = await findProject(context, parsed.positionals[0]);
  requireVerification(project);
  const stage = project.stages.find((s) => s.stage === 'verification')!;
  // Verified before: run it again (everything, unless a mode says otherwise).
  if (stage.status === 'completed' || (modeText && (stage.status === 'failed' || stage.status === 'paused'))) {
    await context.call('verification/reverify', { id: project.id, mode: (modeText ?? 'all') as VerifyMode });
    project = await context.call('projects/get', { id: project.id });
  }
  const target = { stage: 'verification' as const, status: 'completed' as const };
  const ran = await runInForeground(context, project, target, timeoutSeconds);
  const finalProject = await context.call('projects/get', { id: project.id });
  const overview = await context.call('verification/overview', { id: project.id });
  if (context.json) printJson({ end: ran.end, project: finalProject.status, ...overview });
  if (!(ran.stopReason === 'target' || reached(finalProject, target))) {
    const code = unreached(project, ran, target, timeoutSeconds);
    if (code !== 0) return code;
  }
  const clean = overview.tables.every((t) => t.status === 'consistent');
  if (!context.json) {
    printLines(overviewLines(overview));
    const notClean = overview.tables.filter((t) => t.status !== 'consistent');
    if (notClean.length) {
      printTable(
        ['TABLE', 'RESULT', 'ONLY IN SOURCE', 'ONLY IN DESTINATION', 'DIFFERENT', 'REASON'],
        notClean.map((t) => [t.id, VERIFY_TABLE_STATUS_LABELS[t.status], String(t.counts.sourceOnly), String(t.counts.destinationOnly), String(t.counts.mismatch), t.reason ?? '']),
      );
      printLines([`See the rows with: cutover verify diff ${project.id}`]);
    }
  }
  return clean ? 0 : EXIT_DIFFERENCES;
}

async function verifyDiff(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { table: { type: 'string' }, category: { type: 'string' }, limit: { type: 'string' } }, DIFF_USAGE, { min: 1, max: 1 });
  const category = optionalString(parsed, 'category');
  if (category !== undefined && !(DIFFERENCE_CATEGORIES as readonly string[]).includes(category)) throw new UsageError(`--category must be one of ${DIFFERENCE_CATEGORIES.join(', ')}\nusage: ${DIFF_USAGE}`);
  const limitText = optionalString(parsed, 'limit');
  if (limitText !== undefined && !/^\d{1,4}$/.test(limitText)) throw new UsageError(`--limit must be a number of rows up to 1000\nusage: ${DIFF_USAGE}`);
  const limit = limitText === undefined ? 1000 : Math.min(1000, Math.max(1, Number(limitText)));
  const project = await findProject(context, parsed.positionals[0]);
  requireVerification(project);
  const page = await context.call('verification/differences', { id: project.id, table: optionalString(parsed, 'table'), category: category as DifferenceCategory | undefined, limit });
  if (context.json) {
    printJson({
      total: page.total,
      rows: page.rows.map((r) => ({ table: r.table, key: r.key, category: r.category, columns: r.columns, cause: r.cause, state: r.state, fixedAt: r.fixedAt, source: r.source, destination: r.destination })),
    });
    return 0;
  }
  if (page.total === 0) {
    printLines(['No differences.']);
    return 0;
  }
  printTable(
    ['TABLE', 'KEY', 'DIFFERENCE', 'COLUMNS', 'SOURCE', 'DESTINATION', 'LIKELY CAUSE'],
    page.rows.map((r) => {
      const columns = page.columns[r.table] ?? [];
      const shown = (values: (string | null)[] | null) =>
        values === null ? '-' : r.columns.map((name) => displayValue(columns.find((c) => c.name === name)?.kind ?? 'text', values[columns.findIndex((c) => c.name === name)] ?? null)).join(', ').slice(0, 60);
      return [r.table, displayKey({ keyColumns: page.keyColumns[r.table] ?? null, columns }, r.key), r.category + (r.state === 'suspect' ? ' (suspect)' : '') + (r.fixedAt ? ' (fixed)' : ''), r.columns.join(','), shown(r.source), shown(r.destination), r.cause ?? ''];
    }),
  );
  if (page.total > page.rows.length) printLines([`${page.rows.length} of ${page.total} shown; --limit or --table for others, --json for every value.`]);
  return 0;
}

async function verifyFix(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(
    args,
    { out: { type: 'string' }, 'undo-out': { type: 'string' }, apply: { type: 'boolean' }, yes: { type: 'boolean' }, 'include-deletes': { type: 'boolean' }, table: { type: 'string' } },
    FIX_USAGE,
    { min: 1, max: 1 },
  );
  const out = optionalString(parsed, 'out');
  const undoOut = optionalString(parsed, 'undo-out');
  const apply = parsed.values.apply === true;
  if ([out !== undefined, undoOut !== undefined, apply].filter(Boolean).length !== 1) throw new UsageError(`give one of --out, --apply or --undo-out\nusage: ${FIX_USAGE}`);
  if (apply && parsed.values.yes !== true) throw new UsageError(`--apply changes rows on the destination: add --yes to confirm\nusage: ${FIX_USAGE}`);
  const project = await findProject(context, parsed.positionals[0]);
  requireVerification(project);
  const table = optionalString(parsed, 'table');
  if (undoOut !== undefined) {
    const file = await context.call('verification/revertSql', { id: project.id });
    writeFileOut(undoOut, file);
    if (context.json) printJson({ written: undoOut });
    else printLines([`Wrote ${undoOut}.`]);
    return 0;
  }
  if (out !== undefined) {
    const file = await context.call('verification/correctionSql', { id: project.id, table });
    writeFileOut(requireString(parsed, 'out', FIX_USAGE), file);
    if (context.json) printJson({ written: out, statements: file.statements, notPossible: file.notPossible });
    else printLines([`Wrote ${out}: ${file.statements} statements${file.notPossible ? `, ${file.notPossible} rows with nothing to do (see the comments)` : ''}.`]);
    return 0;
  }
  const report = await context.call('verification/fix', { id: project.id, table, includeDeletes: parsed.values['include-deletes'] === true });
  if (context.json) printJson(report);
  else {
    printLines([`Applied ${report.applied} corrections.`]);
    for (const n of report.notApplied) printLines([`  ${n.table} ${n.key ? n.key.join(',') : '(no key)'}: ${n.note}`]);
    if (report.applied) printLines([`Verify them with: cutover verify run ${project.id} --mode records`]);
  }
  if (report.failures.length) throw new AppError({ code: 'worker_failed', message: report.failures.map((f) => `${f.table}: ${f.error}`).join('; ') });
  return 0;
}

export const verifyCommands = { run: verifyRun, diff: verifyDiff, fix: verifyFix };
