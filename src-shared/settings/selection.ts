/**
 * Validation of an object selection as typed (offline) and its resolution
 * against a source catalog (connected), with a warning for every object a
 * rule drops and every mapping that merges or conflicts.
 */

import type {
  CatalogObject,
  ObjectSelection,
  QualifiedName,
  ResolvedObject,
  SelectionPreview,
  SelectionWarning,
  TableSetting,
} from '../model/objects';
import { formatCount, quoteForMessage, quoteList, visibleText } from '../text';
import type { ParsedRule } from './object-names';
import {
  checkRowFilter,
  findRenameSeparator,
  formatName,
  isValidColumnName,
  parseExactName,
  parseRule,
  ruleMatches,
  ruleTarget,
  sameName,
} from './object-names';

export interface SelectionProblem {
  /** Where in the selection, e.g. `include[2]` or `tables[0].where`. */
  path: (string | number)[];
  message: string;
}

interface ParsedTable {
  source: QualifiedName;
  target: QualifiedName | null;
  where: string | null;
  columns: string[] | null;
}

interface ParsedSelection {
  include: ParsedRule[];
  exclude: ParsedRule[];
  tables: ParsedTable[];
}

/** Checks a selection without connecting; returns every problem found. */
export function validateSelection(selection: ObjectSelection): SelectionProblem[] {
  return parseSelection(selection).problems;
}

function parseSelection(selection: ObjectSelection): { parsed: ParsedSelection; problems: SelectionProblem[] } {
  const problems: SelectionProblem[] = [];
  const parsed: ParsedSelection = { include: [], exclude: [], tables: [] };
  for (const key of ['include', 'exclude'] as const) {
    selection[key].forEach((text, index) => {
      const rule = parseRule(text);
      if (!rule.ok) problems.push({ path: [key, index], message: `rule ${quoteForMessage(text)} ${rule.error}` });
      else if (key === 'exclude' && rule.value.target) {
        const rename = text.slice(findRenameSeparator(text)).trim();
        problems.push({ path: [key, index], message: `exclude rule ${quoteForMessage(text)} cannot rename; remove ${quoteForMessage(rename)}` });
      } else parsed[key].push(rule.value);
    });
  }
  const seen = new Map<string, number>();
  selection.tables.forEach((entry, index) => {
    const table = parseTable(entry, index, problems);
    if (!table) return;
    const key = formatName(table.source);
    const previous = seen.get(key);
    if (previous !== undefined) problems.push({ path: ['tables', index, 'source'], message: `${visibleText(key)} is listed twice (also at tables[${previous}])` });
    seen.set(key, index);
    parsed.tables.push(table);
  });
  if (parsed.include.length === 0 && parsed.tables.length === 0 && problems.length === 0) {
    problems.push({ path: ['include'], message: 'selects nothing: add an include rule such as db.* or a table' });
  }
  return { parsed, problems };
}

/** One table entry, or null when its source is not a table name; its problems are added to `problems`. */
function parseTable(entry: TableSetting, index: number, problems: SelectionProblem[]): ParsedTable | null {
  const source = parseExactName(entry.source);
  if (!source.ok) {
    problems.push({ path: ['tables', index, 'source'], message: `source ${quoteForMessage(entry.source)} ${source.error}` });
    return null;
  }
  // A formatted name quotes in backticks whatever needs it: shown escaped, without double quotes.
  const shown = visibleText(formatName(source.value));
  let target: QualifiedName | null = null;
  if (entry.target !== undefined) {
    const parsedTarget = parseExactName(entry.target);
    if (!parsedTarget.ok) problems.push({ path: ['tables', index, 'target'], message: `target ${quoteForMessage(entry.target)} ${parsedTarget.error}` });
    else target = parsedTarget.value;
  }
  let where: string | null = null;
  if (entry.where !== undefined) {
    const error = checkRowFilter(entry.where);
    if (error) problems.push({ path: ['tables', index, 'where'], message: `row filter of ${shown} ${error}` });
    else where = entry.where.trim();
  }
  let columns: string[] | null = null;
  if (entry.columns !== undefined) {
    for (const message of columnListProblems(entry.columns)) problems.push({ path: ['tables', index, 'columns'], message: `column list of ${shown} ${message}` });
    columns = entry.columns;
  }
  return { source: source.value, target, where, columns };
}

/** What is wrong with a table's column list: empty, invalid names, names given twice. */
export function columnListProblems(columns: readonly string[]): string[] {
  if (columns.length === 0) return ['is empty; leave it out to migrate all columns'];
  const problems: string[] = [];
  const bad = columns.filter((c) => !isValidColumnName(c));
  if (bad.length) problems.push(`has invalid names: ${quoteList(bad)} (a column name has 1-64 characters and does not end with a space)`);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) repeated.add(column);
    seen.add(column);
  }
  if (repeated.size) problems.push(`repeats ${quoteList([...repeated])}`);
  return problems;
}

/** Names in warnings are shown whole when valid (64 characters a part), escaped, and shortened only past that. */
const SHOWN_NAME_CHARS = 140;
/** Many-to-one warnings name this many sources, then count the rest. */
const SHOWN_SOURCES = 10;

function shown(name: QualifiedName): string {
  return visibleText(formatName(name), SHOWN_NAME_CHARS);
}

function shownRule(rule: ParsedRule): string {
  return visibleText(rule.text, SHOWN_NAME_CHARS);
}

