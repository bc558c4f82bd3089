/** An index of the source table, written for the destination, or left out with the reason. */

import { quoteIdentifier } from '../mysql/quote';
import { baseType, bytesPerCharacter, declaredLength, isNumeric } from './column-kinds';
import type { ColumnType } from './convert-column';
import type { Notes } from './notes';
import type { FlavourProfile } from './profiles';
import { identifiersIn, sqlString } from './sql-text';
import type { ColumnDef, IndexColumn, IndexDef } from './types';

export interface IndexContext {
  to: FlavourProfile;
  /** The destination's columns by lower-case name. */
  columns: Map<string, { source: ColumnDef; type: ColumnType }>;
  notes: Notes;
}

export interface ConvertedIndex {
  name: string;
  /** As a line of CREATE TABLE: `UNIQUE KEY \`u\` (\`a\`)`. */
  createClause: string;
  /** As an ALTER TABLE action: `ADD UNIQUE INDEX \`u\` (\`a\`)`. */
  addClause: string;
  unique: boolean;
  /** Lower-case name of the first column, which decides whether it can carry AUTO_INCREMENT. */
  firstColumn: string | null;
}

const KEYWORDS: Record<IndexDef['kind'], string> = { btree: '', hash: '', fulltext: 'FULLTEXT ', spatial: 'SPATIAL ' };

function keyPart(part: IndexColumn, descending: boolean): string {
  const target = part.name !== null ? quoteIdentifier(part.name) + (part.prefixLength ? `(${part.prefixLength})` : '') : `(${part.expression})`;
  return descending && part.descending ? `${target} DESC` : target;
}

/** The index as the source defines it, for notes. */
export function describeIndex(index: IndexDef): string {
  const parts = `(${index.columns.map((p) => keyPart(p, true)).join(', ')})`;
  if (index.name === 'PRIMARY') return `PRIMARY KEY ${parts}`;
  return `${index.unique ? 'UNIQUE ' : KEYWORDS[index.kind]}INDEX ${index.name} ${parts}`;
}

/** Bytes of one key part on the destination; non-string types count as 8 (no key of them comes near a limit). */
function partBytes(part: IndexColumn, ctx: IndexContext): number {
  const column = part.name ? ctx.columns.get(part.name.toLowerCase()) : undefined;
  if (!column || isNumeric(column.source.dataType)) return 8;
  const characters = part.prefixLength ?? declaredLength(column.type.sql) ?? 0;
  return characters * bytesPerCharacter(column.type.charset);
}

/** Why the destination cannot have this index at all, or null. */
function reasonToLeaveOut(index: IndexDef, ctx: IndexContext): string | null {
  const { to } = ctx;
  const missing = index.columns.filter((p) => p.name !== null && !ctx.columns.has(p.name.toLowerCase()));
  if (missing.length) return `It uses ${missing.map((p) => `\`${p.name}\``).join(', ')}, which the column subset leaves out.`;
  const expressions = index.columns.filter((p) => p.expression !== null).map((p) => p.expression!);
  for (const expression of expressions) {
    const unknown = [...identifiersIn(expression)].filter((name) => !ctx.columns.has(name));
    if (unknown.length) return `Its expression uses ${unknown.map((n) => `\`${n}\``).join(', ')}, which the column subset leaves out.`;
  }
  if (expressions.length && !to.functionalIndexes) return 'The destination has no functional (expression) key parts.';
  if (expressions.length && !to.functionalIndexesOnGeneratedColumns) {
    const generated = expressions.flatMap((e) => [...identifiersIn(e)]).filter((name) => ctx.columns.get(name)?.source.generated);
    if (generated.length) return `The destination cannot build an expression key part on a generated column (${generated.map((n) => `\`${n}\``).join(', ')}).`;
  }
  if (index.kind === 'spatial' && !to.spatialIndexes) return 'The destination has no SPATIAL indexes.';
  if (index.kind !== 'fulltext') return null;
  if (!to.fulltextIndexes) return 'The destination has no FULLTEXT indexes.';
  const columns = index.columns.map((p) => ctx.columns.get(p.name!.toLowerCase())!);
  const allowed = to.fulltextColumnTypes;
  const wrongType = allowed ? columns.filter((c) => !allowed.includes(baseType(c.type.sql))) : [];
  if (wrongType.length) {
    return `The destination builds FULLTEXT indexes on ${allowed!.join(', ')} columns only, not on ${wrongType.map((c) => `\`${c.source.name}\` ${baseType(c.type.sql)}`).join(', ')}.`;
  }
  if (to.fulltextSameCharset && new Set(columns.map((c) => c.type.charset)).size > 1) return 'The destination needs one character set across the columns of a FULLTEXT index.';
  return null;
}

/** The PRIMARY KEY line of CREATE TABLE, or null when the column subset leaves one of its columns out. */
export function convertPrimaryKey(primaryKey: IndexDef, ctx: IndexContext): string | null {
  const converted = convertIndex(primaryKey, ctx);
  return converted && `PRIMARY KEY ${converted.createClause.slice(converted.createClause.indexOf('('))}`;
}

export function convertIndex(index: IndexDef, ctx: IndexContext): ConvertedIndex | null {
  const { to, notes } = ctx;
  const described = describeIndex(index);
  const leaveOut = reasonToLeaveOut(index, ctx);
  if (leaveOut) {
    notes.index(index.name, { from: described, to: '(left out)', lossy: true, reason: `${leaveOut} Queries that used the index run without it${index.unique ? ', and its uniqueness is no longer enforced' : ''}.` });
    return null;
  }
  const descending = index.columns.some((p) => p.descending);
  if (descending && !to.descendingIndexes) {
    notes.index(index.name, { from: described, to: 'ascending key parts', lossy: false, reason: 'The destination builds ascending indexes only; it still serves descending scans, more slowly.' });
  }
  if (index.kind === 'hash') {
    // Only MEMORY-like engines report hash indexes; their tables become InnoDB (or OceanBase, which "supports only USING BTREE" [OB-CREATE-INDEX]).
    notes.index(index.name, { from: 'USING HASH', to: 'B-tree', lossy: false, reason: 'The destination builds this index as a B-tree, the only kind its storage engine has; lookups by equality work the same.' });
  }
  let visibility = '';
  if (index.invisible) {
    if (to.indexVisibility) visibility = ` ${to.indexVisibility}`;
    else notes.index(index.name, { from: 'INVISIBLE', to: '(visible)', lossy: false, reason: 'The destination cannot hide an index from the optimizer; queries may start using it.' });
  }
  if (index.kind === 'btree' || index.kind === 'hash') {
    const bytes = index.columns.reduce((sum, part) => sum + partBytes(part, ctx), 0);
    if (bytes > to.maxKeyLength) {
      notes.index(index.name, {
        from: described,
        to: described,
        lossy: false,
        reason: `Its key takes up to ${bytes} bytes on the destination, which allows ${to.maxKeyLength}: creating it may fail. Shorten a prefix length before retrying.`,
      });
    }
  }
  const parts = index.columns.map((p) => keyPart(p, to.descendingIndexes)).join(', ');
  const body = `(${parts})${index.comment ? ` COMMENT ${sqlString(index.comment)}` : ''}${visibility}`;
  const name = quoteIdentifier(index.name);
  const kind = index.unique ? 'UNIQUE ' : KEYWORDS[index.kind];
  return {
    name: index.name,
    createClause: `${kind}KEY ${name} ${body}`,
    addClause: `ADD ${kind}INDEX ${name} ${body}`,
    unique: index.unique,
    firstColumn: index.columns[0].name?.toLowerCase() ?? null,
  };
}
