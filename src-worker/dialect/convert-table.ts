/**
 * A source table as DDL for the destination (F-30): CREATE TABLE with the
 * columns, primary key and table options; secondary indexes as separate
 * statements run after the data; CHECK and FOREIGN KEY constraints held back
 * for the switchover; Cutover's hidden key where the table has no usable key.
 * Every change made to the definition is recorded as a note.
 */

import { AppError } from '../../src-shared/errors';
import type { QualifiedName } from '../../src-shared/model/objects';
import { quoteIdentifier, quoteName } from '../mysql/quote';
import { convertCharset } from './charsets';
import type { Charset } from './charsets';
import { conversionError } from './conversion-error';
import { columnDefinition, isRowPeriod } from './convert-column';
import type { ColumnContext, ColumnType } from './convert-column';
import { convertIndex, convertPrimaryKey } from './convert-index';
import type { ConvertedIndex, IndexContext } from './convert-index';
import { convertPartition } from './convert-partition';
import { Notes, objectName } from './notes';
import type { FlavourProfile } from './profiles';
import { identifiersIn, parenthesised, sqlString } from './sql-text';
import { HIDDEN_KEY_COLUMN } from './types';
import type { CheckDef, ColumnDef, ConvertedTable, ForeignKeyDef, IndexDef, NameMap, TableConversionOptions, TableDef } from './types';

/** Columns the subset keeps, plus none that read a column it leaves out (a generated column cannot outlive its inputs). */
function keptColumns(def: TableDef, subset: string[] | null, notes: Notes): ColumnDef[] {
  if (!subset) return def.columns;
  const wanted = new Set(subset.map((c) => c.toLowerCase()));
  const unknown = subset.filter((c) => !def.columns.some((col) => col.name.toLowerCase() === c.toLowerCase()));
  if (unknown.length) {
    throw new AppError({
      code: 'invalid_input',
      message: `${objectName(def.name)} has no column ${unknown.map((c) => `\`${c}\``).join(', ')}.`,
      workaround: 'Correct the column subset of this table in the project objects.',
    });
  }
  let kept = def.columns.filter((c) => wanted.has(c.name.toLowerCase()));
  for (let changed = true; changed; ) {
    const names = new Set(kept.map((c) => c.name.toLowerCase()));
    const orphans = kept.filter((c) => c.generated && !isRowPeriod(c) && [...identifiersIn(c.generated.expression)].some((n) => !names.has(n) && def.columns.some((d) => d.name.toLowerCase() === n)));
    for (const orphan of orphans) {
      notes.column(orphan.name, { from: `AS ${parenthesised(orphan.generated!.expression)}`, to: '(left out)', lossy: true, reason: 'The generated column reads a column the column subset leaves out.' });
    }
    kept = kept.filter((c) => !orphans.includes(c));
    changed = orphans.length > 0;
  }
  return kept;
}

function checkHiddenKey(def: TableDef, columns: ColumnDef[]): void {
  const label = objectName(def.name);
  if (columns.some((c) => c.name.toLowerCase() === HIDDEN_KEY_COLUMN)) {
    throw new AppError({ code: 'conflict', message: `${label} already has a column named ${HIDDEN_KEY_COLUMN}, the name of Cutover's hidden key.`, workaround: 'Rename that column on the source, or give the table a primary key.' });
  }
  const auto = columns.find((c) => c.autoIncrement);
  if (auto) {
    throw new AppError({
      code: 'not_allowed',
      message: `${label} has no primary or NOT NULL unique key but an AUTO_INCREMENT column (\`${auto.name}\`); a table can have only one, and Cutover's hidden key needs it.`,
      workaround: `Make \`${auto.name}\` the primary key (or a unique key) on the source before migrating.`,
    });
  }
}

