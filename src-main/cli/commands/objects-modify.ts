/**
 * `cutover objects modify ID --add RULES --remove TABLES`: adds and removes
 * tables of a running project (F-17). The process that runs the project
 * does it (asked through the state database when that is another process);
 * the project then shows Modifying → Integrating → Running.
 */

import { PROJECT_STATUS_LABELS } from '../../../src-shared/model';
import { formatName } from '../../../src-shared/settings/object-names';
import { parse, UsageError } from '../args';
import type { CliContext } from '../context';
import { findProject } from '../context';
import { printJson, printLines } from '../output';

const USAGE = 'cutover objects modify ID [--add db.t,db.t_*,src.t=dst.t] [--remove db.t,db.u] [--json]';

/** A comma-separated list, blanks dropped. */
function listOption(value: string | boolean | undefined): string[] {
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : [];
}

export async function modifyObjects(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { add: { type: 'string' }, remove: { type: 'string' } }, USAGE, { min: 1, max: 1 });
  const add = listOption(parsed.values.add);
  const remove = listOption(parsed.values.remove);
  if (add.length === 0 && remove.length === 0) throw new UsageError(`give tables to --add or to --remove\nusage: ${USAGE}`);
  const project = await findProject(context, parsed.positionals[0]);
  const detail = await context.call('objects/modifyRunning', { id: project.id, add, remove });
  const modification = detail.modification;
  if (context.json) {
    printJson({ id: detail.id, status: detail.status, modification });
    return 0;
  }
  const lines = [`${detail.name} (${detail.id}) is ${PROJECT_STATUS_LABELS[detail.status]}.`];
  if (modification?.added.length) lines.push(`Adding: ${modification.added.map(formatName).join(', ')} (schema, full copy, then they join the replay).`);
  if (modification?.removed.length) lines.push(`Removed from the replay: ${modification.removed.map(formatName).join(', ')}; their destination tables stay as they are.`);
  lines.push(`Follow it with: cutover project status ${detail.id}`);
  printLines(lines);
  return 0;
}
