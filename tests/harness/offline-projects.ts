/**
 * Projects that never reach a server, for what works on definitions alone
 * (exports, lists, the pages that show them): two data sources on ports
 * nothing listens on, and Full Migration projects between them.
 */

import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { ObjectSelection } from '../../src-shared/model/objects';

export interface OfflineProject {
  name: string;
  tags?: string[];
  objects: Partial<ObjectSelection>;
}

/** Creates the projects in order and returns their ids; `password` is the data sources' (to look for it where it must not be). */
export async function createOfflineProjects(core: CoreApp, projects: readonly OfflineProject[], password = 'offline-password-1'): Promise<string[]> {
  const source = await call(core.dispatch, 'datasources/create', { name: 'offline-src', host: '127.0.0.1', port: 1, user: 'u', password });
  const destination = await call(core.dispatch, 'datasources/create', { name: 'offline-dst', host: '127.0.0.1', port: 2, user: 'u', password });
  const ids: string[] = [];
  for (const project of projects) {
    const created = await call(core.dispatch, 'projects/create', {
      name: project.name,
      tags: project.tags ?? [],
      types: ['full'],
      sourceId: source.id,
      destinationId: destination.id,
      objects: project.objects,
    });
    ids.push(created.id);
  }
  return ids;
}
