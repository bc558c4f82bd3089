/**
 * `cutover`: the command line (F-52). Same core and state directory as the
 * desktop app. Exit codes: 0 success, 1 failure (one line on stderr saying
 * why, plus one line per problem for file imports), 2 wrong usage.
 */

import { parseArgs } from 'node:util';
import { formatError, toErrorData } from '../../src-shared/errors';
import { visibleText } from '../../src-shared/text';
import { resolveHome } from '../core/home';
import { packageVersion } from '../node/node-host';
import { UsageError } from './args';
import { datasourceCommands } from './commands/datasource';
import { objectsCommands, projectCommands } from './commands/project';
import { run, status } from './commands/run';
import { serve } from './commands/serve';
import { rollback, switchoverCommands } from './commands/switchover';
import { alertsCommands } from './commands/alerts';
import { verifyCommands } from './commands/verify';
import type { CliContext } from './context';
import { createContext } from './context';
import { flushOutput, watchOutput } from './output';

type Command = (args: string[], context: CliContext) => Promise<number>;

const GROUPS: Record<string, Record<string, Command>> = {
  datasource: datasourceCommands,
  project: { ...projectCommands, status },
  objects: objectsCommands,
  verify: verifyCommands,
  switchover: switchoverCommands,
  alerts: alertsCommands,
};

const HELP = `cutover — migrate a live MySQL-family database to OceanBase, and back

usage: cutover [--home DIR] [--json] <command>

data sources
  datasource add --name N --host H --port P --user U --password-env VAR [--database D] [--tls off|required|verify] [--ca-file F]
  datasource update NAME [--name N] [--host H] [--port P] [--user U] [--password-env VAR] [--database D] [--tls …] [--ca-file F]
                                        change what is given, keep the rest
  datasource list
  datasource test NAME
  datasource remove NAME
projects
  project create --file F.json          create from a project file; prints the id
  project list [--status S] [--tag T] [--type T] [--search K]
  project show ID
  project export ID --out F.json        the project definition, without secrets
  project import --file F.json          create, or update the project of that name
  project precheck ID                   check both servers; exit 1 when a check fails
  project clone ID                      prints the id of the copy
  project start|resume ID [--until STAGE:STATE]
                                        run it here, in the foreground (as cutover run)
  project pause ID                      here, or by asking the Cutover process that runs it (which is named)
  project release ID --yes              Paused, Failed or Completed: stops it for good, lifts the fence, removes change logs
  project batch ACTION (--ids A,B | --tag T) [--level L] [--dry-run] [--yes]
                                        start, pause, resume, release, delete, alert, skip-verification,
                                        enter-switchover, start-switchover on several projects; a reason per refusal
  project export-objects (--ids A,B | --tag T) --out F.zip
                                        the object settings of several projects in one ZIP archive (a CSV each)
  project delete ID                     only Not Started or Released projects
  project status ID                     stages, progress, per-table copy state
running
  run ID [--until STAGE:STATE] [--timeout S]
                                        run in the foreground; Ctrl-C pauses at a checkpoint
full verification
  verify run ID [--mode all|abnormal|records] [--timeout S]
                                        verify (again) to the end; exit 0 consistent, 4 differences remain
  verify diff ID [--table DB.T] [--category C] [--limit N]
                                        the differing rows: key, category, columns, both values
  verify fix ID --out F.sql [--table DB.T]
                                        the correction SQL, from the source rows as they are now
  verify fix ID --apply --yes [--include-deletes] [--table DB.T]
                                        apply it (destination-only rows are deleted only with --include-deletes)
  verify fix ID --undo-out F.sql        what undoes every correction applied
forward switchover
  switchover status ID                  its steps, with what each measured, and where it is
  switchover precheck ID                its precheck, now: latency, accounts, retention, events, keys, reverse path
  switchover rehearse ID                time the drain, delta verification and objects on the live pair, unfenced: the downtime to expect
  switchover run ID [--fence read-only|accounts|manual] [--accounts user@host,...] [--fence-timeout S] --yes [--end-transactions] [--timeout S]
                                        drive it here to its end; exit 1 with the step that stopped it
  switchover retry ID --step STEP       run a failed step again, then on to the end
  switchover skip ID --step STEP --yes  skip a failed step (where the seed allows, after its warning), then on
  switchover cancel ID                  before the point of no return: lift the fence, forward sync runs on
  switchover objects ID [--item ITEM --run|--skip|--complete]
                                        Process database objects item by item: list, or act on one
  rollback ID --yes                     after reverse incremental: destination read-only, reverse drained, source writable again
alerts
  alerts list [--project ID] [--open]   raised, raised again while their cause holds, resolved when it clears
  alerts ack NUMBER                     acknowledge one
object settings
  objects export ID --out F.csv
  objects import ID --file F.csv
  objects modify ID [--add RULES] [--remove TABLES]   add/remove tables of a running project
browser host
  serve [--port N] [--host ADDRESS]     the UI at http://127.0.0.1:N/?token=...

The state directory is --home, else $CUTOVER_HOME, else the OS app-data directory.
Every command that prints data accepts --json.`;

/** Splits global options (before or after the command) from the command's own arguments. */
function globalOptions(argv: string[]): { home: string | null; json: boolean; rest: string[] } {
  let home: string | null = null;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--home') {
      home = argv[++i] ?? null;
      if (!home) throw new UsageError('--home needs a directory');
    } else if (arg.startsWith('--home=')) home = arg.slice(7);
    else if (arg === '--json') json = true;
    else rest.push(arg);
  }
  return { home, json, rest };
}

/** Runs one command; resolves with the exit code once all of its output is written. */
export async function main(argv: string[]): Promise<number> {
  watchOutput();
  return flushOutput(await runCommand(argv));
}

async function runCommand(argv: string[]): Promise<number> {
  let context: CliContext | null = null;
  try {
    const { home, json, rest } = globalOptions(argv);
    const { values } = parseArgs({ args: rest.slice(0, 1), options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } }, strict: false });
    if (rest.length === 0 || values.help) {
      process.stdout.write(HELP + '\n');
      return rest.length === 0 ? 2 : 0;
    }
    if (values.version) {
      process.stdout.write(packageVersion() + '\n');
      return 0;
    }
    const [group, sub, ...args] = rest;
    let command: Command | undefined;
    let commandArgs: string[];
    if (group === 'serve' || group === 'run' || group === 'rollback') {
      command = group === 'serve' ? serve : group === 'run' ? run : rollback;
      commandArgs = rest.slice(1);
    } else {
      const commands = GROUPS[group];
      if (!commands) throw new UsageError(`unknown command "${group}"; run cutover --help`);
      command = sub ? commands[sub] : undefined;
      if (!command) throw new UsageError(`${sub ? `unknown command "${group} ${sub}"` : `"${group}" needs a command`}; choose one of: ${Object.keys(commands).join(', ')}`);
      commandArgs = args;
    }
    context = createContext(resolveHome(home), group === 'serve' ? 'web' : 'cli', json);
    return await command(commandArgs, context);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`cutover: ${error.message}\n`);
      return 2;
    }
    const data = toErrorData(error);
    // One line each, whatever a server or a file put in the text: nothing can forge another line.
    const line = (text: string) => visibleText(context?.core.services.redactor.redact(text) ?? text, Number.POSITIVE_INFINITY);
    process.stderr.write(`cutover: ${line(formatError(data))}\n`);
    for (const detail of data.details ?? []) process.stderr.write(`  ${line(detail)}\n`);
    return 1;
  } finally {
    await context?.core.close();
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
