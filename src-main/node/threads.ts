/**
 * Host threads under plain Node: the built bundle when it is up to date,
 * otherwise the TypeScript source through tsx (registered inside the thread,
 * since a thread does not inherit the loader of the process).
 */

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ThreadLauncher, ThreadName } from '../core/host';
import { CLI_SOURCES, freshBundle } from './fresh-bundle.js';

const SOURCES: Record<ThreadName, string> = {
  'lease-keeper': 'src-main/core/leases/keeper-thread.ts',
};

export class NodeThreads implements ThreadLauncher {
  constructor(private readonly root: string) {}

  start(name: ThreadName, data: unknown): Worker {
    const bundle = `out/main/${name}.js`;
    if (freshBundle(this.root, bundle, CLI_SOURCES)) return new Worker(join(this.root, bundle), { workerData: data });
    const tsx = import.meta.resolve('tsx/esm/api');
    const source = pathToFileURL(join(this.root, SOURCES[name])).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); })`;
    return new Worker(bootstrap, { eval: true, workerData: data });
  }
}
