import { describe, expect, it } from 'vitest';
import type { UnitConfig } from '../../../src-shared/contract/worker';
import { AppError } from '../../../src-shared/errors';
import type { ComponentKind } from '../../../src-shared/model';
import type { ComponentControl, ComponentHost } from '../../../src-main/core/orchestrator/component-runner';
import { MAX_RESTARTS, restartDelayMs, runComponent } from '../../../src-main/core/orchestrator/component-runner';
import type { LeaseLoss } from '../../../src-main/core/leases/keeper';
import type { ComponentPatch } from '../../../src-main/core/state/repos/stages-repo';
import type { FakeWorker } from '../../harness/fake-launcher';
import { FakeLauncher, settle } from '../../harness/fake-launcher';

const progress = (changes: number) => ({
  type: 'progress',
  position: { file: 'mariadb-bin.000001', pos: 4 + changes, gtid: null },
  eventTs: null,
  heartbeat: false,
  transactions: changes,
  changes,
  dropped: 0,
});

/** A run with its component records and log in memory; restart delays are recorded and end at once unless `holdSleeps`. */
class FakeHost implements ComponentHost {
  readonly projectId = 'p1';
  readonly epoch = 1;
  readonly launcher = new FakeLauncher();
  lost: AppError | null = null;
  readonly components = new Map<ComponentKind, ComponentControl>();
  readonly statuses: string[] = [];
  readonly logs: string[] = [];
  readonly delays: number[] = [];
  restartsCounted = 0;
  heldKinds = new Set<ComponentKind>();
  holdSleeps = false;
  private sleepers: (() => void)[] = [];

  readonly services = {
    stages: {
      isHeld: (_projectId: string, kind: ComponentKind) => this.heldKinds.has(kind),
      updateComponent: (_projectId: string, _kind: ComponentKind, patch: ComponentPatch) => {
        if (patch.status) this.statuses.push(patch.status);
      },
      countRestart: () => {
        this.restartsCounted++;
      },
    },
    logs: {
      write: (level: string, _source: string, message: string) => {
        this.logs.push(`${level} ${message}`);
      },
    },
  };

  abandon(loss: LeaseLoss): AppError {
    this.lost ??= new AppError({ code: 'lease_lost', message: `taken over at epoch ${loss.epoch}` });
    return this.lost;
  }

  changed(): void {}

  wake(): void {
    for (const wake of this.sleepers.splice(0)) wake();
  }

  sleep(ms: number): Promise<void> {
    this.delays.push(ms);
    if (!this.holdSleeps) return Promise.resolve();
    return new Promise((resolve) => this.sleepers.push(resolve));
  }
}

const dies = (worker: FakeWorker) => worker.exit(null, 'SIGKILL');
const finishes = (worker: FakeWorker) => worker.emit({ type: 'result', data: { paused: false } });

function start(host: FakeHost, checkpoint: () => number = () => 0) {
  const configs: number[] = [];
  const handle = runComponent(
    host,
    'store',
    'store',
    () => {
      configs.push(checkpoint());
      return { projectId: host.projectId, resumeAt: checkpoint() } as unknown as UnitConfig<'store'>;
    },
    {},
  );
  return { handle, configs };
}