/** A key for a name in maps; unlike `db.table`, it cannot be the key of another name. */
function nameKey(name: QualifiedName): string {
  return JSON.stringify([name.database, name.table]);
}

function warn(kind: SelectionWarning['kind'], message: string, severity: SelectionWarning['severity'] = 'warn'): SelectionWarning {
  return { kind, severity, message };
}

/**
 * Resolves a valid selection against the objects that exist on the source.
 * Throws nothing: invalid parts are skipped and reported as errors.
 */
export function resolveSelection(selection: ObjectSelection, catalog: CatalogObject[]): SelectionPreview {
  const { parsed, problems } = parseSelection(selection);
  const warnings: SelectionWarning[] = problems.map((p) => warn('invalid', p.message, 'error'));
  const objects: ResolvedObject[] = [];
  const includeHits = new Map<ParsedRule, number>();
  const tablesByName = new Map<string, ParsedTable>();
  for (const table of parsed.tables) if (!tablesByName.has(nameKey(table.source))) tablesByName.set(nameKey(table.source), table);

  for (const object of catalog) {
    const name = { database: object.database, table: object.name };
    const explicit = tablesByName.get(nameKey(name));
    const matching = parsed.include.filter((r) => ruleMatches(r, name));
    // Every matching rule counts as a hit, even when an earlier rule or a table entry takes the object:
    // otherwise `db.*` plus `db.t` would warn that `db.t` matches nothing.
    for (const r of matching) includeHits.set(r, (includeHits.get(r) ?? 0) + 1);
    const rule = explicit ? undefined : matching[0];
    const otherTarget = rule && matching.find((r) => r !== rule && !sameName(ruleTarget(r, name), ruleTarget(rule, name)));
    if (otherTarget) {
      warnings.push(warn('conflicting-rules', `${shown(name)} matches include ${shownRule(rule!)} and include ${shownRule(otherTarget)}, which send it to different places; the first applies`));
    }
    if (!explicit && !rule) continue;
    const by = explicit ? `tables: ${formatName(name)}` : `include ${rule!.text}`;
    const excludedBy = parsed.exclude.find((r) => ruleMatches(r, name));
    if (excludedBy) {
      const shownBy = explicit ? `tables: ${shown(name)}` : `include ${shownRule(rule!)}`;
      warnings.push(warn('dropped-by-exclude', `${shown(name)} (selected by ${shownBy}) is dropped by exclude ${shownRule(excludedBy)}`));
      continue;
    }
    const target = explicit ? (explicit.target ?? { ...name }) : ruleTarget(rule!, name);
    if (explicit && object.kind === 'view' && (explicit.where || explicit.columns)) {
      warnings.push(warn('setting-on-view', `${shown(name)} is a view; its row filter and column list are ignored`));
    }
    if (explicit?.columns && object.columns && object.kind === 'table') {
      const known = new Set(object.columns);
      const unknown = explicit.columns.filter((c) => !known.has(c));
      if (unknown.length) warnings.push(warn('unknown-column', `${shown(name)} has no column ${unknown.map((c) => visibleText(c, SHOWN_NAME_CHARS)).join(', ')}`, 'error'));
    }
    objects.push({
      kind: object.kind,
      source: name,
      target,
      where: object.kind === 'table' ? (explicit?.where ?? null) : null,
      columns: object.kind === 'table' ? (explicit?.columns ?? null) : null,
      matchedBy: by,
    });
  }

  const existing = new Set(catalog.map((o) => nameKey({ database: o.database, table: o.name })));
  for (const table of parsed.tables) {
    if (!existing.has(nameKey(table.source))) {
      warnings.push(warn('missing-table', `${shown(table.source)} does not exist on the source (or the user cannot see it)`, 'error'));
    }
  }
  for (const rule of parsed.include) {
    if (!includeHits.has(rule)) warnings.push(warn('no-match', `include ${shownRule(rule)} matches no object on the source (or the user cannot see it)`));
  }
  warnings.push(...mergeWarnings(objects));
  return { objects, warnings };
}

/** Many-to-one is allowed for tables (and said); a view sharing a target with anything is an error. */
function mergeWarnings(objects: ResolvedObject[]): SelectionWarning[] {
  const byTarget = new Map<string, ResolvedObject[]>();
  for (const object of objects) {
    const key = nameKey(object.target);
    const group = byTarget.get(key);
    if (group) group.push(object);
    else byTarget.set(key, [object]);
  }
  const warnings: SelectionWarning[] = [];
  for (const group of byTarget.values()) {
    if (group.length < 2) continue;
    const target = shown(group[0].target);
    const listed = group.slice(0, SHOWN_SOURCES).map((o) => shown(o.source)).join(', ');
    const sources = group.length > SHOWN_SOURCES ? `${listed} and ${formatCount(group.length - SHOWN_SOURCES)} more` : listed;
    if (group.some((o) => o.kind === 'view')) {
      warnings.push(warn('target-conflict', `${sources} all map to ${target}, and a view cannot be merged`, 'error'));
    } else {
      warnings.push(warn('merged', `${sources} are merged into ${target} (many-to-one)`));
    }
  }
  return warnings;
}

/** True when two or more source tables map to one destination table. */
export function hasManyToOne(preview: SelectionPreview): boolean {
  return preview.warnings.some((w) => w.kind === 'merged');
}
