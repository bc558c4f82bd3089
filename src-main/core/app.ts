/**
 * Composition root of the core: one instance per host process. Desktop,
 * browser host and CLI all build exactly this from their Host adapter.
 */

import type { Dispatch } from './api/dispatch';
import { createDispatcher } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { EventBus } from './events';
import type { Host } from './host';
import { Redactor } from './redactor';
import { DataSourceService } from './services/datasources';
import { LogService } from './services/logs';
import { ObjectService } from './services/objects';
import { PrecheckService } from './services/precheck';
import { ProjectService } from './services/projects';
import { SettingsIoService } from './services/settings-io';
import type { Db } from './state/db';
import { openStateDb } from './state/db';
import { ActivityRepo } from './state/repos/activity-repo';
import { DataSourcesRepo } from './state/repos/datasources-repo';
import { PrecheckRepo } from './state/repos/precheck-repo';
import { ProjectsRepo } from './state/repos/projects-repo';
import { SettingsRepo } from './state/repos/settings-repo';

export interface Services {
  host: Host;
  db: Db;
  events: EventBus;
  redactor: Redactor;
  logs: LogService;
  activity: ActivityRepo;
  settings: SettingsRepo;
  datasources: DataSourceService;
  projects: ProjectService;
  objects: ObjectService;
  settingsIo: SettingsIoService;
  precheck: PrecheckService;
}

export interface CoreApp {
  services: Services;
  events: EventBus;
  dispatch: Dispatch;
  close(): Promise<void>;
}

export function createApp(host: Host): CoreApp {
  const db = openStateDb(host.home);
  const events = new EventBus();
  const redactor = new Redactor();
  const activity = new ActivityRepo(db);
  const logs = new LogService(activity, redactor);
  const datasources = new DataSourceService(new DataSourcesRepo(db), host.secrets, host.launcher, events, logs, redactor);
  const projects = new ProjectService(new ProjectsRepo(db), datasources, events, logs, host.user);
  const precheck = new PrecheckService(new PrecheckRepo(db), projects, datasources, host.launcher, events, logs, redactor);
  precheck.recoverAbandoned();
  const services: Services = {
    host,
    db,
    events,
    redactor,
    logs,
    activity,
    settings: new SettingsRepo(db),
    datasources,
    projects,
    objects: new ObjectService(datasources),
    settingsIo: new SettingsIoService(projects, datasources),
    precheck,
  };
  const dispatch = createDispatcher(createHandlers(services), redactor, logs);
  let closed = false;
  return {
    services,
    events,
    dispatch,
    async close() {
      if (closed) return;
      closed = true;
      await precheck.settle();
      db.close();
    },
  };
}
