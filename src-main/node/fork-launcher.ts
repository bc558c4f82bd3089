/**
 * Worker processes under plain Node (`cutover serve`, the CLI, tests):
 * child_process.fork of the worker entry, with the IPC channel as the pipe.
 * Running from the repository, TypeScript is loaded through tsx.
 *
 * A worker takes about a tenth of a second to start (Node, then its
 * contract): `prewarm` starts one for a label ahead of need (while a run
 * probes the servers), and the next launch of that label takes it. What it
 * sent or how it ended before then is kept for the one who takes it.
 */

import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { HostToWorker } from '../../src-shared/contract/worker';
import type { WorkerLauncher, WorkerProcess } from '../core/host';
import { workerV8Flags } from '../core/host';

const STDERR_KEEP = 4000;
/** A prewarmed worker that no launch took within this time is stopped. */
const SPARE_TTL_MS = 30_000;

/** A started child whose messages and end wait for listeners. */
class Started {
  private stderr = '';
  private readonly queued: unknown[] = [];
  private messageListener: ((message: unknown) => void) | null = null;
  private ended: [number | null, string | null] | null = null;
  private exitListeners: ((code: number | null, signal: string | null, detail: string) => void)[] = [];

  constructor(readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP);
    });
    // A send after the child died throws asynchronously through this event.
    child.on('error', () => undefined);
    child.on('message', (message: unknown) => {
      if (this.messageListener) this.messageListener(message);
      else this.queued.push(message);
    });
    child.once('exit', (code, signal) => {
      this.ended = [code, signal];
      for (const listener of this.exitListeners.splice(0)) this.notifyExit(listener);
    });
  }

  private notifyExit(listener: (code: number | null, signal: string | null, detail: string) => void): void {
    const lines = this.stderr.trim().split('\n').filter((l) => l.trim() && !l.startsWith('    at '));
    listener(this.ended![0], this.ended![1], lines.slice(-3).join(' ').slice(0, 600));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  process(): WorkerProcess {
    const { child } = this;
    return {
      pid: child.pid,
      send: (message: HostToWorker) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => {
        this.messageListener = listener;
        for (const message of this.queued.splice(0)) listener(message);
      },
      onExit: (listener) => {
        if (this.ended) this.notifyExit(listener);
        else this.exitListeners.push(listener);
      },
      kill: (signal = 'SIGTERM') => {
        if (this.alive) child.kill(signal);
      },
    };
  }
}

export class ForkLauncher implements WorkerLauncher {
  private readonly execArgv: string[];
  private readonly spares = new Map<string, { started: Started; timer: NodeJS.Timeout }>();

  constructor(
    private readonly entry: string,
    execArgv?: string[],
  ) {
    this.execArgv = execArgv ?? (entry.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : []);
  }

  private start(label: string): Started {
    return new Started(
      fork(this.entry, ['--cutover-unit', label], {
        execArgv: [...this.execArgv, ...workerV8Flags(label)],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'json',
      }),
    );
  }

  launch(label: string): WorkerProcess {
    const spare = this.spares.get(label);
    this.spares.delete(label);
    if (spare) clearTimeout(spare.timer);
    if (spare?.started.alive) {
      // Taken: it keeps its host alive again, as every worker does.
      spare.started.child.ref();
      spare.started.child.channel?.ref();
      return spare.started.process();
    }
    return this.start(label).process();
  }

  prewarm(label: string): void {
    if (this.spares.has(label)) return;
    const started = this.start(label);
    // Waiting to be taken, it does not keep its host running.
    started.child.unref();
    started.child.channel?.unref();
    const timer = setTimeout(() => {
      if (this.spares.get(label)?.started === started) this.spares.delete(label);
      started.child.kill();
    }, SPARE_TTL_MS);
    timer.unref();
    this.spares.set(label, { started, timer });
  }
}
