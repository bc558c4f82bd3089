/**
 * Schema (F-30): reads the source definitions, converts them for the
 * destination flavour, reports the whole plan (every DDL and every change the
 * conversion made) before anything runs, then creates databases, tables and,
 * in dependency order, views. Secondary indexes, CHECK and FOREIGN KEY
 * constraints are only planned here: indexes are built after each table's
 * data, constraints at switchover. `execute` runs given statements only.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { PlannedObject, SchemaConfig } from '../../src-shared/contract/units/schema';
import type { QualifiedName } from '../../src-shared/model/objects';
import type { SchemaObjectStatus } from '../../src-shared/model/schema';
import { formatName, sameName } from '../../src-shared/settings/object-names';
import type { FlavourProfile } from '../dialect';
import { convertCharset, convertTable, convertView, orderViews, profileFor } from '../dialect';
import { destinationProfile, serverIdentity } from '../mysql/inspector';
import { connect } from '../mysql/connect';
import { quoteIdentifier } from '../mysql/quote';
import { readTables, readViews } from '../mysql/schema-reader';
import { liftStatementTimeouts, WRITE_SQL_MODE } from '../mysql/sessions';
import type { Unit, UnitContext } from '../runtime/unit';

type CreateConfig = Extract<SchemaConfig, { op: 'create' }>;
type ExecuteConfig = Extract<SchemaConfig, { op: 'execute' }>;
type Context = UnitContext<'schema'>;

interface Outcome {
  status: SchemaObjectStatus;
  errorCode: number | null;
  errorMessage: string | null;
}

const TABLE_EXISTS = 1050;

async function openDestination(config: SchemaConfig): Promise<Connection> {
  const connection = await connect(config.destination, { database: null });
  // Definitions may carry zero-date defaults; foreign keys are added only at switchover anyway.
  await connection.query(`SET SESSION sql_mode = '${WRITE_SQL_MODE}', foreign_key_checks = 0`);
  await liftStatementTimeouts(connection);
  return connection;
}

async function run(connection: Connection, ddl: string): Promise<Outcome> {
  try {
    await connection.query(ddl);
    return { status: 'created', errorCode: null, errorMessage: null };
  } catch (error) {
    const e = error as { errno?: number; sqlMessage?: string; message?: string };
    // Created by an earlier run whose answer was lost (or by someone else): it is there.
    if (e.errno === TABLE_EXISTS) return { status: 'exists', errorCode: null, errorMessage: null };
    return { status: 'failed', errorCode: e.errno ?? null, errorMessage: e.sqlMessage ?? e.message ?? String(error) };
  }
}

async function existingObjects(connection: Connection, databases: string[]): Promise<Set<string>> {
  if (databases.length === 0) return new Set();
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${databases.map(() => '?').join(', ')})`,
    databases,
  );
  return new Set(rows.map((r) => `${r.db}\u0000${r.name}`));
}

async function databaseOptions(source: Connection, databases: string[]): Promise<Map<string, { charset: string | null; collation: string | null }>> {
  const out = new Map<string, { charset: string | null; collation: string | null }>();
  if (databases.length === 0) return out;
  const [rows] = await source.query<RowDataPacket[]>(
    `SELECT SCHEMA_NAME AS name, DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation
     FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${databases.map(() => '?').join(', ')})`,
    databases,
  );
  for (const row of rows) out.set(String(row.name), { charset: String(row.charset), collation: String(row.collation) });
  return out;
}

/** Profiles narrowed to the servers' actual versions and the destination's actual collations. */
async function profiles(source: Connection, destination: Connection): Promise<{ from: FlavourProfile; to: FlavourProfile }> {
  const [sourceIdentity, to] = await Promise.all([serverIdentity(source), destinationProfile(destination)]);
  return { from: profileFor(sourceIdentity), to };
}

