/**
 * objects/exportArchive: the object settings of several projects in one ZIP
 * archive, read back by unzip — projects.csv first, then each project's CSV
 * exactly as objects/exportCsv writes it, under a name unique even when the
 * projects' names make the same slug; nothing secret in it; unknown and
 * repeated ids refused, naming them.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../src-main/core/api/dispatch';
import type { CoreApp } from '../../../src-main/core/app';
import { createApp } from '../../../src-main/core/app';
import { createNodeHost } from '../../../src-main/node/node-host';
import { parseCsv } from '../../../src-shared/settings/csv';
import { createOfflineProjects } from '../../harness/offline-projects';
import { unzipArchive } from '../../harness/unzip';

const PASSWORD = 'archive-secret-Pw9';
/** Two names make the slug "shop", two have no Latin letter at all (slug "project"), one is the slug "shop-2" already. */
const NAMES = ['Shop', 'shop!', '客户', '订单', 'Shop 2'];

let home: string;
let core: CoreApp;
let ids: string[] = [];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'cutover-archive-'));
  core = createApp(createNodeHost('cli', home));
  const objects = (i: number) => ({ include: [`db${i}.t_*`], exclude: [`db${i}.t_tmp`], tables: [{ source: `db${i}.orders`, target: `new${i}.orders`, where: 'id > 10' }] });
  ids = await createOfflineProjects(core, NAMES.map((name, i) => ({ name, objects: objects(i) })), PASSWORD);
});

afterAll(async () => {
  await core?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

async function archiveOf(chosen: string[]) {
  const archive = await call(core.dispatch, 'objects/exportArchive', { ids: chosen });
  expect(archive.encoding).toBe('base64');
  return { archive, bytes: Buffer.from(archive.content, 'base64') };
}

describe('objects/exportArchive', () => {
  it('holds projects.csv, then each project’s CSV as objects/exportCsv writes it, under unique names, in the order given', async () => {
    const chosen = [ids[4], ids[0], ids[1], ids[2], ids[3]];
    const { archive, bytes } = await archiveOf(chosen);
    const files = ['shop-2-objects.csv', 'shop-objects.csv', 'shop-3-objects.csv', 'project-objects.csv', 'project-2-objects.csv'];
    expect(archive.fileName).toBe('object-settings-5-projects.zip');
    expect(archive.projects).toEqual(chosen.map((id, i) => ({ id, name: NAMES[ids.indexOf(id)], fileName: files[i] })));
    const singles = await Promise.all(chosen.map((id) => call(core.dispatch, 'objects/exportCsv', { id })));
    const unzipped = unzipArchive(bytes);
    expect(unzipped.entries.map((e) => e.name)).toEqual(['projects.csv', ...files]);
    expect(unzipped.tested).toContain('No errors detected');
    const index = parseCsv(unzipped.read('projects.csv').toString('utf8'));
    expect(index.ok && index.records.map((r) => r.fields)).toEqual([['file', 'project_id', 'project_name'], ...archive.projects.map((p) => [p.fileName, p.id, p.name])]);
    for (const [i, id] of chosen.entries()) {
      expect(unzipped.read(files[i]).toString('utf8')).toBe(singles[i].content);
      expect(singles[i].content).toContain(`db${ids.indexOf(id)},orders,new${ids.indexOf(id)},orders,id > 10`);
    }
    for (const entry of unzipped.entries) expect(unzipped.read(entry.name).toString('utf8')).not.toContain(PASSWORD);
  });

  it('names one project’s archive in the singular', async () => {
    const { archive, bytes } = await archiveOf([ids[2]]);
    expect(archive.fileName).toBe('object-settings-1-project.zip');
    expect(unzipArchive(bytes).entries.map((e) => e.name)).toEqual(['projects.csv', 'project-objects.csv']);
  });

  it('refuses ids that are no project’s, naming each, and writes nothing', async () => {
    const one = await core.dispatch('objects/exportArchive', { ids: [ids[0], 'p_gone'] });
    expect(one).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'not_found', message: '1 of the 2 projects asked for does not exist: "p_gone".', retryable: false, workaround: expect.stringContaining('cutover project list') }),
    });
    const many = await core.dispatch('objects/exportArchive', { ids: ['p_a', ids[1], 'p_b', 'p_c', 'p_d'] });
    expect(many).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: '4 of the 5 projects asked for do not exist: "p_a", "p_b", "p_c" and 1 more.', details: ['"p_a": no such project', '"p_b": no such project', '"p_c": no such project', '"p_d": no such project'] },
    });
  });

  it('refuses an id given twice, none, or more than 1,000, before looking at any project', async () => {
    expect(await core.dispatch('objects/exportArchive', { ids: [ids[0], ids[1], ids[0]] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: [`ids[2]: "${ids[0]}" is already at [0]; give each id once`] },
    });
    expect(await core.dispatch('objects/exportArchive', { ids: [] })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: ['"ids" must have at least 1 items'] } });
    const tooMany = Array.from({ length: 1001 }, (_, i) => `p_${i}`);
    expect(await core.dispatch('objects/exportArchive', { ids: tooMany })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: ['"ids" must have at most 1000 items'] } });
  });
});
