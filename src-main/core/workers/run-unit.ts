/** Runs a one-shot unit (probe, precheck, schema) in a fresh worker and returns its result. */

import type { UnitConfig, UnitName, UnitResult } from '../../../src-shared/contract/worker';
import type { WorkerLauncher } from '../host';
import type { SessionHandlers } from './worker-session';
import { startSession } from './worker-session';

export interface RunUnitOptions<U extends UnitName> extends SessionHandlers<U> {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function runUnit<U extends UnitName>(launcher: WorkerLauncher, unit: U, config: UnitConfig<U>, options: RunUnitOptions<U> = {}): Promise<UnitResult<U>> {
  const session = startSession(launcher, unit, config, options);
  const timer = options.timeoutMs
    ? setTimeout(() => session.kill(`it did not finish within ${Math.round(options.timeoutMs! / 1000)} s`), options.timeoutMs)
    : null;
  const onAbort = () => session.kill('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await session.done;
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
