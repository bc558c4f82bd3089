/**
 * Change log: searches a project's change log for the browser (F-32
 * "Beyond": by table, key value and time range), and finds the changes to
 * migrated tables after a position (the switchover's breaches).
 */

import { openChangeLog } from '../changelog/schema';
import { changesAfter, searchChangeLog } from '../changelog/search';
import type { Unit } from '../runtime/unit';

export const changeLogUnit: Unit<'changelog'> = {
  async run(config) {
    const db = openChangeLog(config.logPath, 'read');
    try {
      if (config.op === 'search') return searchChangeLog(db, config.query);
      const found = changesAfter(db, config.position, config.tables, config.limit);
      return { entries: found.entries, count: found.count, nextBeforeId: null, oldestTs: null, newestTs: null };
    } finally {
      db.close();
    }
  },
};
