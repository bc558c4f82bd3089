/**
 * A ZIP archive (PKWARE APPNOTE 6.3) written in one go, for files the host
 * hands out several at a time: each entry deflated (raw deflate, method 8),
 * its name in UTF-8 (general-purpose flag bit 11), its CRC-32 and sizes in
 * the local header, so any unzip reads it without a data descriptor. No
 * ZIP64: at most 65,535 entries and 4 GiB in all, refused beyond that.
 */

import { crc32, deflateRawSync } from 'node:zlib';
import { AppError } from '../../src-shared/errors';

export interface ZipEntry {
  /** A relative path with "/" between folders: no leading "/", no "..". */
  name: string;
  content: string | Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const VERSION_NEEDED = 20;
/** Made by Unix (3), spec 2.0: lets the external attributes carry the file mode. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
const UTF8_NAMES = 1 << 11;
const DEFLATE = 8;
/** A regular file, rw-r--r--, in the high half of the external attributes. */
const FILE_MODE = (0o100644 << 16) >>> 0;
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/** The local time as MS-DOS stores it, in two-second steps from 1980 to 2107 (a time outside is clamped). */
function dosDateTime(at: Date): { date: number; time: number } {
  const year = at.getFullYear();
  if (!(year >= 1980)) return { date: (1 << 5) | 1, time: 0 };
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
  };
}

function checkName(name: string, seen: Set<string>): void {
  const bad = name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').some((part) => part === '..' || part === '');
  if (bad) throw new Error(`zip: entry name ${JSON.stringify(name)} is not a relative path`);
  if (seen.has(name)) throw new Error(`zip: entry name ${JSON.stringify(name)} is used twice`);
  seen.add(name);
}

interface Packed {
  name: Buffer;
  crc: number;
  size: number;
  packed: Buffer;
  offset: number;
}

/** The fields the local and the central header share, from "version needed" to "extra field length". */
function commonFields(entry: Packed, stamp: { date: number; time: number }): Buffer {
  const fields = Buffer.alloc(26);
  fields.writeUInt16LE(VERSION_NEEDED, 0);
  fields.writeUInt16LE(UTF8_NAMES, 2);
  fields.writeUInt16LE(DEFLATE, 4);
  fields.writeUInt16LE(stamp.time, 6);
  fields.writeUInt16LE(stamp.date, 8);
  fields.writeUInt32LE(entry.crc, 10);
  fields.writeUInt32LE(entry.packed.length, 14);
  fields.writeUInt32LE(entry.size, 18);
  fields.writeUInt16LE(entry.name.length, 22);
  fields.writeUInt16LE(0, 24);
  return fields;
}

function signature(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value, 0);
  return out;
}

/** The central directory's record of one entry: made by, the common fields, then comment, disk, attributes and offset. */
function centralRecord(entry: Packed, common: Buffer): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16LE(VERSION_MADE_BY, 0);
  const tail = Buffer.alloc(14);
  tail.writeUInt16LE(0, 0); // comment length
  tail.writeUInt16LE(0, 2); // disk number start
  tail.writeUInt16LE(0, 4); // internal attributes
  tail.writeUInt32LE(FILE_MODE, 6);
  tail.writeUInt32LE(entry.offset, 10);
  return Buffer.concat([signature(CENTRAL_HEADER), head, common, tail, entry.name]);
}

function endOfCentral(count: number, size: number, offset: number): Buffer {
  const out = Buffer.alloc(22);
  out.writeUInt32LE(END_OF_CENTRAL, 0);
  out.writeUInt16LE(0, 4); // this disk
  out.writeUInt16LE(0, 6); // disk of the central directory
  out.writeUInt16LE(count, 8);
  out.writeUInt16LE(count, 10);
  out.writeUInt32LE(size, 12);
  out.writeUInt32LE(offset, 16);
  out.writeUInt16LE(0, 20); // comment length
  return out;
}

function tooLarge(what: string): AppError {
  return new AppError({
    code: 'invalid_input',
    message: `The archive would hold ${what}, more than a ZIP file without ZIP64 can.`,
    workaround: 'Choose fewer projects at a time.',
  });
}

/** The archive holding `entries` in the order given, each stamped `modified`. */
export function zipArchive(entries: readonly ZipEntry[], modified: Date = new Date()): Buffer {
  if (entries.length > MAX_ENTRIES) throw tooLarge(`${entries.length} files`);
  const stamp = dosDateTime(modified);
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, content } of entries) {
    checkName(name, seen);
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const entry: Packed = { name: Buffer.from(name, 'utf8'), crc: crc32(data), size: data.length, packed: deflateRawSync(data), offset };
    const common = commonFields(entry, stamp);
    const local = Buffer.concat([signature(LOCAL_HEADER), common, entry.name, entry.packed]);
    offset += local.length;
    if (offset > MAX_OFFSET || entry.size > MAX_OFFSET) throw tooLarge('more than 4 GiB');
    parts.push(local);
    central.push(centralRecord(entry, common));
  }
  const directory = Buffer.concat(central);
  if (offset + directory.length > MAX_OFFSET) throw tooLarge('more than 4 GiB');
  return Buffer.concat([...parts, directory, endOfCentral(entries.length, directory.length, offset)]);
}
