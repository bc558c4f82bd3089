/**
 * Worker processes started ahead: a prewarmed worker is taken by the next
 * launch of its label and gives that launch what it sent before (its ready
 * message); a dead one is replaced; other labels, and a second launch, start
 * their own process.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ForkLauncher } from '../../../src-main/node/fork-launcher';

const dir = mkdtempSync(join(tmpdir(), 'cutover-fork-'));
// A stand-in worker: says it is ready with its label, answers one message, and ends on 'bye'.
const entry = join(dir, 'worker.mjs');
writeFileSync(
  entry,
  `process.send({ type: 'ready', label: process.argv[process.argv.indexOf('--cutover-unit') + 1] });
   process.on('message', (m) => { if (m.type === 'bye') process.exit(7); process.send({ type: 'echo', m }); });`,
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function messages(worker: ReturnType<ForkLauncher['launch']>, count: number): Promise<unknown[]> {
  const seen: unknown[] = [];
  return new Promise((resolve) =>
    worker.onMessage((m) => {
      seen.push(m);
      if (seen.length === count) resolve(seen);
    }),
  );
}

describe('ForkLauncher', () => {
  it('hands a prewarmed worker to the next launch of its label, with what it sent before', async () => {
    const launcher = new ForkLauncher(entry, []);
    launcher.prewarm('verify');
    await new Promise((r) => setTimeout(r, 500));
    const worker = launcher.launch('verify');
    const seen = messages(worker, 2);
    worker.send({ type: 'pause' });
    expect(await seen).toEqual([{ type: 'ready', label: 'verify' }, { type: 'echo', m: { type: 'pause' } }]);
    const ended = new Promise<number | null>((resolve) => worker.onExit((code) => resolve(code)));
    (worker.send as (m: unknown) => void)({ type: 'bye' });
    expect(await ended).toBe(7);
  });

  it('starts a fresh worker for another label, and a second launch of a prewarmed label', async () => {
    const launcher = new ForkLauncher(entry, []);
    launcher.prewarm('probe');
    const other = launcher.launch('schema');
    expect(await messages(other, 1)).toEqual([{ type: 'ready', label: 'schema' }]);
    const first = launcher.launch('probe');
    const second = launcher.launch('probe');
    expect(first.pid).not.toBe(second.pid);
    expect(await messages(second, 1)).toEqual([{ type: 'ready', label: 'probe' }]);
    for (const w of [other, first, second]) w.kill('SIGKILL');
  });

  it('replaces a prewarmed worker that died before its launch, and reports how the new one ends', async () => {
    const launcher = new ForkLauncher(join(dir, 'missing.mjs'), []);
    launcher.prewarm('store');
    await new Promise((r) => setTimeout(r, 800));
    const worker = launcher.launch('store');
    const code = await new Promise<number | null>((resolve) => worker.onExit((c) => resolve(c)));
    expect(code).not.toBe(0);
  });
});
