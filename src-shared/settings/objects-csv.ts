/**
 * Object settings as CSV (F-13), one row per selected table or match rule:
 *
 *   source_database,source_table,target_database,target_table,where,columns
 *
 * Fields follow RFC 4180 (csv.ts): a field holding a comma, a double quote or a
 * line break is written in double quotes, with "" for a double quote inside.
 *
 * Names (the four name fields, and each name in `columns`):
 * - a bare name is taken as written: `orders`, `my table`, `客户`, `order`, `a-b$c`.
 *   In a source field, `*` (any run of characters) and `?` (one character) make
 *   the row a match rule: `shop,tmp_*`. A bare name may not contain a backtick,
 *   nor start or end with white space (a spreadsheet's stray space would
 *   otherwise change the name);
 * - a name in backticks is taken literally, a doubled backtick standing for one
 *   backtick: `we``ird` is the name we`ird, `t*` a table whose name holds a star
 *   (not a pattern), ` lead` a name starting with a space. A name needs
 *   backticks when it contains a backtick, starts or ends with white space, or
 *   (exact names) contains `*` or `?`; in `columns`, also when it contains ";";
 * - an empty target field keeps the source name. A target is always exact;
 * - a pattern cannot contain white space, ".", "=" or a backtick, which a rule
 *   cannot express; `?` stands for any one such character.
 *
 * `where` is a row filter and `columns` a `;`-separated column subset, both only
 * for exact tables. Exclude rules are not part of the CSV: an import keeps the
 * project's excludes. An include rule without wildcards is written as a table
 * row, and reads back as the table entry that selects the same table.
 *
 * formatObjectsCsv writes a name bare whenever these rules allow, so files
 * written before names could be quoted read the same, and every file it writes
 * reads back as the same rules and tables.
 */

import type { ObjectSelection, TableSetting } from '../model/objects';
import { formatCount, quoteForMessage, visibleText } from '../text';
import { formatCsv, parseCsv } from './csv';
import type { ParseResult } from './issues';
import { FileProblems } from './issues';
import { MAX_COLUMNS, MAX_CSV_ROWS, MAX_FILE_CHARS, MAX_RULES, MAX_TABLES } from './limits';
import type { NamePart } from './object-names';
import { checkRowFilter, formatName, formatPart, parseExactName, parseRule } from './object-names';
import { columnListProblems } from './selection';

export const OBJECTS_CSV_HEADER = ['source_database', 'source_table', 'target_database', 'target_table', 'where', 'columns'] as const;
const HEADER_TEXT = OBJECTS_CSV_HEADER.join(',');

export interface ObjectsCsvContent {
  include: string[];
  tables: TableSetting[];
}

const WILDCARD = /[*?]/;
const NOT_IN_PATTERN = /[\s.=]/;
const MAX_NAME = 64;

type Read<T> = { ok: true; value: T } | { ok: false; error: string };

function inBackticks(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** The name inside a field that starts with a backtick; `what` names the field in messages. */
function unquote(field: string, what: string): Read<string> {
  const close = closingBacktick(field, 0);
  if (close < 0) return { ok: false, error: `${what} ${quoteForMessage(field)} has no closing backtick` };
  if (close !== field.length - 1) {
    return { ok: false, error: `${what} ${quoteForMessage(field)} has text after its closing backtick; double a backtick that is part of the name` };
  }
  return { ok: true, value: field.slice(1, close).replaceAll('``', '`') };
}

/**
 * A name field. A source field is required and may be a pattern; an empty target
 * field is null (it keeps the source name) and a target is always exact.
 */
function readName(field: string, what: string, role: 'source' | 'target'): Read<NamePart | null> {
  if (field === '') return role === 'source' ? { ok: false, error: `${what} is empty` } : { ok: true, value: null };
  let part: NamePart;
  // In backticks, a name of 64 characters takes at most 130 (every character a doubled backtick).
  if (field.length > 2 * MAX_NAME + 2) return { ok: false, error: `${what} is longer than ${MAX_NAME} characters` };
  if (field.startsWith('`')) {
    const name = unquote(field, what);
    if (!name.ok) return name;
    part = { text: name.value, wildcard: false };
  } else {
    const shown = quoteForMessage(field);
    if (field.includes('`')) return { ok: false, error: `${what} ${shown} contains a backtick; write the name in backticks with the backtick doubled: ${quoteForMessage(inBackticks(field))}` };
    if (field !== field.trim()) return { ok: false, error: `${what} ${shown} has leading or trailing spaces; if they are part of the name, write it in backticks` };
    part = { text: field, wildcard: WILDCARD.test(field) };
    if (part.wildcard && role === 'target') {
      return { ok: false, error: `${what} ${shown} uses a wildcard; a target keeps the source name when left empty (write a name containing * or ? in backticks)` };
    }
    if (part.wildcard && NOT_IN_PATTERN.test(field)) {
      return { ok: false, error: `${what} ${shown} is a pattern with white space, "." or "=", which a rule cannot hold; use ? for such a character` };
    }
  }
  if (part.text === '') return { ok: false, error: `${what} is empty` };
  if (part.text.length > MAX_NAME) return { ok: false, error: `${what} is longer than ${MAX_NAME} characters` };
  return { ok: true, value: part };
}

/** The names of a `columns` field: `;`-separated, each bare (trimmed) or in backticks. */
function readColumns(field: string): Read<string[]> {
  const names: string[] = [];
  let i = 0;
  for (;;) {
    while (i < field.length && /\s/.test(field[i])) i++;
    let end = field.indexOf(';', i);
    if (end < 0) end = field.length;
    if (field[i] === '`') {
      const close = closingBacktick(field, i);
      if (close < 0) return { ok: false, error: `columns has a name with no closing backtick: ${quoteForMessage(field.slice(i))}` };
      end = field.indexOf(';', close);
      if (end < 0) end = field.length;
      if (field.slice(close + 1, end).trim() !== '') return { ok: false, error: `columns has text after the closing backtick of ${quoteForMessage(field.slice(i, close + 1))}` };
      names.push(field.slice(i + 1, close).replaceAll('``', '`'));
    } else {
      const name = field.slice(i, end).trim();
      if (name === '') return { ok: false, error: 'columns has an empty name (check for ";;" or a trailing ";")' };
      if (name.includes('`')) return { ok: false, error: `columns name ${quoteForMessage(name)} contains a backtick; write it in backticks with the backtick doubled` };
      names.push(name);
    }
    if (names.length > MAX_COLUMNS) return { ok: false, error: `columns lists more than ${formatCount(MAX_COLUMNS)} columns` };
    if (end >= field.length) return { ok: true, value: names };
    i = end + 1;
  }
}

/** The index of the backtick closing the quoted name that starts at `start`, or -1. */
function closingBacktick(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const close = text.indexOf('`', from);
    if (close < 0 || text[close + 1] !== '`') return close;
    from = close + 2;
  }
}

