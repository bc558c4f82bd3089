/**
 * The typed contract between every client (renderer, CLI) and the host core.
 * Each method has a runtime schema for its input (validated by the host at the
 * boundary, whatever the transport) and a response type. Events are pushed by
 * the host.
 */

import { z } from 'zod';
import type { Alert, LogEntry } from '../model/activity';
import type { PlannedObject } from './units/schema';
import type { MetricSample } from './worker';
import { LOG_LEVELS } from '../model/activity';
import type { ConnectionTestResult, DataSource } from '../model/datasource';
import { dataSourceInputSchema, dataSourcePatchSchema } from '../model/datasource';
import type { CatalogObject, SelectionPreview } from '../model/objects';
import type { TableCopy } from '../model/copy';
import type { SchemaObject, TableIndex } from '../model/schema';
import { COMPONENT_KINDS, SWITCHOVER_STEPS } from '../model/stage';
import type { BatchResult } from '../lifecycle/batch';
import { BATCH_ACTIONS } from '../lifecycle/batch';
import { ALERT_LEVELS, CONCURRENCY_LEVELS, projectOptionsSchema } from '../model/options';
import type { PrecheckCheck, PrecheckRun } from '../model/precheck';
import type { ObjectItem, Rehearsal, RollbackReport, SwitchoverOverview } from '../model/switchover';
import { OBJECT_ITEM_ACTIONS } from '../model/switchover';
import { FENCE_MODES } from '../model/switchover';
import type { ProjectDetail, ProjectView } from '../model/project';
import { MIGRATION_TYPES, PROJECT_STATUSES } from '../model/project';
import { objectSelectionSchema, projectDraftSchema } from '../settings/project-schema';
import { MAX_FILE_CHARS } from '../settings/limits';
import { changeLogQuerySchema } from './units/changelog';
import { uniqueIdList } from './id-list';
import type { ChangeLogPage, DdlRecord, IncrementalStatus, SyncTableStats } from '../model/incremental';
import type { DifferencePage, FixReport, VerificationOverview } from '../model/verify';
import { DIFFERENCE_CATEGORIES, VERIFY_MODES } from '../model/verify';

const id = z.string().min(1).max(64);
const byId = z.object({ id }).strict();
const empty = z.object({}).strict();
/** A file's text travels with its name so that errors can say `name:line`. */
const fileText = z.object({ fileName: z.string().min(1).max(255), content: z.string().max(MAX_FILE_CHARS) }).strict();

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const appSettingsSchema = z.object({ theme: z.enum(THEMES) }).strict();
export type AppSettings = z.infer<typeof appSettingsSchema>;

/** Tables to add (rules, as in the objects' include list) and to remove (exact source names) while a project runs (F-17). */
export const objectChangesSchema = z
  .object({
    add: z.array(z.string().min(1).max(1000)).max(1000),
    remove: z.array(z.string().min(1).max(300)).max(10_000),
  })
  .strict();
export type ObjectChanges = z.infer<typeof objectChangesSchema>;

