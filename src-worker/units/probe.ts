/** Probe: tests a connection (identity of the server) or reads its catalog for the object picker. */

import type { Unit } from '../runtime/unit';
import { connect } from '../mysql/connect';
import { catalog, serverIdentity } from '../mysql/inspector';

export const probeUnit: Unit<'probe'> = {
  async run(config) {
    const connection = await connect(config.connection);
    try {
      const identity = await serverIdentity(connection);
      if (config.op === 'test') return { op: 'test', identity };
      const found = await catalog(connection);
      return { op: 'catalog', identity, ...found };
    } finally {
      await connection.end().catch(() => undefined);
    }
  },
};