function tableOptions(def: TableDef, to: FlavourProfile, charset: Charset, autoIncrement: boolean, notes: Notes): string {
  const periodColumns = def.columns.filter(isRowPeriod).map((c) => `\`${c.name}\``);
  const options: string[] = [];
  if (def.engine) {
    const kept = to.storageEngines.find((e) => e.toLowerCase() === def.engine!.toLowerCase());
    const engine = kept ?? to.storageEngines[0];
    if (engine) options.push(`ENGINE=${engine}`);
    if (!kept) {
      const reason = engine
        ? 'Cutover applies changes in transactions together with its checkpoint, which needs a transactional engine.'
        : 'The destination has its own storage engine and no ENGINE option.';
      notes.table({ from: `ENGINE=${def.engine}`, to: engine ? `ENGINE=${engine}` : '(none)', lossy: false, reason });
    }
  }
  if (autoIncrement && def.autoIncrement !== null) options.push(`AUTO_INCREMENT=${def.autoIncrement}`);
  if (charset.charset) options.push(`DEFAULT CHARSET=${charset.charset} COLLATE=${charset.collation}`);
  if (def.comment) options.push(`COMMENT=${sqlString(def.comment)}`);
  if (def.rowFormat) {
    if (to.rowFormats.includes(def.rowFormat.toUpperCase())) options.push(`ROW_FORMAT=${def.rowFormat.toUpperCase()}`);
    else notes.table({ from: `ROW_FORMAT=${def.rowFormat}`, to: '(default)', lossy: false, reason: 'The destination has no such row format; it stores the rows its own way.' });
  }
  if (def.systemVersioned) {
    if (to.systemVersioning) options.push('WITH SYSTEM VERSIONING');
    notes.table({
      from: 'WITH SYSTEM VERSIONING',
      to: to.systemVersioning ? 'WITH SYSTEM VERSIONING' : '(not versioned)',
      lossy: true,
      reason: to.systemVersioning
        ? "Only the current rows are copied: the destination's history starts with the migration."
        : `The destination has no system-versioned tables: only the current rows are copied and no history is kept from now on.${
            periodColumns.length ? ` ${periodColumns.join(' and ')} become ordinary columns holding the copied timestamps.` : ''
          }`,
    });
  }
  return options.join(' ');
}

function foreignKeyStatement(
  target: QualifiedName,
  fk: ForeignKeyDef,
  ctx: { names: NameMap; kept: Set<string>; notes: Notes; to: FlavourProfile },
): { name: string; ddl: string } | null {
  const { names, kept, notes, to } = ctx;
  const describe = `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${objectName(fk.referenced)} (${fk.referencedColumns.join(', ')})`;
  const leftOut = fk.columns.filter((c) => !kept.has(c.toLowerCase()));
  const referenced = names(fk.referenced);
  const reason = leftOut.length
    ? `It uses ${leftOut.map((c) => `\`${c}\``).join(', ')}, which the column subset leaves out.`
    : !referenced
      ? `It references ${objectName(fk.referenced)}, which is not migrated.`
      : referenced.database !== target.database && !to.crossDatabaseForeignKeys
        ? `It references ${objectName(referenced)}, in another database, and the destination cannot reference a table in another database.`
        : null;
  if (reason) {
    notes.constraint(fk.name, { from: describe, to: '(left out)', lossy: true, reason: `${reason} The destination does not enforce this reference.` });
    return null;
  }
  const list = (columns: string[]) => columns.map(quoteIdentifier).join(', ');
  // RESTRICT is what an unspecified rule means; printing it would only differ from how the source shows the key.
  const rules = [fk.onDelete !== 'RESTRICT' ? ` ON DELETE ${fk.onDelete}` : '', fk.onUpdate !== 'RESTRICT' ? ` ON UPDATE ${fk.onUpdate}` : ''].join('');
  return {
    name: fk.name,
    ddl: `ALTER TABLE ${quoteName(target)} ADD CONSTRAINT ${quoteIdentifier(fk.name)} FOREIGN KEY (${list(fk.columns)}) REFERENCES ${quoteName(referenced!)} (${list(fk.referencedColumns)})${rules}`,
  };
}

/**
 * MariaDB names a column-level check after its column, unique only within the table; where names must be unique
 * in the database it takes MySQL's own pattern for generated names instead.
 */
function checkName(target: QualifiedName, check: CheckDef, to: FlavourProfile): string {
  return check.column && to.checkNamesPerDatabase ? `${target.table}_chk_${check.column}`.slice(0, 64) : check.name;
}

function checkStatement(target: QualifiedName, check: CheckDef, to: FlavourProfile, kept: Set<string>, notes: Notes): { name: string; ddl: string } | null {
  const describe = `CHECK ${parenthesised(check.expression)}${check.enforced === false ? ' NOT ENFORCED' : ''}`;
  const leftOut = [...identifiersIn(check.expression)].filter((c) => !kept.has(c));
  const leaveOut = (lossy: boolean, reason: string) => {
    notes.constraint(check.name, { from: describe, to: '(left out)', lossy, reason });
    return null;
  };
  if (leftOut.length) return leaveOut(true, `It reads ${leftOut.map((c) => `\`${c}\``).join(', ')}, which the column subset leaves out; the destination does not enforce it.`);
  if (!to.checkConstraints) return leaveOut(true, 'The destination parses CHECK constraints but does not enforce them.');
  if (check.enforced === false && !to.notEnforcedChecks) return leaveOut(false, 'The constraint is NOT ENFORCED on the source and the destination cannot declare one that is not enforced; it had no effect.');
  const name = checkName(target, check, to);
  if (check.column) {
    const renamed = name === check.name ? '' : ` It is named ${name} because check names must be unique in the destination database.`;
    notes.constraint(check.name, {
      from: `\`${check.column}\` ... ${describe}`,
      to: `CONSTRAINT \`${name}\` ${describe}`,
      lossy: false,
      reason: `A check added after the table exists is a table constraint; it tests the same expression.${renamed}`,
    });
  }
  return { name, ddl: `ALTER TABLE ${quoteName(target)} ADD CONSTRAINT ${quoteIdentifier(name)} ${describe}` };
}

