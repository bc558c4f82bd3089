/**
 * Change log: searches a project's change log for the browser (F-32
 * "Beyond": by table, key value and time range), finds the changes to
 * migrated tables after a position (the switchover's breaches), and the
 * tables changed after a position (what delta verification checks again).
 */

import { openChangeLog } from '../changelog/schema';
import { changesAfter, searchChangeLog, tablesChangedAfter } from '../changelog/search';
import type { Unit } from '../runtime/unit';

export const changeLogUnit: Unit<'changelog'> = {
  async run(config) {
    const db = openChangeLog(config.logPath, 'read');
    try {
      if (config.op === 'search') return searchChangeLog(db, config.query);
      if (config.op === 'tables-after') return { entries: [], nextBeforeId: null, oldestTs: null, newestTs: null, changedTables: tablesChangedAfter(db, config.position) };
      const found = changesAfter(db, config.position, config.tables, config.limit);
      return { entries: found.entries, count: found.count, nextBeforeId: null, oldestTs: null, newestTs: null };
    } finally {
      db.close();
    }
  },
};
