import type { UnitRegistry } from '../runtime/unit-host';
import { changeLogUnit } from './changelog';
import { fullImportUnit } from './full-import';
import { incrSyncUnit } from './incr-sync';
import { precheckUnit } from './precheck';
import { probeUnit } from './probe';
import { schemaUnit } from './schema';
import { storeUnit } from './store';
import { verifyUnit } from './verify';
import { correctUnit } from './verify/correct';

/** Every unit a worker process can run, by name. */
export const units: UnitRegistry = {
  probe: probeUnit,
  precheck: precheckUnit,
  schema: schemaUnit,
  'full-import': fullImportUnit,
  store: storeUnit,
  'incr-sync': incrSyncUnit,
  changelog: changeLogUnit,
  verify: verifyUnit,
  correct: correctUnit,
};