/** MariaDB shows the ROW END column in every unique key of a versioned table; without versioning the key is the user's columns alone. */
function withoutRowEnd(def: TableDef, index: IndexDef, systemVersioning: boolean, notes: Notes): IndexDef {
  if (systemVersioning || !def.systemVersioned) return index;
  const rowEnd = def.columns.find((c) => isRowPeriod(c) && c.generated!.expression.toUpperCase() === 'ROW END');
  if (!rowEnd || !index.columns.some((p) => p.name === rowEnd.name)) return index;
  notes.index(index.name, {
    from: `\`${rowEnd.name}\` in the key`,
    to: '(left out of the key)',
    lossy: false,
    reason: 'MariaDB adds the ROW END column to the unique keys of a system-versioned table; without versioning only the current rows exist and the key is unique without it.',
  });
  return { ...index, columns: index.columns.filter((p) => p.name !== rowEnd.name) };
}

/** The hidden key's column and unique key; on a partitioned table a unique key must contain every partitioning column. */
function hiddenKeyLines(to: FlavourProfile, columns: ColumnDef[], partitionColumns: string[], notes: Notes): string[] {
  const visibility = to.invisibleColumns ? ' INVISIBLE' : '';
  notes.column(HIDDEN_KEY_COLUMN, {
    from: '(no primary or NOT NULL unique key)',
    to: `${HIDDEN_KEY_COLUMN} BIGINT UNSIGNED${visibility}, unique`,
    lossy: false,
    reason: to.invisibleColumns
      ? 'Cutover adds a hidden key so that every change and every verified row is matched exactly; it is dropped at the switchover.'
      : 'Cutover adds a key so that every change and every verified row is matched exactly; the destination has no invisible columns, so SELECT * shows it until it is dropped at the switchover.',
  });
  const keyColumns = [HIDDEN_KEY_COLUMN, ...partitionColumns.map((c) => columns.find((col) => col.name.toLowerCase() === c)!.name)];
  return [
    `${quoteIdentifier(HIDDEN_KEY_COLUMN)} BIGINT UNSIGNED NOT NULL AUTO_INCREMENT${visibility}`,
    `UNIQUE KEY ${quoteIdentifier(HIDDEN_KEY_COLUMN)} (${keyColumns.map(quoteIdentifier).join(', ')})`,
  ];
}

/**
 * The index that must exist when the table is created because it leads with the AUTO_INCREMENT column
 * (InnoDB refuses the column otherwise); none when the primary key already does.
 */
function autoIncrementIndex(def: TableDef, auto: ColumnDef | undefined, primaryKey: string | null, indexes: ConvertedIndex[]): ConvertedIndex | undefined {
  if (!auto) return undefined;
  if (primaryKey && def.primaryKey?.columns[0].name?.toLowerCase() === auto.name.toLowerCase()) return undefined;
  const index = indexes.find((i) => i.firstColumn === auto.name.toLowerCase());
  if (!index) throw new Error(`AUTO_INCREMENT column \`${auto.name}\` is not the first column of any index that the destination keeps.`);
  return index;
}

