/**
 * A project saved by an earlier version, whose objects today's checks refuse
 * (a row filter calling SLEEP, say), never reaches a server: its run fails at
 * once and its precheck is refused, both saying what to correct.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../../src-main/core/api/dispatch';
import type { CoreApp } from '../../../src-main/core/app';
import { createApp } from '../../../src-main/core/app';
import type { WorkerLauncher } from '../../../src-main/core/host';
import { createNodeHost } from '../../../src-main/node/node-host';

let home: string;
let core: CoreApp;
const launched: string[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'cutover-stored-'));
  const host = createNodeHost('cli', home);
  const launcher: WorkerLauncher = {
    launch: (label) => {
      launched.push(label);
      return host.launcher.launch(label);
    },
  };
  core = createApp({ ...host, launcher });
});

afterEach(async () => {
  launched.length = 0;
  await core.close();
  rmSync(home, { recursive: true, force: true });
});

async function storedProject(where: string): Promise<string> {
  const src = await call(core.dispatch, 'datasources/create', { name: 'src', host: '127.0.0.1', port: 1, user: 'u', password: 'p' });
  const dst = await call(core.dispatch, 'datasources/create', { name: 'dst', host: '127.0.0.1', port: 2, user: 'u', password: 'p' });
  const project = await call(core.dispatch, 'projects/create', {
    name: 'old',
    types: ['full'],
    sourceId: src.id,
    destinationId: dst.id,
    objects: { include: [], exclude: [], tables: [{ source: 'shop.orders', where: 'id > 0' }] },
  });
  // As an earlier version, which checked filters less, may have stored it.
  const objects = { include: [], exclude: [], tables: [{ source: 'shop.orders', where }] };
  core.services.db.prepare('UPDATE projects SET objects = ? WHERE id = ?').run(JSON.stringify(objects), project.id);
  return project.id;
}

describe('objects stored by an earlier version', () => {
  it('fail the run before any worker starts, naming the problem', async () => {
    const id = await storedProject('SLEEP(10) = 0');
    const end = await core.services.orchestrator.start(id);
    expect(end).toMatchObject({ kind: 'failed', stage: null, error: expect.stringMatching(/objects of project "old" are not valid: row filter of shop\.orders uses the function SLEEP\(\)/) });
    expect(launched).toEqual([]);
    expect((await call(core.dispatch, 'projects/get', { id })).status).toBe('failed');
  });

  it('are refused by the precheck too', async () => {
    const id = await storedProject('id IN (SELECT id FROM mysql.user)');
    const outcome = await core.dispatch('precheck/run', { id });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/are not valid: row filter of shop\.orders/) } });
    expect(launched).toEqual([]);
  });
});
