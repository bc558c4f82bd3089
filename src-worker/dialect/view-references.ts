/**
 * The tables and views a stored view definition reads, and the definition
 * with them renamed. Servers store view definitions with every table written
 * as `db`.`name`; columns appear as `alias`.`col`, `name`.`col` or
 * `db`.`name`.`col`.
 */

import type { QualifiedName } from '../../src-shared/model/objects';
import { quoteIdentifier, quoteName } from '../mysql/quote';
import { nameChains, tokenize } from './sql-text';
import type { NameChain } from './sql-text';
import type { NameMap } from './types';

const key = (database: string, table: string) => `${database}\u0000${table}`;

/** Every `db`.`name` pair in the definition: candidates, to be matched against the objects that exist. */
export function candidateReferences(definition: string): QualifiedName[] {
  const seen = new Map<string, QualifiedName>();
  for (const chain of nameChains(tokenize(definition))) {
    if (chain.parts.length < 2) continue;
    const [database, table] = chain.parts;
    seen.set(key(database, table), { database, table });
  }
  return [...seen.values()];
}

/** An alias follows the table: `db`.`t` `x` or `db`.`t` AS `x`. */
function hasAlias(definition: string, chain: NameChain): boolean {
  return /^\s+(?:as\s+)?`/i.test(definition.slice(chain.end));
}

export interface RewrittenDefinition {
  sql: string;
  /** Dependencies the name map does not migrate: the definition keeps their source names. */
  unmapped: QualifiedName[];
}

export function rewriteReferences(definition: string, dependsOn: QualifiedName[], names: NameMap): RewrittenDefinition {
  const renamed = new Map<string, { source: QualifiedName; target: QualifiedName }>();
  const unmapped: QualifiedName[] = [];
  for (const source of dependsOn) {
    const target = names(source);
    if (!target) unmapped.push(source);
    else if (target.database !== source.database || target.table !== source.table) renamed.set(key(source.database, source.table), { source, target });
  }
  if (renamed.size === 0) return { sql: definition, unmapped };

  const chains = nameChains(tokenize(definition));
  const isReference = (chain: NameChain) => chain.parts.length >= 2 && renamed.has(key(chain.parts[0], chain.parts[1]));
  // `name`.`col` qualifies a column by the bare table name; a renamed table then keeps its old name as an alias.
  const qualifiers = new Set(chains.filter((c) => c.parts.length === 2 && !isReference(c)).map((c) => c.parts[0]));
  let sql = '';
  let last = 0;
  for (const chain of chains.filter(isReference)) {
    const { source, target } = renamed.get(key(chain.parts[0], chain.parts[1]))!;
    let replacement = [quoteName(target), ...chain.parts.slice(2).map(quoteIdentifier)].join('.');
    if (chain.parts.length === 2 && target.table !== source.table && qualifiers.has(source.table) && !hasAlias(definition, chain)) {
      replacement += ` ${quoteIdentifier(source.table)}`;
    }
    sql += definition.slice(last, chain.start) + replacement;
    last = chain.end;
  }
  return { sql: sql + definition.slice(last), unmapped };
}
