/**
 * `cutover project export-objects`: the object settings of several projects,
 * picked by --ids or --tag as `project batch` picks them, written as one ZIP
 * archive that unzip reads back; bad input answered with the usage (exit 2)
 * or the reason (exit 1), and no file written then.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { createOfflineProjects } from '../harness/offline-projects';
import { unzipArchive } from '../harness/unzip';
import { cli, createCore, freshHome, removeDir } from './helpers';

const USAGE = 'usage: cutover project export-objects (--ids ID,ID… | --tag T) --out F.zip [--json]';

describe('cutover project export-objects', () => {
  let home: string;
  let work: string;
  let core: CoreApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    home = freshHome('cli-archive');
    work = freshHome('cli-archive-files');
    core = createCore(home);
    const projects = [
      { name: 'Orders', tags: ['fleet'] },
      { name: 'Billing', tags: ['fleet'] },
      { name: 'Lonely', tags: [] },
    ].map((p) => ({ ...p, objects: { include: [`${p.name.toLowerCase()}.*`], tables: [{ source: `${p.name.toLowerCase()}.big`, where: 'id > 5' }] } }));
    const created = await createOfflineProjects(core, projects);
    for (const [i, project] of projects.entries()) ids[project.name] = created[i];
  });

  afterAll(async () => {
    await core?.close();
    removeDir(home);
    removeDir(work);
  });

  it('writes the projects given by --ids, in that order, each once, and lists which file is whose', async () => {
    const out = join(work, 'by-ids.zip');
    const result = await cli(home, ['project', 'export-objects', '--ids', `${ids.Lonely},${ids.Orders},${ids.Lonely}`, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`${ids.Lonely}\\s+Lonely\\s+lonely-objects\\.csv`));
    expect(result.stdout).toContain(`Wrote the object settings of 2 project(s) to ${out}.`);
    const unzipped = unzipArchive(readFileSync(out));
    expect(unzipped.entries.map((e) => e.name)).toEqual(['projects.csv', 'lonely-objects.csv', 'orders-objects.csv']);
    expect(unzipped.read('orders-objects.csv').toString('utf8')).toBe((await call(core.dispatch, 'objects/exportCsv', { id: ids.Orders })).content);
    expect(unzipped.read('orders-objects.csv').toString('utf8')).toContain('orders,big,,,id > 5,');
  });

  it('writes every project with --tag, and says so as JSON with --json', async () => {
    const out = join(work, 'fleet.zip');
    const result = await cli(home, ['--json', 'project', 'export-objects', '--tag', 'fleet', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const said = JSON.parse(result.stdout) as { written: string; projects: { id: string; name: string; fileName: string }[] };
    expect(said.written).toBe(out);
    expect([...said.projects].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { id: ids.Billing, name: 'Billing', fileName: 'billing-objects.csv' },
      { id: ids.Orders, name: 'Orders', fileName: 'orders-objects.csv' },
    ]);
    expect(unzipArchive(readFileSync(out)).entries.map((e) => e.name).sort()).toEqual(['billing-objects.csv', 'orders-objects.csv', 'projects.csv']);
  });

  it('answers bad usage with what is wrong and the usage, exit 2', async () => {
    const out = join(work, 'never.zip');
    const cases: [string[], string][] = [
      [['--ids', ids.Orders], '--out is required'],
      [['--out', out], 'give the projects with either --ids or --tag'],
      [['--ids', ids.Orders, '--tag', 'fleet', '--out', out], 'give the projects with either --ids or --tag'],
      [['--ids', ids.Orders, '--out', out, '--level', 'high'], "Unknown option '--level'"],
      [['pause', '--ids', ids.Orders, '--out', out], 'unexpected argument "pause"'],
    ];
    for (const [args, said] of cases) {
      const result = await cli(home, ['project', 'export-objects', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(said);
      expect(result.stderr).toContain(USAGE);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('answers projects that do not exist, a tag no project has and a directory that is not there with the reason, exit 1', async () => {
    const out = join(work, 'never.zip');
    const unknown = await cli(home, ['project', 'export-objects', '--ids', `${ids.Orders},p_gone,p_lost`, '--out', out]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('cutover: 2 of the 3 projects asked for do not exist: "p_gone", "p_lost". Reload the project list (or run `cutover project list`) and choose the projects again.\n');
    const empty = await cli(home, ['project', 'export-objects', '--ids', ' , ', '--out', out]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('No project ids given.');
    const tag = await cli(home, ['project', 'export-objects', '--tag', 'nosuchtag', '--out', out]);
    expect(tag.code).toBe(1);
    expect(tag.stderr).toContain('No project has the tag "nosuchtag".');
    expect(existsSync(out)).toBe(false);
    const nowhere = await cli(home, ['project', 'export-objects', '--ids', ids.Orders, '--out', join(work, 'missing-dir', 'a.zip')]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain(`Cannot write ${join(work, 'missing-dir', 'a.zip')}`);
  });
});