/** A rule's part as rule text: a pattern bare, an exact name quoted where needed. */
function rulePart(part: NamePart): string {
  return part.wildcard ? part.text : formatPart(part.text);
}

type RowContent = { kind: 'rule'; text: string } | { kind: 'table'; setting: TableSetting };

interface ReadRow {
  /** `db.table` as a rule would write it: the same for every way of writing one source. */
  key: string;
  content: RowContent | null;
  problems: string[];
}

function readRow(fields: readonly string[]): ReadRow {
  const [sourceDbField, sourceTableField, targetDbField, targetTableField, where, columnsField] = fields;
  const problems: string[] = [];
  const take = <T>(read: Read<T>): T | null => {
    if (read.ok) return read.value;
    problems.push(read.error);
    return null;
  };
  const sourceDb = take(readName(sourceDbField, 'source_database', 'source'));
  const sourceTable = take(readName(sourceTableField, 'source_table', 'source'));
  const targetDb = take(readName(targetDbField, 'target_database', 'target'));
  const targetTable = take(readName(targetTableField, 'target_table', 'target'));
  const pattern = Boolean(sourceDb?.wildcard || sourceTable?.wildcard);
  const hasWhere = where.trim() !== '';
  const hasColumns = columnsField.trim() !== '';
  if (pattern && hasWhere) problems.push('where is only allowed for an exact table, not for a pattern');
  if (pattern && hasColumns) problems.push('columns are only allowed for an exact table, not for a pattern');
  if (!pattern && hasWhere) {
    const problem = checkRowFilter(where);
    if (problem) problems.push(`where ${problem}`);
  }
  const columns = !pattern && hasColumns ? take(readColumns(columnsField)) : null;
  if (columns) for (const problem of columnListProblems(columns)) problems.push(`columns ${problem}`);
  const key = sourceDb && sourceTable ? `${rulePart(sourceDb)}.${rulePart(sourceTable)}` : '';
  if (problems.length || !sourceDb || !sourceTable) return { key, content: null, problems };
  if (pattern) {
    const renamed = targetDb || targetTable;
    const text = renamed ? `${key}=${targetDb ? formatPart(targetDb.text) : '*'}.${targetTable ? formatPart(targetTable.text) : '*'}` : key;
    const rule = parseRule(text);
    if (!rule.ok) return { key, content: null, problems: [`rule ${quoteForMessage(text)} ${rule.error}`] };
    return { key, content: { kind: 'rule', text }, problems };
  }
  const setting: TableSetting = { source: key };
  if (targetDb || targetTable) setting.target = formatName({ database: (targetDb ?? sourceDb).text, table: (targetTable ?? sourceTable).text });
  if (hasWhere) setting.where = where.trim();
  if (columns) setting.columns = columns;
  return { key, content: { kind: 'table', setting }, problems };
}

