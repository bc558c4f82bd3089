/** What every CLI command works with: the core of this process and the contract's `call`. */

import type { Method, RequestOf, Responses } from '../../src-shared/contract/ipc';
import { AppError } from '../../src-shared/errors';
import type { DataSource, ProjectDetail } from '../../src-shared/model';
import { call } from '../core/api/dispatch';
import type { CoreApp } from '../core/app';
import { createApp } from '../core/app';
import { createNodeHost } from '../node/node-host';

export interface CliContext {
  core: CoreApp;
  json: boolean;
  call<M extends Method>(method: M, input: RequestOf<M>): Promise<Responses[M]>;
}

export function createContext(home: string, kind: 'cli' | 'web', json: boolean): CliContext {
  const core = createApp(createNodeHost(kind, home));
  return { core, json, call: (method, input) => call(core.dispatch, method, input) as never };
}

export async function findDataSource(context: CliContext, name: string): Promise<DataSource> {
  const all = await context.call('datasources/list', {});
  const found = all.find((d) => d.name.toLowerCase() === name.toLowerCase()) ?? all.find((d) => d.id === name);
  if (!found) {
    throw new AppError({ code: 'not_found', message: `No data source is named "${name}".`, workaround: 'See the names with `cutover datasource list`.' });
  }
  return found;
}

/** A project by id, or by exact name when no id matches. */
export async function findProject(context: CliContext, ref: string): Promise<ProjectDetail> {
  try {
    return await context.call('projects/get', { id: ref });
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'not_found' && error.code !== 'invalid_input')) throw error;
  }
  const named = (await context.call('projects/list', { search: ref })).find((p) => p.name.toLowerCase() === ref.toLowerCase());
  if (!named) throw new AppError({ code: 'not_found', message: `No project has the id or name "${ref}".`, workaround: 'See them with `cutover project list`.' });
  return context.call('projects/get', { id: named.id });
}
