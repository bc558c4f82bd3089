/** The contract's handlers: thin adapters from validated requests to services. */

import type { AppSettings, Handlers } from '../../../src-shared/contract/ipc';
import { AppError, notFound } from '../../../src-shared/errors';
import type { Services } from '../app';

/** A run that goes on after the request answered; how it ends is logged (and shown as the project's status). */
function background(s: Services, projectId: string, run: Promise<unknown>): void {
  run.catch((error: unknown) => s.logs.write('error', 'host', `Run ended with an error: ${error instanceof Error ? error.message : String(error)}`, projectId));
}

const DEFAULT_SETTINGS: AppSettings = { theme: 'system' };

export function createHandlers(s: Services): Handlers {
  return {
    'app/info': async () => ({
      version: s.host.version,
      home: s.host.home,
      host: s.host.kind,
      user: s.host.user,
      secretStore: s.host.secrets.kind,
    }),
    'settings/get': async () => ({ ...DEFAULT_SETTINGS, ...s.settings.get<Partial<AppSettings>>('app') }),
    'settings/update': async (patch) => {
      const next = { ...DEFAULT_SETTINGS, ...s.settings.get<Partial<AppSettings>>('app'), ...patch };
      s.settings.set('app', next);
      return next;
    },

    'datasources/list': async () => s.datasources.list(),
    'datasources/get': async ({ id }) => s.datasources.get(id),
    'datasources/create': async (input) => s.datasources.create(input),
    'datasources/update': async ({ id, patch }) => s.datasources.update(id, patch),
    'datasources/remove': async ({ id }) => {
      s.datasources.remove(id);
      return { removed: true };
    },
    'datasources/test': async (target) => s.datasources.test(target),
    'datasources/catalog': async ({ id }) => s.datasources.catalog(id),

    'projects/list': async (filter) => s.projects.list(filter),
    'projects/get': async ({ id }) => s.projects.detail(id),
    'projects/tags': async () => s.projects.tags(),
    'projects/create': async (draft) => s.projects.create(draft),
    'projects/update': async ({ id, draft }) => s.projects.update(id, draft),
    'projects/updateOptions': async ({ id, options }) => s.projects.updateOptions(id, options),
    'projects/updateAlertLevel': async ({ id, alertLevel, alertThresholds }) => s.projects.updateAlertLevel(id, alertLevel, alertThresholds),
    'projects/changeDataSource': async ({ id, side, dataSourceId }) => s.projects.changeDataSource(id, side, dataSourceId),
    'projects/delete': async ({ id }) => {
      s.projects.delete(id);
      return { deleted: true };
    },
    'projects/clone': async ({ id }) => s.projects.clone(id),
    'projects/exportFile': async ({ id }) => s.settingsIo.exportProject(id),
    'projects/createFromFile': async ({ fileName, content }) => s.settingsIo.createFromFile(fileName, content),
    'projects/importFile': async ({ fileName, content }) => s.settingsIo.importFile(fileName, content),

    'objects/exportCsv': async ({ id }) => s.settingsIo.exportObjects(id),
    'objects/exportArchive': async ({ ids }) => s.settingsIo.exportObjectsArchive(ids),
    'objects/importCsv': async ({ id, fileName, content }) => s.settingsIo.importObjects(id, fileName, content),
    'objects/preview': async ({ sourceId, objects }) => s.preview.preview(sourceId, objects),
    'objects/modifyRunning': async ({ id, add, remove }) => {
      // The process that runs the project does it; another one is asked through the state database.
      const project = s.projects.require(id);
      if (!s.orchestrator.isRunningHere(id) && s.projects.runner(project)?.state === 'elsewhere') await s.hostRequests.ask(id, { action: 'modify-objects', changes: { add, remove } });
      else await s.orchestrator.modifyObjects(id, { add, remove });
      return s.projects.detail(id);
    },

    'projects/start': async ({ id }) => {
      background(s, id, s.orchestrator.start(id));
      return s.projects.view(s.projects.require(id));
    },
    'projects/pause': async ({ id }) => {
      await s.orchestrator.pause(id);
      return s.projects.view(s.projects.require(id));
    },
    'projects/resume': async ({ id }) => {
      background(s, id, s.orchestrator.resume(id));
      return s.projects.view(s.projects.require(id));
    },
    'projects/release': async ({ id }) => s.release.release(id),
    'projects/batch': async (request) => s.batch.run(request),

    'schema/objects': async ({ id }) => s.schemaActions.list(id),
    'schema/modify': async ({ id, objectId, ddl }) => s.schemaActions.modify(id, objectId, ddl),
    'schema/retry': async ({ id, objectIds }) => s.schemaActions.retry(id, objectIds),
    'schema/skip': async ({ id, objectIds }) => s.schemaActions.skip(id, objectIds),
    'schema/remove': async ({ id, objectIds }) => s.schemaActions.remove(id, objectIds),
    'schema/export': async ({ id }) => s.schemaActions.exportSql(id),
    'schema/preview': async ({ id }) => s.schemaActions.preview(id),

    'full/tables': async ({ id }) => {
      s.projects.require(id);
      return s.objects.list(id).filter((o) => o.kind === 'table').map((o) => o.copy);
    },
    'full/indexes': async ({ id }) => {
      s.projects.require(id);
      return s.schema.indexes(id);
    },
    'full/removeIndex': async ({ id, indexId }) => {
      const index = s.schema.indexes(id).find((i) => i.id === indexId);
      if (!index) throw notFound(`Index ${indexId} of project ${id}`);
      if (index.status === 'created' || index.status === 'running') {
        throw new AppError({ code: 'not_allowed', message: `Index ${index.name} is ${index.status} on the destination; drop it there if it is not wanted.` });
      }
      s.schema.setIndexStatus(id, indexId, 'removed', null, new Date().toISOString());
      s.events.emit('projects/changed', { id });
      return s.schema.indexes(id);
    },

    'metrics/series': async ({ id, component, names, sinceMs }) => {
      s.projects.require(id);
      return s.metrics.series(id, component, names, sinceMs ?? Date.now() - 3_600_000);
    },
    'components/update': async ({ id, kind, params }) => s.orchestrator.updateComponent(id, kind, params),
    'components/pause': async ({ id, kind }) => s.orchestrator.pauseComponent(id, kind),
    'components/start': async ({ id, kind }) => s.orchestrator.startComponent(id, kind),

    'incremental/status': async ({ id }) => s.incrementalSync.status(id),
    'incremental/stats': async ({ id }) => s.incrementalSync.stats(id),
    'incremental/ddl': async ({ id }) => s.incrementalSync.ddl(id),
    'reverse/status': async ({ id }) => s.incrementalSync.status(id, 'reverse'),
    'reverse/stats': async ({ id }) => s.incrementalSync.stats(id, 'reverse'),
    'reverse/ddl': async ({ id }) => s.incrementalSync.ddl(id, 'reverse'),
    'reverse/changes': async ({ id, query }) => s.incrementalSync.changes(id, query, 'reverse'),
    'incremental/skipDdl': async ({ id, changeId }) => s.incrementalSync.skipDdl(id, changeId),
    'incremental/setStatistics': async ({ id, enabled }) => s.incrementalSync.setStatistics(id, enabled),
    'incremental/changes': async ({ id, query }) => s.incrementalSync.changes(id, query),

    'verification/overview': async ({ id }) => s.verification.overview(id),
    'verification/differences': async ({ id, ...options }) => s.verification.differences(id, options),
    'verification/reverify': async ({ id, mode }) => s.verification.reverify(id, mode),
    'verification/skip': async ({ id }) => s.verification.skip(id),
    'verification/correctionSql': async ({ id, table }) => s.verification.correctionSql(id, table),
    'verification/fix': async ({ id, table, includeDeletes }) => s.verification.fix(id, { table, includeDeletes }),
    'verification/revertSql': async ({ id }) => s.verification.revertSql(id),
    'projects/enterSwitchover': async ({ id }) => s.verification.enterSwitchover(id),
    'switchover/status': async ({ id }) => s.switchover.overview(id),
    'switchover/precheck': async ({ id }) => s.switchover.precheck(id),
    'switchover/start': async ({ id, fence, accounts, fenceTimeoutSeconds }) => s.switchover.start(id, { fence, accounts, fenceTimeoutSeconds }),
    'switchover/confirm': async ({ id, endTransactions }) => s.switchover.confirm(id, endTransactions),
    'switchover/retry': async ({ id, step }) => s.switchover.retry(id, step),
    'switchover/skip': async ({ id, step, confirmed }) => s.switchover.skip(id, step, confirmed),
    'switchover/cancel': async ({ id }) => s.switchover.cancel(id),
    'switchover/certificate': async ({ id }) => s.switchover.certificate(id),
    'switchover/objects': async ({ id }) => s.switchover.objectItems(id),
    'switchover/objectAction': async ({ id, item, action }) => s.switchover.objectAction(id, item, action),
    'switchover/rehearse': async ({ id }) => s.rehearsal.rehearse(id),
    'switchover/rollback': async ({ id }) => s.rollback.rollback(id),

    'precheck/run': async ({ id }) => s.precheck.start(id).run,
    'precheck/latest': async ({ id }) => s.precheck.latest(id),

    'alerts/list': async ({ projectId }) => s.activity.alerts(projectId),
    'alerts/acknowledge': async ({ id }) => {
      s.activity.acknowledgeAlert(id, new Date().toISOString());
      const alert = s.activity.alert(id);
      if (!alert) throw new AppError({ code: 'not_found', message: `There is no alert ${id}.`, workaround: 'List the alerts to find its number.' });
      s.events.emit('alerts/changed', alert);
      return alert;
    },
    'logs/list': async (query) => s.logs.list(query),
  };
}
