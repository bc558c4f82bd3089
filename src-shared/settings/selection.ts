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
} from '../model/objects';
import type { ParsedRule } from './object-names';
import { checkRowFilter, formatName, isValidColumnName, parseExactName, parseRule, ruleMatches, ruleTarget, sameName } from './object-names';

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
      if (!rule.ok) problems.push({ path: [key, index], message: `rule "${text}" ${rule.error}` });
      else if (key === 'exclude' && rule.value.target) problems.push({ path: [key, index], message: `exclude rule "${text}" cannot rename; remove "=${text.split('=')[1]}"` });
      else parsed[key].push(rule.value);
    });
  }
  const seen = new Map<string, number>();
  selection.tables.forEach((entry, index) => {
    const source = parseExactName(entry.source);
    if (!source.ok) {
      problems.push({ path: ['tables', index, 'source'], message: `source "${entry.source}" ${source.error}` });
      return;
    }
    const key = formatName(source.value);
    const previous = seen.get(key);
    if (previous !== undefined) problems.push({ path: ['tables', index, 'source'], message: `${key} is listed twice (also at tables[${previous}])` });
    seen.set(key, index);
    let target: QualifiedName | null = null;
    if (entry.target !== undefined) {
      const parsedTarget = parseExactName(entry.target);
      if (!parsedTarget.ok) problems.push({ path: ['tables', index, 'target'], message: `target "${entry.target}" ${parsedTarget.error}` });
      else target = parsedTarget.value;
    }
    let where: string | null = null;
    if (entry.where !== undefined) {
      const error = checkRowFilter(entry.where);
      if (error) problems.push({ path: ['tables', index, 'where'], message: `row filter of ${key} ${error}` });
      else where = entry.where.trim();
    }
    let columns: string[] | null = null;
    if (entry.columns !== undefined) {
      if (entry.columns.length === 0) problems.push({ path: ['tables', index, 'columns'], message: `column list of ${key} is empty; leave it out to migrate all columns` });
      const bad = entry.columns.filter((c) => !isValidColumnName(c));
      if (bad.length) problems.push({ path: ['tables', index, 'columns'], message: `column list of ${key} has invalid names: ${bad.map((c) => JSON.stringify(c)).join(', ')}` });
      const dup = entry.columns.filter((c, i) => entry.columns!.indexOf(c) !== i);
      if (dup.length) problems.push({ path: ['tables', index, 'columns'], message: `column list of ${key} repeats ${[...new Set(dup)].join(', ')}` });
      columns = entry.columns;
    }
    parsed.tables.push({ source: source.value, target, where, columns });
  });
  if (parsed.include.length === 0 && parsed.tables.length === 0 && problems.length === 0) {
    problems.push({ path: ['include'], message: 'selects nothing: add an include rule such as db.* or a table' });
  }
  return { parsed, problems };
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

  for (const object of catalog) {
    const name = { database: object.database, table: object.name };
    const explicit = parsed.tables.find((t) => sameName(t.source, name));
    const matching = parsed.include.filter((r) => ruleMatches(r, name));
    // Every matching rule counts as a hit, even when an earlier rule or a table entry takes the object:
    // otherwise `db.*` plus `db.t` would warn that `db.t` matches nothing.
    for (const r of matching) includeHits.set(r, (includeHits.get(r) ?? 0) + 1);
    const rule = explicit ? undefined : matching[0];
    const otherTarget = rule && matching.find((r) => r !== rule && !sameName(ruleTarget(r, name), ruleTarget(rule, name)));
    if (otherTarget) {
      warnings.push(warn('conflicting-rules', `${formatName(name)} matches include ${rule!.text} and include ${otherTarget.text}, which send it to different places; the first applies`));
    }
    if (!explicit && !rule) continue;
    const by = explicit ? `tables: ${formatName(name)}` : `include ${rule!.text}`;
    const excludedBy = parsed.exclude.find((r) => ruleMatches(r, name));
    if (excludedBy) {
      warnings.push(warn('dropped-by-exclude', `${formatName(name)} (selected by ${by}) is dropped by exclude ${excludedBy.text}`));
      continue;
    }
    const target = explicit ? (explicit.target ?? { ...name }) : ruleTarget(rule!, name);
    if (explicit && object.kind === 'view' && (explicit.where || explicit.columns)) {
      warnings.push(warn('setting-on-view', `${formatName(name)} is a view; its row filter and column list are ignored`));
    }
    if (explicit?.columns && object.columns && object.kind === 'table') {
      const unknown = explicit.columns.filter((c) => !object.columns!.includes(c));
      if (unknown.length) warnings.push(warn('unknown-column', `${formatName(name)} has no column ${unknown.join(', ')}`, 'error'));
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

  for (const table of parsed.tables) {
    if (!catalog.some((o) => sameName({ database: o.database, table: o.name }, table.source))) {
      warnings.push(warn('missing-table', `${formatName(table.source)} does not exist on the source (or the user cannot see it)`, 'error'));
    }
  }
  for (const rule of parsed.include) {
    if (!includeHits.has(rule)) warnings.push(warn('no-match', `include ${rule.text} matches no object on the source (or the user cannot see it)`));
  }
  warnings.push(...mergeWarnings(objects));
  return { objects, warnings };
}

/** Many-to-one is allowed for tables (and said); a view sharing a target with anything is an error. */
function mergeWarnings(objects: ResolvedObject[]): SelectionWarning[] {
  const byTarget = new Map<string, ResolvedObject[]>();
  for (const object of objects) {
    const key = formatName(object.target);
    byTarget.set(key, [...(byTarget.get(key) ?? []), object]);
  }
  const warnings: SelectionWarning[] = [];
  for (const [target, group] of byTarget) {
    if (group.length < 2) continue;
    const sources = group.map((o) => formatName(o.source)).join(', ');
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
