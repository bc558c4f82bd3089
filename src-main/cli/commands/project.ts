/** `cutover project create|list|show|export|import|precheck|clone|start|pause|resume|release|batch|delete` and `cutover objects export|import`. */

import { basename } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { MigrationType, PrecheckCheck, PrecheckRun, ProjectStatus } from '../../../src-shared/model';
import {
  ALERT_LEVEL_LABELS,
  CONCURRENCY_LABELS,
  MIGRATION_TYPE_LABELS,
  MIGRATION_TYPES,
  PROJECT_STATUSES,
  isRunStatus,
  projectStatusText,
  runnerNote,
  STAGE_LABELS,
  STAGE_STATUS_LABELS,
} from '../../../src-shared/model';
import { optionalString, parse, requireString, UsageError } from '../args';
import type { BatchAction } from '../../../src-shared/lifecycle/batch';
import { BATCH_ACTION_LABELS, BATCH_ACTIONS, IRREVERSIBLE_BATCH_ACTIONS } from '../../../src-shared/lifecycle/batch';
import type { AlertLevel } from '../../../src-shared/model/options';
import { ALERT_LEVELS } from '../../../src-shared/model/options';
import type { CliContext } from '../context';
import { findProject } from '../context';
import { readTextFile, writeFileOut } from '../files';
import { printCheck, printJson, printLines, printTable, shortTime } from '../output';
import { checkTransition } from '../../../src-shared/lifecycle/project-lifecycle';
import { modifyObjects } from './objects-modify';
import { run } from './run';
import { exportObjectsArchive } from './export-objects';

/** Accepts `not_started`, `not-started` or `Not Started`. */
function parseStatus(text: string): ProjectStatus {
  const key = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!(PROJECT_STATUSES as readonly string[]).includes(key)) throw new UsageError(`unknown status "${text}"; use one of ${PROJECT_STATUSES.join(', ')}`);
  return key as ProjectStatus;
}

function parseType(text: string): MigrationType {
  const key = text.trim().toLowerCase();
  if (!(MIGRATION_TYPES as readonly string[]).includes(key)) throw new UsageError(`unknown migration type "${text}"; use one of ${MIGRATION_TYPES.join(', ')}`);
  return key as MigrationType;
}

async function create(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover project create --file F.json';
  const parsed = parse(args, { file: { type: 'string' } }, usage, { min: 0, max: 0 });
  const file = requireString(parsed, 'file', usage);
  const project = await context.call('projects/createFromFile', { fileName: file, content: readTextFile(file) });
  if (context.json) printJson(project);
  else printLines([project.id]);
  return 0;
}

async function list(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover project list [--status S] [--tag T] [--type T] [--search K] [--json]';
  const parsed = parse(args, { status: { type: 'string' }, tag: { type: 'string' }, type: { type: 'string' }, search: { type: 'string' } }, usage, { min: 0, max: 0 });
  const status = optionalString(parsed, 'status');
  const type = optionalString(parsed, 'type');
  const projects = await context.call('projects/list', {
    ...(status ? { status: parseStatus(status) } : {}),
    ...(type ? { type: parseType(type) } : {}),
    ...(optionalString(parsed, 'tag') ? { tag: optionalString(parsed, 'tag') } : {}),
    ...(optionalString(parsed, 'search') ? { search: optionalString(parsed, 'search') } : {}),
  });
  if (context.json) {
    printJson(projects);
    return 0;
  }
  if (projects.length === 0) {
    printLines(['No projects match.']);
    return 0;
  }
  printTable(
    ['ID', 'NAME', 'STATUS', 'TYPES', 'STAGE', 'TAGS', 'CREATED'],
    projects.map((p) => [
      p.id,
      p.name,
      projectStatusText(p),
      p.types.join(','),
      p.currentStage ? `${STAGE_LABELS[p.currentStage.stage]}: ${STAGE_STATUS_LABELS[p.currentStage.status]}` : '-',
      p.tags.join(',') || '-',
      shortTime(p.createdAt),
    ]),
  );
  return 0;
}

