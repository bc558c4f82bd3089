/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes, `""` for a
 * quote inside a quoted field, line breaks allowed inside quotes, LF or CRLF.
 * Each record remembers the line it starts on, for error messages.
 */

export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Line breaks in text[from, to): LF, CRLF or a lone CR each count once. */
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

type FieldRead = { ok: true; field: string; end: number; lines: number } | { ok: false; message: string };

/** The quoted field whose opening quote is at `start`. */
function readQuoted(text: string, start: number): FieldRead {
  // The pieces between doubled quotes, joined once: a field of a million "" stays linear.
  const pieces: string[] = [];
  let from = start + 1;
  let lines = 0;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) return { ok: false, message: 'a quoted field is not closed' };
    lines += lineBreaks(text, from, close);
    pieces.push(text.slice(from, close));
    if (text.charCodeAt(close + 1) !== QUOTE) return { ok: true, field: pieces.join('"'), end: close + 1, lines };
    from = close + 2;
  }
}

/** The unquoted field starting at `start`, up to a comma or a line end. */
function readBare(text: string, start: number): FieldRead {
  let i = start;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === COMMA || code === LF || code === CR) break;
    if (code === QUOTE) return { ok: false, message: 'a quote inside an unquoted field; quote the field and double the quote' };
  }
  return { ok: true, field: text.slice(start, i), end: i, lines: 0 };
}

/** At most this many records; the record after them is refused with `message`, before more is read. */
export interface CsvLimit {
  records: number;
  message: string;
}

/** Parses CSV text; a leading byte order mark is ignored. */
export function parseCsv(input: string, limit?: CsvLimit): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      const quoted = text.charCodeAt(i) === QUOTE;
      const read = quoted ? readQuoted(text, i) : readBare(text, i);
      if (!read.ok) return { ok: false, line: quoted ? start : line, message: read.message };
      line += read.lines;
      i = read.end;
      const next = text.charCodeAt(i);
      if (quoted && i < text.length && next !== COMMA && next !== LF && next !== CR) {
        return { ok: false, line, message: 'unexpected text after a closing quote; quote the whole field' };
      }
      fields.push(read.field);
      if (next !== COMMA) break;
      i++;
    }
    // A record ends with LF, CRLF, or a lone CR (old Mac files).
    const end = text.charCodeAt(i);
    if (end === CR || end === LF) {
      i += end === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
    }
    const blank = fields.length === 1 && fields[0] === '';
    if (blank) continue;
    if (limit && records.length >= limit.records) return { ok: false, line: start, message: limit.message };
    records.push({ line: start, fields });
  }
  return { ok: true, records };
}

function quoteField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsv(rows: string[][]): string {
  return rows.map((row) => row.map(quoteField).join(',')).join('\r\n') + '\r\n';
}
