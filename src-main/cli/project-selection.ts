/** How a command over several projects is told which: `--ids A,B` (in that order) or `--tag T` (every project with the tag). */

import { AppError } from '../../src-shared/errors';
import type { Parsed } from './args';
import { optionalString, UsageError } from './args';
import type { CliContext } from './context';

export const PROJECT_SELECTION_OPTIONS = { ids: { type: 'string' }, tag: { type: 'string' } } as const;

/** The ids given or tagged, each once; a usage error unless exactly one of --ids and --tag is given. */
export async function selectedProjectIds(parsed: Parsed, usage: string, context: CliContext): Promise<string[]> {
  const idsText = optionalString(parsed, 'ids');
  const tag = optionalString(parsed, 'tag');
  if ((idsText === undefined) === (tag === undefined)) throw new UsageError(`give the projects with either --ids or --tag\nusage: ${usage}`);
  const ids = idsText !== undefined ? idsText.split(',').map((i) => i.trim()).filter(Boolean) : (await context.call('projects/list', { tag })).map((p) => p.id);
  if (ids.length === 0) {
    throw new AppError({
      code: 'not_found',
      message: tag !== undefined ? `No project has the tag "${tag}".` : 'No project ids given.',
      workaround: 'See the projects, their ids and tags with `cutover project list`.',
    });
  }
  return [...new Set(ids)];
}