async function plan(config: CreateConfig, source: Connection, destination: Connection): Promise<PlannedObject[]> {
  const { from, to } = await profiles(source, destination);
  const targetOf = new Map(config.objects.map((o) => [formatName(o.source), o.target]));
  const names = (name: QualifiedName) => targetOf.get(formatName(name)) ?? null;

  // Many sources into one destination table: the first source's definition creates it.
  const tableObjects = config.objects.filter((o) => o.kind === 'table');
  const creators = tableObjects.filter((o, i) => tableObjects.findIndex((p) => sameName(p.target, o.target)) === i);
  const definitions = await readTables(source, creators.map((o) => o.source), config.sourceFlavour);
  const views = orderViews(await readViews(source, config.objects.filter((o) => o.kind === 'view').map((o) => o.source)));

  const planned: PlannedObject[] = [];
  const sourceDbByTarget = new Map<string, string>();
  for (const object of config.objects) if (!sourceDbByTarget.has(object.target.database)) sourceDbByTarget.set(object.target.database, object.source.database);
  const databases = await databaseOptions(source, [...new Set(sourceDbByTarget.values())]);
  for (const [targetDb, sourceDb] of sourceDbByTarget) {
    const converted = convertCharset(databases.get(sourceDb) ?? { charset: null, collation: null }, to);
    planned.push({
      kind: 'database',
      source: { database: sourceDb, table: '' },
      target: { database: targetDb, table: '' },
      ddl:
        `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(targetDb)}` +
        (converted.charset ? ` DEFAULT CHARACTER SET ${converted.charset}` : '') +
        (converted.collation ? ` COLLATE ${converted.collation}` : ''),
      notes: converted.changes.map((change) => ({ object: targetDb, ...change })),
      indexes: [],
      deferred: [],
    });
  }
  for (const object of creators) {
    const definition = definitions.find((d) => sameName(d.name, object.source));
    if (!definition) throw new Error(`The source table ${formatName(object.source)} could not be read; it may have been dropped.`);
    const converted = convertTable(definition, from, to, { target: object.target, columns: object.columns, hiddenKey: object.hiddenKey, inlineIndexes: object.inlineIndexes, inlineUniqueIndexes: object.inlineUniqueIndexes, names });
    planned.push({
      kind: 'table',
      source: object.source,
      target: object.target,
      ddl: converted.createTable,
      notes: converted.notes,
      indexes: converted.indexes,
      deferred: [
        ...converted.checks.map((c) => ({ kind: 'check' as const, name: c.name, ddl: c.ddl })),
        ...converted.foreignKeys.map((f) => ({ kind: 'foreign_key' as const, name: f.name, ddl: f.ddl })),
        ...(converted.hiddenKey ? [{ kind: 'hidden_key' as const, name: converted.hiddenKey.column, ddl: converted.hiddenKey.dropDdl }] : []),
      ],
    });
  }
  for (const view of views) {
    const target = names(view.name);
    if (!target) continue;
    const converted = convertView(view, to, { target, names });
    planned.push({ kind: 'view', source: view.name, target, ddl: converted.ddl, notes: converted.notes, indexes: [], deferred: [] });
  }
  return planned;
}

/** Connections that create tables at once when there are many (each CREATE TABLE waits on the destination's dictionary writes). */
const TABLE_CONNECTIONS = 4;
const MANY_TABLES = 20;

interface Tally {
  created: number;
  exists: number;
  failed: number;
}

async function create(config: CreateConfig, context: Context) {
  const source = await connect(config.source, { database: null });
  const destination = await openDestination(config);
  try {
    const planned = await plan(config, source, destination);
    context.emit({ type: 'planned', objects: planned });
    if (config.dryRun) return { created: 0, exists: 0, failed: 0 };
    const existing = await existingObjects(destination, [...new Set(planned.map((p) => p.target.database))]);
    const tally: Tally = { created: 0, exists: 0, failed: 0 };
    const createOne = async (connection: Connection, object: PlannedObject) => {
      const there = object.kind !== 'database' && existing.has(`${object.target.database}\u0000${object.target.table}`);
      const outcome: Outcome = there ? { status: 'exists', errorCode: null, errorMessage: null } : await run(connection, object.ddl);
      tally[outcome.status === 'created' ? 'created' : outcome.status === 'exists' ? 'exists' : 'failed']++;
      context.emit({ type: 'object', kind: object.kind, target: object.target, ...outcome });
    };
    // Databases first, then the tables (side by side: they do not depend on each other), then the views in their order.
    for (const object of planned.filter((o) => o.kind === 'database')) if (!context.signal.aborted) await createOne(destination, object);
    await createTables(config, destination, planned.filter((o) => o.kind === 'table'), createOne, context);
    for (const object of planned.filter((o) => o.kind === 'view')) if (!context.signal.aborted) await createOne(destination, object);
    context.log(tally.failed ? 'warn' : 'info', `Schema migration: ${tally.created} created, ${tally.exists} already existed, ${tally.failed} failed.`);
    return tally;
  } finally {
    await source.end().catch(() => undefined);
    await destination.end().catch(() => undefined);
  }
}

/** Creates the tables, on several connections when there are many. */
async function createTables(
  config: CreateConfig,
  destination: Connection,
  tables: PlannedObject[],
  createOne: (connection: Connection, object: PlannedObject) => Promise<void>,
  context: Context,
): Promise<void> {
  const extra = tables.length > MANY_TABLES ? await Promise.all(Array.from({ length: TABLE_CONNECTIONS - 1 }, () => openDestination(config))) : [];
  try {
    let next = 0;
    await Promise.all(
      [destination, ...extra].map(async (connection) => {
        while (next < tables.length && !context.signal.aborted) await createOne(connection, tables[next++]);
      }),
    );
  } finally {
    await Promise.all(extra.map((c) => c.end().catch(() => undefined)));
  }
}

async function execute(config: ExecuteConfig, context: Context) {
  const destination = await openDestination(config);
  try {
    let created = 0;
    let failed = 0;
    for (const statement of config.statements) {
      if (context.signal.aborted) break;
      const outcome = await run(destination, statement.ddl);
      if (outcome.status === 'created') created++;
      else failed++;
      context.emit({ type: 'statement', id: statement.id, ...outcome });
    }
    return { created, exists: 0, failed };
  } finally {
    await destination.end().catch(() => undefined);
  }
}

export const schemaUnit: Unit<'schema'> = {
  run: (config, context) => (config.op === 'create' ? create(config, context) : execute(config, context)),
};

