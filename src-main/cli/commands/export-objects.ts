/** `cutover project export-objects`: the object settings of several projects in one ZIP archive. */

import { parse, requireString } from '../args';
import type { CliContext } from '../context';
import { writeFileOut } from '../files';
import { printJson, printLines, printTable } from '../output';
import { PROJECT_SELECTION_OPTIONS, selectedProjectIds } from '../project-selection';

const USAGE = 'cutover project export-objects (--ids ID,ID… | --tag T) --out F.zip [--json]';

/** Writes the archive to --out and lists which file in it holds which project's settings. */
export async function exportObjectsArchive(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { ...PROJECT_SELECTION_OPTIONS, out: { type: 'string' } }, USAGE, { min: 0, max: 0 });
  const out = requireString(parsed, 'out', USAGE);
  const ids = await selectedProjectIds(parsed, USAGE, context);
  const archive = await context.call('objects/exportArchive', { ids });
  writeFileOut(out, archive);
  if (context.json) {
    printJson({ written: out, projects: archive.projects });
    return 0;
  }
  printTable(['ID', 'NAME', 'FILE'], archive.projects.map((p) => [p.id, p.name, p.fileName]));
  printLines(['', `Wrote the object settings of ${archive.projects.length} project(s) to ${out}.`]);
  return 0;
}
