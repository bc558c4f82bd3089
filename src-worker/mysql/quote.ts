/** The one place identifiers are quoted. Values are never quoted by hand: they are bound, or escaped by the driver where many rows share one statement. */

import type { QualifiedName } from '../../src-shared/model/objects';

export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

export function quoteName(name: QualifiedName): string {
  return `${quoteIdentifier(name.database)}.${quoteIdentifier(name.table)}`;
}
