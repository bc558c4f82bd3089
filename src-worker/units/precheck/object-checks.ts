/** Precheck items about the selected objects: selection, row filters, keys, collations, target contents. */

import type { Connection } from 'mysql2/promise';
import type { ProjectOptions, QualifiedName, ResolvedObject, SelectionPreview } from '../../../src-shared/model';
import { formatName } from '../../../src-shared/settings/object-names';
import { convertCharset } from '../../dialect/charsets';
import { tableKey } from '../../mysql/columns';
import { collationsInUse, destinationProfile, tableKeys, tablesWithRows } from '../../mysql/inspector';
import { quoteName } from '../../mysql/quote';
import type { OpenEndpoint, Report } from './endpoint-checks';
import { check } from './endpoint-checks';

const LIST_LIMIT = 20;

function listOf(items: string[]): string {
  return items.slice(0, LIST_LIMIT).join(', ') + (items.length > LIST_LIMIT ? `, and ${items.length - LIST_LIMIT} more` : '');
}

export function selectionCheck(preview: SelectionPreview, report: Report): boolean {
  const errors = preview.warnings.filter((w) => w.severity === 'error');
  const warnings = preview.warnings.filter((w) => w.severity === 'warn');
  const tables = preview.objects.filter((o) => o.kind === 'table').length;
  const views = preview.objects.length - tables;
  const databases = new Set(preview.objects.map((o) => o.source.database)).size;
  const summary = `${tables} table${tables === 1 ? '' : 's'} and ${views} view${views === 1 ? '' : 's'} from ${databases} database${databases === 1 ? '' : 's'}`;
  if (errors.length) {
    report(check('objects.selection', 'Migration objects', 'fail', errors.map((e) => e.message).join('; '), 'Correct the object selection of the project.'));
    return false;
  }
  if (preview.objects.length === 0) {
    report(check('objects.selection', 'Migration objects', 'fail', 'The rules select no object on the source.', 'Correct the include rules or the table list.'));
    return false;
  }
  if (warnings.length) {
    report(check('objects.selection', 'Migration objects', 'warn', `Selected ${summary}. ${warnings.map((w) => w.message).join('; ')}.`, 'Review the rules if any of this is unexpected.'));
  } else {
    report(check('objects.selection', 'Migration objects', 'success', `Selected ${summary}.`));
  }
  return true;
}

/** Each row filter must be a valid condition on its table: checked by the source itself, reading nothing. */
export async function rowFilterCheck(source: Connection, objects: ResolvedObject[], report: Report): Promise<void> {
  const filtered = objects.filter((o) => o.where);
  if (filtered.length === 0) return;
  const broken: string[] = [];
  for (const object of filtered) {
    try {
      await source.query(`SELECT 1 FROM ${quoteName(object.source)} WHERE (${object.where}) LIMIT 0`);
    } catch (error) {
      broken.push(`${formatName(object.source)}: ${(error as { sqlMessage?: string }).sqlMessage ?? (error as Error).message}`);
    }
  }
  report(
    broken.length
      ? check('objects.row_filters', 'Row filters', 'fail', `Invalid row filters: ${broken.join('; ')}`, 'Correct the WHERE condition of these tables.')
      : check('objects.row_filters', 'Row filters', 'success', `${filtered.length} row filter${filtered.length === 1 ? ' is' : 's are'} valid.`),
  );
}

