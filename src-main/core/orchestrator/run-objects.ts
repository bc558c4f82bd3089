/**
 * At the first start of a project: check both servers and resolve the
 * object selection on the source into the objects this run migrates.
 */

import { AppError } from '../../../src-shared/errors';
import type { Flavour } from '../../../src-shared/model';
import { runUnit } from '../workers/run-unit';
import type { RunContext } from './run-context';

export interface EndpointFlavours {
  source: Flavour;
  destination: Flavour;
}

const PROBE_TIMEOUT_MS = 5 * 60_000;

export async function prepareRun(context: RunContext): Promise<EndpointFlavours> {
  const { services, projectId } = context;
  const project = context.project;
  const { source, destination } = context.connections();
  const [resolved, destinationProbe] = await Promise.all([
    runUnit(services.host.launcher, 'probe', { op: 'resolve', connection: source, objects: project.objects }, { timeoutMs: PROBE_TIMEOUT_MS }),
    runUnit(services.host.launcher, 'probe', { op: 'test', connection: destination }, { timeoutMs: PROBE_TIMEOUT_MS }),
  ]);
  if (resolved.op !== 'resolve') throw new AppError({ code: 'worker_failed', message: 'The probe worker answered the wrong question.' });
  for (const [side, identity] of [['source', resolved.identity], ['destination', destinationProbe.identity]] as const) {
    if (!identity.flavour) {
      throw new AppError({ code: 'unsupported_server', message: `The ${side} server is not supported: ${identity.unsupportedReason ?? identity.versionString}` });
    }
  }
  if (services.objects.count(projectId) === 0) {
    services.objects.insertAll(projectId, resolved.objects);
    const tables = resolved.objects.filter((o) => o.kind === 'table').length;
    services.logs.write('info', 'host', `Resolved ${tables} tables and ${resolved.objects.length - tables} views to migrate.`, projectId);
    for (const warning of resolved.warnings) services.logs.write('warn', 'host', warning.message, projectId);
  }
  return { source: resolved.identity.flavour!, destination: destinationProbe.identity.flavour! };
}