export function parseObjectsCsv(text: string, fileName: string): ParseResult<ObjectsCsvContent> {
  const problems = new FileProblems(fileName);
  const refuse = (line: number, message: string): ParseResult<ObjectsCsvContent> => {
    problems.add(line, message);
    return { ok: false, ...problems.report() };
  };
  if (text.length > MAX_FILE_CHARS) return refuse(1, `the file has ${formatCount(text.length)} characters; at most ${formatCount(MAX_FILE_CHARS)} are allowed`);
  const tooMany = `the file has more than ${formatCount(MAX_CSV_ROWS)} rows; a project has at most ${formatCount(MAX_TABLES)} tables and ${formatCount(MAX_RULES)} include rules`;
  const parsed = parseCsv(text, { records: MAX_CSV_ROWS + 1, message: tooMany });
  if (!parsed.ok) return refuse(parsed.line, parsed.message);
  const [header, ...rows] = parsed.records;
  if (!header) return refuse(1, `the file is empty; the first line must be the header ${HEADER_TEXT}`);
  // Spaces around a header name are forgiven; a byte order mark past the first, or another invisible character, is not.
  const headerText = header.fields.map((f) => f.replace(/^[ \t]+|[ \t]+$/g, '').toLowerCase()).join(',');
  if (headerText !== HEADER_TEXT) return refuse(header.line, `the header must be exactly ${HEADER_TEXT}`);
  const content: ObjectsCsvContent = { include: [], tables: [] };
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length !== OBJECTS_CSV_HEADER.length) {
      problems.add(row.line, `has ${formatCount(row.fields.length)} fields; expected ${OBJECTS_CSV_HEADER.length} (${HEADER_TEXT})`);
      continue;
    }
    const read = readRow(row.fields);
    const previous = read.key ? seen.get(read.key) : undefined;
    if (previous !== undefined) read.problems.push(`${visibleText(read.key)} is listed twice (also on line ${previous})`);
    else if (read.key) seen.set(read.key, row.line);
    for (const message of read.problems) problems.add(row.line, message);
    if (read.problems.length || !read.content) continue;
    if (read.content.kind === 'rule') {
      if (content.include.push(read.content.text) === MAX_RULES + 1) problems.add(row.line, `more than ${formatCount(MAX_RULES)} rows are patterns; a project has at most ${formatCount(MAX_RULES)} include rules`);
    } else if (content.tables.push(read.content.setting) === MAX_TABLES + 1) {
      problems.add(row.line, `more than ${formatCount(MAX_TABLES)} rows are tables; a project has at most ${formatCount(MAX_TABLES)} tables`);
    }
  }
  if (problems.count === 0 && content.include.length === 0 && content.tables.length === 0) {
    problems.add(header.line + 1, 'the file has no rows; add at least one table or rule');
  }
  return problems.count ? { ok: false, ...problems.report() } : { ok: true, value: content };
}

/** A name as a CSV field: bare when it reads back as the same name, else in backticks. */
function nameField(name: string, exact: boolean): string {
  const bare = name !== '' && !name.includes('`') && name === name.trim() && !(exact && WILDCARD.test(name));
  return bare ? name : inBackticks(name);
}

function columnField(name: string): string {
  return name !== '' && !/[`;]/.test(name) && name === name.trim() ? name : inBackticks(name);
}

function ruleRow(rule: { database: NamePart; table: NamePart; target: { database: string; table: string } | null }): string[] {
  const part = (p: NamePart) => (p.wildcard ? p.text : nameField(p.text, true));
  const target = (name: string | undefined) => (name === undefined || name === '*' ? '' : nameField(name, true));
  return [part(rule.database), part(rule.table), target(rule.target?.database), target(rule.target?.table), '', ''];
}

/**
 * Writes the rules and tables so that parseObjectsCsv reads them back. A rule for
 * a source that a table entry or an earlier rule already names is left out: it
 * selects nothing more (the table entry, or the first rule, applies).
 */
export function formatObjectsCsv(selection: ObjectSelection): string {
  const tableRows: string[][] = [];
  const written = new Set<string>();
  for (const table of selection.tables) {
    const source = parseExactName(table.source);
    if (!source.ok || written.has(formatName(source.value))) continue;
    written.add(formatName(source.value));
    const target = table.target !== undefined ? parseExactName(table.target) : null;
    tableRows.push([
      nameField(source.value.database, true),
      nameField(source.value.table, true),
      target?.ok ? nameField(target.value.database, true) : '',
      target?.ok ? nameField(target.value.table, true) : '',
      table.where ?? '',
      table.columns?.map(columnField).join(';') ?? '',
    ]);
  }
  const ruleRows: string[][] = [];
  for (const text of selection.include) {
    const rule = parseRule(text);
    if (!rule.ok) continue;
    const key = `${rulePart(rule.value.database)}.${rulePart(rule.value.table)}`;
    if (written.has(key)) continue;
    written.add(key);
    ruleRows.push(ruleRow(rule.value));
  }
  return formatCsv([[...OBJECTS_CSV_HEADER], ...ruleRows, ...tableRows]);
}
