/**
 * Precheck items about the destination's settings that decide whether the
 * migrated objects and rows fit there: how it folds names, how large a packet
 * it takes, and whether it can serve changes back (reverse incremental).
 * Cutover's own sessions set the time zone, SQL mode and (on OceanBase) query
 * timeouts they need, so the server's defaults for those do not matter.
 */

import type { QualifiedName } from '../../../src-shared/model';
import { formatName } from '../../../src-shared/settings/object-names';
import { profileFor } from '../../dialect/profiles';
import { variables } from '../../mysql/inspector';
import type { OpenEndpoint, Report } from './endpoint-checks';
import { binlogChecks, check } from './endpoint-checks';

const MB = 1024 * 1024;

/** A destination that stores names in lower case (lower_case_table_names 1 or 2) cannot hold a target that is not. */
function caseCheck(folding: number, targets: QualifiedName[], report: Report): void {
  if (folding === 0) {
    report(check('destination.name_case', 'Destination name case', 'success', 'The destination keeps the case of database and table names.'));
    return;
  }
  const seen = new Map<string, string>();
  const mixed: string[] = [];
  const clashes: string[] = [];
  for (const target of targets) {
    const name = formatName(target);
    const folded = name.toLowerCase();
    if (folded !== name && !mixed.includes(name)) mixed.push(name);
    const other = seen.get(folded);
    if (other !== undefined && other !== name) clashes.push(`${other} and ${name}`);
    seen.set(folded, name);
  }
  if (mixed.length === 0) {
    report(check('destination.name_case', 'Destination name case', 'success', `lower_case_table_names is ${folding}, and every target name is in lower case.`));
    return;
  }
  const listed = (names: string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? `, and ${names.length - 5} more` : '');
  report(
    check(
      'destination.name_case',
      'Destination name case',
      'fail',
      `The destination stores database and table names in lower case (lower_case_table_names = ${folding}), so ${listed(mixed)} would be created under another name` +
        (clashes.length ? `, and ${listed(clashes)} would become one table.` : '.'),
      'Map the objects to lower-case names in the object settings (for example a rule `MyShop.*=myshop.*`), or use a destination created with lower_case_table_names = 0.',
    ),
  );
}

/** Rows travel in one packet each (as hex in replayed statements, twice their size): the destination must take what the source holds. */
function packetCheck(source: number, destination: number, report: Report): void {
  const show = (bytes: number) => `${Math.round(bytes / MB)} MB`;
  if (destination >= source) {
    report(check('destination.max_allowed_packet', 'Destination max_allowed_packet', 'success', `max_allowed_packet is ${show(destination)} (the source's is ${show(source)}).`));
    return;
  }
  report(
    check(
      'destination.max_allowed_packet',
      'Destination max_allowed_packet',
      'warn',
      `max_allowed_packet is ${show(destination)} on the destination and ${show(source)} on the source: a row of more than about ${show(destination / 2)} (BLOB and TEXT values included) ` +
        'cannot be replayed, nor copied when LOAD DATA LOCAL is off.',
      `Raise it on the destination: SET GLOBAL max_allowed_packet = ${Math.max(source, 64 * MB)};`,
    ),
  );
}

export interface DestinationCheckOptions {
  targets: QualifiedName[];
  writesData: boolean;
  reverse: boolean;
}

export async function destinationSettingsChecks(source: OpenEndpoint, destination: OpenEndpoint, options: DestinationCheckOptions, report: Report): Promise<void> {
  const [there, here] = await Promise.all([
    variables(destination.connection, ['lower_case_table_names', 'max_allowed_packet']),
    variables(source.connection, ['max_allowed_packet']),
  ]);
  caseCheck(Number(there.lower_case_table_names ?? 0), options.targets, report);
  if (options.writesData) packetCheck(Number(here.max_allowed_packet ?? 0), Number(there.max_allowed_packet ?? 0), report);
  if (!options.reverse || !destination.identity.flavour) return;
  if (profileFor(destination.identity).binlogCapture) {
    await binlogChecks('destination', destination, report, 'warn');
    return;
  }
  report(
    check(
      'destination.binlog',
      'Destination binlog',
      'fail',
      `${destination.identity.versionString} serves no binlog (SHOW BINARY LOGS is not a statement there): reverse incremental has no changes to read from it.`,
      'Remove Reverse Incremental from the project, or migrate to an OceanBase tenant with its binlog service.',
    ),
  );
}
