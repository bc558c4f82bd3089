/** The contract's handlers: thin adapters from validated requests to services. */

import type { AppSettings, Handlers } from '../../../src-shared/contract/ipc';
import type { Services } from '../app';

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
    'projects/updateAlertLevel': async ({ id, alertLevel }) => s.projects.updateAlertLevel(id, alertLevel),
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
    'objects/importCsv': async ({ id, fileName, content }) => s.settingsIo.importObjects(id, fileName, content),
    'objects/preview': async ({ sourceId, objects }) => s.objects.preview(sourceId, objects),

    'precheck/run': async ({ id }) => s.precheck.start(id).run,
    'precheck/latest': async ({ id }) => s.precheck.latest(id),

    'alerts/list': async ({ projectId }) => s.activity.alerts(projectId),
    'logs/list': async (query) => s.logs.list(query),
  };
}
