/** `cutover alerts list|ack`: the alerts of every project or one, and acknowledging one. */

import { alertKindLabel as kindLabel } from '../../../src-shared/lifecycle/alert-conditions';
import { parse, UsageError, optionalString } from '../args';
import type { CliContext } from '../context';
import { findProject } from '../context';
import { printJson, printLines, printTable, shortTime } from '../output';


async function list(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, { project: { type: 'string' }, open: { type: 'boolean' } }, 'cutover alerts list [--project ID] [--open] [--json]', { min: 0, max: 0 });
  const name = optionalString(parsed, 'project');
  const projectId = name === undefined ? undefined : (await findProject(context, name)).id;
  const alerts = (await context.call('alerts/list', projectId ? { projectId } : {})).filter((a) => parsed.values.open !== true || a.resolvedAt === null);
  if (context.json) {
    printJson(alerts);
    return 0;
  }
  if (alerts.length === 0) {
    printLines(['No alerts.']);
    return 0;
  }
  printTable(
    ['#', 'PROJECT', 'KIND', 'SEVERITY', 'RAISED', 'TIMES', 'STATE', 'MESSAGE'],
    alerts.map((a) => [
      String(a.id),
      a.projectName ?? '-',
      kindLabel(a.kind),
      a.severity,
      shortTime(a.lastRaisedAt),
      String(a.times),
      `${a.resolvedAt ? `resolved ${shortTime(a.resolvedAt)}` : 'open'}${a.acknowledgedAt ? ', acknowledged' : ''}`,
      a.message,
    ]),
  );
  printLines(['', `${alerts.filter((a) => !a.acknowledgedAt).length} not acknowledged.`]);
  return 0;
}

async function ack(args: string[], context: CliContext): Promise<number> {
  const usage = 'cutover alerts ack NUMBER [--json]';
  const parsed = parse(args, {}, usage, { min: 1, max: 1 });
  const text = parsed.positionals[0];
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new UsageError(`"${text}" is not an alert number (the # column of cutover alerts list)\nusage: ${usage}`);
  const alert = await context.call('alerts/acknowledge', { id: Number(text) });
  if (context.json) printJson(alert);
  else printLines([`Acknowledged alert ${alert.id}: ${alert.message}`]);
  return 0;
}

export const alertsCommands = { list, ack };
