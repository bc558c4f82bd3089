/**
 * Row images as the change log keeps them: the values zongji decoded (null,
 * numbers, exact strings for DECIMAL/BIGINT/temporal values, Buffers for
 * bytes) in the table's column order, serialized with V8's structured clone
 * so that every one comes back with its exact type.
 */

import { deserialize, serialize } from 'node:v8';

export type Value = null | number | string | Buffer;
export type Image = Value[];

export function encodeImage(values: Image): Buffer {
  return serialize(values);
}

export function decodeImage(blob: Buffer | null): Image | null {
  return blob ? (deserialize(blob) as Image) : null;
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