export function convertTable(def: TableDef, from: FlavourProfile, to: FlavourProfile, options: TableConversionOptions): ConvertedTable {
  const label = objectName(def.name);
  try {
    return convert(def, from, to, options, new Notes(label));
  } catch (error) {
    throw conversionError(label, error);
  }
}

function convert(def: TableDef, from: FlavourProfile, to: FlavourProfile, options: TableConversionOptions, notes: Notes): ConvertedTable {
  const target = quoteName(options.target);
  const columns = keptColumns(def, options.columns, notes);
  if (options.hiddenKey) checkHiddenKey(def, columns);
  const kept = new Set(columns.map((c) => c.name.toLowerCase()));

  const tableCharset = convertCharset({ charset: def.charset, collation: def.collation }, to);
  for (const change of tableCharset.changes) notes.table(change);
  const systemVersioning = def.systemVersioned && to.systemVersioning;
  const columnContext: ColumnContext = {
    from,
    to,
    table: tableCharset,
    generated: new Map(def.columns.filter((c) => c.generated).map((c) => [c.name.toLowerCase(), c])),
    systemVersioning,
    notes,
  };
  const destination = new Map<string, { source: ColumnDef; type: ColumnType }>();
  const lines = columns.map((c) => {
    const written = columnDefinition(c, columnContext);
    destination.set(c.name.toLowerCase(), { source: c, type: written.type });
    return written.sql;
  });
  const indexContext: IndexContext = { to, columns: destination, notes };

  const primaryKey = def.primaryKey && convertPrimaryKey(withoutRowEnd(def, def.primaryKey, systemVersioning, notes), indexContext);
  const indexes = def.indexes.map((i) => convertIndex(withoutRowEnd(def, i, systemVersioning, notes), indexContext)).filter((i): i is ConvertedIndex => i !== null);
  const auto = columns.find((c) => c.autoIncrement);
  const autoIndex = autoIncrementIndex(def, auto, primaryKey, indexes);

  const partition = convertPartition(def.partition, kept, to, notes);
  if (primaryKey) lines.push(primaryKey);
  if (autoIndex) lines.push(autoIndex.createClause);
  const inline = (i: ConvertedIndex) => options.inlineIndexes || (options.inlineUniqueIndexes && i.unique);
  const later = indexes.filter((i) => i !== autoIndex);
  lines.push(...later.filter(inline).map((i) => i.createClause));
  if (options.hiddenKey) lines.push(...hiddenKeyLines(to, columns, partition?.columns ?? [], notes));
  const period = systemVersioning ? columns.filter(isRowPeriod) : [];
  if (period.length === 2) {
    const [start, end] = period[0].generated!.expression.toUpperCase() === 'ROW START' ? period : [period[1], period[0]];
    lines.push(`PERIOD FOR SYSTEM_TIME (${quoteIdentifier(start.name)}, ${quoteIdentifier(end.name)})`);
  }

  const tableOptionsSql = tableOptions(def, to, tableCharset, auto !== undefined, notes);
  const createTable = [`CREATE TABLE ${target} (`, lines.map((l) => `  ${l}`).join(',\n'), `)${tableOptionsSql ? ` ${tableOptionsSql}` : ''}${partition ? `\n${partition.clause}` : ''}`].join('\n');

  return {
    createTable,
    indexes: later.filter((i) => !inline(i)).map((i) => ({ name: i.name, ddl: `ALTER TABLE ${target} ${i.addClause}` })),
    foreignKeys: def.foreignKeys.map((fk) => foreignKeyStatement(options.target, fk, { names: options.names, kept, notes, to })).filter((s) => s !== null),
    checks: def.checks.map((c) => checkStatement(options.target, c, to, kept, notes)).filter((s) => s !== null),
    hiddenKey: options.hiddenKey
      ? // Dropping the column drops its unique key with it; OceanBase refuses DROP INDEX and DROP COLUMN in one statement.
        { column: HIDDEN_KEY_COLUMN, dropDdl: `ALTER TABLE ${target} DROP COLUMN ${quoteIdentifier(HIDDEN_KEY_COLUMN)}` }
      : null,
    notes: notes.list,
  };
}
