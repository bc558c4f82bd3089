import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mariadbBinaries } from '../harness/mariadb';
import { seekdbBinary } from '../harness/seekdb';

describe('test harness', () => {
  it('fails with install instructions when MariaDB is missing, never skips', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cutover-no-mariadb-'));
    try {
      expect(() => mariadbBinaries([empty])).toThrow(/MariaDB is not installed: .*`sudo apt-get install mariadb-server`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('fails with install instructions when seekdb is missing, never skips', () => {
    const saved = { bin: process.env.SEEKDB_BIN, path: process.env.PATH };
    try {
      process.env.SEEKDB_BIN = '/nonexistent/seekdb';
      expect(() => seekdbBinary()).toThrow(/SEEKDB_BIN is \/nonexistent\/seekdb, which does not exist\. Install it with `pip install --pre seekdb==/);
      delete process.env.SEEKDB_BIN;
      // No python3 to ask where the package is.
      process.env.PATH = '/nonexistent';
      expect(() => seekdbBinary()).toThrow(/seekdb is not installed: .*Install it with `pip install --pre seekdb==/);
    } finally {
      if (saved.bin === undefined) delete process.env.SEEKDB_BIN;
      else process.env.SEEKDB_BIN = saved.bin;
      process.env.PATH = saved.path;
    }
  });
});
