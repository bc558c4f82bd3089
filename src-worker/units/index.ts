import type { UnitRegistry } from '../runtime/unit-host';

/**
 * Every unit a worker process can run, by name. Each is loaded when a worker
 * is told to run it, so that a worker loads only its own unit's code (and
 * libraries: the binlog client, SQLite) and starts sooner.
 */
export const units: UnitRegistry = {
  probe: async () => (await import('./probe')).probeUnit,
  precheck: async () => (await import('./precheck')).precheckUnit,
  schema: async () => (await import('./schema')).schemaUnit,
  'full-import': async () => (await import('./full-import')).fullImportUnit,
  store: async () => (await import('./store')).storeUnit,
  'incr-sync': async () => (await import('./incr-sync')).incrSyncUnit,
  changelog: async () => (await import('./changelog')).changeLogUnit,
  verify: async () => (await import('./verify')).verifyUnit,
  correct: async () => (await import('./verify/correct')).correctUnit,
  'switchover-precheck': async () => (await import('./precheck/switchover-checks')).switchoverPrecheckUnit,
  switchover: async () => (await import('./switchover')).switchoverUnit,
};
