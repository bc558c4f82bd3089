import type { UnitRegistry } from '../runtime/unit-host';
import { precheckUnit } from './precheck';
import { probeUnit } from './probe';

/** Every unit a worker process can run, by name. */
export const units: UnitRegistry = {
  probe: probeUnit,
  precheck: precheckUnit,
};
