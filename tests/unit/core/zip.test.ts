/**
 * The ZIP writer, read back by Info-ZIP's unzip: every name, size, time and
 * byte as written, CRCs that check; what a ZIP without ZIP64 cannot hold, and
 * names that are no relative path, refused.
 */

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { zipArchive } from '../../../src-main/core/zip';
import { unzipArchive } from '../../harness/unzip';

const MODIFIED = new Date(2024, 2, 9, 14, 37, 51);

describe('zipArchive', () => {
  it('holds each file, in order, with its size, time and exact bytes, and its CRCs check', () => {
    const binary = randomBytes(70_000);
    const repetitive = 'source_database,source_table\r\n' + 'shop,orders\r\n'.repeat(50_000);
    const entries = [
      { name: 'projects.csv', content: 'file,project_id\r\n' },
      { name: '客户-objects.csv', content: '客户,订单,,,,\r\n' },
      { name: 'empty.csv', content: '' },
      { name: 'folder/binary.bin', content: binary },
      { name: 'big.csv', content: repetitive },
    ];
    const archive = zipArchive(entries, MODIFIED);
    // Deflated: the repetitive file takes far less than its size.
    expect(archive.length).toBeLessThan(binary.length + repetitive.length / 10);
    const unzipped = unzipArchive(archive);
    expect(unzipped.entries).toEqual(entries.map((e) => ({ name: e.name, size: Buffer.byteLength(e.content), modified: '2024-03-09 14:37' })));
    for (const entry of entries) expect(unzipped.read(entry.name).equals(Buffer.from(entry.content))).toBe(true);
    expect(unzipped.tested).toContain('No errors detected in compressed data');
  });

  it('is a valid empty archive when given nothing', () => {
    const archive = zipArchive([], MODIFIED);
    expect(archive.length).toBe(22);
    expect(archive.readUInt32LE(0)).toBe(0x06054b50);
  });

  it('clamps a time before 1980 to the first the format can say', () => {
    const unzipped = unzipArchive(zipArchive([{ name: 'a.txt', content: 'a' }], new Date(1970, 0, 1)));
    expect(unzipped.entries).toEqual([{ name: 'a.txt', size: 1, modified: '1980-01-01 00:00' }]);
  });

  it('refuses a name used twice and names that are no relative path', () => {
    expect(() => zipArchive([{ name: 'a.csv', content: '1' }, { name: 'a.csv', content: '2' }])).toThrow('entry name "a.csv" is used twice');
    for (const name of ['', '/etc/passwd', '../up.csv', 'a/../b.csv', 'a//b.csv', 'dir\\file.csv']) {
      expect(() => zipArchive([{ name, content: 'x' }])).toThrow(`entry name ${JSON.stringify(name)} is not a relative path`);
    }
  });

  it('refuses more entries than a ZIP without ZIP64 can count, saying what to do', () => {
    const entries = Array.from({ length: 65_536 }, (_, i) => ({ name: `${i}.csv`, content: '' }));
    expect(() => zipArchive(entries)).toThrow(expect.objectContaining({ code: 'invalid_input', workaround: 'Choose fewer projects at a time.' }));
    expect(() => zipArchive(entries.slice(0, 65_535))).not.toThrow();
  });
});
