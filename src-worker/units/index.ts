import type { UnitRegistry } from '../runtime/unit-host';
import { fullImportUnit } from './full-import';
import { precheckUnit } from './precheck';
import { probeUnit } from './probe';
import { schemaUnit } from './schema';

/** Every unit a worker process can run, by name. */
export const units: UnitRegistry = {
  probe: probeUnit,
  precheck: precheckUnit,
  schema: schemaUnit,
  'full-import': fullImportUnit,
};
