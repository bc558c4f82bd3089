/**
 * The main thread's side of the lease keeper (keeper-thread.ts): starts
 * the thread when the first lease is taken, tells it which leases to renew,
 * and passes on the news that one was lost. If the thread cannot run, the
 * leases are renewed on the main event loop instead, and the log says so.
 */

import type { Worker } from 'node:worker_threads';
import type { ThreadLauncher } from '../host';

export interface KeeperSettings {
  stateFile: string;
  holder: string;
  ttlMs: number;
  renewMs: number;
}

export type KeeperIn = { type: 'hold'; projectId: string; epoch: number } | { type: 'release'; projectId: string } | { type: 'close' };
export type KeeperOut = { type: 'lost'; projectId: string; epoch: number; holder: string | null };

export interface LeaseLoss {
  projectId: string;
  epoch: number;
  /** Who holds the project now ("host:pid"), if anyone. */
  holder: string | null;
}

export class LeaseKeeper {
  private thread: Worker | null = null;
  private fallback: NodeJS.Timeout | null = null;
  private readonly held = new Map<string, number>();

  constructor(
    private readonly settings: KeeperSettings,
    private readonly threads: ThreadLauncher | undefined,
    /** Renews on the main thread; returns the leases found lost. */
    private readonly renewHere: (held: ReadonlyMap<string, number>) => LeaseLoss[],
    private readonly onLost: (loss: LeaseLoss) => void,
    private readonly warn: (message: string) => void,
  ) {}

  hold(projectId: string, epoch: number): void {
    this.held.set(projectId, epoch);
    this.start();
    this.post({ type: 'hold', projectId, epoch });
  }

  release(projectId: string): void {
    this.held.delete(projectId);
    this.post({ type: 'release', projectId });
    if (this.held.size === 0) this.stop();
  }

  stop(): void {
    if (this.fallback) clearInterval(this.fallback);
    this.fallback = null;
    const thread = this.thread;
    this.thread = null;
    if (thread) {
      thread.removeAllListeners();
      thread.on('error', () => undefined);
      thread.postMessage({ type: 'close' } satisfies KeeperIn);
      void thread.terminate();
    }
  }

  private post(message: KeeperIn): void {
    this.thread?.postMessage(message);
  }

  private start(): void {
    if (this.thread || this.fallback) return;
    if (!this.threads) return this.renewOnMainThread('this host has no threads');
    let thread: Worker;
    try {
      thread = this.threads.start('lease-keeper', this.settings);
    } catch (error) {
      return this.renewOnMainThread(String(error));
    }
    thread.unref();
    thread.on('message', (message: KeeperOut) => {
      if (message.type !== 'lost' || this.held.get(message.projectId) !== message.epoch) return;
      this.held.delete(message.projectId);
      this.onLost(message);
    });
    thread.on('error', (error) => {
      this.thread = null;
      this.renewOnMainThread(error.message);
    });
    this.thread = thread;
  }

  private renewOnMainThread(reason: string): void {
    this.warn(`The lease keeper thread could not run (${reason}); leases are renewed on the main thread, where a long stall can lose them.`);
    const tick = () => {
      for (const loss of this.renewHere(this.held)) {
        this.held.delete(loss.projectId);
        this.onLost(loss);
      }
    };
    this.fallback = setInterval(tick, this.settings.renewMs);
    this.fallback.unref();
  }
}