async function show(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover project show ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const precheck = await context.call('precheck/latest', { id: project.id });
  if (context.json) {
    printJson({ ...project, precheck });
    return 0;
  }
  const o = project.objects;
  printLines([
    `${project.name} (${project.id})`,
    `  Status:                     ${projectStatusText(project)}`,
    ...[runnerNote(project.runner)].filter((note) => note !== null).map((note) => `                              ${note}`),
    `  Migration type:             ${project.types.map((t) => MIGRATION_TYPE_LABELS[t]).join(', ')}`,
    `  Source → destination:       ${project.sourceName} → ${project.destinationName}`,
    `  Tags:                       ${project.tags.join(', ') || '-'}`,
    `  Alert level:                ${ALERT_LEVEL_LABELS[project.options.alertLevel]}`,
    `  Concurrency (full):         ${CONCURRENCY_LABELS[project.options.fullConcurrency]}`,
    `  Concurrency (verification): ${CONCURRENCY_LABELS[project.options.verifyConcurrency]}`,
    `  Created by / at:            ${project.createdBy}, ${shortTime(project.createdAt)}`,
    `  Objects:                    include ${o.include.join(' ') || '-'}; exclude ${o.exclude.join(' ') || '-'}; ${o.tables.length} table setting(s)`,
    '',
    'Migration details:',
  ]);
  printTable(
    ['STAGE', 'STATUS', 'PROGRESS', 'STARTED', 'ENDED'],
    project.stages.map((s) => [
      STAGE_LABELS[s.stage],
      STAGE_STATUS_LABELS[s.status],
      s.progress === null ? '-' : `${Math.round(s.progress * 100)}%`,
      shortTime(s.startedAt),
      shortTime(s.endedAt),
    ]),
  );
  if (precheck) printLines(['', `Last precheck: ${precheck.status} at ${shortTime(precheck.startedAt)} (${precheck.checks.length} checks)`]);
  return 0;
}

async function exportProject(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover project export ID --out F.json';
  const parsed = parse(args, { out: { type: 'string' } }, usage, { min: 1, max: 1 });
  const out = requireString(parsed, 'out', usage);
  const project = await findProject(context, parsed.positionals[0]);
  const file = await context.call('projects/exportFile', { id: project.id });
  writeFileOut(out, file);
  if (context.json) printJson({ written: out });
  else printLines([`Wrote ${out}.`]);
  return 0;
}

async function importProject(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover project import --file F.json';
  const parsed = parse(args, { file: { type: 'string' } }, usage, { min: 0, max: 0 });
  const file = requireString(parsed, 'file', usage);
  const { project, created } = await context.call('projects/importFile', { fileName: file, content: readTextFile(file) });
  if (context.json) printJson({ created, project });
  else printLines([`${created ? 'Created' : 'Updated'} project ${project.name} (${project.id}).`]);
  return 0;
}

async function precheck(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover project precheck ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const stop = context.json ? () => undefined : context.core.events.subscribe((event, payload) => {
    if (event === 'precheck/check') printCheck((payload as { check: PrecheckCheck }).check);
  });
  let run: PrecheckRun;
  try {
    run = await context.core.services.precheck.start(project.id).done;
  } finally {
    stop();
  }
  if (context.json) printJson(run);
  const failed = run.checks.filter((c) => c.state === 'fail').length;
  const warned = run.checks.filter((c) => c.state === 'warn').length;
  if (run.status === 'error') throw new AppError({ code: 'worker_failed', message: `precheck could not finish: ${run.error}` });
  if (!context.json) printLines(['', `Precheck ${run.status}: ${run.checks.length} checks, ${failed} failed, ${warned} warning(s).`]);
  if (run.status === 'failed') throw new AppError({ code: 'not_allowed', message: `precheck failed: ${failed} check(s) failed.`, workaround: 'Fix what the FAIL lines say, then run the precheck again.' });
  return 0;
}

