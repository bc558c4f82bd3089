/**
 * A unit is the program a worker process runs: probe, precheck, schema, and
 * the migration components. The runtime hands it a context to log, stream
 * events, checkpoints and metrics through, and two signals: `pause` asks it to
 * finish what is in flight and return (a paused result), `stop` to end now.
 */

import type { MetricSample, UnitCheckpoint, UnitConfig, UnitEvent, UnitName, UnitResult } from '../../src-shared/contract/worker';
import type { LogLevel } from '../../src-shared/model/activity';

export interface UnitContext<U extends UnitName> {
  log(level: LogLevel, message: string): void;
  emit(event: UnitEvent<U>): void;
  checkpoint(data: UnitCheckpoint<U>): void;
  metrics(samples: MetricSample[]): void;
  /** Aborted when the host asks for a pause. */
  pause: AbortSignal;
  /** Aborted when the host sends `stop`; long work checks it between steps. */
  signal: AbortSignal;
}

export interface Unit<U extends UnitName> {
  run(config: UnitConfig<U>, context: UnitContext<U>): Promise<UnitResult<U>>;
}
