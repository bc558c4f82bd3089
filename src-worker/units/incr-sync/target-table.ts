/**
 * How a source table's row images are written to its destination table:
 * which image values go to which written columns, the key rows are found by,
 * and the unique keys that order changes across parallel connections.
 */

import type { LoggedTable } from '../../changelog/reader';
import type { QualifiedName } from '../../../src-shared/model/objects';
import { formatName } from '../../../src-shared/settings/object-names';
import type { TextColumn } from './collation-keys';
import type { DestinationTable } from './destination-tables';
import type { Route } from './routes';

export interface TargetTable {
  name: QualifiedName;
  /** The written columns, in the destination's order. */
  columns: string[];
  /** For each written column, its index in the source row image. */
  imageIndex: number[];
  /** For each written column: a number written without quotes (exact for DECIMAL and 64-bit integers). */
  numeric: boolean[];
  /** BIT columns: written as integers. */
  bit: boolean[];
  /** Indexes (into columns) of the key rows are found by; null when the table has none the replay can use. */
  key: number[] | null;
  /** Every unique key whose columns are all written (indexes into columns). */
  uniqueKeys: number[][];
  /** For each of uniqueKeys, the prefix length each column is compared on (null: all of it). */
  uniquePrefixes: (number | null)[][];
  /** For each written column, its character set and collation when it holds text. */
  text: (TextColumn | null)[];
}

const NUMERIC = /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|year)$/;

export function targetTable(logged: LoggedTable, route: Route, destination: DestinationTable): TargetTable {
  const types = destination.types;
  const columns = destination.writable.filter((name) => logged.columns.includes(name) && (!route.columns || route.columns.has(name)));
  if (columns.length === 0) {
    throw new Error(`${formatName(route.source)} and ${formatName(destination.name)} have no column in common to replay.`);
  }
  const index = (name: string) => columns.indexOf(name);
  const usable = destination.uniqueKeys.filter((k) => k.columns.every((c) => columns.includes(c)));
  const key = usable.find((k) => k.notNull);
  return {
    name: destination.name,
    columns,
    imageIndex: columns.map((name) => logged.columns.indexOf(name)),
    numeric: columns.map((name) => NUMERIC.test(types.get(name) ?? '')),
    bit: columns.map((name) => types.get(name) === 'bit'),
    key: key ? key.columns.map(index) : null,
    uniqueKeys: usable.map((k) => k.columns.map(index)),
    uniquePrefixes: usable.map((k) => k.prefixes),
    text: columns.map((name) => destination.text.get(name) ?? null),
  };
}