describe('component runner', () => {
  it('restarts a worker that dies with a growing delay, each time with the configuration built anew', async () => {
    const host = new FakeHost();
    let resumeAt = 0;
    host.launcher.onLaunch = (worker, index) => {
      resumeAt = index * 10;
      if (index < 3) dies(worker);
      else finishes(worker);
    };
    const { handle, configs } = start(host, () => resumeAt);
    expect(await handle.done).toEqual({ kind: 'result', result: { paused: false } });
    expect(host.launcher.workers).toHaveLength(4);
    expect(host.delays).toEqual([1000, 2000, 4000]);
    expect(host.restartsCounted).toBe(3);
    // Built at every launch from the checkpoint as it stood then.
    expect(configs).toEqual([0, 0, 10, 20]);
    expect(host.statuses).toEqual(['starting', 'running', 'failed', 'starting', 'running', 'failed', 'starting', 'running', 'failed', 'starting', 'running', 'completed']);
    expect(host.logs[0]).toBe('warn The store worker was killed by SIGKILL before it finished. Restarting in 1 s (restart 1 of at most 10).');
  });

  it('gives up after the most restarts in a row, saying so', async () => {
    const host = new FakeHost();
    host.launcher.onLaunch = dies;
    const { handle } = start(host);
    const outcome = await handle.done;
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.error.message).toBe(`The store worker was killed by SIGKILL before it finished. (gave up after ${MAX_RESTARTS} restarts)`);
    expect(host.launcher.workers).toHaveLength(MAX_RESTARTS + 1);
    expect(host.delays).toEqual(Array.from({ length: MAX_RESTARTS }, (_, i) => restartDelayMs(i)));
    expect(Math.max(...host.delays)).toBe(30_000);
  });

  it('counts only failures in a row: a worker that made progress before it died starts the count again', async () => {
    const host = new FakeHost();
    host.launcher.onLaunch = (worker, index) => {
      if (index === 15) return finishes(worker);
      // Every third worker gets something done before it dies.
      if (index % 3 === 2) worker.emit({ type: 'event', data: progress(index) });
      dies(worker);
    };
    const { handle } = start(host);
    expect((await handle.done).kind).toBe('result');
    expect(host.launcher.workers).toHaveLength(16);
    expect(Math.max(...host.delays)).toBe(4000);
  });

  it('fails at once on an error that is not retryable', async () => {
    const host = new FakeHost();
    host.launcher.onLaunch = (worker) => worker.emit({ type: 'error', error: { code: 'binlog_purged', message: 'The binlog was purged.', retryable: false } });
    const { handle } = start(host);
    const outcome = await handle.done;
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'binlog_purged', message: 'The binlog was purged.' } });
    expect(host.launcher.workers).toHaveLength(1);
    expect(host.delays).toEqual([]);
  });

  it('pauses during a restart delay without starting another worker', async () => {
    const host = new FakeHost();
    host.holdSleeps = true;
    host.launcher.onLaunch = dies;
    const { handle } = start(host);
    await settle();
    expect(host.delays).toEqual([1000]);
    handle.pause();
    expect(await handle.done).toEqual({ kind: 'paused' });
    expect(host.launcher.workers).toHaveLength(1);
  });

  it('asks a running worker to pause and ends paused with its result; a worker that dies while pausing is paused too', async () => {
    for (const end of ['result', 'death'] as const) {
      const host = new FakeHost();
      const { handle } = start(host);
      await settle();
      handle.pause();
      expect(host.launcher.last.sentTypes).toEqual(['pause']);
      if (end === 'result') host.launcher.last.emit({ type: 'result', data: { paused: true } });
      else dies(host.launcher.last);
      const outcome = await handle.done;
      expect(outcome.kind === 'paused' || (outcome.kind === 'result' && outcome.result.paused)).toBe(true);
      expect(host.statuses.at(-1)).toBe('paused');
      expect(host.launcher.workers).toHaveLength(1);
    }
  });

  it('holds a component on its own and starts it again when released, without ending the component', async () => {
    const host = new FakeHost();
    const { handle } = start(host);
    await settle();
    const control = host.components.get('store')!;
    host.heldKinds.add('store');
    const held = control.hold();
    expect(host.launcher.last.sentTypes).toEqual(['pause']);
    host.launcher.last.emit({ type: 'result', data: { paused: true } });
    await held;
    expect(host.statuses.at(-1)).toBe('paused');
    expect(host.logs.at(-1)).toContain('paused on its own');

    host.heldKinds.delete('store');
    host.launcher.onLaunch = finishes;
    control.release();
    expect(await handle.done).toEqual({ kind: 'result', result: { paused: false } });
    expect(host.launcher.workers).toHaveLength(2);
    expect(host.components.has('store')).toBe(false);
  });

  it('stops at once and records nothing more when the lease is lost', async () => {
    const host = new FakeHost();
    host.launcher.onLaunch = (worker) => worker.emit({ type: 'error', error: { code: 'lease_lost', message: 'fenced', retryable: true } });
    const { handle } = start(host);
    const outcome = await handle.done;
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'lease_lost', message: 'taken over at epoch 1' } });
    expect(host.launcher.workers).toHaveLength(1);
    expect(host.statuses).toEqual(['starting', 'running']);
  });
});
