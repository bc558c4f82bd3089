/**
 * What a host (Electron main, `cutover serve`, the CLI) provides to the core.
 * The core never imports electron: everything platform-specific comes in here.
 */

import type { Worker } from 'node:worker_threads';
import type { HostToWorker } from '../../src-shared/contract/worker';

/** Seals passwords for storage; the sealed text is safe to write to disk. */
export interface SecretStore {
  readonly kind: 'os-keychain' | 'key-file';
  seal(plain: string): string;
  open(sealed: string): string;
}

/** One worker process, as the launcher started it. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: HostToWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone; `detail` holds the end of its stderr, if any. */
  onExit(listener: (code: number | null, signal: string | null, detail: string) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * V8 flags of a worker process, by its label. Incr-Sync allocates young
 * objects for every change and keeps a round of them alive while the
 * destination applies it: with 64 MB young-generation semi-spaces (16 by
 * default) most of them die there instead of being copied into the old
 * generation, which halved a 300k-change catch-up's garbage collection here
 * (0.83 s to 0.46 s of CPU) for about 60 MB more resident memory.
 */
export function workerV8Flags(label: string): string[] {
  return label === 'incr-sync' ? ['--max-semi-space-size=64'] : [];
}

export interface WorkerLauncher {
  /** Starts a fresh worker process; `label` names it in process listings and logs. */
  launch(label: string): WorkerProcess;
  /**
   * Starts a worker for `label` ahead of need, so that the next launch of
   * that label finds it started; one not taken soon is stopped. Optional: a
   * launcher without it starts every worker at launch.
   */
  prewarm?(label: string): void;
}

/** Threads of the host's own code, run off the main event loop. */
export const THREAD_NAMES = ['lease-keeper'] as const;
export type ThreadName = (typeof THREAD_NAMES)[number];

export interface ThreadLauncher {
  /** Starts the thread with `data` as its workerData. */
  start(name: ThreadName, data: unknown): Worker;
}

export interface Notifier {
  notify(title: string, body: string): void;
}

export interface Host {
  kind: 'desktop' | 'web' | 'cli';
  /** The state directory: state.db, the key file, exports. */
  home: string;
  user: string;
  version: string;
  secrets: SecretStore;
  launcher: WorkerLauncher;
  /** Absent where threads cannot run: the core then does that work on its main thread. */
  threads?: ThreadLauncher;
  notifier?: Notifier;
}
