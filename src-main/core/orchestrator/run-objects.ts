/**
 * Before a project runs: check both servers and resolve the object selection
 * on the source into the objects the run migrates.
 */

import { AppError } from '../../../src-shared/errors';
import type { ResolvedRunObject } from '../../../src-shared/contract/units/probe';
import type { Flavour, ObjectSelection } from '../../../src-shared/model';
import { runUnit } from '../workers/run-unit';
import type { RunContext } from './run-context';

export interface EndpointFlavours {
  source: Flavour;
  destination: Flavour;
}

const PROBE_TIMEOUT_MS = 5 * 60_000;

export interface ResolvedRun {
  flavours: EndpointFlavours;
  objects: ResolvedRunObject[];
  warnings: { message: string }[];
}

/** Identifies both servers and resolves the selection (the project's, or other rules), changing nothing. */
export async function resolveRun(context: RunContext, objects?: ObjectSelection): Promise<ResolvedRun> {
  const project = context.project;
  if (!objects) context.services.projects.assertSelectionValid(project);
  const { source, destination } = context.connections();
  const resolved = await runUnit(context.launcher, 'probe', { op: 'prepare', connection: source, destination, objects: objects ?? project.objects }, { timeoutMs: PROBE_TIMEOUT_MS });
  if (resolved.op !== 'prepare') throw new AppError({ code: 'worker_failed', message: 'The probe worker answered the wrong question.' });
  for (const [side, identity] of [['source', resolved.identity], ['destination', resolved.destination]] as const) {
    if (!identity.flavour) {
      throw new AppError({ code: 'unsupported_server', message: `The ${side} server is not supported: ${identity.unsupportedReason ?? identity.versionString}` });
    }
  }
  return { flavours: { source: resolved.identity.flavour!, destination: resolved.destination.flavour! }, objects: resolved.objects, warnings: resolved.warnings };
}

/** At the first start, the resolved objects become the run's objects; later starts keep them. */
export async function prepareRun(context: RunContext): Promise<EndpointFlavours> {
  const { services, projectId } = context;
  const resolved = await resolveRun(context);
  if (services.objects.count(projectId) === 0) {
    services.objects.insertAll(projectId, resolved.objects);
    const tables = resolved.objects.filter((o) => o.kind === 'table').length;
    services.logs.write('info', 'host', `Resolved ${tables} tables and ${resolved.objects.length - tables} views to migrate.`, projectId);
    for (const warning of resolved.warnings) services.logs.write('warn', 'host', warning.message, projectId);
  }
  return resolved.flavours;
}
