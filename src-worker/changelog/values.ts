/**
 * Row images as the change log keeps them: the values zongji decoded (null,
 * numbers, exact strings for DECIMAL/BIGINT/temporal values, Buffers for
 * bytes) in the table's column order, each coming back with its exact type.
 *
 * Format 2 stores an image as JSON text: V8 parses it several times faster
 * than a structured-clone BLOB, and a text column comes out of SQLite as a
 * string rather than a Buffer of its own, which halves the replay's reading
 * cost. The few values JSON cannot spell are tagged objects: bytes as
 * {"b": base64}, and -0 as {"n": "-0"}. Format 1 (V8 structured clone, a
 * BLOB) is still read, so a log written before the change replays as it is.
 */

import { deserialize } from 'node:v8';

export type Value = null | number | string | Buffer;
export type Image = Value[];

type Tagged = { b: string } | { n: string };

/** A value JSON keeps exactly as it is. */
function plain(value: Value): boolean {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0));
}

function tag(value: Value): Value | Tagged {
  if (plain(value)) return value;
  if (Buffer.isBuffer(value)) return { b: value.toString('base64') };
  return { n: Object.is(value, -0) ? '-0' : String(value) };
}

function untag(value: Tagged): Value {
  return 'b' in value ? Buffer.from(value.b, 'base64') : Number(value.n);
}

export function encodeImage(values: Image): string {
  return JSON.stringify(values.every(plain) ? values : values.map(tag));
}

export function decodeImage(stored: string | Buffer | null): Image | null {
  if (stored === null) return null;
  if (typeof stored !== 'string') return deserialize(stored) as Image;
  const values = JSON.parse(stored) as (Value | Tagged)[];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== null && typeof value === 'object') values[i] = untag(value as Tagged);
  }
  return values as Image;
}

/** A value as text for keys and the browser: bytes as 0x hex. */
export function displayValue(value: Value): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`;
  return String(value);
}

/** The key of a row as stored for searching: the display text of each key column, as a JSON array. */
export function keyText(image: Image, keyColumns: number[]): string | null {
  if (keyColumns.length === 0) return null;
  return JSON.stringify(keyColumns.map((i) => displayValue(image[i]) ?? 'NULL'));
}
