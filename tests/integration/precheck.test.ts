/**
 * Precheck against real MariaDB servers: every check the foundation promises,
 * each driven into its failing state on purpose, with the instruction a DBA
 * needs; results stream as events and are kept.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { PrecheckCheck, PrecheckRun } from '../../src-shared/model';
import type { ProjectDraftInput } from '../../src-shared/settings/project-schema';
import { freePort } from '../harness/mariadb';
import { createCore, exec, freshHome, precheckItem, removeDir, servers } from './helpers';

const { source, destination } = servers();

describe('precheck', () => {
  let home: string;
  let core: CoreApp;
  let rootSrc: string;
  let rootDst: string;
  let limitedSrc: string;
  let limitedDst: string;

  const byId = precheckItem;

  async function precheck(draft: Partial<ProjectDraftInput>): Promise<PrecheckRun> {
    const project = await call(core.dispatch, 'projects/create', {
      name: `pc-${Math.random().toString(36).slice(2, 8)}`,
      types: ['schema', 'full'],
      sourceId: rootSrc,
      destinationId: rootDst,
      objects: { include: ['pc_app.*'] },
      ...draft,
    });
    return core.services.precheck.start(project.id).done;
  }

  beforeAll(async () => {
    home = freshHome('precheck');
    core = createCore(home);
    await exec(
      source,
      `DROP DATABASE IF EXISTS pc_app; CREATE DATABASE pc_app; DROP DATABASE IF EXISTS pc_other; CREATE DATABASE pc_other;
       CREATE TABLE pc_app.customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, UNIQUE KEY (email));
       CREATE TABLE pc_app.visits (customer_id INT, at DATETIME);
       CREATE TABLE pc_app.codes (code CHAR(3) NOT NULL, label VARCHAR(20), UNIQUE KEY (code));
       CREATE TABLE pc_app.shard_1 (id INT PRIMARY KEY); CREATE TABLE pc_app.shard_2 (id INT PRIMARY KEY);
       CREATE TABLE pc_other.secrets (id INT PRIMARY KEY);
       DROP USER IF EXISTS 'pc_reader'@'%'; CREATE USER 'pc_reader'@'%' IDENTIFIED BY 'pc-reader-pw';
       GRANT SELECT ON pc_app.* TO 'pc_reader'@'%';
       -- Visible to pc_reader (it may insert) but not readable: the precheck must catch it.
       GRANT INSERT ON pc_other.* TO 'pc_reader'@'%';`,
    );
    await exec(
      destination,
      `DROP DATABASE IF EXISTS pc_app; CREATE DATABASE pc_app;
       CREATE TABLE pc_app.customers (id INT PRIMARY KEY, email VARCHAR(100));
       DROP USER IF EXISTS 'pc_writer'@'%'; CREATE USER 'pc_writer'@'%' IDENTIFIED BY 'pc-writer-pw';
       GRANT SELECT, CREATE, ALTER, INDEX, DROP, REFERENCES ON pc_app.* TO 'pc_writer'@'%';`,
    );
    const add = async (name: string, server: typeof source, user = server.user, password = server.password) =>
      (await call(core.dispatch, 'datasources/create', { name, host: server.host, port: server.port, user, password })).id;
    rootSrc = await add('root-src', source);
    rootDst = await add('root-dst', destination);
    limitedSrc = await add('reader-src', source, 'pc_reader', 'pc-reader-pw');
    limitedDst = await add('writer-dst', destination, 'pc_writer', 'pc-writer-pw');
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, `DROP DATABASE IF EXISTS pc_app; DROP DATABASE IF EXISTS pc_other; DROP USER IF EXISTS 'pc_reader'@'%';`);
    await exec(destination, `DROP DATABASE IF EXISTS pc_app; DROP USER IF EXISTS 'pc_writer'@'%';`);
  });

  it('streams each check as an event and keeps the run', async () => {
    const streamed: PrecheckCheck[] = [];
    const stop = core.events.subscribe((event, payload) => {
      if (event === 'precheck/check') streamed.push((payload as { check: PrecheckCheck }).check);
    });
    const project = await call(core.dispatch, 'projects/create', {
      name: 'streaming',
      types: ['schema', 'full'],
      sourceId: rootSrc,
      destinationId: rootDst,
      objects: { include: ['pc_app.customers'] },
      options: { targetNotEmpty: 'ignore' },
    });
    const started = await call(core.dispatch, 'precheck/run', { id: project.id });
    expect(started.status).toBe('running');
    const run = await core.services.precheck.start(project.id).done;
    stop();
    expect(run.id).toBe(started.id);
    expect(streamed.map((c) => c.id)).toEqual(run.checks.map((c) => c.id));
    const latest = await call(core.dispatch, 'precheck/latest', { id: project.id });
    expect(latest).toEqual(run);
    expect(run.status).toBe('passed');
    expect(byId(run, 'destination.not_empty')).toMatchObject({ state: 'success' });
  });

  it('fails a keyless table only as a warning and names it', async () => {
    const run = await precheck({ objects: { include: ['pc_app.visits', 'pc_app.codes'] } });
    const keys = byId(run, 'objects.keys');
    expect(keys.state).toBe('warn');
    expect(keys.detail).toBe('pc_app.visits has no primary key and no NOT NULL unique key.');
    expect(keys.instruction).toContain('hidden key column');
  });

  it('fails a column subset that leaves out the key', async () => {
    const run = await precheck({ objects: { include: [], tables: [{ source: 'pc_app.customers', columns: ['email'] }] } });
    expect(byId(run, 'objects.keys')).toMatchObject({ state: 'fail' });
    expect(byId(run, 'objects.keys').detail).toContain('pc_app.customers leaves out key columns');
  });

  it('fails a missing table, an unknown column and an invalid row filter', async () => {
    const missing = await precheck({ objects: { include: [], tables: [{ source: 'pc_app.nope' }, { source: 'pc_app.customers', columns: ['id', 'phone'] }] } });
    const selection = byId(missing, 'objects.selection');
    expect(selection.state).toBe('fail');
    expect(selection.detail).toContain('pc_app.nope does not exist on the source');
    expect(selection.detail).toContain('pc_app.customers has no column phone');

    const filtered = await precheck({ objects: { include: [], tables: [{ source: 'pc_app.customers', where: 'no_such_column > 3' }] } });
    const filters = byId(filtered, 'objects.row_filters');
    expect(filters.state).toBe('fail');
    expect(filters.detail).toContain("pc_app.customers: Unknown column 'no_such_column'");
  });

  it('fails on destination tables that hold rows, or warns when told to ignore them', async () => {
    await exec(destination, `INSERT INTO pc_app.customers VALUES (1, 'a@example.com')`);
    const stop = await precheck({ objects: { include: ['pc_app.customers'] } });
    expect(byId(stop, 'destination.not_empty')).toMatchObject({ state: 'fail', detail: 'pc_app.customers already hold rows.' });
    const ignore = await precheck({ objects: { include: ['pc_app.customers'] }, options: { targetNotEmpty: 'ignore' } });
    expect(byId(ignore, 'destination.not_empty').state).toBe('warn');
    await exec(destination, 'DELETE FROM pc_app.customers');
  });

  it('names every missing source privilege with a GRANT to fix it', async () => {
    const run = await precheck({
      sourceId: limitedSrc,
      types: ['schema', 'full', 'incremental'],
      objects: { include: ['pc_app.customers', 'pc_other.*'] },
    });
    const read = byId(run, 'source.privileges');
    expect(read.state).toBe('fail');
    expect(read.detail).toBe('pc_reader lacks SELECT on `pc_other`.`secrets`.');
    expect(read.instruction).toContain("GRANT SELECT ON `pc_other`.* TO 'pc_reader'@'%';");
    const replication = byId(run, 'source.replication_privileges');
    expect(replication.state).toBe('fail');
    expect(replication.detail).toContain('REPLICATION SLAVE (global), REPLICATION CLIENT (global)');
    // The heartbeat is optional: without it latency is measured in whole seconds, so only a warning.
    const heartbeat = byId(run, 'source.heartbeat_privileges');
    expect(heartbeat.state).toBe('warn');
    expect(heartbeat.detail).toBe('pc_reader lacks CREATE on `cutover_meta`.*, INSERT on `cutover_meta`.*, UPDATE on `cutover_meta`.*.');
    expect(heartbeat.instruction).toContain("GRANT CREATE, INSERT, UPDATE ON `cutover_meta`.* TO 'pc_reader'@'%';");
    expect(run.status).toBe('failed');
  });

  it('says a rule may match nothing because the user cannot see the objects', async () => {
    await exec(source, 'DROP DATABASE IF EXISTS pc_hidden; CREATE DATABASE pc_hidden; CREATE TABLE pc_hidden.t (id INT PRIMARY KEY);');
    try {
      const run = await precheck({ sourceId: limitedSrc, objects: { include: ['pc_app.customers', 'pc_hidden.*'] } });
      const selection = byId(run, 'objects.selection');
      expect(selection.state).toBe('warn');
      expect(selection.detail).toContain('include pc_hidden.* matches no object on the source (or the user cannot see it)');
    } finally {
      await exec(source, 'DROP DATABASE IF EXISTS pc_hidden');
    }
  });

  it('names missing destination privileges, including the checkpoint schema for incremental', async () => {
    const run = await precheck({ destinationId: limitedDst, types: ['schema', 'full', 'incremental'], objects: { include: ['pc_app.customers'] } });
    const write = byId(run, 'destination.privileges');
    expect(write.state).toBe('fail');
    expect(write.detail).toContain('INSERT on `pc_app`.*');
    expect(write.detail).toContain('CREATE on `cutover_meta`.*');
    expect(write.detail).not.toContain('ALTER');
  });

  it('checks binlog settings for incremental and says how to fix each', async () => {
    await exec(source, `SET GLOBAL binlog_format = 'MIXED'; SET GLOBAL binlog_row_image = 'MINIMAL';`);
    try {
      const run = await precheck({ types: ['full', 'incremental'], objects: { include: ['pc_app.customers'] } });
      expect(byId(run, 'source.binlog')).toMatchObject({ state: 'success' });
      expect(byId(run, 'source.binlog_format')).toMatchObject({ state: 'fail', detail: 'binlog_format is MIXED; incremental synchronization needs ROW.' });
      expect(byId(run, 'source.binlog_format').instruction).toContain('binlog_format=ROW');
      expect(byId(run, 'source.binlog_row_image')).toMatchObject({ state: 'fail' });
      expect(byId(run, 'source.binlog_row_image').instruction).toContain('binlog_row_image=FULL');
    } finally {
      await exec(source, `SET GLOBAL binlog_format = 'ROW'; SET GLOBAL binlog_row_image = 'FULL';`);
    }
    const withoutIncremental = await precheck({ types: ['schema', 'full'], objects: { include: ['pc_app.customers'] } });
    expect(withoutIncremental.checks.some((c) => c.id.startsWith('source.binlog'))).toBe(false);
  });

  it('warns about foreign keys that cascade or set NULL, and about triggers, when changes are replayed', async () => {
    await exec(
      source,
      `CREATE TABLE pc_app.parents (id INT PRIMARY KEY);
       CREATE TABLE pc_app.children (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY fk_child_parent (parent_id) REFERENCES pc_app.parents (id) ON DELETE CASCADE);
       CREATE TABLE pc_app.notes (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY fk_note_parent (parent_id) REFERENCES pc_app.parents (id) ON DELETE RESTRICT);
       CREATE TRIGGER pc_app.children_stamp BEFORE INSERT ON pc_app.children FOR EACH ROW SET NEW.id = NEW.id;`,
    );
    try {
      const run = await precheck({ types: ['schema', 'full', 'incremental'], objects: { include: ['pc_app.parents', 'pc_app.children', 'pc_app.notes'] } });
      const item = byId(run, 'objects.side_effects');
      expect(item.state).toBe('warn');
      expect(item.detail).toContain('pc_app.children (fk_child_parent: ON DELETE CASCADE)');
      expect(item.detail).not.toContain('fk_note_parent');
      expect(item.detail).toContain('pc_app.children (children_stamp: BEFORE INSERT)');
      const plain = await precheck({ types: ['schema', 'full', 'incremental'], objects: { include: ['pc_app.parents', 'pc_app.notes'] } });
      expect(byId(plain, 'objects.side_effects').state).toBe('success');
      const noReplay = await precheck({ types: ['schema', 'full'], objects: { include: ['pc_app.children'] } });
      expect(noReplay.checks.some((c) => c.id === 'objects.side_effects')).toBe(false);
    } finally {
      await exec(source, 'DROP TABLE IF EXISTS pc_app.children, pc_app.notes, pc_app.parents');
    }
  });

  it('refuses reverse incremental for merged (many-to-one) tables', async () => {
    const run = await precheck({ types: ['schema', 'full', 'incremental', 'reverse'], objects: { include: ['pc_app.shard_*=pc_app.shards'] } });
    expect(byId(run, 'objects.selection')).toMatchObject({ state: 'warn' });
    expect(byId(run, 'objects.reverse_many_to_one').state).toBe('fail');
    expect(byId(run, 'objects.reverse_many_to_one').detail).toContain('pc_app.shard_1, pc_app.shard_2 are merged into pc_app.shards');
    expect(byId(run, 'destination.binlog_format')).toMatchObject({ state: 'success' });
  });

  it('reports an unreachable source and still checks the destination', async () => {
    const port = await freePort();
    const down = (await call(core.dispatch, 'datasources/create', { name: 'down', host: '127.0.0.1', port, user: 'x', password: 'y' })).id;
    const run = await precheck({ sourceId: down });
    expect(run.status).toBe('failed');
    expect(byId(run, 'source.connection')).toMatchObject({ state: 'fail' });
    expect(byId(run, 'source.connection').detail).toContain(`down: Nothing accepts connections at 127.0.0.1:${port}`);
    expect(byId(run, 'destination.connection').state).toBe('success');
    expect(run.checks.some((c) => c.id === 'objects.selection')).toBe(false);
  });
});
