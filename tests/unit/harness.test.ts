import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mariadbBinaries } from '../harness/mariadb';

describe('test harness', () => {
  it('fails with install instructions when MariaDB is missing, never skips', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cutover-no-mariadb-'));
    try {
      expect(() => mariadbBinaries([empty])).toThrow(/MariaDB is not installed: .*`sudo apt-get install mariadb-server`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