export async function keyCheck(source: Connection, objects: ResolvedObject[], report: Report): Promise<void> {
  const tables = objects.filter((o) => o.kind === 'table');
  if (tables.length === 0) return;
  const keys = await tableKeys(source, tables.map((t) => t.source));
  const keyless = keys.filter((k) => !k.primaryKey && !k.notNullUnique).map((k) => formatName(k.table));
  const subsetWithoutKey = tables
    .filter((t) => t.columns)
    .filter((t) => {
      const key = keys.find((k) => k.table.database === t.source.database && k.table.table === t.source.table);
      const cols = key?.primaryKey ?? key?.notNullUnique;
      return cols && cols.some((c) => !t.columns!.includes(c));
    })
    .map((t) => formatName(t.source));
  if (subsetWithoutKey.length) {
    report(
      check(
        'objects.keys',
        'Primary or unique keys',
        'fail',
        `The column subset of ${listOf(subsetWithoutKey)} leaves out key columns; rows could not be matched for sync and verification.`,
        'Add the primary key (or unique key) columns to the column list.',
      ),
    );
    return;
  }
  report(
    keyless.length
      ? check(
          'objects.keys',
          'Primary or unique keys',
          'warn',
          `${listOf(keyless)} ha${keyless.length === 1 ? 's' : 've'} no primary key and no NOT NULL unique key.`,
          'A hidden key column and unique index will be added on the destination for exact sync and verification, and removed at switchover. Add a primary key on the source to avoid it.',
        )
      : check('objects.keys', 'Primary or unique keys', 'success', 'Every selected table has a primary key or a NOT NULL unique key.'),
  );
}

/**
 * The collations and character sets in use, converted as the schema migration will convert them (with the live
 * destination's profile): the ones the destination lacks are named with what they become.
 */
export async function collationCheck(source: OpenEndpoint, destination: OpenEndpoint, objects: ResolvedObject[], report: Report): Promise<void> {
  const tables = objects.filter((o) => o.kind === 'table').map((o) => o.source);
  if (tables.length === 0) return;
  const uses = await collationsInUse(source.connection, tables);
  const profile = await destinationProfile(destination.connection);
  const converted = new Map<string, { to: string; places: string[] }>();
  for (const use of uses) {
    const name = use.collation.toLowerCase();
    const result = convertCharset({ charset: use.charset.toLowerCase(), collation: name }, profile);
    if (result.collation === name) continue;
    const where = `${formatName(use.table)}${use.column ? `.${use.column}` : ''}`;
    const entry = converted.get(name) ?? { to: `${result.charset} ${result.collation}`, places: [] };
    entry.places.push(where);
    converted.set(name, entry);
  }
  const distinct = new Set(uses.map((u) => u.collation.toLowerCase()));
  if (converted.size) {
    const detail = [...converted].map(([from, { to, places }]) => `${from} → ${to} (${listOf(places)})`).join('; ');
    report(
      check(
        'objects.collations',
        'Character sets and collations',
        'warn',
        `The destination lacks some in use; they are converted: ${detail}.`,
        'Sorting and comparison may differ after conversion (a unique key may refuse values the source kept apart); the conversion report shows each column.',
      ),
    );
  } else {
    report(check('objects.collations', 'Character sets and collations', 'success', `The destination supports all ${distinct.size} collation${distinct.size === 1 ? '' : 's'} in use.`));
  }
}

export async function targetEmptyCheck(destination: Connection, objects: ResolvedObject[], options: ProjectOptions, report: Report): Promise<void> {
  const targets = uniqueNames(objects.filter((o) => o.kind === 'table').map((o) => o.target));
  const { nonEmpty } = await tablesWithRows(destination, targets);
  if (nonEmpty.length === 0) {
    report(check('destination.not_empty', 'Destination tables are empty', 'success', 'No destination table holds rows.'));
    return;
  }
  const names = listOf(nonEmpty.map(formatName));
  report(
    options.targetNotEmpty === 'stop'
      ? check(
          'destination.not_empty',
          'Destination tables are empty',
          'fail',
          `${names} already hold rows.`,
          'Empty these tables or pick other target names; or set "When a destination table is not empty" to ignore, to keep the rows (rows with the same key are overwritten).',
        )
      : check('destination.not_empty', 'Destination tables are empty', 'warn', `${names} already hold rows; they are kept, and rows with the same key are overwritten.`),
  );
}