export const requestSchemas = {
  'app/info': empty,
  'settings/get': empty,
  'settings/update': appSettingsSchema.partial().strict(),

  'datasources/list': empty,
  'datasources/get': byId,
  'datasources/create': dataSourceInputSchema,
  'datasources/update': z.object({ id, patch: dataSourcePatchSchema }).strict(),
  'datasources/remove': byId,
  /**
   * Test a saved data source by id (the result is recorded), a form's values before saving,
   * or a saved data source with edited fields (its stored password unless the patch has one).
   */
  'datasources/test': z.union([byId, z.object({ draft: dataSourceInputSchema }).strict(), z.object({ id, patch: dataSourcePatchSchema }).strict()]),
  'datasources/catalog': byId,

  'projects/list': z
    .object({
      search: z.string().max(200).optional(),
      tag: z.string().max(64).optional(),
      status: z.enum(PROJECT_STATUSES).optional(),
      type: z.enum(MIGRATION_TYPES).optional(),
    })
    .strict(),
  'projects/get': byId,
  'projects/tags': empty,
  'projects/create': projectDraftSchema,
  'projects/update': z.object({ id, draft: projectDraftSchema }).strict(),
  'projects/updateOptions': z.object({ id, options: projectOptionsSchema }).strict(),
  /** Alert settings (allowed while Running too): the level and, when given, the project's own thresholds (null: the level's). */
  'projects/updateAlertLevel': z.object({ id, alertLevel: z.enum(ALERT_LEVELS), alertThresholds: projectOptionsSchema.shape.alertThresholds.optional() }).strict(),
  'projects/changeDataSource': z.object({ id, side: z.enum(['source', 'destination']), dataSourceId: id }).strict(),
  'projects/delete': byId,
  'projects/clone': byId,
  'projects/exportFile': byId,
  /** Creates a project from a file; fails if the name is taken. */
  'projects/createFromFile': fileText,
  /** Creates a project from a file, or replaces the one with the same name. */
  'projects/importFile': fileText,

  'objects/exportCsv': byId,
  /** The object settings of several projects as one ZIP archive: a CSV each, and projects.csv saying which file is whose. */
  'objects/exportArchive': z.object({ ids: uniqueIdList(id, 1000) }).strict(),
  'objects/importCsv': fileText.extend({ id }).strict(),
  /** Running → Modifying → Integrating → Running: tables added (schema, copy, catch-up) and removed while the replay goes on. */
  'objects/modifyRunning': objectChangesSchema.extend({ id }).strict(),
  'objects/preview': z.object({ sourceId: id, objects: objectSelectionSchema }).strict(),

  'projects/start': byId,
  'projects/pause': byId,
  'projects/resume': byId,
  /** Paused, Failed or Completed → Releasing → Released: components stopped, the source's fence lifted, Cutover's rows and change logs removed. */
  'projects/release': byId,
  /** One action on several projects (seed 003), each judged on its own; `dryRun` lists which qualify, changing nothing. */
  'projects/batch': z
    .object({
      action: z.enum(BATCH_ACTIONS),
      ids: z.array(id).min(1).max(1000),
      level: z.enum(ALERT_LEVELS).optional(),
      dryRun: z.boolean().optional(),
      fence: z.enum(FENCE_MODES).optional(),
      accounts: z.string().max(10_000).optional(),
    })
    .strict(),

  'schema/objects': byId,
  'schema/modify': z.object({ id, objectId: z.number().int(), ddl: z.string().trim().min(1, 'must not be empty').max(1_000_000) }).strict(),
  'schema/retry': z.object({ id, objectIds: z.array(z.number().int()).min(1) }).strict(),
  'schema/skip': z.object({ id, objectIds: z.array(z.number().int()).min(1) }).strict(),
  'schema/remove': z.object({ id, objectIds: z.array(z.number().int()).min(1) }).strict(),
  'schema/export': byId,
  /** The conversion report before anything runs: what schema migration would create, created nowhere. */
  'schema/preview': byId,

  'full/tables': byId,
  'full/indexes': byId,
  'full/removeIndex': z.object({ id, indexId: z.number().int() }).strict(),

  'metrics/series': z
    .object({ id, component: z.enum(COMPONENT_KINDS), names: z.array(z.string().max(64)).min(1).max(20), sinceMs: z.number().int().nonnegative().optional() })
    .strict(),
  /** Component parameters (F-23 "update"): the concurrency of Full-Import, the apply concurrency of Incr-Sync, the retention of the Store. */
  'components/update': z
    .object({
      id,
      kind: z.enum(COMPONENT_KINDS),
      params: z
        .object({
          concurrency: z.enum(CONCURRENCY_LEVELS).optional(),
          applyConcurrency: z.number().int().min(1).max(64).optional(),
          retentionHours: z.number().int().min(1).max(24 * 30).optional(),
        })
        .strict()
        .refine((p) => Object.values(p).some((v) => v !== undefined), 'needs at least one parameter'),
    })
    .strict(),

  /** Pauses one component while the rest of the project runs (F-23); it stays paused until started. */
  'components/pause': z.object({ id, kind: z.enum(COMPONENT_KINDS) }).strict(),
  /** Starts a component paused on its own. */
  'components/start': z.object({ id, kind: z.enum(COMPONENT_KINDS) }).strict(),

  'incremental/status': byId,
  'incremental/stats': byId,
  'incremental/ddl': byId,
  /** Reverse incremental (F-35): the same views of the stream from the destination back to the source. */
  'reverse/status': byId,
  'reverse/stats': byId,
  'reverse/ddl': byId,
  'reverse/changes': z.object({ id, query: changeLogQuerySchema }).strict(),
  /** Skips the DDL that stopped the replay (it is not run on the destination) and resumes the project. */
  'incremental/skipDdl': z.object({ id, changeId: z.number().int().nonnegative() }).strict(),
  /** Turns DDL/DML statistics on or off (Not Started, Paused or Failed projects, as in OMS). */
  'incremental/setStatistics': z.object({ id, enabled: z.boolean() }).strict(),
  /** Finds captured changes in the project's change log. */
  'incremental/changes': z.object({ id, query: changeLogQuerySchema }).strict(),

  'verification/overview': byId,
  /** The differing rows, by table and category, a page at a time. */
  'verification/differences': z
    .object({
      id,
      table: z.string().min(1).max(300).optional(),
      category: z.enum(DIFFERENCE_CATEGORIES).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      offset: z.number().int().min(0).optional(),
    })
    .strict(),
  /** Reverify: everything, the abnormal tables, or only the rows that differed. */
  'verification/reverify': z.object({ id, mode: z.enum(VERIFY_MODES) }).strict(),
  /** Skip Full Verification (irreversible: only a clone can verify again). */
  'verification/skip': byId,
  /** The correction SQL, made from the source rows as they are now; nothing runs. */
  'verification/correctionSql': z.object({ id, table: z.string().min(1).max(300).optional() }).strict(),
  /** Applies the corrections (one table, or all); deleting destination-only rows needs `includeDeletes`. */
  'verification/fix': z.object({ id, table: z.string().min(1).max(300).optional(), includeDeletes: z.boolean() }).strict(),
  /** What undoes every correction applied. */
  'verification/revertSql': byId,
  /** Go To Next Stage: enter the forward switchover. */
  'projects/enterSwitchover': byId,
  /** The forward switchover's steps, with what each measured, and its journal. */
  'switchover/status': byId,
  /** The switchover precheck (step 2), run now; changes nothing but a test row in the source's cutover_meta (with reverse). */
  'switchover/precheck': byId,
  /** Starts the forward switchover with a write fence (accounts: user@host, comma-separated, for the accounts fence). */
  'switchover/start': z
    .object({
      id,
      fence: z.enum(FENCE_MODES),
      accounts: z.string().max(20_000).default(''),
      /** Before the point of no return, a fence nobody confirms within this time lifts itself. */
      fenceTimeoutSeconds: z.number().int().min(5).max(86_400).default(900),
    })
    .strict(),
  /** Writes stopped: go on; `endTransactions` ends (rolls back) write transactions still open. */
  'switchover/confirm': z.object({ id, endTransactions: z.boolean() }).strict(),
  'switchover/retry': z.object({ id, step: z.enum(SWITCHOVER_STEPS) }).strict(),
  /** Skips a failed step; `confirmed` is the second confirmation, after its warning. */
  'switchover/skip': z.object({ id, step: z.enum(SWITCHOVER_STEPS), confirmed: z.boolean() }).strict(),
  /** Before the point of no return: lifts the fence and starts over; forward sync runs on. */
  'switchover/cancel': byId,
  /** The certificate (source and destination identical at the drained, fenced position) as a JSON file. */
  'switchover/certificate': byId,
  /** Process database objects, item by item, with their states. */
  'switchover/objects': byId,
  /** Run, Skip or Mark as Complete one item, once the step has run. */
  'switchover/objectAction': z.object({ id, item: z.string().min(1).max(1000), action: z.enum(OBJECT_ITEM_ACTIONS) }).strict(),
  /** The switchover rehearsed on the live pair without fencing: measured and estimated parts, and the write downtime to expect. */
  'switchover/rehearse': byId,
  /** After a switchover with reverse: the destination fenced, the reverse replay drained past a token, source counters raised, the source fence lifted. */
  'switchover/rollback': z.object({ id, confirmed: z.literal(true) }).strict(),

  'precheck/run': byId,
  'precheck/latest': byId,

  'alerts/list': z.object({ projectId: id.optional() }).strict(),
  /** The user has seen it: it no longer counts as unacknowledged (its cause may still hold). */
  'alerts/acknowledge': z.object({ id: z.number().int().positive() }).strict(),
  'logs/list': z
    .object({
      projectId: id.optional(),
      source: z.string().max(64).optional(),
      level: z.enum(LOG_LEVELS).optional(),
      search: z.string().max(1000).optional(),
      limit: z.number().int().min(1).max(5000).optional(),
    })
    .strict(),
} as const;

