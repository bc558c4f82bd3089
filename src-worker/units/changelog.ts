/** Change log: searches a project's change log for the browser (F-32 "Beyond": by table, key value and time range). */

import { openChangeLog } from '../changelog/schema';
import { searchChangeLog } from '../changelog/search';
import type { Unit } from '../runtime/unit';

export const changeLogUnit: Unit<'changelog'> = {
  async run(config) {
    const db = openChangeLog(config.logPath, 'read');
    try {
      return searchChangeLog(db, config.query);
    } finally {
      db.close();
    }
  },
};
