/** A source view as CREATE VIEW for the destination, reading the renamed tables and views. */

import type { QualifiedName } from '../../src-shared/model/objects';
import { quoteName } from '../mysql/quote';
import { conversionError } from './conversion-error';
import { Notes, objectName } from './notes';
import type { FlavourProfile } from './profiles';
import type { ConvertedView, NameMap, ViewDef } from './types';
import { rewriteReferences } from './view-references';

export function convertView(def: ViewDef, to: FlavourProfile, options: { target: QualifiedName; names: NameMap }): ConvertedView {
  const label = objectName(def.name);
  try {
    return convert(def, to, options, new Notes(label));
  } catch (error) {
    throw conversionError(label, error);
  }
}

function convert(def: ViewDef, to: FlavourProfile, options: { target: QualifiedName; names: NameMap }, notes: Notes): ConvertedView {
  const { sql, unmapped } = rewriteReferences(def.definition, def.dependsOn, options.names);
  for (const name of unmapped) {
    notes.table({ from: objectName(name), to: objectName(name), lossy: false, reason: `The view reads ${objectName(name)}, which is not migrated: the destination needs it under that name.` });
  }
  notes.table({
    from: 'DEFINER',
    to: '(the user that creates it)',
    lossy: false,
    reason:
      def.securityType === 'DEFINER'
        ? "The view is created without DEFINER: it belongs to the user Cutover connects as, and runs with that user's privileges."
        : 'The view is created without DEFINER: it belongs to the user Cutover connects as.',
  });

  let head = 'CREATE ';
  if (def.algorithm && def.algorithm.toUpperCase() !== 'UNDEFINED') {
    if (to.viewAlgorithm) head += `ALGORITHM=${def.algorithm.toUpperCase()} `;
    else notes.table({ from: `ALGORITHM=${def.algorithm}`, to: '(default)', lossy: false, reason: 'The destination documents no ALGORITHM for views; it chooses how to run the view itself.' });
  }
  if (to.viewSqlSecurity) head += `SQL SECURITY ${def.securityType} `;
  else if (def.securityType === 'INVOKER') {
    notes.table({ from: 'SQL SECURITY INVOKER', to: '(default)', lossy: false, reason: 'The destination documents no SQL SECURITY for views: check which privileges the view runs with there.' });
  }
  return { ddl: `${head}VIEW ${quoteName(options.target)} AS ${sql}${checkOption(def, to, notes)}`, notes: notes.list };
}

function checkOption(def: ViewDef, to: FlavourProfile, notes: Notes): string {
  if (def.checkOption === 'NONE') return '';
  const refused = to.viewCheckOption === 'updatable-single-table' && (!def.updatable || def.dependsOn.length > 1);
  if (!refused) return ` WITH ${def.checkOption} CHECK OPTION`;
  notes.table({
    from: `WITH ${def.checkOption} CHECK OPTION`,
    to: '(none)',
    lossy: true,
    reason: `The destination allows CHECK OPTION only on an updatable view of one table, and this view ${def.dependsOn.length > 1 ? 'reads several tables' : 'cannot be updated'}: writes through it are no longer checked against its condition.`,
  });
  return '';
}