export type Method = keyof typeof requestSchemas;
export type RequestOf<M extends Method> = z.input<(typeof requestSchemas)[M]>;
export type ParsedRequestOf<M extends Method> = z.output<(typeof requestSchemas)[M]>;

export interface AppInfo {
  version: string;
  home: string;
  host: 'desktop' | 'web' | 'cli';
  user: string;
  /** How passwords are protected at rest. */
  secretStore: 'os-keychain' | 'key-file';
}

export interface FileOut {
  fileName: string;
  content: string;
  /** Absent: `content` is the file's text. 'base64': the file is binary (a ZIP archive) and `content` its bytes in base64. */
  encoding?: 'base64';
}

export interface MetricSeries {
  name: string;
  /** [epoch ms, value] */
  points: [number, number][];
}

export interface Catalog {
  databases: string[];
  objects: CatalogObject[];
}

export interface Responses {
  'app/info': AppInfo;
  'settings/get': AppSettings;
  'settings/update': AppSettings;
  'datasources/list': DataSource[];
  'datasources/get': DataSource;
  'datasources/create': DataSource;
  'datasources/update': DataSource;
  'datasources/remove': { removed: true };
  'datasources/test': ConnectionTestResult;
  'datasources/catalog': Catalog;
  'projects/list': ProjectView[];
  'projects/get': ProjectDetail;
  'projects/tags': string[];
  'projects/create': ProjectView;
  'projects/update': ProjectView;
  'projects/updateOptions': ProjectView;
  'projects/updateAlertLevel': ProjectView;
  'projects/changeDataSource': ProjectView;
  'projects/delete': { deleted: true };
  'projects/clone': ProjectView;
  'projects/exportFile': FileOut;
  'projects/createFromFile': ProjectView;
  'projects/importFile': { project: ProjectView; created: boolean };
  'objects/exportCsv': FileOut;
  'objects/exportArchive': FileOut & { projects: { id: string; name: string; fileName: string }[] };
  'objects/importCsv': ProjectView;
  'objects/modifyRunning': ProjectDetail;
  'objects/preview': SelectionPreview;
  'projects/start': ProjectView;
  'projects/pause': ProjectView;
  'projects/resume': ProjectView;
  'projects/release': ProjectView;
  'projects/batch': { results: BatchResult[] };
  'schema/objects': SchemaObject[];
  'schema/modify': SchemaObject[];
  'schema/retry': SchemaObject[];
  'schema/skip': SchemaObject[];
  'schema/remove': SchemaObject[];
  'schema/export': FileOut;
  'schema/preview': PlannedObject[];
  'full/tables': TableCopy[];
  'full/indexes': TableIndex[];
  'full/removeIndex': TableIndex[];
  'metrics/series': MetricSeries[];
  'components/update': ProjectDetail;
  'components/pause': ProjectDetail;
  'components/start': ProjectDetail;
  'incremental/status': IncrementalStatus;
  'incremental/stats': SyncTableStats[];
  'incremental/ddl': DdlRecord[];
  'reverse/status': IncrementalStatus;
  'reverse/stats': SyncTableStats[];
  'reverse/ddl': DdlRecord[];
  'reverse/changes': ChangeLogPage;
  'incremental/skipDdl': ProjectView;
  'incremental/setStatistics': IncrementalStatus;
  'incremental/changes': ChangeLogPage;
  'verification/overview': VerificationOverview;
  'verification/differences': DifferencePage;
  'verification/reverify': ProjectView;
  'verification/skip': ProjectView;
  'verification/correctionSql': FileOut & { statements: number; notPossible: number };
  'verification/fix': FixReport;
  'verification/revertSql': FileOut;
  'projects/enterSwitchover': ProjectView;
  'switchover/status': SwitchoverOverview;
  'switchover/precheck': { checks: PrecheckCheck[] };
  'switchover/start': SwitchoverOverview;
  'switchover/confirm': SwitchoverOverview;
  'switchover/retry': SwitchoverOverview;
  'switchover/skip': SwitchoverOverview;
  'switchover/cancel': SwitchoverOverview;
  'switchover/certificate': FileOut;
  'switchover/objects': ObjectItem[];
  'switchover/objectAction': ObjectItem[];
  'switchover/rehearse': Rehearsal;
  'switchover/rollback': RollbackReport;
  'precheck/run': PrecheckRun;
  'precheck/latest': PrecheckRun | null;
  'alerts/list': Alert[];
  'alerts/acknowledge': Alert;
  'logs/list': LogEntry[];
}

/** What the host implements: one async function per method, receiving validated input. */
export type Handlers = { [M in Method]: (input: ParsedRequestOf<M>) => Promise<Responses[M]> };

export interface Events {
  'datasources/changed': { id: string | null };
  'projects/changed': { id: string; deleted?: boolean };
  /** Copy or stage progress moved (throttled); reload progress views. */
  'projects/progress': { id: string };
  'metrics/samples': { projectId: string; component: string; samples: MetricSample[] };
  'precheck/check': { projectId: string; runId: string; check: PrecheckCheck };
  'precheck/finished': { projectId: string; run: PrecheckRun };
  'alerts/raised': Alert;
  /** An alert resolved (its cause cleared) or acknowledged: shown as it is now, never notified. */
  'alerts/changed': Alert;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = [
  'datasources/changed',
  'projects/changed',
  'projects/progress',
  'metrics/samples',
  'precheck/check',
  'precheck/finished',
  'alerts/raised',
  'alerts/changed',
];

export function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}
