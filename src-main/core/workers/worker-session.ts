/**
 * One run of a unit in a fresh worker process. Every message from the worker
 * is validated against the unit's schemas; a worker that sends garbage, dies,
 * or is stopped ends the session with an error that says so.
 */

import type { MetricSample, UnitCheckpoint, UnitConfig, UnitEvent, UnitName, UnitResult } from '../../../src-shared/contract/worker';
import { UNITS, workerToHostSchema } from '../../../src-shared/contract/worker';
import { AppError, toErrorData } from '../../../src-shared/errors';
import type { LogLevel } from '../../../src-shared/model/activity';
import { describeIssues } from '../../../src-shared/settings/issues';
import type { WorkerLauncher } from '../host';
import { isLeaseLost } from '../leases/leases';

export interface SessionHandlers<U extends UnitName> {
  onEvent?: (event: UnitEvent<U>) => void;
  onCheckpoint?: (checkpoint: UnitCheckpoint<U>) => void;
  onMetrics?: (samples: MetricSample[]) => void;
  onLog?: (level: LogLevel, message: string) => void;
}

export interface WorkerSession<U extends UnitName> {
  readonly pid: number | undefined;
  /** Settles with the unit's result, or rejects with why it did not get one. */
  readonly done: Promise<UnitResult<U>>;
  /** Asks the worker to finish what is in flight and return a paused result. */
  pause(): void;
  /** Kills the worker at once. */
  kill(reason: string): void;
}

let sessions = 0;

export function startSession<U extends UnitName>(launcher: WorkerLauncher, unit: U, config: UnitConfig<U>, handlers: SessionHandlers<U> = {}): WorkerSession<U> {
  const runId = `${unit}-${process.pid}-${++sessions}`;
  const worker = launcher.launch(unit);
  const schemas = UNITS[unit];
  let settle!: (outcome: AppError | { result: UnitResult<U> }) => void;

  let settled = false;
  const done = new Promise<UnitResult<U>>((resolve, reject) => {
    settle = (outcome) => {
      if (settled) return;
      settled = true;
      if (outcome instanceof AppError) {
        worker.kill('SIGKILL');
        reject(outcome);
      } else {
        resolve(outcome.result);
      }
    };
  });
  // The caller may only look at `done` later; an unobserved rejection must not crash the host.
  done.catch(() => undefined);

  const invalid = (what: string, raw: unknown, issues: Parameters<typeof describeIssues>[0]) =>
    settle(new AppError({ code: 'worker_failed', message: `The ${unit} worker sent an invalid ${what}: ${describeIssues(issues, raw).join('; ')}` }));

  worker.onMessage((raw) => {
    // What a stopped worker had already sent is not acted on.
    if (settled) return;
    try {
      receive(raw);
    } catch (error) {
      // The host could not record what the worker said (its state may be fenced off): end the session, never the host.
      const data = toErrorData(error);
      const code = isLeaseLost(error) ? 'lease_lost' : data.code;
      settle(new AppError({ ...data, code, message: `The ${unit} worker's report could not be recorded: ${data.message}` }));
    }
  });

  function receive(raw: unknown): void {
    const parsed = workerToHostSchema.safeParse(raw);
    if (!parsed.success) return invalid('message', raw, parsed.error);
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        worker.send({ type: 'init', unit, runId, config });
        return;
      case 'log':
        handlers.onLog?.(message.level, message.message);
        return;
      case 'metrics':
        handlers.onMetrics?.(message.samples);
        return;
      case 'event': {
        const event = schemas.event.safeParse(message.data);
        if (!event.success) return invalid('event', message.data, event.error);
        handlers.onEvent?.(event.data as UnitEvent<U>);
        return;
      }
      case 'checkpoint': {
        const checkpoint = schemas.checkpoint.safeParse(message.data);
        if (!checkpoint.success) return invalid('checkpoint', message.data, checkpoint.error);
        handlers.onCheckpoint?.(checkpoint.data as UnitCheckpoint<U>);
        return;
      }
      case 'result': {
        const result = schemas.result.safeParse(message.data);
        if (!result.success) return invalid('result', message.data, result.error);
        settle({ result: result.data as UnitResult<U> });
        return;
      }
      case 'error':
        settle(AppError.from(message.error));
        return;
    }
  }

  worker.onExit((code, signal, detail) => {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    settle(new AppError({ code: 'worker_failed', message: `The ${unit} worker ${how} before it finished.${detail ? ` ${detail}` : ''}`, retryable: true }));
  });

  return {
    pid: worker.pid,
    done,
    pause: () => worker.send({ type: 'pause' }),
    kill: (reason) => settle(new AppError({ code: 'worker_failed', message: `The ${unit} worker was stopped: ${reason}.` })),
  };
}
