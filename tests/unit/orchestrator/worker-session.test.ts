import { describe, expect, it } from 'vitest';
import type { UnitConfig } from '../../../src-shared/contract/worker';
import { AppError } from '../../../src-shared/errors';
import { startSession } from '../../../src-main/core/workers/worker-session';
import { FakeLauncher, settle } from '../../harness/fake-launcher';

// The session passes the configuration through; the worker is the one that checks it.
const config = { projectId: 'p1' } as unknown as UnitConfig<'store'>;
const progress = { type: 'progress', position: { file: 'mariadb-bin.000001', pos: 4, gtid: null }, eventTs: null, heartbeat: false, transactions: 1, changes: 2, dropped: 0 };

async function failure(done: Promise<unknown>): Promise<AppError> {
  const error = await done.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('worker session', () => {
  it('sends the configuration once the worker is ready, hands over events and checkpoints, and ends with the result', async () => {
    const launcher = new FakeLauncher();
    const events: unknown[] = [];
    const logs: string[] = [];
    launcher.onLaunch = (worker) => {
      worker.emit({ type: 'ready' });
      worker.emit({ type: 'log', level: 'info', message: 'capturing' });
      worker.emit({ type: 'event', data: progress });
      worker.emit({ type: 'result', data: { paused: false } });
    };
    const session = startSession(launcher, 'store', config, { onEvent: (e) => events.push(e), onLog: (level, m) => logs.push(`${level} ${m}`) });
    expect(await session.done).toEqual({ paused: false });
    expect(launcher.last.sent).toEqual([{ type: 'init', unit: 'store', runId: expect.stringMatching(/^store-/), config }]);
    expect(events).toEqual([progress]);
    expect(logs).toEqual(['info capturing']);
  });

  it('ends with a retryable error naming the signal when the worker dies, and with the end of its stderr', async () => {
    const launcher = new FakeLauncher();
    launcher.onLaunch = (worker) => worker.exit(null, 'SIGKILL', 'out of memory');
    const error = await failure(startSession(launcher, 'store', config).done);
    expect(error.message).toBe('The store worker was killed by SIGKILL before it finished. out of memory');
    expect(error.retryable).toBe(true);
  });

  it('passes the worker error on as it was sent', async () => {
    const launcher = new FakeLauncher();
    launcher.onLaunch = (worker) => worker.emit({ type: 'error', error: { code: 'binlog_purged', message: 'gone', workaround: 'start over', retryable: false } });
    const error = await failure(startSession(launcher, 'store', config).done);
    expect(error.toData()).toMatchObject({ code: 'binlog_purged', message: 'gone', workaround: 'start over' });
    expect(launcher.last.killedWith).toBe('SIGKILL');
  });

  it.each([
    ['an unknown message', { type: 'hello' }, 'invalid message'],
    ['a message that is not an object', 'ready', 'invalid message'],
    ['an event of another unit', { type: 'event', data: { type: 'rows', table: 't' } }, 'invalid event'],
    ['a checkpoint the unit does not have', { type: 'checkpoint', data: { chunk: 1 } }, 'invalid checkpoint'],
    ['a result of the wrong shape', { type: 'result', data: { paused: 'no' } }, 'invalid result'],
  ])('kills a worker that sends %s, and says what it sent', async (_what, message, expected) => {
    const launcher = new FakeLauncher();
    launcher.onLaunch = (worker) => worker.emit(message);
    const error = await failure(startSession(launcher, 'store', config).done);
    expect(error.code).toBe('worker_failed');
    expect(error.message).toContain(`The store worker sent an ${expected}`);
    expect(launcher.last.killedWith).toBe('SIGKILL');
  });

  it('ends the session, not the host, when what the worker reported cannot be recorded', async () => {
    const launcher = new FakeLauncher();
    launcher.onLaunch = (worker) => worker.emit({ type: 'event', data: progress });
    const session = startSession(launcher, 'store', config, {
      onEvent: () => {
        throw new AppError({ code: 'state_unreadable', message: 'disk full' });
      },
    });
    const error = await failure(session.done);
    expect(error.message).toBe("The store worker's report could not be recorded: disk full");
  });

  it('asks the worker to pause, and ignores whatever a stopped worker still sends', async () => {
    const launcher = new FakeLauncher();
    const events: unknown[] = [];
    const session = startSession(launcher, 'store', config, { onEvent: (e) => events.push(e) });
    await settle();
    session.pause();
    expect(launcher.last.sentTypes).toEqual(['pause']);
    session.kill('the project was deleted');
    const error = await failure(session.done);
    expect(error.message).toBe('The store worker was stopped: the project was deleted.');
    launcher.last.emit({ type: 'event', data: progress });
    expect(events).toEqual([]);
  });

  it('keeps the first ending: an exit after the result changes nothing', async () => {
    const launcher = new FakeLauncher();
    launcher.onLaunch = (worker) => {
      worker.emit({ type: 'result', data: { paused: true } });
      worker.exit(0);
    };
    expect(await startSession(launcher, 'store', config).done).toEqual({ paused: true });
  });
});
