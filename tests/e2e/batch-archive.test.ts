/**
 * Download Object Settings from the projects list's batch operations (seed
 * 003, seed 001 "Download object configurations"): two of three projects
 * selected, one click in More Batch Operations saves one ZIP archive that
 * unzip reads back, holding the object settings of exactly those two as
 * objects/exportCsv writes them, and the page says what it saved.
 */

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { createOfflineProjects } from '../harness/offline-projects';
import { unzipArchive } from '../harness/unzip';
import { createCore, freshHome, removeDir } from '../integration/helpers';
import type { App } from './pages';
import { BatchOperations, ProjectsPage } from './pages';
import type { UiSession } from './session';
import { openUi } from './session';

const NAMES = ['Archive alpha', 'Archive beta', 'Archive gamma'];

describe('Download Object Settings in the batch operations', () => {
  let home: string;
  let files: string;
  let core: CoreApp;
  let ui: UiSession;
  let app: App;
  let batch: BatchOperations;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    home = freshHome('e2e-archive');
    files = mkdtempSync(join(tmpdir(), 'cutover-e2e-archive-'));
    core = createCore(home);
    const objects = (i: number) => ({ include: [`e2e_archive_${i}.*`], tables: [{ source: `e2e_archive_${i}.orders`, where: `id > ${i}` }] });
    const created = await createOfflineProjects(core, NAMES.map((name, i) => ({ name, objects: objects(i) })));
    for (const [i, name] of NAMES.entries()) ids[name] = created[i];
    ui = await openUi(home, { width: 1280, height: 900, acceptDownloads: true });
    app = ui.app;
    batch = new BatchOperations(app);
    await new ProjectsPage(app).shows(NAMES);
  });

  afterAll(async () => {
    await ui?.close();
    await core?.close();
    if (home) removeDir(home);
    if (files) removeDir(files);
  });

  it('saves the object settings of the selected projects as one ZIP archive', async () => {
    const [alpha, , gamma] = NAMES;
    await batch.select(alpha, gamma);
    await app.id('batch-more').click();
    const option = app.id('batch-option-download-objects');
    expect((await option.textContent())?.trim()).toBe('Download Object Settings (2)');
    await app.shot('batch-download-objects-menu');
    const download = await app.download(option);
    expect(download.suggestedFilename()).toBe('object-settings-2-projects.zip');
    const saved = join(files, download.suggestedFilename());
    await download.saveAs(saved);

    const unzipped = unzipArchive(readFileSync(saved));
    expect(unzipped.tested).toContain('No errors detected');
    expect(unzipped.entries.map((e) => e.name).sort()).toEqual(['archive-alpha-objects.csv', 'archive-gamma-objects.csv', 'projects.csv']);
    for (const name of [alpha, gamma]) {
      const single = await call(core.dispatch, 'objects/exportCsv', { id: ids[name] });
      expect(unzipped.read(single.fileName).toString('utf8')).toBe(single.content);
    }
    expect(unzipped.read('projects.csv').toString('utf8')).toContain(`archive-gamma-objects.csv,${ids[gamma]},${gamma}`);

    await app.page.getByText('Downloaded the object settings of 2 project(s) as object-settings-2-projects.zip.').waitFor();
    expect(await batch.selectedCount()).toBe(2);
    expect(app.errors).toEqual([]);
  });
});
