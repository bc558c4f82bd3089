/** Worker processes in the desktop app: Electron utility processes running the bundled worker entry. */

import type { UtilityProcess } from 'electron';
import type { HostToWorker } from '../../src-shared/contract/worker';
import type { WorkerLauncher, WorkerProcess } from '../core/host';
import { workerV8Flags } from '../core/host';

type Fork = (modulePath: string, args: string[], options: { serviceName: string; stdio: 'pipe'; execArgv: string[] }) => UtilityProcess;

const STDERR_KEEP = 4000;

export class UtilityLauncher implements WorkerLauncher {
  constructor(
    private readonly fork: Fork,
    private readonly entry: string,
  ) {}

  launch(label: string): WorkerProcess {
    const child = this.fork(this.entry, ['--cutover-unit', label], { serviceName: `Cutover ${label}`, stdio: 'pipe', execArgv: workerV8Flags(label) });
    let stderr = '';
    let exited = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    child.stdout?.on('data', () => undefined);
    return {
      get pid() {
        return child.pid;
      },
      send: (message: HostToWorker) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) =>
        child.once('exit', (code) => {
          exited = true;
          listener(code, null, stderr.trim().split('\n').slice(-3).join(' ').slice(0, 600));
        }),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  }
}
