/**
 * The pipe to the host: Electron's utilityProcess parent port in the desktop
 * app, Node's IPC channel under child_process.fork elsewhere.
 */

import type { WorkerToHost } from '../../src-shared/contract/worker';

export interface Channel {
  send(message: WorkerToHost): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function openChannel(): Channel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (typeof process.send === 'function') {
    return {
      send: (message) => {
        process.send!(message);
      },
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('This worker must be started by Cutover (no parent channel found).');
}
