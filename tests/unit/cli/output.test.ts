/**
 * The CLI writes all of its output before it exits, whether stdout and
 * stderr are pipes that are read slowly, pipes that are closed early, or files.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FLOOD = join(import.meta.dirname, 'fixtures', 'flood.ts');
const LINES = 100_000;

interface Flood {
  code: number | null;
  stdout: string;
  stderr: string;
}

function flood(options: { slowReader?: boolean; closeStdoutAfter?: number } = {}): Promise<Flood> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FLOOD, String(LINES)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.closeStdoutAfter !== undefined && stdout.length >= options.closeStdoutAfter) child.stdout.destroy();
      if (options.slowReader) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 2);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('CLI output', () => {
  it('arrives whole through pipes read slowly: megabytes of JSON on stdout, 100,000 lines on stderr', async () => {
    const result = await flood({ slowReader: true });
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { i: number }[];
    expect(rows).toHaveLength(LINES);
    expect(rows[LINES - 1].i).toBe(LINES - 1);
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(LINES + 1);
    expect(lines[LINES - 1]).toBe(`problem ${LINES - 1}`);
  }, 60_000);

  it('ends quietly with code 0 when the reader closes the pipe early', async () => {
    const result = await flood({ closeStdoutAfter: 1 });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
    expect(result.stderr.split('\n')).toHaveLength(LINES + 1);
  }, 60_000);

  it('arrives whole in files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-output-'));
    try {
      const out = openSync(join(dir, 'out'), 'w');
      const err = openSync(join(dir, 'err'), 'w');
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', FLOOD, String(LINES)], { stdio: ['ignore', out, err] });
        child.on('error', reject);
        child.on('close', resolve);
      });
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'out'), 'utf8'))).toHaveLength(LINES);
      expect(readFileSync(join(dir, 'err'), 'utf8').split('\n')).toHaveLength(LINES + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
