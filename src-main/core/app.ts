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
import { Leases } from './leases/leases';
import { Orchestrator } from './orchestrator/orchestrator';
import type { RunServices } from './orchestrator/run-context';
import { SchemaActions } from './services/schema-actions';
import { IncrementalService } from './services/incremental';
import { ActivityRepo } from './state/repos/activity-repo';
import { VerifyRepo } from './state/repos/verify-repo';
import { VerificationService } from './services/verification';
import { ReleaseService } from './services/release';
import { AlertMonitor } from './services/alert-monitor';
import { BatchService } from './services/batch';
import { HostRequests } from './services/host-requests';
import { RehearsalService } from './services/rehearsal';
import { RollbackService } from './services/rollback';
import { SwitchoverService } from './services/switchover';
import { ModificationsRepo } from './state/repos/modifications-repo';
import { SwitchoverRepo } from './state/repos/switchover-repo';
import { IncrementalRepo } from './state/repos/incremental-repo';
import { MetricsRepo } from './state/repos/metrics-repo';
import { RunObjectsRepo } from './state/repos/run-objects-repo';
import { SchemaRepo } from './state/repos/schema-repo';
import { StagesRepo } from './state/repos/stages-repo';
import { DataSourcesRepo } from './state/repos/datasources-repo';
import { PrecheckRepo } from './state/repos/precheck-repo';
import { ProjectsRepo } from './state/repos/projects-repo';
import { SettingsRepo } from './state/repos/settings-repo';

export interface Services extends RunServices {
  db: Db;
  redactor: Redactor;
  settings: SettingsRepo;
  preview: ObjectService;
  settingsIo: SettingsIoService;
  precheck: PrecheckService;
  orchestrator: Orchestrator;
  schemaActions: SchemaActions;
  incrementalSync: IncrementalService;
  verification: VerificationService;
  switchover: SwitchoverService;
  release: ReleaseService;
  rollback: RollbackService;
  rehearsal: RehearsalService;
  batch: BatchService;
  hostRequests: HostRequests;
  alertMonitor: AlertMonitor;
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
  const leases = new Leases(db, { home: host.home, threads: host.threads, warn: (message) => logs.write('warn', 'host', message) });
  const modifications = new ModificationsRepo(db);
  const projects = new ProjectService(new ProjectsRepo(db), datasources, events, logs, host.user, leases, modifications);
  const precheck = new PrecheckService(new PrecheckRepo(db), projects, datasources, host.launcher, events, logs, redactor);
  precheck.recoverAbandoned();
  const run: RunServices = {
    host,
    events,
    logs,
    projects,
    datasources,
    activity,
    stages: new StagesRepo(db),
    objects: new RunObjectsRepo(db),
    schema: new SchemaRepo(db),
    metrics: new MetricsRepo(db),
    incremental: new IncrementalRepo(db),
    reverse: new IncrementalRepo(db, 'reverse'),
    verify: new VerifyRepo(db),
    switchoverSteps: new SwitchoverRepo(db),
    modifications,
  };
  const orchestrator = new Orchestrator(run, leases);
  const switchover = new SwitchoverService(run, run.switchoverSteps, orchestrator);
  const verification = new VerificationService(run, orchestrator);
  const hostRequests = new HostRequests(db, orchestrator, leases.holder);
  const alertMonitor = new AlertMonitor(run, orchestrator);
  const release = new ReleaseService(run, orchestrator, switchover);
  const services: Services = {
    ...run,
    db,
    redactor,
    settings: new SettingsRepo(db),
    preview: new ObjectService(datasources),
    settingsIo: new SettingsIoService(projects, datasources),
    precheck,
    orchestrator,
    schemaActions: new SchemaActions(run, orchestrator),
    incrementalSync: new IncrementalService(run, orchestrator),
    verification,
    switchover,
    release,
    rollback: new RollbackService(run, orchestrator, switchover),
    rehearsal: new RehearsalService(run, orchestrator, switchover),
    batch: new BatchService(run, orchestrator, verification, switchover, release),
    hostRequests,
    alertMonitor,
  };
  hostRequests.start();
  alertMonitor.start();
  const dispatch = createDispatcher(createHandlers(services), redactor, logs);
  let closed = false;
  return {
    services,
    events,
    dispatch,
    async close() {
      if (closed) return;
      closed = true;
      hostRequests.stop();
      alertMonitor.stop();
      await orchestrator.suspendAll();
      await precheck.settle();
      leases.close();
      db.close();
    },
  };
}
