/**
 * Runs one unit in this process: waits for `init`, validates the config with
 * the unit's schema, runs it, reports the result or the error, and exits.
 * Every message from the host is validated; a malformed one ends the worker.
 * A worker whose host went away exits too: nobody would record its progress.
 */

import type { UnitName } from '../../src-shared/contract/worker';
import { hostToWorkerSchema, UNITS } from '../../src-shared/contract/worker';
import { AppError, toErrorData } from '../../src-shared/errors';
import { describeIssues } from '../../src-shared/settings/issues';
import type { Channel } from './channel';
import type { Unit } from './unit';

/** Each unit's loader: a worker loads only the unit it runs. */
export type UnitRegistry = { [U in UnitName]: () => Promise<Unit<U>> };

/** How long a stopped unit may take to wind down before the process ends anyway. */
const STOP_GRACE_MS = 2000;

export function hostUnit(channel: Channel, units: UnitRegistry, exit: (code: number) => void = (code) => process.exit(code)): void {
  const stop = new AbortController();
  const pause = new AbortController();
  let started = false;

  const fail = (error: unknown) => {
    channel.send({ type: 'error', error: toErrorData(error) });
    // Let the message flush before the process goes.
    setTimeout(() => exit(1), 50);
  };

  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.on('disconnect', () => exit(3));

  channel.onMessage((raw) => {
    const parsed = hostToWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      fail(new AppError({ code: 'worker_failed', message: `The worker received an invalid message: ${describeIssues(parsed.error, raw).join('; ')}` }));
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'init':
        if (started) return fail(new AppError({ code: 'worker_failed', message: 'The worker was initialised twice.' }));
        started = true;
        void runUnit(message.unit, message.config);
        return;
      case 'pause':
        pause.abort();
        return;
      case 'stop':
        stop.abort();
        setTimeout(() => exit(2), STOP_GRACE_MS).unref();
        return;
    }
  });

  async function runUnit<U extends UnitName>(name: U, rawConfig: unknown): Promise<void> {
    const config = UNITS[name].config.safeParse(rawConfig);
    if (!config.success) {
      fail(new AppError({ code: 'worker_failed', message: `Invalid ${name} configuration: ${describeIssues(config.error, rawConfig).join('; ')}` }));
      return;
    }
    try {
      const unit = (await units[name]()) as Unit<U>;
      const result = await unit.run(config.data as never, {
        log: (level, text) => channel.send({ type: 'log', level, message: text }),
        emit: (data) => channel.send({ type: 'event', data }),
        checkpoint: (data) => channel.send({ type: 'checkpoint', data }),
        metrics: (samples) => channel.send({ type: 'metrics', samples }),
        pause: pause.signal,
        signal: stop.signal,
      });
      channel.send({ type: 'result', data: result });
      setTimeout(() => exit(0), 50);
    } catch (error) {
      fail(error);
    }
  }

  channel.send({ type: 'ready' });
}
