/**
 * A worker launcher with no processes behind it: each launched worker is a
 * script the test drives — it says what the worker sends, when it exits, and
 * sees what the host sent it. For testing the host's side of the worker
 * protocol (sessions, supervision, restarts) without a database or a fork.
 */

import type { HostToWorker } from '../../src-shared/contract/worker';
import type { WorkerLauncher, WorkerProcess } from '../../src-main/core/host';

export class FakeWorker implements WorkerProcess {
  readonly sent: HostToWorker[] = [];
  private messageListeners: ((message: unknown) => void)[] = [];
  private exitListeners: ((code: number | null, signal: string | null, detail: string) => void)[] = [];
  exited = false;
  killedWith: NodeJS.Signals | null = null;

  constructor(
    readonly label: string,
    readonly pid: number,
  ) {}

  send(message: HostToWorker): void {
    if (!this.exited) this.sent.push(message);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (code: number | null, signal: string | null, detail: string) => void): void {
    this.exitListeners.push(listener);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.killedWith ??= signal;
    this.exit(null, signal);
  }

  /** The worker sends `message` to the host. */
  emit(message: unknown): void {
    if (this.exited) return;
    for (const listener of this.messageListeners) listener(message);
  }

  /** The worker process ends. */
  exit(code: number | null, signal: string | null = null, detail = ''): void {
    if (this.exited) return;
    this.exited = true;
    for (const listener of this.exitListeners) listener(code, signal, detail);
  }

  /** The types of the messages the host sent, in order. */
  get sentTypes(): string[] {
    return this.sent.map((m) => m.type);
  }
}

export class FakeLauncher implements WorkerLauncher {
  readonly workers: FakeWorker[] = [];
  /** Run on every launch, before the host sees the worker: a script of what this worker will do. */
  onLaunch: (worker: FakeWorker, index: number) => void = () => undefined;
  private nextPid = 1000;

  launch(label: string): WorkerProcess {
    const worker = new FakeWorker(label, this.nextPid++);
    this.workers.push(worker);
    const index = this.workers.length - 1;
    // As a real process does, the worker speaks only once the host has attached its listeners.
    queueMicrotask(() => this.onLaunch(worker, index));
    return worker;
  }

  get last(): FakeWorker {
    const worker = this.workers.at(-1);
    if (!worker) throw new Error('no worker was launched');
    return worker;
  }
}

/** Lets queued promise callbacks and microtasks run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
