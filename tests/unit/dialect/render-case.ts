/** A golden case converted for one destination, written the way the golden files keep it: statements, then notes as comments. */

import { FLAVOUR_LABELS, FLAVOURS } from '../../../src-shared/model/flavour';
import type { ServerIdentity } from '../../../src-shared/model/flavour';
import type { ConversionNote } from '../../../src-shared/model/schema';
import { convertTable, convertView, orderViews, profileOf } from '../../../src-worker/dialect';
import type { FlavourProfile } from '../../../src-worker/dialect/profiles';
import { profileFor } from '../../../src-worker/dialect/profiles';
import type { NameMap } from '../../../src-worker/dialect/types';
import type { DialectCase } from './fixtures/build';

const label = (name: { database: string; table: string }) => `${name.database}.${name.table}`;

function notesBlock(notes: ConversionNote[]): string[] {
  if (notes.length === 0) return ['-- Notes: none'];
  return ['-- Notes:', ...notes.flatMap((n) => [`-- ${n.lossy ? 'LOSSY ' : 'change'} ${n.object}: ${n.from} -> ${n.to}`, `--        ${n.reason}`])];
}

/** One converted statement of a case, in the order a migration runs them, with what it is. */
export interface CaseStatement {
  what: string;
  ddl: string;
  /** The databases the statement needs to exist. */
  databases: string[];
}

/** A converted object: its statements, then the notes of its conversion. */
interface ConvertedObject {
  statements: CaseStatement[];
  notes: ConversionNote[];
}

/** A destination the golden files are kept for: each flavour, and seekdb (an edition of OceanBase). */
export interface Destination {
  /** The golden file's suffix. */
  name: string;
  label: string;
  profile: FlavourProfile;
}

/** What seekdb 1.4.0 reports (tests/unit/model/flavour.test.ts), as Cutover reads it. */
export const SEEKDB_IDENTITY: ServerIdentity = { flavour: 'oceanbase-mysql', edition: 'seekdb', version: '4.3.5.3', versionString: '5.7.25-OceanBase seekdb-v1.4.0.0' };

export const DESTINATIONS: Destination[] = [
  ...FLAVOURS.map((flavour) => ({ name: flavour, label: FLAVOUR_LABELS[flavour], profile: profileOf(flavour) })),
  { name: 'seekdb', label: 'seekdb (OceanBase kernel 4.3.5.3)', profile: profileFor(SEEKDB_IDENTITY) },
];

/** Converts every table and view of a case for one destination, in the order a migration runs them. */
export function convertCase(dialectCase: DialectCase, to: FlavourProfile): ConvertedObject[] {
  const from = profileOf(dialectCase.source);
  const names: NameMap = (name) => {
    if (dialectCase.notMigrated?.includes(label(name))) return null;
    return dialectCase.renames?.[label(name)] ?? name;
  };
  const objects: ConvertedObject[] = [];
  for (const { def, options = {} } of dialectCase.tables) {
    const target = options.target ?? names(def.name) ?? def.name;
    const converted = convertTable(def, from, to, { target, columns: options.columns ?? null, hiddenKey: options.hiddenKey ?? false, names });
    const on = [target.database];
    objects.push({
      statements: [
        { what: `Table ${label(def.name)} -> ${label(target)}`, ddl: converted.createTable, databases: on },
        ...converted.indexes.map((i) => ({ what: `Index ${i.name}, built after the data`, ddl: i.ddl, databases: on })),
        ...converted.foreignKeys.map((f) => ({ what: `Foreign key ${f.name}, added at switchover`, ddl: f.ddl, databases: on })),
        ...converted.checks.map((c) => ({ what: `Check ${c.name}, added at switchover`, ddl: c.ddl, databases: on })),
        ...(converted.hiddenKey ? [{ what: `Hidden key ${converted.hiddenKey.column}, dropped at switchover`, ddl: converted.hiddenKey.dropDdl, databases: on }] : []),
      ],
      notes: converted.notes,
    });
  }
  for (const view of orderViews(dialectCase.views ?? [])) {
    const target = names(view.name);
    if (!target) continue;
    const converted = convertView(view, to, { target, names });
    objects.push({ statements: [{ what: `View ${label(view.name)} -> ${label(target)}`, ddl: converted.ddl, databases: [target.database] }], notes: converted.notes });
  }
  return objects;
}

export function renderCase(dialectCase: DialectCase, destination: Destination): string {
  const out = [`-- ${dialectCase.about}`, `-- From ${FLAVOUR_LABELS[dialectCase.source]} to ${destination.label}.`];
  for (const object of convertCase(dialectCase, destination.profile)) {
    for (const statement of object.statements) out.push('', `-- ${statement.what}`, `${statement.ddl};`);
    out.push('', ...notesBlock(object.notes));
  }
  return `${out.join('\n')}\n`;
}
