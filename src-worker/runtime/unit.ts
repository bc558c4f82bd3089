/**
 * A unit is the program a worker process runs: precheck, probe, and later the
 * migration components. The runtime hands it a context to log and stream
 * events through, and an abort signal that fires when the host asks it to stop.
 */

import type { UnitConfig, UnitEvent, UnitName, UnitResult } from '../../src-shared/contract/worker';
import type { LogLevel } from '../../src-shared/model/activity';

export interface UnitContext<U extends UnitName> {
  log(level: LogLevel, message: string): void;
  emit(event: UnitEvent<U>): void;
  /** Aborted when the host sends `stop`; long work checks it between steps. */
  signal: AbortSignal;
}

export interface Unit<U extends UnitName> {
  run(config: UnitConfig<U>, context: UnitContext<U>): Promise<UnitResult<U>>;
}
