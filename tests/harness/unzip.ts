/**
 * Reads a ZIP archive back with Info-ZIP's unzip, an implementation that is
 * not ours: what it lists and extracts is what any user's unzip would.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface UnzippedEntry {
  name: string;
  size: number;
  /** As `unzip -l` shows it, to the minute, local time: `YYYY-MM-DD HH:MM` (Debian's unzip shows it so; others' MM-DD-YYYY is turned round). */
  modified: string;
}

export interface Unzipped {
  entries: UnzippedEntry[];
  /** An entry's bytes, as `unzip -p` extracted them. */
  read(name: string): Buffer;
  /** What `unzip -t` said: it checks every entry's CRC. */
  tested: string;
}

function unzip(args: string[]): Buffer {
  try {
    return execFileSync('unzip', args, { maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('unzip is not installed: these tests need it (sudo apt-get install unzip).');
    throw error;
  }
}

/** `-l` lines: "  length  date time   name"; the header and the total around them are left out. */
function listing(path: string): UnzippedEntry[] {
  const lines = unzip(['-l', path]).toString('utf8').split('\n');
  const entries: UnzippedEntry[] = [];
  for (const line of lines) {
    const match = /^\s*(\d+)\s+(?:(\d{4})-(\d\d)-(\d\d)|(\d\d)-(\d\d)-(\d{4})) (\d\d:\d\d)\s+(.+)$/.exec(line);
    if (!match) continue;
    const [year, month, day] = match[2] ? [match[2], match[3], match[4]] : [match[7], match[5], match[6]];
    entries.push({ size: Number(match[1]), modified: `${year}-${month}-${day} ${match[8]}`, name: match[9] });
  }
  return entries;
}

/** Writes `archive` to a temporary file, lists, tests and extracts it with unzip, then removes the file. */
export function unzipArchive(archive: Uint8Array): Unzipped {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-unzip-'));
  const path = join(dir, 'archive.zip');
  try {
    writeFileSync(path, archive);
    const entries = listing(path);
    // unzip takes names as wildcards: a name with [ ] * ? is escaped.
    const files = new Map(entries.map((e) => [e.name, unzip(['-p', path, e.name.replace(/[[\]*?\\]/g, '\\$&')])]));
    return {
      entries,
      read: (name) => {
        const bytes = files.get(name);
        if (!bytes) throw new Error(`the archive has no entry ${JSON.stringify(name)}; it has ${[...files.keys()].join(', ')}`);
        return bytes;
      },
      tested: unzip(['-t', path]).toString('utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
