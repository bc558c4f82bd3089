/**
 * Object settings as CSV (F-13), one row per selected table or match rule:
 *
 *   source_database,source_table,target_database,target_table,where,columns
 *
 * - names are written as they are (no backticks); `*` and `?` in a source name make
 *   the row a match rule (empty target parts keep the source name);
 * - `where` is a row filter and `columns` a `;`-separated column subset, both only
 *   for exact tables;
 * - exclude rules are not part of the CSV: an import keeps the project's excludes.
 */

import type { ObjectSelection, TableSetting } from '../model/objects';
import { formatCsv, parseCsv } from './csv';
import { checkRowFilter, formatName, formatPart, isValidColumnName, parseRule } from './object-names';
import type { ParseResult } from './project-file';

export const OBJECTS_CSV_HEADER = ['source_database', 'source_table', 'target_database', 'target_table', 'where', 'columns'] as const;

export interface ObjectsCsvContent {
  include: string[];
  tables: TableSetting[];
}

const WILDCARD = /[*?]/;
const MAX_NAME = 64;

/** A rule part keeps its wildcards bare; anything else that needs quoting is quoted. */
function formatRulePart(part: string): string {
  return WILDCARD.test(part) && /^[A-Za-z0-9_$*?\u0080-\uFFFF-]+$/.test(part) ? part : formatPart(part);
}

function checkName(value: string, column: string, wildcards: boolean): string | null {
  if (value.length === 0) return `${column} is empty`;
  if (value.length > MAX_NAME) return `${column} is longer than ${MAX_NAME} characters`;
  if (value !== value.trim()) return `${column} "${value}" has leading or trailing spaces`;
  if (value.includes('`')) return `${column} "${value}" contains a backtick`;
  if (!wildcards && WILDCARD.test(value)) return `${column} "${value}" uses a wildcard; a target keeps the source name when left empty`;
  return null;
}

export function parseObjectsCsv(text: string, fileName: string): ParseResult<ObjectsCsvContent> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [`${fileName}:${parsed.line}: ${parsed.message}`] };
  const [header, ...rows] = parsed.records;
  const expected = OBJECTS_CSV_HEADER.join(',');
  if (!header) return { ok: false, errors: [`${fileName}:1: the file is empty; the first line must be the header ${expected}`] };
  if (header.fields.map((f) => f.trim().toLowerCase()).join(',') !== expected) {
    return { ok: false, errors: [`${fileName}:${header.line}: the header must be exactly ${expected}`] };
  }
  const errors: string[] = [];
  const content: ObjectsCsvContent = { include: [], tables: [] };
  const seen = new Map<string, number>();
  for (const row of rows) {
    const at = `${fileName}:${row.line}`;
    if (row.fields.length !== OBJECTS_CSV_HEADER.length) {
      errors.push(`${at}: has ${row.fields.length} fields; expected ${OBJECTS_CSV_HEADER.length} (${expected})`);
      continue;
    }
    const [sourceDb, sourceTable, targetDb, targetTable, where, columns] = row.fields;
    const rowErrors: string[] = [];
    const push = (message: string | null) => message && rowErrors.push(message);
    push(checkName(sourceDb, 'source_database', true));
    push(checkName(sourceTable, 'source_table', true));
    if (targetDb !== '') push(checkName(targetDb, 'target_database', false));
    if (targetTable !== '') push(checkName(targetTable, 'target_table', false));
    const pattern = WILDCARD.test(sourceDb) || WILDCARD.test(sourceTable);
    if (pattern && where.trim() !== '') push('where is only allowed for an exact table, not for a pattern');
    if (pattern && columns.trim() !== '') push('columns are only allowed for an exact table, not for a pattern');
    let columnList: string[] | undefined;
    if (!pattern && where.trim() !== '') {
      const problem = checkRowFilter(where);
      if (problem) push(`where ${problem}`);
    }
    if (!pattern && columns.trim() !== '') {
      columnList = columns.split(';').map((c) => c.trim());
      if (columnList.some((c) => c === '')) push('columns has an empty name (check for ";;" or a trailing ";")');
      const bad = columnList.filter((c) => c !== '' && !isValidColumnName(c));
      if (bad.length) push(`columns has invalid names: ${bad.join(', ')}`);
      const dup = columnList.filter((c, i) => columnList!.indexOf(c) !== i);
      if (dup.length) push(`columns repeats ${[...new Set(dup)].join(', ')}`);
    }
    const key = `${sourceDb}\u0000${sourceTable}`;
    const previous = seen.get(key);
    if (previous !== undefined) push(`${sourceDb}.${sourceTable} is listed twice (also on line ${previous})`);
    seen.set(key, row.line);
    if (rowErrors.length) {
      for (const message of rowErrors) errors.push(`${at}: ${message}`);
      continue;
    }
    if (pattern) {
      const source = `${formatRulePart(sourceDb)}.${formatRulePart(sourceTable)}`;
      const renamed = targetDb !== '' || targetTable !== '';
      const text = renamed ? `${source}=${targetDb === '' ? '*' : formatPart(targetDb)}.${targetTable === '' ? '*' : formatPart(targetTable)}` : source;
      const rule = parseRule(text);
      if (!rule.ok) errors.push(`${at}: rule ${text} ${rule.error}`);
      else content.include.push(text);
    } else {
      const setting: TableSetting = { source: formatName({ database: sourceDb, table: sourceTable }) };
      if (targetDb !== '' || targetTable !== '') {
        setting.target = formatName({ database: targetDb || sourceDb, table: targetTable || sourceTable });
      }
      if (where.trim() !== '') setting.where = where.trim();
      if (columnList) setting.columns = columnList;
      content.tables.push(setting);
    }
  }
  if (errors.length === 0 && content.include.length === 0 && content.tables.length === 0) {
    errors.push(`${fileName}:${header.line + 1}: the file has no rows; add at least one table or rule`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: content };
}

export function formatObjectsCsv(selection: ObjectSelection): string {
  const rows: string[][] = [[...OBJECTS_CSV_HEADER]];
  for (const text of selection.include) {
    const rule = parseRule(text);
    if (!rule.ok) continue;
    const { database, table, target } = rule.value;
    rows.push([
      database.text,
      table.text,
      target && target.database !== '*' ? target.database : '',
      target && target.table !== '*' ? target.table : '',
      '',
      '',
    ]);
  }
  for (const table of selection.tables) {
    const source = parseRule(table.source);
    if (!source.ok) continue;
    const target = table.target ? parseRule(table.target) : null;
    rows.push([
      source.value.database.text,
      source.value.table.text,
      target?.ok ? target.value.database.text : '',
      target?.ok ? target.value.table.text : '',
      table.where ?? '',
      table.columns?.join(';') ?? '',
    ]);
  }
  return formatCsv(rows);
}
