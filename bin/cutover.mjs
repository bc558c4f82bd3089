#!/usr/bin/env node
// The `cutover` command: runs the built CLI when it is newer than its sources
// (it starts faster), and the TypeScript sources through tsx otherwise.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_SOURCES, freshBundle } from '../src-main/node/fresh-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let main;
if (freshBundle(root, 'out/main/cli.js', CLI_SOURCES)) {
  ({ main } = await import('../out/main/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src-main/cli/main.ts'));
}
process.exit(await main(process.argv.slice(2)));