function uniqueNames(names: QualifiedName[]): QualifiedName[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = formatName(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What the source does beside the rows it logs: foreign keys with ON DELETE
 * or ON UPDATE CASCADE / SET NULL change child rows inside the server, and
 * the binlog may not carry those changes (MySQL does not log cascaded rows),
 * while the destination's foreign keys are held back until the switchover;
 * triggers write rows of their own. Either can leave the destination behind,
 * and verification then reports it.
 */
export interface TriggerRow {
  db: string;
  tbl: string;
  name: string;
  timing: string;
  event: string;
}

/** The triggers on the given tables, in name order. */
export async function triggersOn(connection: Connection, tables: QualifiedName[]): Promise<TriggerRow[]> {
  const databases = [...new Set(tables.map((t) => t.database))];
  if (databases.length === 0) return [];
  const selected = new Set(tables.map(tableKey));
  const [rows] = await connection.query(
    `SELECT EVENT_OBJECT_SCHEMA AS db, EVENT_OBJECT_TABLE AS tbl, TRIGGER_NAME AS name, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event
     FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA IN (${databases.map(() => '?').join(', ')}) ORDER BY 1, 2, 3`,
    databases,
  );
  return (rows as TriggerRow[])
    .map((r) => ({ db: String(r.db), tbl: String(r.tbl), name: String(r.name), timing: String(r.timing), event: String(r.event) }))
    .filter((r) => selected.has(tableKey({ database: r.db, table: r.tbl })));
}

export async function sideEffectsCheck(source: Connection, objects: ResolvedObject[], report: Report): Promise<void> {
  const tables = objects.filter((o) => o.kind === 'table').map((o) => o.source);
  if (tables.length === 0) return;
  const databases = [...new Set(tables.map((t) => t.database))];
  const selected = new Set(tables.map((t) => `${t.database}\u0000${t.table}`));
  const marks = databases.map(() => '?').join(', ');
  const [fks] = await source.query(
    `SELECT CONSTRAINT_SCHEMA AS db, TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, DELETE_RULE AS onDelete, UPDATE_RULE AS onUpdate
     FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (${marks})`,
    databases,
  );
  const acting = (fks as { db: string; tbl: string; name: string; onDelete: string; onUpdate: string }[])
    .filter((r) => selected.has(`${String(r.db)}\u0000${String(r.tbl)}`))
    .filter((r) => /CASCADE|SET NULL|SET DEFAULT/i.test(`${String(r.onDelete)} ${String(r.onUpdate)}`))
    .map((r) => {
      const actions = [/CASCADE|SET/i.test(String(r.onDelete)) ? `ON DELETE ${String(r.onDelete)}` : null, /CASCADE|SET/i.test(String(r.onUpdate)) ? `ON UPDATE ${String(r.onUpdate)}` : null];
      return `${String(r.db)}.${String(r.tbl)} (${String(r.name)}: ${actions.filter(Boolean).join(', ')})`;
    });
  const firing = (await triggersOn(source, tables)).map((r) => `${r.db}.${r.tbl} (${r.name}: ${r.timing} ${r.event})`);
  if (acting.length === 0 && firing.length === 0) {
    report(check('objects.side_effects', 'Foreign key actions and triggers', 'success', 'No selected table has foreign keys that cascade or set NULL, nor triggers.'));
    return;
  }
  const parts = [
    acting.length
      ? `Foreign keys that change other rows: ${listOf(acting)}. The destination's foreign keys are held back until the switchover, and the binlog may not carry the rows they change (MySQL does not log cascaded changes).`
      : null,
    firing.length ? `Triggers: ${listOf(firing)}. Their changes reach the destination as rows; the triggers themselves are not created there before the switchover.` : null,
  ];
  report(
    check(
      'objects.side_effects',
      'Foreign key actions and triggers',
      'warn',
      parts.filter(Boolean).join(' '),
      'Full verification shows any row these leave different; correct it there. Avoid deletes and key updates on parent tables during the migration where you can.',
    ),
  );
}
