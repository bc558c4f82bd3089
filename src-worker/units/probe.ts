/**
 * Probe: tests a connection (identity of the server), reads its catalog for
 * the object picker, or prepares a run: identifies the destination too and
 * resolves the project's selection on the source (with row estimates and
 * chunk keys), or reads the server's binlog position.
 */

import { AppError } from '../../src-shared/errors';
import { resolveSelection } from '../../src-shared/settings/selection';
import type { Unit } from '../runtime/unit';
import { chunkKeys } from '../mysql/chunk-keys';
import { connect } from '../mysql/connect';
import { catalog, serverIdentity } from '../mysql/inspector';
import { currentPosition } from '../mysql/binlog';

export const probeUnit: Unit<'probe'> = {
  async run(config) {
    // A test also proves the data source's default database exists; reading the catalog needs none.
    // A run's destination is identified while the source is read.
    const destinationIdentity =
      config.op === 'prepare'
        ? connect(config.destination, { database: null }).then((destination) => serverIdentity(destination).finally(() => destination.end().catch(() => undefined)))
        : null;
    destinationIdentity?.catch(() => undefined);
    const connection = await connect(config.connection, config.op === 'test' ? {} : { database: null });
    try {
      if (config.op === 'position') return { op: 'position', position: await currentPosition(connection) };
      const identity = await serverIdentity(connection);
      if (config.op === 'test') return { op: 'test', identity };
      const found = await catalog(connection);
      if (config.op === 'catalog') return { op: 'catalog', identity, ...found };

      const preview = resolveSelection(config.objects, found.objects);
      const errors = preview.warnings.filter((w) => w.severity === 'error');
      if (errors.length) {
        throw new AppError({
          code: 'invalid_input',
          message: `The project's objects cannot be resolved on the source: ${errors.map((e) => e.message).join('; ')}.`,
          workaround: 'Correct the object selection (run the precheck to see every problem), then start again.',
        });
      }
      const keys = await chunkKeys(connection, preview.objects.filter((o) => o.kind === 'table').map((o) => o.source));
      const rows = new Map(found.objects.map((o) => [`${o.database}\u0000${o.name}`, o.rows ?? null]));
      const objects = preview.objects.map((o) => {
        const id = `${o.source.database}\u0000${o.source.table}`;
        const choice = o.kind === 'table' ? keys.get(id) : undefined;
        return { ...o, rowsEstimated: rows.get(id) ?? null, key: choice?.chunkKey ?? null, uniqueKey: choice?.uniqueKey ?? false };
      });
      return { op: 'prepare', identity, destination: await destinationIdentity!, objects, warnings: preview.warnings };
    } finally {
      await connection.end().catch(() => undefined);
    }
  },
};
