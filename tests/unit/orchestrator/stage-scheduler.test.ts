import { describe, expect, it } from 'vitest';
import type { StageId, StageStatus } from '../../../src-shared/model';
import { stagePlan, startable, waitingAt } from '../../../src-main/core/orchestrator/stage-plan';
import type { SchedulerPort, ServiceRun, StageRun } from '../../../src-main/core/orchestrator/stage-scheduler';
import { StageScheduler } from '../../../src-main/core/orchestrator/stage-scheduler';
import type { StageOutcome } from '../../../src-main/core/orchestrator/stages/outcome';
import type { ServiceName, StartCondition } from '../../../src-main/core/orchestrator/stage-plan';

/** A deferred outcome the test settles when it wants the stage (or service) to end. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A port whose stages run until the test ends them: it records the order of
 * everything the scheduler did, and a paused stage ends paused at once, as a
 * worker that checkpoints does.
 */
class FakePort implements SchedulerPort {
  readonly statuses = new Map<StageId, StageStatus>();
  readonly log: string[] = [];
  readonly stages = new Map<StageId, ReturnType<typeof deferred<StageOutcome>>>();
  readonly services = new Map<ServiceName, ReturnType<typeof deferred<string | null>>>();
  /** Stages that refuse to start (their worker cannot be launched). */
  readonly refuse = new Set<StageId>();
  caughtUp = false;
  /** Tables are being added to the running project (F-17). */
  modifying = false;
  reverseRequested = false;

  constructor(initial: Partial<Record<StageId, StageStatus>> = {}) {
    for (const [stage, status] of Object.entries(initial)) this.statuses.set(stage as StageId, status);
  }

  status(stage: StageId): StageStatus {
    return this.statuses.get(stage) ?? 'not_started';
  }

  met(condition: StartCondition): boolean {
    switch (condition) {
      case 'replay-caught-up':
        return this.caughtUp;
      case 'objects-settled':
        return !this.modifying;
      case 'reverse-requested':
        return this.reverseRequested;
    }
  }

  begin(stage: StageId): void {
    this.statuses.set(stage, 'running');
    this.log.push(`begin ${stage}`);
  }

  record(stage: StageId, outcome: StageOutcome): void {
    const status: Record<StageOutcome['kind'], StageStatus | null> = { completed: 'completed', paused: 'paused', failed: 'failed', skipped: 'skipped', waiting: null };
    const next = status[outcome.kind];
    if (next) this.statuses.set(stage, next);
    this.log.push(`${outcome.kind} ${stage}${outcome.kind === 'failed' ? `: ${outcome.error}` : ''}`);
  }

  async run(stage: StageId): Promise<StageRun> {
    if (this.refuse.has(stage)) throw new Error(`cannot launch ${stage}`);
    const outcome = deferred<StageOutcome>();
    this.stages.set(stage, outcome);
    return { outcome: outcome.promise, pause: () => outcome.resolve({ kind: 'paused' }) };
  }

  async startService(name: ServiceName): Promise<ServiceRun> {
    this.log.push(`start ${name}`);
    const ended = deferred<string | null>();
    this.services.set(name, ended);
    return {
      ended: ended.promise.then((error) => {
        this.log.push(`stopped ${name}`);
        return error;
      }),
      pause: () => ended.resolve(null),
    };
  }

  complete(stage: StageId): void {
    this.stages.get(stage)!.resolve({ kind: 'completed' });
  }
}

const ALL: StageId[] = ['schema', 'full', 'incremental', 'verification', 'switchover', 'reverse'];

describe('stage plan', () => {
  it('puts the Store beside the full copy only when a replay follows it', () => {
    expect(stagePlan(['schema', 'full'], ['schema', 'full']).find((s) => s.stage === 'full')?.services).toEqual([]);
    expect(stagePlan(['schema', 'full', 'incremental'], ['schema', 'full', 'incremental']).find((s) => s.stage === 'full')?.services).toEqual(['store']);
  });

  it('lets a stage wait only on the stages the project has', () => {
    const plan = stagePlan(['incremental'], ['incremental', 'switchover']);
    expect(plan.map((s) => [s.stage, s.after])).toEqual([
      ['incremental', []],
      ['switchover', []],
    ]);
  });

  it('starts the replay and verification side by side once the copy is done, never the user-driven stages', () => {
    const plan = stagePlan(['schema', 'full', 'incremental'], ALL);
    const status = (done: StageId[]) => (stage: StageId): StageStatus => (done.includes(stage) ? 'completed' : 'not_started');
    expect(startable(plan, status([]), new Set()).map((s) => s.stage)).toEqual(['schema']);
    expect(startable(plan, status(['schema']), new Set()).map((s) => s.stage)).toEqual(['full']);
    const caughtUp = (yes: boolean) => () => yes;
    expect(startable(plan, status(['schema', 'full']), new Set(), caughtUp(false)).map((s) => s.stage)).toEqual(['incremental']);
    expect(startable(plan, status(['schema', 'full']), new Set(['incremental'] as StageId[]), caughtUp(false))).toEqual([]);
    expect(startable(plan, status(['schema', 'full']), new Set(['incremental'] as StageId[]), caughtUp(true)).map((s) => s.stage)).toEqual(['verification']);
    expect(waitingAt(plan, status(['schema', 'full']))).toBe('incremental');
    expect(waitingAt(plan, status(ALL))).toBeNull();
  });

  it('continues a paused or failed stage, and passes over skipped ones', () => {
    const plan = stagePlan(['schema', 'full'], ['schema', 'full']);
    const status: Record<string, StageStatus> = { schema: 'skipped', full: 'failed' };
    expect(startable(plan, (s) => status[s]!, new Set()).map((s) => s.stage)).toEqual(['full']);
  });
});

