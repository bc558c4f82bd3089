/** `cutover serve`: the browser host. Runs until Ctrl-C. */

import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../node/node-host';
import { startWebServer } from '../../web/server';
import { optionalString, parse, requirePort } from '../args';
import type { CliContext } from '../context';
import { printLines } from '../output';

const USAGE = 'cutover serve [--port N] [--host ADDRESS]';

export async function serve(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { port: { type: 'string' }, host: { type: 'string' } }, USAGE, { min: 0, max: 0 });
  const port = requirePort(optionalString(parsed, 'port') ?? '4711', USAGE);
  const host = optionalString(parsed, 'host') ?? '127.0.0.1';
  const server = await startWebServer({ core: context.core, rendererDir: join(PACKAGE_ROOT, 'out', 'renderer'), port, host });
  // Projects left Running by a host that stopped go on here.
  context.core.services.orchestrator.resumeRunning();
  context.core.services.switchover.resumeUnderway();
  context.core.services.release.resumeReleasing();
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  printLines([
    `Cutover is serving ${context.core.services.host.home}`,
    `Open: ${server.url}`,
    ...(loopback ? [] : [`Warning: listening on ${host}, not only this machine; anyone with the token can use it.`]),
    'Press Ctrl-C to stop.',
  ]);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
