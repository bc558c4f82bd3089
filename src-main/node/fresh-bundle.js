// Plain JavaScript, so that bin/cutover.mjs can use it before any TypeScript loader runs.
//
// Runs from the built bundle (out/main) when it is newer than every source file
// it was built from, and from the TypeScript sources through tsx otherwise: the
// bundle starts in about a third of the time, and an edit that was not built
// yet is never run stale.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The sources each bundle is built from. */
export const WORKER_SOURCES = ['src-worker', 'src-shared'];
export const CLI_SOURCES = ['src-main', 'src-worker', 'src-shared'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const cache = new Map();

export function freshBundle(root, bundle, sourceDirs) {
  const key = [bundle, ...sourceDirs].join('\u0000');
  if (!cache.has(key)) {
    const path = join(root, bundle);
    cache.set(key, existsSync(path) && statSync(path).mtimeMs >= Math.max(...sourceDirs.map((d) => newestMtime(join(root, d)))));
  }
  return cache.get(key);
}
