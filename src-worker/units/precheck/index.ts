/**
 * Precheck: connects to both servers and checks everything a start would need,
 * streaming each check as soon as it is known. A check that cannot be made
 * (say, the source is down) is not guessed: its prerequisite fails instead.
 */

import type { PrecheckCheck } from '../../../src-shared/model';
import { META_DATABASE } from '../../../src-shared/model/incremental';
import { hasManyToOne, resolveSelection } from '../../../src-shared/settings/selection';
import { formatName } from '../../../src-shared/settings/object-names';
import { catalog } from '../../mysql/inspector';
import type { Unit } from '../../runtime/unit';
import type { OpenEndpoint } from './endpoint-checks';
import { binlogChecks, check, databasesOf, grantStatement, missingPrivileges, openEndpoint, reportPrivileges } from './endpoint-checks';
import { destinationSettingsChecks } from './destination-checks';
import { collationCheck, sideEffectsCheck, keyCheck, rowFilterCheck, selectionCheck, targetEmptyCheck } from './object-checks';

/** Where incremental replay keeps its checkpoint on the destination. */

export const precheckUnit: Unit<'precheck'> = {
  async run(config, context) {
    const checks: PrecheckCheck[] = [];
    const report = (item: PrecheckCheck) => {
      checks.push(item);
      context.emit({ check: item });
    };
    const incremental = config.types.includes('incremental');
    const reverse = config.types.includes('reverse');
    const writesData = config.types.includes('full') || incremental;

    let source: OpenEndpoint | null = null;
    let destination: OpenEndpoint | null = null;
    try {
      source = await openEndpoint('source', config.source, config.sourceLabel, report);
      destination = await openEndpoint('destination', config.destination, config.destinationLabel, report);
      if (context.signal.aborted) return { checks };

      if (source && incremental) await binlogChecks('source', source, report, 'fail');
      if (!source) return { checks };

      const found = await catalog(source.connection);
      const preview = resolveSelection(config.objects, found.objects);
      const selected = selectionCheck(preview, report);
      if (!selected) return { checks };
      const objects = preview.objects;
      const tables = objects.filter((o) => o.kind === 'table');

      await rowFilterCheck(source.connection, objects, report);

      const sourceNeeds = objects.map((o) => ({ privilege: 'SELECT', database: o.source.database, table: o.source.table }));
      reportPrivileges(
        'source',
        'privileges',
        'Source read privileges',
        source,
        missingPrivileges(source, sourceNeeds),
        databasesOf(objects.map((o) => o.source)).map((db) => grantStatement(['SELECT'], db, source!.user)),
        report,
      );
      if (incremental) {
        const needs = [{ privilege: 'REPLICATION SLAVE' }, { privilege: 'REPLICATION CLIENT' }];
        reportPrivileges(
          'source',
          'replication_privileges',
          'Source replication privileges',
          source,
          missingPrivileges(source, needs),
          [grantStatement(['REPLICATION SLAVE', 'REPLICATION CLIENT'], null, source.user)],
          report,
        );
        // Optional: without the heartbeat, latency is measured in whole seconds from binlog event times.
        const heartbeat = ['CREATE', 'INSERT', 'UPDATE'];
        reportPrivileges(
          'source',
          'heartbeat_privileges',
          'Source heartbeat privileges (millisecond latency)',
          source,
          missingPrivileges(source, heartbeat.map((privilege) => ({ privilege, database: META_DATABASE }))),
          [grantStatement(heartbeat, META_DATABASE, source.user)],
          report,
          'warn',
        );
      }

      await keyCheck(source.connection, objects, report);
      if (incremental) await sideEffectsCheck(source.connection, objects, report);

      if (reverse && hasManyToOne(preview)) {
        const merged = preview.warnings.filter((w) => w.kind === 'merged').map((w) => w.message);
        report(
          check(
            'objects.reverse_many_to_one',
            'Reverse incremental and merged tables',
            'fail',
            `Reverse incremental cannot split a merged table back into its sources: ${merged.join('; ')}.`,
            'Remove Reverse Incremental, or map each source table to its own destination table.',
          ),
        );
      }

      if (!destination) return { checks };

      await collationCheck(source, destination, objects, report);

      const targetDbs = databasesOf(objects.map((o) => o.target));
      const destinationPrivileges = [
        ...(config.types.includes('schema') ? ['CREATE', 'ALTER', 'INDEX', 'DROP', 'REFERENCES'] : []),
        ...(objects.some((o) => o.kind === 'view') && config.types.includes('schema') ? ['CREATE VIEW'] : []),
        ...(writesData ? ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] : []),
      ];
      const destinationNeeds = targetDbs.flatMap((database) => destinationPrivileges.map((privilege) => ({ privilege, database })));
      if (incremental) {
        for (const privilege of ['CREATE', 'SELECT', 'INSERT', 'UPDATE', 'DELETE']) destinationNeeds.push({ privilege, database: META_DATABASE });
      }
      reportPrivileges(
        'destination',
        'privileges',
        'Destination write privileges',
        destination,
        missingPrivileges(destination, destinationNeeds),
        [
          ...targetDbs.map((db) => grantStatement(destinationPrivileges, db, destination!.user)),
          ...(incremental ? [grantStatement(['CREATE', 'SELECT', 'INSERT', 'UPDATE', 'DELETE'], META_DATABASE, destination.user)] : []),
        ],
        report,
      );

      if (config.types.includes('full') && tables.length > 0) {
        await targetEmptyCheck(destination.connection, objects, config.options, report);
      }
      await destinationSettingsChecks(source, destination, { targets: objects.map((o) => o.target), writesData, reverse }, report);

      if (reverse) {
        reportPrivileges(
          'destination',
          'reverse_privileges',
          'Destination privileges for reverse incremental',
          destination,
          missingPrivileges(destination, [
            { privilege: 'REPLICATION SLAVE' },
            { privilege: 'REPLICATION CLIENT' },
            ...tables.map((t) => ({ privilege: 'SELECT', database: t.target.database, table: t.target.table })),
          ]),
          [grantStatement(['REPLICATION SLAVE', 'REPLICATION CLIENT'], null, destination.user)],
          report,
        );
        const sourceWrites = databasesOf(tables.map((t) => t.source)).flatMap((database) =>
          ['INSERT', 'UPDATE', 'DELETE'].map((privilege) => ({ privilege, database })),
        );
        reportPrivileges(
          'source',
          'reverse_privileges',
          'Source write privileges for reverse incremental',
          source,
          missingPrivileges(source, sourceWrites),
          databasesOf(tables.map((t) => t.source)).map((db) => grantStatement(['INSERT', 'UPDATE', 'DELETE'], db, source!.user)),
          report,
        );
      }
      context.log('info', `precheck finished: ${checks.length} checks on ${tables.length} tables (${tables.slice(0, 3).map((t) => formatName(t.source)).join(', ')}${tables.length > 3 ? ', ...' : ''})`);
      return { checks };
    } finally {
      await source?.connection.end().catch(() => undefined);
      await destination?.connection.end().catch(() => undefined);
    }
  },
};
