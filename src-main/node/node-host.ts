/** The Host for plain Node processes: `cutover serve` and the CLI. */

import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Host } from '../core/host';
import { FileKeySecretStore } from '../core/secrets/file-key-store';
import { freshBundle, WORKER_SOURCES } from './fresh-bundle.js';
import { ForkLauncher } from './fork-launcher';
import { NodeThreads } from './threads';

const WORKER_BUNDLE = 'out/main/worker.js';
import { readFileSync } from 'node:fs';

/** The repository (or installed package) root, where src-worker and out/ live. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export function workerEntry(): string {
  return freshBundle(PACKAGE_ROOT, WORKER_BUNDLE, WORKER_SOURCES) ? join(PACKAGE_ROOT, WORKER_BUNDLE) : join(PACKAGE_ROOT, 'src-worker', 'entry.ts');
}

export function createNodeHost(kind: 'web' | 'cli', home: string): Host {
  return {
    kind,
    home,
    user: currentUser(),
    version: packageVersion(),
    secrets: new FileKeySecretStore(home),
    launcher: new ForkLauncher(workerEntry()),
    threads: new NodeThreads(PACKAGE_ROOT),
  };
}
