/** `cutover datasource add|update|list|test|remove`. */

import { AppError } from '../../../src-shared/errors';
import { TLS_MODES } from '../../../src-shared/model/datasource';
import type { TlsMode } from '../../../src-shared/model/datasource';
import { FLAVOUR_LABELS } from '../../../src-shared/model/flavour';
import { optionalString, parse, requirePort, requireString, UsageError } from '../args';
import type { CliContext } from '../context';
import { findDataSource } from '../context';
import { printJson, printLines, printTable, shortTime } from '../output';

/** The options a data source is described with, for add and update alike. */
const CONNECTION_OPTIONS = {
  name: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  database: { type: 'string' },
  tls: { type: 'string' },
  'ca-file': { type: 'string' },
} as const;

/** The password in the named environment variable; a variable that is not set is a usage error that says how to set it. */
function passwordFrom(variable: string): string {
  const password = process.env[variable];
  if (password === undefined) {
    throw new UsageError(`the environment variable ${variable} is not set; put the password in it (for example: read -s ${variable}; export ${variable}) and run again`);
  }
  return password;
}

const ADD_USAGE =
  'cutover datasource add --name N --host H --port P --user U --password-env VAR [--database D] [--tls off|required|verify] [--ca-file F]';

async function add(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(
    args,
    CONNECTION_OPTIONS,
    ADD_USAGE,
    { min: 0, max: 0 },
  );
  const password = passwordFrom(requireString(parsed, 'password-env', ADD_USAGE));
  const tls = optionalString(parsed, 'tls') ?? 'off';
  if (!(TLS_MODES as readonly string[]).includes(tls)) throw new UsageError(`--tls must be one of ${TLS_MODES.join(', ')}\nusage: ${ADD_USAGE}`);
  const caFile = optionalString(parsed, 'ca-file');
  const created = await context.call('datasources/create', {
    name: requireString(parsed, 'name', ADD_USAGE),
    host: requireString(parsed, 'host', ADD_USAGE),
    port: requirePort(requireString(parsed, 'port', ADD_USAGE), ADD_USAGE),
    user: requireString(parsed, 'user', ADD_USAGE),
    password,
    database: optionalString(parsed, 'database') ?? null,
    tls: { mode: tls as TlsMode, ...(caFile ? { caFile } : {}) },
  });
  if (context.json) printJson(created);
  else printLines([`Added data source ${created.name} (${created.id}). Check it with: cutover datasource test ${created.name}`]);
  return 0;
}

const UPDATE_USAGE =
  'cutover datasource update NAME [--name N] [--host H] [--port P] [--user U] [--password-env VAR] [--database D] [--tls off|required|verify] [--ca-file F]';

/** Changes what is given, keeps the rest (the password too, unless --password-env names a new one). */
async function update(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(
    args,
    CONNECTION_OPTIONS,
    UPDATE_USAGE,
    { min: 1, max: 1 },
  );
  const source = await findDataSource(context, parsed.positionals[0]);
  const variable = optionalString(parsed, 'password-env');
  const password = variable === undefined ? undefined : passwordFrom(variable);
  const tls = optionalString(parsed, 'tls');
  if (tls !== undefined && !(TLS_MODES as readonly string[]).includes(tls)) throw new UsageError(`--tls must be one of ${TLS_MODES.join(', ')}\nusage: ${UPDATE_USAGE}`);
  const caFile = optionalString(parsed, 'ca-file');
  const port = optionalString(parsed, 'port');
  const database = optionalString(parsed, 'database');
  const patch = {
    ...(optionalString(parsed, 'name') !== undefined ? { name: optionalString(parsed, 'name') } : {}),
    ...(optionalString(parsed, 'host') !== undefined ? { host: optionalString(parsed, 'host') } : {}),
    ...(port !== undefined ? { port: requirePort(port, UPDATE_USAGE) } : {}),
    ...(optionalString(parsed, 'user') !== undefined ? { user: optionalString(parsed, 'user') } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(database !== undefined ? { database: database === '' ? null : database } : {}),
    ...(tls !== undefined || caFile !== undefined ? { tls: { mode: (tls ?? source.tls.mode) as TlsMode, ...(caFile ? { caFile } : {}) } } : {}),
  };
  if (Object.keys(patch).length === 0) throw new UsageError(`nothing to change: give at least one option\nusage: ${UPDATE_USAGE}`);
  const updated = await context.call('datasources/update', { id: source.id, patch });
  if (context.json) printJson(updated);
  else printLines([`Updated data source ${updated.name} (${updated.id}): ${Object.keys(patch).join(', ')}. Check it with: cutover datasource test ${updated.name}`]);
  return 0;
}

async function list(args: string[], context: CliContext): Promise<number> {
  parse(args, {}, 'cutover datasource list [--json]', { min: 0, max: 0 });
  const all = await context.call('datasources/list', {});
  if (context.json) {
    printJson(all);
    return 0;
  }
  if (all.length === 0) {
    printLines(['No data sources. Add one with: cutover datasource add --name N --host H --port P --user U --password-env VAR']);
    return 0;
  }
  printTable(
    ['NAME', 'ID', 'ADDRESS', 'USER', 'DATABASE', 'TLS', 'SERVER', 'LAST TEST'],
    all.map((d) => [
      d.name,
      d.id,
      `${d.host}:${d.port}`,
      d.user,
      d.database ?? '-',
      d.tls.mode,
      d.flavour ? `${FLAVOUR_LABELS[d.flavour]} ${d.version ?? ''}`.trim() : '-',
      d.lastTest ? `${d.lastTest.ok ? 'ok' : 'failed'} ${shortTime(d.lastTest.at)}` : 'never',
    ]),
  );
  return 0;
}

async function test(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover datasource test NAME [--json]', { min: 1, max: 1 });
  const source = await findDataSource(context, parsed.positionals[0]);
  const result = await context.call('datasources/test', { id: source.id });
  if (context.json) printJson(result);
  if (!result.ok) {
    throw new AppError({ code: 'connect_failed', message: `${source.name}: ${result.error?.message ?? 'connection test failed'}`, workaround: result.error?.workaround });
  }
  if (!context.json) printLines([`${source.name}: ok, ${result.versionString} (${result.elapsedMs} ms)`]);
  return 0;
}

async function remove(args: string[], context: CliContext): Promise<number> {
  const parsed = parse(args, {}, 'cutover datasource remove NAME', { min: 1, max: 1 });
  const source = await findDataSource(context, parsed.positionals[0]);
  await context.call('datasources/remove', { id: source.id });
  if (context.json) printJson({ removed: source.id });
  else printLines([`Removed data source ${source.name}.`]);
  return 0;
}

export const datasourceCommands = { add, update, list, test, remove };
