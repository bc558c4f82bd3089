#!/usr/bin/env node
// The `cutover` command: runs the CLI from the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exit(await main(process.argv.slice(2)));
