/**
 * Printing for the CLI: aligned tables for people, JSON for scripts, and the
 * guarantee that all of it is written before the process exits.
 */

import type { PrecheckCheck } from '../../src-shared/model';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  process.stdout.write([line(headers), ...rows.map(line)].join('\n') + '\n');
}

export function printLines(lines: string[]): void {
  process.stdout.write(lines.join('\n') + '\n');
}

const CHECK_MARK: Record<PrecheckCheck['state'], string> = { success: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** A precheck item as one line (and what to do, on a second, when it did not pass). */
export function printCheck(check: PrecheckCheck): void {
  printLines([`${CHECK_MARK[check.state]} ${check.title}: ${check.detail}`, ...(check.instruction && check.state !== 'success' ? [`     → ${check.instruction}`] : [])]);
}

export function shortTime(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
}

/** Whether stdout or stderr failed for a reason other than a reader that went away. */
let outputError: Error | null = null;

/**
 * Stdout and stderr are asynchronous when they are pipes: what is written is
 * queued, and `process.exit()` drops the queue. A closed pipe (`| head`) is
 * not an error of ours; anything else (a full disk) makes the command fail.
 */
let watching = false;

export function watchOutput(): void {
  if (watching) return;
  watching = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') outputError ??= error;
    });
  }
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write('', () => resolve());
  });
}

/** Waits until everything written so far has reached stdout and stderr; the exit code turns 1 if that failed. */
export async function flushOutput(code: number): Promise<number> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  if (outputError && code === 0) {
    process.stderr.write(`cutover: could not write the output: ${outputError.message}\n`);
    return 1;
  }
  return code;
}
