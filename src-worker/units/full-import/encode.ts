/**
 * Encoding rows, held as the raw bytes the source sent, for the destination:
 * tab-separated lines for LOAD DATA (CHARACTER SET binary, so bytes pass
 * through unchanged), or a VALUES tuple for INSERT (text as hex literals,
 * which are pure ASCII and so survive the connection's character set).
 */

import type { ColumnPlan } from './table-plan';

const BACKSLASH = 0x5c;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const NULL_FIELD = Buffer.from('\\N');
const ESCAPES: Record<number, Buffer> = {
  [BACKSLASH]: Buffer.from('\\\\'),
  [TAB]: Buffer.from('\\t'),
  [NEWLINE]: Buffer.from('\\n'),
  [CR]: Buffer.from('\\r'),
  [NUL]: Buffer.from('\\0'),
};
const FIELD_END = Buffer.from('\t');
const LINE_END = Buffer.from('\n');

function needsEscape(value: Buffer): boolean {
  // Five native scans are far faster than one JavaScript loop over every byte.
  return value.includes(BACKSLASH) || value.includes(TAB) || value.includes(NEWLINE) || value.includes(CR) || value.includes(NUL);
}

function escapeField(value: Buffer): Buffer {
  if (!needsEscape(value)) return value;
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const replacement = ESCAPES[value[i]];
    if (replacement) {
      if (i > start) parts.push(value.subarray(start, i));
      parts.push(replacement);
      start = i + 1;
    }
  }
  if (start < value.length) parts.push(value.subarray(start));
  return Buffer.concat(parts);
}

/**
 * Collects LOAD DATA lines into large blocks. The client sends every block it
 * is given as one packet: a line per packet would cost a system call per row.
 */
export class TsvBlock {
  private block: Buffer;
  private used = 0;

  constructor(private readonly size = 256 * 1024) {
    this.block = Buffer.allocUnsafe(size);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.block.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.block.length * 2, this.used + bytes));
    this.block.copy(grown, 0, 0, this.used);
    this.block = grown;
  }

  private put(bytes: Buffer): void {
    this.reserve(bytes.length);
    bytes.copy(this.block, this.used);
    this.used += bytes.length;
  }

  add(row: (Buffer | null)[], count: number, plain: readonly boolean[]): void {
    for (let i = 0; i < count; i++) {
      if (i > 0) this.put(FIELD_END);
      const value = row[i];
      // Numbers and dates never hold a byte that needs escaping: skip the scan for them.
      this.put(value === null ? NULL_FIELD : plain[i] ? value : escapeField(value));
    }
    this.put(LINE_END);
  }

  get full(): boolean {
    return this.used >= this.size;
  }

  /** The collected bytes (a copy), leaving the block empty. */
  take(): Buffer {
    const out = Buffer.from(this.block.subarray(0, this.used));
    this.used = 0;
    return out;
  }

  get empty(): boolean {
    return this.used === 0;
  }
}

const NUMBER_RE = /^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/;

/** One `(v1, v2, ...)` tuple for INSERT. */
export function valuesTuple(row: (Buffer | null)[], columns: ColumnPlan[]): string {
  const values: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    const value = row[i];
    if (value === null) values.push('NULL');
    else if (columns[i].numeric) {
      const text = value.toString('latin1');
      // Numbers come from the server's own text; anything else is sent as bytes rather than trusted as SQL.
      values.push(NUMBER_RE.test(text) ? text : `X'${value.toString('hex')}'`);
    } else values.push(`X'${value.toString('hex')}'`);
  }
  return `(${values.join(',')})`;
}

/** Bytes a row takes on the wire, for throttles and traffic metrics. */
export function rowBytes(row: (Buffer | null)[], count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += row[i]?.length ?? 0;
  return total;
}
