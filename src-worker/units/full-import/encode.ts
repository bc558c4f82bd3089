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

/** For each byte that LOAD DATA needs escaped, the letter that follows the backslash. */
const ESCAPE_LETTER = new Uint8Array(256);
ESCAPE_LETTER[BACKSLASH] = BACKSLASH;
ESCAPE_LETTER[TAB] = 0x74; // t
ESCAPE_LETTER[NEWLINE] = 0x6e; // n
ESCAPE_LETTER[CR] = 0x72; // r
ESCAPE_LETTER[NUL] = 0x30; // 0

function needsEscape(value: Buffer): boolean {
  // Five native scans are far faster than one JavaScript loop over every byte.
  return value.includes(BACKSLASH) || value.includes(TAB) || value.includes(NEWLINE) || value.includes(CR) || value.includes(NUL);
}

/**
 * Collects LOAD DATA lines into large blocks, escaping as it copies. The
 * client sends every block it is given as one packet: a line per packet would
 * cost a system call per row.
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
    grown.set(this.block.subarray(0, this.used));
    this.block = grown;
  }

  add(row: (Buffer | null)[], count: number, plain: readonly boolean[]): void {
    for (let i = 0; i < count; i++) {
      const value = row[i];
      // Room for the worst case: every byte escaped, plus the separator.
      this.reserve(value === null ? 3 : value.length * 2 + 1);
      const block = this.block;
      if (i > 0) block[this.used++] = TAB;
      if (value === null) {
        block[this.used++] = BACKSLASH;
        block[this.used++] = 0x4e; // N
      } else if (plain[i] || !needsEscape(value)) {
        // Numbers and dates never hold a byte that needs escaping: no scan for them.
        block.set(value, this.used);
        this.used += value.length;
      } else {
        for (let j = 0; j < value.length; j++) {
          const byte = value[j];
          const letter = ESCAPE_LETTER[byte];
          if (letter !== 0) {
            block[this.used++] = BACKSLASH;
            block[this.used++] = letter;
          } else block[this.used++] = byte;
        }
      }
    }
    this.reserve(1);
    this.block[this.used++] = NEWLINE;
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
    // JSON is text: given as bytes it would become an opaque JSON blob (OceanBase) or be refused (MySQL 8).
    else if (columns[i].writeAs === 'json') values.push(`_utf8mb4 X'${value.toString('hex')}'`);
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
