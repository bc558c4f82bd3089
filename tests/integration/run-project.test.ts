/**
 * A whole project run through the orchestrator against real MariaDB servers:
 * several databases, renames (database and many-to-one), a row filter, a
 * column subset, views, foreign keys, a CHECK and a table without a key go
 * through schema and full migration and arrive identical, value for value.
 * Also: pause and resume mid-copy, the lease refusing a second host, a failed
 * DDL fixed by "modify and retry", the CLI's run and status, and a project
 * whose host was killed shown as interrupted rather than running.
 */

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import { expectMultiDbMigrated, MULTI_DB_OBJECTS, MULTI_DB_SOURCE_SQL, rowsOn } from './cases/multi-db/case';
import { compareTable, isIdentical } from './compare';
import { cli, createCore, exec, freshHome, recordPrewarms, REPO, removeDir, servers } from './helpers';

const { source, destination } = servers();

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const destinationRows = <T>(sql: string) => rowsOn<T>(destination, sql);

describe('running a project: schema and full migration', () => {
  let home: string;
  let core: CoreApp;
  let sourceId: string;
  let destinationId: string;

  beforeAll(async () => {
    await exec(source, MULTI_DB_SOURCE_SQL);
    await exec(destination, 'DROP DATABASE IF EXISTS rp_shop; DROP DATABASE IF EXISTS ob_crm; DROP DATABASE IF EXISTS rp_logs;');
    home = freshHome('run');
    core = createCore(home);
    sourceId = (await call(core.dispatch, 'datasources/create', { name: 'rp-src', host: source.host, port: source.port, user: source.user, password: source.password })).id;
    destinationId = (await call(core.dispatch, 'datasources/create', { name: 'rp-dst', host: destination.host, port: destination.port, user: destination.user, password: destination.password })).id;
  });

  afterAll(async () => {
    await core.close();
    removeDir(home);
    await exec(source, 'DROP DATABASE IF EXISTS rp_shop; DROP DATABASE IF EXISTS rp_crm; DROP DATABASE IF EXISTS rp_logs;');
    await exec(destination, 'DROP DATABASE IF EXISTS rp_shop; DROP DATABASE IF EXISTS ob_crm; DROP DATABASE IF EXISTS rp_logs;');
  });

  it('reports every DDL and conversion change before anything runs, creating nothing', async () => {
    const project = await call(core.dispatch, 'projects/create', {
      name: 'preview-only',
      types: ['schema', 'full'],
      sourceId,
      destinationId,
      objects: { include: ['rp_shop.*'], exclude: [], tables: [{ source: 'rp_crm.contacts', target: 'ob_crm.people', columns: ['id', 'name'] }] },
    });
    const planned = await call(core.dispatch, 'schema/preview', { id: project.id });
    // Databases first, then tables, then views in dependency order.
    expect(planned.map((p) => p.kind)).toEqual(['database', 'database', 'table', 'table', 'table', 'table', 'view', 'view']);
    expect(planned.map((p) => `${p.target.database}.${p.target.table}`).sort()).toEqual(
      ['ob_crm.', 'ob_crm.people', 'rp_shop.', 'rp_shop.big_paid', 'rp_shop.customers', 'rp_shop.events', 'rp_shop.orders', 'rp_shop.paid'].sort(),
    );
    expect(planned.filter((p) => p.kind === 'view').map((p) => p.target.table)).toEqual(['paid', 'big_paid']);
    const events = planned.find((p) => p.target.table === 'events')!;
    expect(events.ddl).toContain('__cutover_row_id');
    expect(events.notes.some((n) => n.reason.toLowerCase().includes('key'))).toBe(true);
    const people = planned.find((p) => p.target.table === 'people')!.ddl;
    expect(people).toContain('`name`');
    expect(people).not.toContain('`phone`');
    const databases = await destinationRows<{ n: number }>("SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('rp_shop', 'ob_crm')");
    expect(Number(databases[0].n)).toBe(0);
    expect((await call(core.dispatch, 'projects/get', { id: project.id })).status).toBe('not_started');
    await call(core.dispatch, 'projects/delete', { id: project.id });
  });

  it('migrates schema and data of several databases with renames, filters and subsets, identical by value', async () => {
    const project = await call(core.dispatch, 'projects/create', {
      name: 'multi',
      types: ['schema', 'full'],
      sourceId,
      destinationId,
      objects: MULTI_DB_OBJECTS,
      options: { fullConcurrency: 'fast' },
    });
    // Workers are started ahead: the first stage's while the servers are probed, the next stage's once the one before it begins.
    const prewarmed = recordPrewarms(core);
    const end = await core.services.orchestrator.start(project.id).finally(prewarmed.stop);
    expect(end).toEqual({ kind: 'waiting', stage: 'switchover' });
    expect(prewarmed.labels).toEqual(['schema', 'full-import']);
    const detail = await call(core.dispatch, 'projects/get', { id: project.id });
    expect(detail.status).toBe('running');
    expect(detail.stages.map((s) => [s.stage, s.status])).toEqual([
      ['schema', 'completed'],
      ['full', 'completed'],
      ['switchover', 'not_started'],
    ]);

    await expectMultiDbMigrated(core, project.id, source, destination);
    const exported = await call(core.dispatch, 'schema/export', { id: project.id });
    expect(exported.content).toContain('CREATE TABLE `ob_crm`.`people`');
    expect(exported.content).toContain('-- Held back until the forward switchover:');
  });

  it('pauses mid-copy at a checkpoint and resumes to an identical copy', async () => {
    await exec(destination, 'DROP DATABASE IF EXISTS rp_crm2');
    const project = await call(core.dispatch, 'projects/create', {
      name: 'pausing',
      types: ['schema', 'full'],
      sourceId,
      destinationId,
      objects: { include: ['rp_shop.orders=rp_crm2.*'] },
      options: { rpsLimit: 4000 },
    });
    const first = core.services.orchestrator.start(project.id);
    await waitFor(async () => (await call(core.dispatch, 'full/tables', { id: project.id }))[0]?.rowsCopied > 8000, 'some rows copied');
    await call(core.dispatch, 'projects/pause', { id: project.id });
    expect(await first).toEqual({ kind: 'paused' });
    const paused = await call(core.dispatch, 'projects/get', { id: project.id });
    expect(paused.status).toBe('paused');
    expect(paused.stages.find((s) => s.stage === 'full')?.status).toBe('paused');
    const copied = (await call(core.dispatch, 'full/tables', { id: project.id }))[0].rowsCopied;
    expect(copied).toBeLessThan(40000);

    await call(core.dispatch, 'projects/updateOptions', { id: project.id, options: { ...paused.options, rpsLimit: null } });
    const second = core.services.orchestrator.resume(project.id);
    expect(await second).toEqual({ kind: 'waiting', stage: 'switchover' });
    expect(isIdentical(await compareTable(source, { database: 'rp_shop', table: 'orders' }, destination, { database: 'rp_crm2', table: 'orders' }))).toBe(true);
    await exec(destination, 'DROP DATABASE IF EXISTS rp_crm2');
  });

  it('lets only one host run a project at a time', async () => {
    const project = await call(core.dispatch, 'projects/create', {
      name: 'leased',
      types: ['full'],
      sourceId,
      destinationId,
      objects: { include: ['rp_logs.log_2024'] },
      options: { rpsLimit: 200 },
    });
    await exec(destination, 'CREATE TABLE IF NOT EXISTS rp_logs.log_2024 LIKE rp_logs.logs');
    const running = core.services.orchestrator.start(project.id);
    const other = await cli(home, ['run', project.id]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^cutover: Project "leased" is being run by another Cutover process \(.*, pid \d+\)\. Pause or stop it there/);
    await call(core.dispatch, 'projects/pause', { id: project.id });
    await running;
  });

  it('fails on a DDL the destination refuses, then continues after "modify and retry"', async () => {
    await exec(source, `DROP DATABASE IF EXISTS rp_seq; CREATE DATABASE rp_seq; CREATE SEQUENCE rp_seq.ticket_no;
      CREATE TABLE rp_seq.tickets (id BIGINT NOT NULL DEFAULT NEXTVAL(rp_seq.ticket_no) PRIMARY KEY, subject VARCHAR(50));
      USE rp_seq; INSERT INTO rp_seq.tickets (subject) SELECT CONCAT('ticket ', seq) FROM seq_1_to_500;`);
    await exec(destination, 'DROP DATABASE IF EXISTS rp_seq');
    try {
      const project = await call(core.dispatch, 'projects/create', {
        name: 'sequences',
        types: ['schema', 'full'],
        sourceId,
        destinationId,
        objects: { include: ['rp_seq.tickets'] },
      });
      const end = await core.services.orchestrator.start(project.id);
      expect(end.kind).toBe('failed');
      const failedProject = await call(core.dispatch, 'projects/get', { id: project.id });
      expect(failedProject.status).toBe('failed');
      expect(failedProject.stages.find((s) => s.stage === 'schema')?.error).toContain('1 schema object failed, first rp_seq.tickets');
      const objects = await call(core.dispatch, 'schema/objects', { id: project.id });
      const tickets = objects.find((o) => o.kind === 'table')!;
      expect(tickets.status).toBe('failed');
      expect(tickets.errorCode).toBe(1146);
      expect(tickets.errorMessage).toContain('ticket_no');

      // What a DBA would do: drop the default that needs the (unmigrated) sequence.
      const fixed = tickets.ddl.replace(/ DEFAULT \(nextval\([^)]*\)\)/i, '');
      expect(fixed).not.toBe(tickets.ddl);
      const after = await call(core.dispatch, 'schema/modify', { id: project.id, objectId: tickets.id, ddl: fixed });
      expect(after.find((o) => o.id === tickets.id)).toMatchObject({ status: 'created', ddl: fixed, convertedDdl: tickets.ddl });
      // With nothing failed any more, the project resumes by itself and copies the data.
      await waitFor(async () => (await call(core.dispatch, 'projects/get', { id: project.id })).stages.find((s) => s.stage === 'full')?.status === 'completed', 'the copy after the fix');
      expect(isIdentical(await compareTable(source, { database: 'rp_seq', table: 'tickets' }, destination, { database: 'rp_seq', table: 'tickets' }))).toBe(true);
    } finally {
      await exec(source, 'DROP DATABASE IF EXISTS rp_seq');
      await exec(destination, 'DROP DATABASE IF EXISTS rp_seq');
    }
  });

  it('runs from the CLI until a stage state and reports status as JSON', async () => {
    await exec(destination, 'DROP DATABASE IF EXISTS rp_cli');
    const project = await call(core.dispatch, 'projects/create', {
      name: 'from-cli',
      types: ['schema', 'full'],
      sourceId,
      destinationId,
      objects: { include: ['rp_shop.customers=rp_cli.*'] },
    });
    const bad = await cli(home, ['run', project.id, '--until', 'incremental:monitoring']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('has no Incremental Synchronization stage');
    const schemaOnly = await cli(home, ['run', project.id, '--until', 'schema:completed']);
    expect(schemaOnly.code).toBe(0);
    expect(schemaOnly.stdout).toContain('Reached schema:completed.');
    const full = await cli(home, ['run', project.id, '--until', 'full:completed']);
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/Full Migration\s+Completed\s+\[#{20}\] 100% 3,000 rows, 1\/1 tables/);
    const status = JSON.parse((await cli(home, ['project', 'status', project.id, '--json'])).stdout) as {
      stages: { stage: string; status: string; progress: number; startedAt: string; endedAt: string; durationMs: number }[];
      tables: { source: { table: string }; status: string; rowsCopied: number; rowsEstimated: number }[];
    };
    const fullStage = status.stages.find((s) => s.stage === 'full')!;
    expect(fullStage).toMatchObject({ status: 'completed', progress: 1 });
    expect(fullStage.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(fullStage.endedAt)).toBeGreaterThanOrEqual(Date.parse(fullStage.startedAt));
    expect(status.tables).toEqual([expect.objectContaining({ source: { database: 'rp_shop', table: 'customers' }, status: 'completed', rowsCopied: 3000 })]);
    await exec(destination, 'DROP DATABASE IF EXISTS rp_cli');
  });

  it('runs from the CLI until incremental synchronization is Monitoring, and reports latency and checkpoint', async () => {
    await exec(destination, 'DROP DATABASE IF EXISTS rp_cli_incr');
    const project = await call(core.dispatch, 'projects/create', {
      name: 'from-cli-incremental',
      types: ['schema', 'full', 'incremental'],
      sourceId,
      destinationId,
      objects: { include: ['rp_shop.customers=rp_cli_incr.*'] },
    });
    const run = await cli(home, ['run', project.id, '--until', 'incremental:monitoring']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Reached incremental:monitoring.');
    const status = JSON.parse((await cli(home, ['project', 'status', project.id, '--json'])).stdout) as {
      latencyMs: number | null;
      incremental: { latencyMs: number | null; checkpoint: { file: string; pos: number; gtid: string | null } | null };
    };
    expect(status.incremental.latencyMs).toEqual(expect.any(Number));
    expect(status.incremental.checkpoint).toMatchObject({ file: expect.stringMatching(/\.\d+$/), pos: expect.any(Number), gtid: expect.stringMatching(/^\d+-\d+-\d+/) });
    await exec(destination, 'DROP DATABASE IF EXISTS rp_cli_incr');
  });

  it('shows a project whose host was killed as interrupted, not as running, until it is paused', async () => {
    await exec(destination, 'DROP DATABASE IF EXISTS rp_cli_gone');
    const project = await call(core.dispatch, 'projects/create', {
      name: 'host-killed',
      types: ['schema', 'full', 'incremental'],
      sourceId,
      destinationId,
      objects: { include: ['rp_shop.customers=rp_cli_gone.*'] },
    });
    const id = project.id;
    const host = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'run', id], { cwd: REPO, stdio: 'ignore' });
    const exited = new Promise((resolve) => host.once('exit', resolve));
    await waitFor(async () => (await call(core.dispatch, 'projects/get', { id })).stages.find((s) => s.stage === 'incremental')?.status === 'monitoring', 'Monitoring', 120_000);
    const live = await call(core.dispatch, 'projects/get', { id });
    expect(live.runner).toEqual({ state: 'elsewhere', holder: expect.stringMatching(new RegExp(`:${host.pid}$`)) });
    expect(live.latencyMs).toEqual(expect.any(Number));

    host.kill('SIGKILL');
    await exited;
    const gone = await call(core.dispatch, 'projects/get', { id });
    expect(gone.status).toBe('running');
    expect(gone.runner).toEqual({ state: 'interrupted', holder: live.runner!.holder });
    expect(gone.latencyMs).toBeNull();
    expect(gone.components.filter((c) => c.status === 'running' || c.status === 'starting')).toEqual([]);
    expect(gone.components.find((c) => c.kind === 'incr-sync')).toMatchObject({ status: 'stopped', error: expect.stringMatching(/ended without pausing/) });
    expect((await call(core.dispatch, 'projects/list', {})).find((p) => p.id === id)?.runner?.state).toBe('interrupted');
    const shown = await cli(home, ['project', 'status', id]);
    expect(shown.stdout).toMatch(/^host-killed \(p_\w+\): Running \(interrupted\)\n  No Cutover process runs this project: the one that ran it \([^)]+, pid \d+\) ended/);

    // Pausing records what happened; the project is then an ordinary paused one.
    await call(core.dispatch, 'projects/pause', { id });
    const paused = await call(core.dispatch, 'projects/get', { id });
    expect(paused).toMatchObject({ status: 'paused', runner: null });
    await exec(destination, 'DROP DATABASE IF EXISTS rp_cli_gone');
  });
});
