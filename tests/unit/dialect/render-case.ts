/** A golden case converted for one destination, written the way the golden files keep it: statements, then notes as comments. */

import type { Flavour } from '../../../src-shared/model/flavour';
import { FLAVOUR_LABELS } from '../../../src-shared/model/flavour';
import type { ConversionNote } from '../../../src-shared/model/schema';
import { convertTable, convertView, orderViews, profileOf } from '../../../src-worker/dialect';
import type { NameMap } from '../../../src-worker/dialect/types';
import type { DialectCase } from './fixtures/build';

const label = (name: { database: string; table: string }) => `${name.database}.${name.table}`;

function notesBlock(notes: ConversionNote[]): string[] {
  if (notes.length === 0) return ['-- Notes: none'];
  return ['-- Notes:', ...notes.flatMap((n) => [`-- ${n.lossy ? 'LOSSY ' : 'change'} ${n.object}: ${n.from} -> ${n.to}`, `--        ${n.reason}`])];
}

export function renderCase(dialectCase: DialectCase, destination: Flavour): string {
  const from = profileOf(dialectCase.source);
  const to = profileOf(destination);
  const names: NameMap = (name) => {
    if (dialectCase.notMigrated?.includes(label(name))) return null;
    return dialectCase.renames?.[label(name)] ?? name;
  };
  const out = [`-- ${dialectCase.about}`, `-- From ${FLAVOUR_LABELS[dialectCase.source]} to ${FLAVOUR_LABELS[destination]}.`];
  for (const { def, options = {} } of dialectCase.tables) {
    const target = options.target ?? names(def.name) ?? def.name;
    const converted = convertTable(def, from, to, { target, columns: options.columns ?? null, hiddenKey: options.hiddenKey ?? false, names });
    out.push('', `-- Table ${label(def.name)} -> ${label(target)}`, `${converted.createTable};`);
    for (const i of converted.indexes) out.push('', `-- Index ${i.name}, built after the data`, `${i.ddl};`);
    for (const f of converted.foreignKeys) out.push('', `-- Foreign key ${f.name}, added at switchover`, `${f.ddl};`);
    for (const c of converted.checks) out.push('', `-- Check ${c.name}, added at switchover`, `${c.ddl};`);
    if (converted.hiddenKey) out.push('', `-- Hidden key ${converted.hiddenKey.column}, dropped at switchover`, `${converted.hiddenKey.dropDdl};`);
    out.push('', ...notesBlock(converted.notes));
  }
  for (const view of orderViews(dialectCase.views ?? [])) {
    const target = names(view.name);
    if (!target) continue;
    const converted = convertView(view, to, { target, names });
    out.push('', `-- View ${label(view.name)} -> ${label(target)}`, `${converted.ddl};`, '', ...notesBlock(converted.notes));
  }
  return `${out.join('\n')}\n`;
}
