/**
 * Runs a one-shot unit in a fresh worker process and returns its result.
 * Every message from the worker is validated against the contract; a worker
 * that sends garbage, dies, or overruns its time is killed and reported.
 */

import type { UnitConfig, UnitEvent, UnitName, UnitResult } from '../../../src-shared/contract/worker';
import { unitEventSchemas, unitResultSchemas, workerToHostSchema } from '../../../src-shared/contract/worker';
import { AppError } from '../../../src-shared/errors';
import type { LogLevel } from '../../../src-shared/model/activity';
import { describeIssues } from '../../../src-shared/settings/issues';
import type { WorkerLauncher } from '../host';

export interface RunUnitOptions<U extends UnitName> {
  onEvent?: (event: UnitEvent<U>) => void;
  onLog?: (level: LogLevel, message: string) => void;
  timeoutMs?: number;
  signal?: AbortSignal;
}

let runCounter = 0;

export function runUnit<U extends UnitName>(
  launcher: WorkerLauncher,
  unit: U,
  config: UnitConfig<U>,
  options: RunUnitOptions<U> = {},
): Promise<UnitResult<U>> {
  const runId = `${unit}-${process.pid}-${++runCounter}`;
  return new Promise((resolve, reject) => {
    const worker = launcher.launch(unit);
    let settled = false;
    const timer = options.timeoutMs
      ? setTimeout(() => finish(new AppError({ code: 'timeout', message: `The ${unit} worker did not finish within ${Math.round(options.timeoutMs! / 1000)} s.`, retryable: true })), options.timeoutMs)
      : null;
    const onAbort = () => finish(new AppError({ code: 'worker_failed', message: `The ${unit} worker was cancelled.` }));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    function finish(outcome: AppError | { result: UnitResult<U> }): void {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (outcome instanceof AppError) {
        worker.kill('SIGKILL');
        reject(outcome);
      } else {
        resolve(outcome.result);
      }
    }

    worker.onMessage((raw) => {
      if (settled) return;
      const parsed = workerToHostSchema.safeParse(raw);
      if (!parsed.success) {
        finish(new AppError({ code: 'worker_failed', message: `The ${unit} worker sent an invalid message: ${describeIssues(parsed.error, raw).join('; ')}` }));
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'ready':
          worker.send({ type: 'init', unit, runId, config });
          return;
        case 'log':
          options.onLog?.(message.level, message.message);
          return;
        case 'event': {
          const event = unitEventSchemas[unit].safeParse(message.data);
          if (!event.success) {
            finish(new AppError({ code: 'worker_failed', message: `The ${unit} worker sent an invalid event: ${describeIssues(event.error, message.data).join('; ')}` }));
            return;
          }
          options.onEvent?.(event.data as UnitEvent<U>);
          return;
        }
        case 'result': {
          const result = unitResultSchemas[unit].safeParse(message.data);
          if (!result.success) {
            finish(new AppError({ code: 'worker_failed', message: `The ${unit} worker sent an invalid result: ${describeIssues(result.error, message.data).join('; ')}` }));
            return;
          }
          finish({ result: result.data as UnitResult<U> });
          return;
        }
        case 'error':
          finish(AppError.from(message.error));
          return;
        default:
          return;
      }
    });

    worker.onExit((code, signal, detail) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      finish(new AppError({ code: 'worker_failed', message: `The ${unit} worker ${how} before it finished.${detail ? ` ${detail}` : ''}`, retryable: true }));
    });
  });
}