describe('stage scheduler', () => {
  it('runs stages in their order, starting the Store before the copy and stopping it when the run ends', async () => {
    const port = new FakePort();
    const scheduler = new StageScheduler(stagePlan(['schema', 'full', 'incremental'], ['schema', 'full', 'incremental', 'switchover']), port);
    const ended = scheduler.run();
    await tick();
    port.complete('schema');
    await tick();
    port.complete('full');
    await tick();
    expect(port.stages.has('incremental')).toBe(true);
    scheduler.requestPause();
    expect(await ended).toEqual({ kind: 'paused' });
    expect(port.log).toEqual(['begin schema', 'completed schema', 'start store', 'begin full', 'completed full', 'begin incremental', 'paused incremental', 'stopped store']);
  });

  it('starts reverse incremental, with a Store of its own, only once the switchover asks for it', async () => {
    const types = ['schema', 'full', 'incremental', 'reverse'] as const;
    const done = { schema: 'completed', full: 'completed', incremental: 'completed' } as const;
    const early = new FakePort({ ...done, switchover: 'running' });
    expect(await new StageScheduler(stagePlan(types, [...types.slice(0, 3), 'switchover', 'reverse']), early).run()).toEqual({ kind: 'waiting', stage: 'switchover' });
    expect(early.log).toEqual([]);

    const asked = new FakePort({ ...done, switchover: 'running' });
    asked.reverseRequested = true;
    const scheduler = new StageScheduler(stagePlan(types, [...types.slice(0, 3), 'switchover', 'reverse']), asked);
    const ended = scheduler.run();
    await tick();
    expect(asked.stages.has('reverse')).toBe(true);
    scheduler.requestPause();
    expect(await ended).toEqual({ kind: 'paused' });
    expect(asked.log).toEqual(['start reverse-store', 'begin reverse', 'paused reverse', 'stopped reverse-store']);
  });

  it('ends waiting at the user-driven switchover', async () => {
    const port = new FakePort({ schema: 'completed' });
    const scheduler = new StageScheduler(stagePlan(['schema', 'full', 'verification'], ['schema', 'full', 'verification', 'switchover', 'reverse']), port);
    const ended = scheduler.run();
    await tick();
    port.complete('full');
    await tick();
    // Without a replay, verification starts as soon as the copy is done.
    port.complete('verification');
    expect(await ended).toEqual({ kind: 'waiting', stage: 'switchover' });

    const noVerify = new FakePort({ schema: 'completed', full: 'completed' });
    expect(await new StageScheduler(stagePlan(['schema', 'full'], ['schema', 'full', 'switchover']), noVerify).run()).toEqual({ kind: 'waiting', stage: 'switchover' });
    expect(noVerify.log).toEqual([]);

    const done = new FakePort({ schema: 'completed', full: 'completed' });
    expect(await new StageScheduler(stagePlan(['schema', 'full'], ['schema', 'full']), done).run()).toEqual({ kind: 'waiting', stage: null });
  });

  it('resumes after a crash from the recorded states: completed stages are not run again', async () => {
    const port = new FakePort({ schema: 'completed', full: 'running' });
    const scheduler = new StageScheduler(stagePlan(['schema', 'full', 'incremental'], ['schema', 'full', 'incremental']), port);
    const ended = scheduler.run();
    await tick();
    expect([...port.stages.keys()]).toEqual(['full']);
    port.complete('full');
    await tick();
    scheduler.requestPause();
    await ended;
    expect(port.log).toEqual(['start store', 'begin full', 'completed full', 'begin incremental', 'paused incremental', 'stopped store']);
  });

  it('fails the run with the stage that failed, pausing the stages running beside it', async () => {
    const port = new FakePort({ schema: 'completed', full: 'completed' });
    // Two stages runnable at once: a replay and (as a stand-in for a second runnable stage) a full copy that is not done.
    port.statuses.set('full', 'paused');
    const plan = stagePlan(['full', 'incremental'], ['full', 'incremental']).map((s) => ({ ...s, after: [] }));
    const scheduler = new StageScheduler(plan, port);
    const ended = scheduler.run();
    await tick();
    expect([...port.stages.keys()].sort()).toEqual(['full', 'incremental']);
    port.stages.get('full')!.resolve({ kind: 'failed', error: 'Duplicate entry' });
    expect(await ended).toEqual({ kind: 'failed', stage: 'full', error: 'Duplicate entry' });
    expect(port.status('incremental')).toBe('paused');
    expect(port.log.at(-1)).toBe('stopped store');
  });

  it('fails the stages that need a service that failed, with its error', async () => {
    const port = new FakePort({ schema: 'completed' });
    const scheduler = new StageScheduler(stagePlan(['schema', 'full', 'incremental'], ['schema', 'full', 'incremental']), port);
    const ended = scheduler.run();
    await tick();
    port.services.get('store')!.resolve('binlog purged');
    expect(await ended).toEqual({ kind: 'failed', stage: 'full', error: 'Store failed: binlog purged' });
    expect(port.status('full')).toBe('failed');
    expect(port.status('incremental')).toBe('not_started');
  });

  it('records a stage that cannot be launched as failed and starts nothing after it', async () => {
    const port = new FakePort();
    port.refuse.add('schema');
    const scheduler = new StageScheduler(stagePlan(['schema', 'full'], ['schema', 'full']), port);
    expect(await scheduler.run()).toEqual({ kind: 'failed', stage: 'schema', error: 'cannot launch schema' });
    expect(port.log).toEqual(['begin schema', 'failed schema: cannot launch schema']);
  });

  it('turns a stage that throws into a failure rather than a stalled run', async () => {
    const port = new FakePort();
    const scheduler = new StageScheduler(stagePlan(['schema'], ['schema']), port);
    const ended = scheduler.run();
    await tick();
    port.stages.get('schema')!.reject(new Error('worker exited'));
    expect(await ended).toEqual({ kind: 'failed', stage: 'schema', error: 'worker exited' });
  });

  it('pauses the project when a stage pauses on its own', async () => {
    const port = new FakePort({ schema: 'completed' });
    const scheduler = new StageScheduler(stagePlan(['schema', 'full'], ['schema', 'full', 'switchover']), port);
    const ended = scheduler.run();
    await tick();
    port.stages.get('full')!.resolve({ kind: 'paused' });
    expect(await ended).toEqual({ kind: 'paused' });
  });

  it('starts verification beside the running replay once the replay has caught up, and resumes it later without waiting again', async () => {
    const plan = stagePlan(['schema', 'full', 'incremental', 'verification'], ['schema', 'full', 'incremental', 'verification', 'switchover']);
    expect(plan.find((s) => s.stage === 'verification')?.when).toEqual(['replay-caught-up', 'objects-settled']);
    const port = new FakePort({ schema: 'completed', full: 'completed' });
    const scheduler = new StageScheduler(plan, port);
    const ended = scheduler.run();
    await tick();
    expect([...port.stages.keys()]).toEqual(['incremental']);
    scheduler.recheck();
    await tick();
    expect([...port.stages.keys()]).toEqual(['incremental']);
    // Caught up, but tables are being added: verification waits for them to join the replay.
    port.caughtUp = true;
    port.modifying = true;
    scheduler.recheck();
    await tick();
    expect([...port.stages.keys()]).toEqual(['incremental']);
    port.modifying = false;
    scheduler.recheck();
    await tick();
    expect([...port.stages.keys()]).toEqual(['incremental', 'verification']);
    port.complete('verification');
    await tick();
    expect(port.status('incremental')).toBe('running');
    scheduler.requestPause();
    expect(await ended).toEqual({ kind: 'paused' });

    // Paused mid-verification, then started again while the replay lags: both resume at once.
    const again = new FakePort({ schema: 'completed', full: 'completed', incremental: 'paused', verification: 'paused' });
    const resumed = new StageScheduler(plan, again);
    const resumedEnd = resumed.run();
    await tick();
    expect([...again.stages.keys()]).toEqual(['incremental', 'verification']);
    resumed.requestPause();
    await resumedEnd;
  });

  it('skips one running stage on request while the replay runs on', async () => {
    const plan = stagePlan(['schema', 'full', 'incremental', 'verification'], ['schema', 'full', 'incremental', 'verification', 'switchover']);
    const port = new FakePort({ schema: 'completed', full: 'completed', incremental: 'monitoring', verification: 'paused' });
    const scheduler = new StageScheduler(plan, port);
    const ended = scheduler.run();
    await tick();
    expect(scheduler.endStage('switchover', { kind: 'skipped' })).toBe(false);
    expect(scheduler.endStage('verification', { kind: 'skipped' })).toBe(true);
    await tick();
    expect(port.status('verification')).toBe('skipped');
    expect(port.status('incremental')).toBe('running');
    scheduler.requestPause();
    expect(await ended).toEqual({ kind: 'paused' });
  });

  it('starts nothing when paused before the first stage', async () => {
    const port = new FakePort();
    const scheduler = new StageScheduler(stagePlan(['schema', 'full'], ['schema', 'full']), port);
    scheduler.requestPause();
    expect(await scheduler.run()).toEqual({ kind: 'paused' });
    expect(port.log).toEqual([]);
  });
});
