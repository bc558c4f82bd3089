/**
 * Batch operations on projects (seed 003): each project judged on its own by
 * the lifecycle table, a reason for every refusal, the others done. Through
 * the API (as the UI calls it) and `cutover project batch` (exit 1 when any
 * project was refused, --yes for what cannot be undone, --dry-run to list
 * which qualify, --tag to pick projects).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cli, createCore, exec, freshHome, REPO, removeDir, servers } from './helpers';
import { waitForStage } from './incremental-helpers';

const { source, destination } = servers();
const NAMES = ['one', 'two', 'three'];

describe('batch operations', () => {
  let home: string;
  let core: CoreApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const name of NAMES) {
      await exec(source, `DROP DATABASE IF EXISTS bt_${name}; CREATE DATABASE bt_${name}; USE bt_${name}; CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t SELECT seq, seq FROM seq_1_to_100;`);
      await exec(destination, `DROP DATABASE IF EXISTS bt_${name}`);
    }
    home = freshHome('batch');
    core = createCore(home);
    const src = await call(core.dispatch, 'datasources/create', { name: 'bt-src', host: source.host, port: source.port, user: source.user, password: source.password });
    const dst = await call(core.dispatch, 'datasources/create', { name: 'bt-dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password });
    for (const name of NAMES) {
      const project = await call(core.dispatch, 'projects/create', {
        name: `bt-${name}`,
        tags: ['fleet'],
        types: ['schema', 'full', 'incremental'],
        sourceId: src.id,
        destinationId: dst.id,
        objects: { include: [`bt_${name}.*`], exclude: [], tables: [] },
        options: {},
      });
      ids[name] = project.id;
    }
  });

  afterAll(async () => {
    for (const id of Object.values(ids)) if (core?.services.orchestrator.isRunningHere(id)) await core.services.orchestrator.pause(id);
    await core?.close();
    removeDir(home);
    for (const name of NAMES) {
      await exec(source, `DROP DATABASE IF EXISTS bt_${name}`);
      await exec(destination, `DROP DATABASE IF EXISTS bt_${name}`);
    }
  });

  it('starts and pauses several projects, answering for each, refusals with their reason', async () => {
    const dry = await call(core.dispatch, 'projects/batch', { action: 'pause', ids: [ids.one, ids.two], dryRun: true });
    expect(dry.results.map((r) => [r.name, r.ok, r.reason])).toEqual([
      ['bt-one', false, 'not possible while the project is Not Started (only when Running)'],
      ['bt-two', false, 'not possible while the project is Not Started (only when Running)'],
    ]);
    const started = await call(core.dispatch, 'projects/batch', { action: 'start', ids: [ids.one, ids.two, ids.one] });
    expect(started.results.map((r) => [r.name, r.ok])).toEqual([
      ['bt-one', true],
      ['bt-two', true],
    ]);
    await waitForStage(core, ids.one, 'incremental', 'monitoring');
    await waitForStage(core, ids.two, 'incremental', 'monitoring');

    const paused = await call(core.dispatch, 'projects/batch', { action: 'pause', ids: [ids.one, ids.three, 'p_nosuchthing', ids.two] });
    expect(paused.results).toEqual([
      { id: ids.one, name: 'bt-one', latestAt: expect.any(String), ok: true, reason: null, status: 'paused' },
      { id: ids.three, name: 'bt-three', latestAt: expect.any(String), ok: false, reason: 'not possible while the project is Not Started (only when Running)', status: 'not_started' },
      { id: 'p_nosuchthing', name: null, latestAt: null, ok: false, reason: 'no such project', status: null },
      { id: ids.two, name: 'bt-two', latestAt: expect.any(String), ok: true, reason: null, status: 'paused' },
    ]);
    for (const id of [ids.one, ids.two]) expect((await call(core.dispatch, 'projects/get', { id })).status).toBe('paused');
  });

  it('starts a project from the CLI in the foreground, and pauses it from another terminal through the process that runs it', async () => {
    const refused = await cli(home, ['project', 'resume', ids.three]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Resume bt-three: not possible while the project is Not Started');
    const host = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'project', 'start', ids.three], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => host.once('exit', r));
    try {
      await waitForStage(core, ids.three, 'incremental', 'monitoring');
      const paused = await cli(home, ['--json', 'project', 'pause', ids.three]);
      expect(paused.code, paused.stderr).toBe(0);
      expect(JSON.parse(paused.stdout)).toEqual({ id: ids.three, status: 'paused', by: expect.stringMatching(new RegExp(`:${host.pid}$`)) });
      await exited;
      expect((await call(core.dispatch, 'projects/get', { id: ids.three })).status).toBe('paused');
    } finally {
      host.kill('SIGKILL');
    }
  });

  it('changes alert levels, releases and deletes from the CLI, picking projects by tag, with --yes for what cannot be undone', async () => {
    const usage = await cli(home, ['project', 'batch', 'explode', '--tag', 'fleet']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown batch action "explode"');
    const noLevel = await cli(home, ['project', 'batch', 'alert', '--tag', 'fleet']);
    expect(noLevel.code).toBe(2);
    expect(noLevel.stderr).toContain('alert needs --level');

    const alert = await cli(home, ['--json', 'project', 'batch', 'alert', '--tag', 'fleet', '--level', 'high']);
    expect(alert.code, alert.stderr).toBe(0);
    const alerted = (JSON.parse(alert.stdout) as { results: { id: string; name: string; ok: boolean; reason: string | null }[] }).results;
    expect([...alerted].sort((a, b) => a.name.localeCompare(b.name))).toEqual(['one', 'three', 'two'].map((n) => ({ id: ids[n], name: `bt-${n}`, ok: true, reason: null })));
    for (const id of Object.values(ids)) expect((await call(core.dispatch, 'projects/get', { id })).options.alertLevel).toBe('high');

    const unconfirmed = await cli(home, ['project', 'batch', 'release', '--ids', `${ids.one},${ids.two}`]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('Batch Release cannot be undone: add --yes');
    const dry = await cli(home, ['project', 'batch', 'release', '--ids', `${ids.one},p_nosuchthing`, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/bt-one\s+yes/);
    expect(dry.stdout).toMatch(/p_nosuchthing\s+-\s+refused: no such project/);
    expect(dry.stdout).toContain('Batch Release (dry run): 1 of 2 qualify.');

    const released = await cli(home, ['--json', 'project', 'batch', 'release', '--tag', 'fleet', '--yes']);
    expect(released.code, released.stderr).toBe(0);
    for (const id of Object.values(ids)) expect((await call(core.dispatch, 'projects/get', { id })).status).toBe('released');

    const deleted = await cli(home, ['--json', 'project', 'batch', 'delete', '--tag', 'fleet', '--yes']);
    expect(deleted.code).toBe(0);
    expect((JSON.parse(deleted.stdout) as { results: { ok: boolean }[] }).results.every((r) => r.ok)).toBe(true);
    expect(await call(core.dispatch, 'projects/list', { tag: 'fleet' })).toEqual([]);
  });
});