async function clone(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover project clone ID', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  const copy = await context.call('projects/clone', { id: project.id });
  if (context.json) printJson(copy);
  else printLines([copy.id]);
  return 0;
}

async function remove(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover project delete ID', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  await context.call('projects/delete', { id: project.id });
  if (context.json) printJson({ deleted: project.id });
  else printLines([`Deleted project ${project.name} (${project.id}).`]);
  return 0;
}

async function release(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover project release ID --yes [--json]';
  const parsed = parse(args, { yes: { type: 'boolean' } }, usage, { min: 1, max: 1 });
  if (parsed.values.yes !== true) {
    throw new UsageError(`releasing stops every component for good, lifts the switchover's write fence and removes the change logs: add --yes to confirm\nusage: ${usage}`);
  }
  const project = await findProject(context, parsed.positionals[0]);
  const released = await context.call('projects/release', { id: project.id });
  if (context.json) printJson(released);
  else printLines([`Released project ${released.name} (${released.id}).`]);
  return 0;
}

const BATCH_USAGE = `cutover project batch ACTION (--ids ID,ID… | --tag T) [--level ${ALERT_LEVELS.join('|')}] [--dry-run] [--yes] [--json]\n  ACTION: ${BATCH_ACTIONS.join(', ')}`;

/** One action on several projects: each answered with ok or the reason; exit 1 when any was refused or failed. */
async function batch(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { ids: { type: 'string' }, tag: { type: 'string' }, level: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' } }, BATCH_USAGE, { min: 1, max: 1 });
  const action = parsed.positionals[0] as BatchAction;
  if (!(BATCH_ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown batch action "${parsed.positionals[0]}"\nusage: ${BATCH_USAGE}`);
  const idsText = optionalString(parsed, 'ids');
  const tag = optionalString(parsed, 'tag');
  if ((idsText === undefined) === (tag === undefined)) throw new UsageError(`give the projects with either --ids or --tag\nusage: ${BATCH_USAGE}`);
  const level = optionalString(parsed, 'level');
  if (action === 'alert' && !(ALERT_LEVELS as readonly string[]).includes(level ?? '')) throw new UsageError(`alert needs --level, one of ${ALERT_LEVELS.join(', ')}\nusage: ${BATCH_USAGE}`);
  if (action !== 'alert' && level !== undefined) throw new UsageError(`--level is for the alert action only\nusage: ${BATCH_USAGE}`);
  const dryRun = parsed.values['dry-run'] === true;
  if (IRREVERSIBLE_BATCH_ACTIONS.includes(action) && !dryRun && parsed.values.yes !== true) {
    throw new UsageError(`${BATCH_ACTION_LABELS[action]} cannot be undone: add --yes to confirm (or --dry-run to see which projects qualify)\nusage: ${BATCH_USAGE}`);
  }
  const ids = idsText !== undefined ? idsText.split(',').map((i) => i.trim()).filter(Boolean) : (await context.call('projects/list', { tag })).map((p) => p.id);
  if (ids.length === 0) throw new AppError({ code: 'not_found', message: tag !== undefined ? `No project has the tag "${tag}".` : 'No project ids given.' });
  const { results } = await context.call('projects/batch', { action, ids, ...(level ? { level: level as AlertLevel } : {}), ...(dryRun ? { dryRun } : {}) });
  const failed = results.filter((r) => !r.ok);
  if (context.json) printJson({ results: results.map((r) => ({ id: r.id, name: r.name, ok: r.ok, reason: r.reason })) });
  else {
    printTable(['ID', 'NAME', dryRun ? 'QUALIFIES' : 'RESULT'], results.map((r) => [r.id, r.name ?? '-', r.ok ? (dryRun ? 'yes' : 'done') : `refused: ${r.reason ?? 'failed'}`]));
    printLines(['', `${BATCH_ACTION_LABELS[action]}${dryRun ? ' (dry run)' : ''}: ${results.length - failed.length} of ${results.length} ${dryRun ? 'qualify' : 'succeeded'}.`]);
  }
  const started = results.filter((r) => r.ok).map((r) => r.id);
  if ((action === 'start' || action === 'resume') && !dryRun && started.length) await runUntilSignal(context, started);
  return failed.length ? 1 : 0;
}

/** Projects started by this process run in it, in the foreground, until Ctrl-C or SIGTERM pauses them at their checkpoints. */
async function runUntilSignal(context: CliContext, ids: string[]): Promise<void> {
  const { orchestrator } = context.core.services;
  if (!context.json) printLines([`Running ${ids.length} project(s) in this process; Ctrl-C pauses them at their checkpoints.`]);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await Promise.all(ids.map((id) => orchestrator.pause(id).catch(() => undefined)));
}

/** Pauses a project wherever it runs: here, or by asking the Cutover process that holds it (which then says so). */
async function pause(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover project pause ID [--json]', { min: 1, max: 1 });
  const project = await findProject(context, parsed.positionals[0]);
  let by = 'this process';
  if (project.runner?.state === 'elsewhere' && isRunStatus(project.status)) by = (await context.core.services.hostRequests.ask(project.id, { action: 'pause' })).doneBy;
  else await context.call('projects/pause', { id: project.id });
  const paused = await context.call('projects/get', { id: project.id });
  if (context.json) printJson({ id: paused.id, status: paused.status, by });
  else printLines([`Paused project ${paused.name} (${paused.id}) at its checkpoints${by === 'this process' ? '' : `: the Cutover process ${by.replace(':', ', pid ')} that runs it did`}.`]);
  return 0;
}

/** Start or Resume: the project runs in this process, in the foreground, as `cutover run` does. */
function runAs(action: 'start' | 'resume') {
  return async (args: string[], context: CliContext): Promise<number> => {
    const parsed = parse(args, { until: { type: 'string' }, timeout: { type: 'string' } }, `cutover project ${action} ID [--until STAGE:STATE] [--timeout S]`, { min: 1, max: 1 });
    const project = await findProject(context, parsed.positionals[0]);
    const verdict = checkTransition(action, { status: project.status, stages: project.stages });
    if (!verdict.allowed) throw new AppError({ code: 'not_allowed', message: `${action === 'start' ? 'Start' : 'Resume'} ${project.name}: ${verdict.reason}.` });
    return run(args, context);
  };
}

async function exportObjects(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover objects export ID --out F.csv';
  const parsed = parse(args, { out: { type: 'string' } }, usage, { min: 1, max: 1 });
  const out = requireString(parsed, 'out', usage);
  const project = await findProject(context, parsed.positionals[0]);
  const file = await context.call('objects/exportCsv', { id: project.id });
  writeFileOut(out, file);
  if (context.json) printJson({ written: out });
  else printLines([`Wrote ${out}.`]);
  return 0;
}

async function importObjects(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover objects import ID --file F.csv';
  const parsed = parse(args, { file: { type: 'string' } }, usage, { min: 1, max: 1 });
  const file = requireString(parsed, 'file', usage);
  const project = await findProject(context, parsed.positionals[0]);
  const updated = await context.call('objects/importCsv', { id: project.id, fileName: file, content: readTextFile(file) });
  if (context.json) printJson(updated);
  else printLines([`Imported the object settings of ${basename(file)} into ${updated.name} (${updated.id}).`]);
  return 0;
}

export const projectCommands = {
  create,
  list,
  show,
  export: exportProject,
  import: importProject,
  precheck,
  clone,
  start: runAs('start'),
  pause,
  resume: runAs('resume'),
  release,
  batch,
  'export-objects': exportObjectsArchive,
  delete: remove,
};

export const objectsCommands = { export: exportObjects, import: importObjects, modify: modifyObjects };
