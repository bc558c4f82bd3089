/**
 * Worker processes under plain Node (`cutover serve`, the CLI, tests):
 * child_process.fork of the worker entry, with the IPC channel as the pipe.
 * Running from the repository, TypeScript is loaded through tsx.
 */

import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { HostToWorker } from '../../src-shared/contract/worker';
import type { WorkerLauncher, WorkerProcess } from '../core/host';

const STDERR_KEEP = 4000;

export class ForkLauncher implements WorkerLauncher {
  private readonly execArgv: string[];

  constructor(
    private readonly entry: string,
    execArgv?: string[],
  ) {
    this.execArgv = execArgv ?? (entry.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : []);
  }

  launch(label: string): WorkerProcess {
    const child = fork(this.entry, ['--cutover-unit', label], {
      execArgv: this.execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    // A send after the child died throws asynchronously through this event.
    child.on('error', () => undefined);
    return {
      pid: child.pid,
      send: (message: HostToWorker) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) =>
        child.once('exit', (code, signal) => {
          const lines = stderr.trim().split('\n').filter((l) => l.trim() && !l.startsWith('    at '));
          listener(code, signal, lines.slice(-3).join(' ').slice(0, 600));
        }),
      kill: (signal = 'SIGTERM') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
    };
  }
}
