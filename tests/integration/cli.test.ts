/**
 * The `cutover` command as a user runs it (a separate process per command),
 * against real MariaDB servers: the whole surface of F-52 for this stage, exit
 * codes, one-line reasons, all-or-nothing imports, and the password never
 * written anywhere.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectView } from '../../src-shared/model';
import { cli, exec, filesUnder, freshHome, removeDir, servers } from './helpers';

const { source, destination } = servers();
/** A distinctive password for a dedicated account, so that a leak is unmistakable. */
const SECRET = 'Sup3r-Secret-Passw0rd!';
const SECRET_USER = 'cli_migrator';

describe('cutover CLI', () => {
  let home: string;
  let work: string;
  const outputs: string[] = [];
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const result = await cli(home, args, env);
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const json = async <T>(args: string[]): Promise<T> => {
    const result = await run([...args, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as T;
  };

  const named = (name: string) => json<ProjectView>(['project', 'show', name]);

  beforeAll(async () => {
    home = freshHome('cli');
    work = freshHome('cli-files');
    await exec(
      source,
      `DROP DATABASE IF EXISTS cli_shop; CREATE DATABASE cli_shop;
       CREATE TABLE cli_shop.orders (id INT PRIMARY KEY, amount DECIMAL(10,2), note VARCHAR(50));
       CREATE TABLE cli_shop.order_items (id INT PRIMARY KEY, order_id INT, sku VARCHAR(20));
       CREATE TABLE cli_shop.audit_log (msg TEXT);
       CREATE VIEW cli_shop.big_orders AS SELECT id, amount FROM cli_shop.orders WHERE amount > 100;
       DROP USER IF EXISTS '${SECRET_USER}'@'%';
       CREATE USER '${SECRET_USER}'@'%' IDENTIFIED BY '${SECRET}';
       GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '${SECRET_USER}'@'%';`,
    );
  });

  afterAll(async () => {
    removeDir(home);
    removeDir(work);
    await exec(source, `DROP DATABASE IF EXISTS cli_shop; DROP USER IF EXISTS '${SECRET_USER}'@'%';`);
  });

  it('adds data sources with the password taken from an environment variable', async () => {
    const added = await run(
      ['datasource', 'add', '--name', 'src', '--host', source.host, '--port', String(source.port), '--user', SECRET_USER, '--password-env', 'SRC_PW'],
      { SRC_PW: SECRET },
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added data source src \(ds_[0-9a-z]+\)/);
    const dst = await run(
      ['datasource', 'add', '--name', 'dst', '--host', destination.host, '--port', String(destination.port), '--user', destination.user, '--password-env', 'DST_PW'],
      { DST_PW: destination.password },
    );
    expect(dst.code).toBe(0);
    const list = await json<{ name: string; host: string }[]>(['datasource', 'list']);
    expect(list.map((d) => d.name)).toEqual(['dst', 'src']);
  });

  it('refuses a missing password variable with a usage error', async () => {
    const result = await run(['datasource', 'add', '--name', 'x', '--host', 'h', '--port', '1', '--user', 'u', '--password-env', 'NOT_SET_ANYWHERE']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cutover: the environment variable NOT_SET_ANYWHERE is not set/);
  });

  it('tests a data source: ok with the server version, or exit 1 with the reason; updates it from the CLI', async () => {
    const ok = await run(['datasource', 'test', 'src']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^src: ok, 10\.\d+\.\d+-MariaDB/);
    await run(['datasource', 'add', '--name', 'badpw', '--host', source.host, '--port', String(source.port), '--user', SECRET_USER, '--password-env', 'P'], { P: 'wrong-password-here' });
    const bad = await run(['datasource', 'test', 'badpw']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain(`refused user ${SECRET_USER}`);
    expect(bad.stderr).not.toContain('wrong-password-here');
    // A password on the command line is refused, never echoed; update takes it from a variable and keeps the rest.
    const onLine = await run(['datasource', 'update', 'badpw', '--password', 'typed-on-the-line']);
    expect(onLine.code).toBe(2);
    expect(onLine.stderr).toContain('--password-env');
    expect(onLine.stderr).not.toContain('typed-on-the-line');
    expect((await run(['datasource', 'update', 'badpw'])).stderr).toContain('nothing to change');
    const fixed = await run(['datasource', 'update', 'badpw', '--password-env', 'P', '--database', 'mysql'], { P: SECRET });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain('Updated data source badpw');
    expect((await run(['datasource', 'test', 'badpw'])).code).toBe(0);
    const shown = await json<{ name: string; user: string; database: string | null }[]>(['datasource', 'list']);
    expect(shown.find((d) => d.name === 'badpw')).toMatchObject({ user: SECRET_USER, database: 'mysql' });
    const removed = await run(['datasource', 'remove', 'badpw']);
    expect(removed.code).toBe(0);
  });

  it('creates a project from a file, prints its id, and lists, filters and shows it', async () => {
    const file = join(work, 'shop.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'Shop migration',
        tags: ['shop', 'wave-1'],
        source: 'src',
        destination: 'dst',
        types: ['schema', 'full', 'incremental', 'verification'],
        objects: {
          include: ['cli_shop.*'],
          exclude: ['cli_shop.audit_*'],
          tables: [{ source: 'cli_shop.orders', target: 'cli_shop.orders_v2', where: 'amount > 0', columns: ['id', 'amount'] }],
        },
        options: { fullConcurrency: 'fast', alertLevel: 'high' },
      }),
    );
    const created = await run(['project', 'create', '--file', file]);
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^p_[0-9a-z]{10}$/);

    expect((await json<ProjectView[]>(['project', 'list', '--search', 'shop'])).map((p) => p.id)).toEqual([id]);
    expect(await json<ProjectView[]>(['project', 'list', '--tag', 'nope'])).toEqual([]);
    expect((await json<ProjectView[]>(['project', 'list', '--status', 'Not Started'])).map((p) => p.id)).toEqual([id]);
    expect(await json<ProjectView[]>(['project', 'list', '--status', 'running'])).toEqual([]);
    expect((await json<ProjectView[]>(['project', 'list', '--type', 'verification'])).map((p) => p.id)).toEqual([id]);

    const table = await run(['project', 'list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+TYPES/);
    expect(table.stdout).toContain('Shop migration');

    const shown = await run(['project', 'show', id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Status:                     Not Started');
    expect(shown.stdout).toContain('Concurrency (full):         Fast');
    expect(shown.stdout).toContain('Schema Migration');
    const byName = await json<ProjectView>(['project', 'show', 'Shop migration']);
    expect(byName.id).toBe(id);
    expect(byName.stages.map((s) => s.stage)).toEqual(['schema', 'full', 'incremental', 'verification', 'switchover']);

    const duplicate = await run(['project', 'create', '--file', file]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
  });

  it('exports the project without secrets and imports it back as an update', async () => {
    const project = await named('Shop migration');
    const out = join(work, 'export.json');
    expect((await run(['project', 'export', project.id, '--out', out])).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const exported = JSON.parse(text) as Record<string, unknown>;
    expect(exported.source).toBe('src');
    expect(exported.options).toMatchObject({ fullConcurrency: 'fast', alertLevel: 'high' });
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/password/i);

    exported.tags = ['shop', 'wave-2'];
    writeFileSync(out, JSON.stringify(exported, null, 2));
    const imported = await run(['project', 'import', '--file', out]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^Updated project Shop migration/);
    expect((await json<ProjectView>(['project', 'show', project.id])).tags).toEqual(['shop', 'wave-2']);

    exported.name = 'Shop copy from file';
    writeFileSync(out, JSON.stringify(exported, null, 2));
    const createdByImport = await run(['project', 'import', '--file', out]);
    expect(createdByImport.stdout).toMatch(/^Created project Shop copy from file \(p_/);
  });

  it('rejects bad project files with file:line for every problem and writes nothing', async () => {
    const before = await json<ProjectView[]>(['project', 'list']);
    const malformed = join(work, 'malformed.json');
    writeFileSync(malformed, '{\n  "name": "Broken",\n  "tags": ["a",],\n}\n');
    const syntax = await run(['project', 'import', '--file', malformed]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain(`${malformed}:3: invalid JSON`);

    const wrong = join(work, 'wrong.json');
    writeFileSync(
      wrong,
      [
        '{',
        '  "name": "Wrong",',
        '  "source": "src",',
        '  "destination": "no-such-source",',
        '  "types": ["verification"],',
        '  "objects": { "include": ["cli_shop"], "colour": "red" },',
        '  "options": { "fullConcurrency": "turbo" },',
        '  "owner": "me"',
        '}',
      ].join('\n'),
    );
    const bad = await run(['project', 'import', '--file', wrong]);
    expect(bad.code).toBe(1);
    const lines = bad.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^cutover: .*wrong\.json has \d+ problems; nothing was imported\./);
    expect(bad.stderr).toContain(`${wrong}:4: destination: data source "no-such-source" does not exist`);
    expect(bad.stderr).toContain(`${wrong}:5: types: Full Verification needs Full Migration`);
    expect(bad.stderr).toContain(`${wrong}:6: unknown field "colour" in "objects"`);
    expect(bad.stderr).toContain(`${wrong}:6: objects.include[0]: rule "cli_shop" must be database.table`);
    expect(bad.stderr).toContain(`${wrong}:7: "options.fullConcurrency" must be one of smooth, normal, fast`);
    expect(bad.stderr).toContain(`${wrong}:8: unknown field "owner"`);
    expect(await json<ProjectView[]>(['project', 'list'])).toEqual(before);
  });

  it('exports object settings as CSV and imports them into a clone', async () => {
    const project = await named('Shop migration');
    const csv = join(work, 'objects.csv');
    expect((await run(['objects', 'export', project.id, '--out', csv])).code).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text.split('\r\n')[0]).toBe('source_database,source_table,target_database,target_table,where,columns');
    expect(text).toContain('cli_shop,*,,,,');
    expect(text).toContain('cli_shop,orders,cli_shop,orders_v2,amount > 0,id;amount');

    const cloned = await run(['project', 'clone', project.id]);
    expect(cloned.code).toBe(0);
    const cloneId = cloned.stdout.trim();
    expect(cloneId).not.toBe(project.id);
    const clone = await json<ProjectView>(['project', 'show', cloneId]);
    expect(clone.name).toBe('Shop migration (copy)');
    expect(clone.clonedFrom).toBe(project.id);

    writeFileSync(csv, 'source_database,source_table,target_database,target_table,where,columns\r\ncli_shop,order_items,,,"sku <> \'x,y\'",id;sku\r\n');
    const imported = await run(['objects', 'import', cloneId, '--file', csv]);
    expect(imported.code).toBe(0);
    const updated = await json<ProjectView>(['project', 'show', cloneId]);
    expect(updated.objects).toEqual({
      include: [],
      exclude: ['cli_shop.audit_*'],
      tables: [{ source: 'cli_shop.order_items', where: "sku <> 'x,y'", columns: ['id', 'sku'] }],
    });
  });

  it('rejects bad CSV rows with file:line for each and leaves the objects as they were', async () => {
    const clone = await named('Shop migration (copy)');
    const csv = join(work, 'bad.csv');
    writeFileSync(
      csv,
      [
        'source_database,source_table,target_database,target_table,where,columns',
        'cli_shop,orders,,,',
        'cli_shop,,,,,',
        'cli_shop,t_*,dst,t_*,,',
        'cli_shop,orders_*,,,id > 1,',
        'cli_shop,order_items,,,,id;;sku',
      ].join('\n'),
    );
    const result = await run(['objects', 'import', clone.id, '--file', csv]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${csv}:2: has 5 fields; expected 6`);
    expect(result.stderr).toContain(`${csv}:3: source_table is empty`);
    expect(result.stderr).toContain(`${csv}:4: target_table "t_*" uses a wildcard`);
    expect(result.stderr).toContain(`${csv}:5: where is only allowed for an exact table`);
    expect(result.stderr).toContain(`${csv}:6: columns has an empty name`);
    const after = await json<ProjectView>(['project', 'show', clone.id]);
    expect(after.objects.tables).toEqual([{ source: 'cli_shop.order_items', where: "sku <> 'x,y'", columns: ['id', 'sku'] }]);
  });

  it('lists the first 100 problems of a file, counts the rest, and keeps each on its line', async () => {
    const clone = await named('Shop migration (copy)');
    const csv = join(work, 'many-bad.csv');
    const rows = Array.from({ length: 250 }, (_, i) => `cli_shop,"bad\n${csv}:1: forged ${i}\`",,,,`);
    writeFileSync(csv, ['source_database,source_table,target_database,target_table,where,columns', ...rows].join('\n'));
    const result = await run(['objects', 'import', clone.id, '--file', csv]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe(`cutover: ${csv} has 250 problems; nothing was imported. Correct the lines listed and import the file again.`);
    expect(lines).toHaveLength(102);
    // A value with a line break is shown with "\n": it cannot start a line of its own.
    expect(lines[1].startsWith(`  ${csv}:2: source_table "bad\\n`)).toBe(true);
    expect(lines[100].startsWith(`  ${csv}:200: source_table "bad\\n`)).toBe(true);
    expect(lines.slice(1, 101).every((line) => line.startsWith(`  ${csv}:`))).toBe(true);
    expect(lines.at(-1)).toBe('  and 150 more problems');
  });

  it('runs a precheck and prints each check; exits 1 when a check fails', async () => {
    const project = await named('Shop migration');
    const result = await run(['project', 'precheck', project.id]);
    expect(result.stdout).toMatch(/^ok {3}Source connection: Connected to src/m);
    expect(result.stdout).toMatch(/^ok {3}Source binlog_format: binlog_format is ROW\./m);
    expect(result.stdout).toMatch(/^WARN Migration objects: Selected 2 tables and 1 view from 1 database\. cli_shop\.audit_log \(selected by include cli_shop\.\*\) is dropped by exclude cli_shop\.audit_\*/m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Precheck warned: \d+ checks, 0 failed/);

    await exec(source, `REVOKE REPLICATION SLAVE, REPLICATION CLIENT ON *.* FROM '${SECRET_USER}'@'%'`);
    const failing = await run(['project', 'precheck', project.id]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^FAIL Source replication privileges: cli_migrator lacks REPLICATION SLAVE \(global\), REPLICATION CLIENT \(global\)\./m);
    expect(failing.stdout).toContain("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cli_migrator'@'%';");
    expect(failing.stderr.trim()).toBe('cutover: precheck failed: 1 check(s) failed. Fix what the FAIL lines say, then run the precheck again.');
    const shown = await json<{ precheck: { status: string } }>(['project', 'show', project.id]);
    expect(shown.precheck.status).toBe('failed');
  });

  it('deletes only what the lifecycle allows and says so', async () => {
    const clone = await named('Shop migration (copy)');
    expect((await run(['project', 'delete', clone.id])).code).toBe(0);
    const gone = await run(['project', 'show', clone.id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^cutover: No project has the id or name/);
  });

  it('writes all of a large answer through a pipe before it exits: a project of 20,000 tables as JSON', async () => {
    const file = join(work, 'fleet.json');
    const tables = Array.from({ length: 20_000 }, (_, i) => ({ source: `fleet.t_${i}`, target: `fleet_v2.t_${i}` }));
    writeFileSync(file, JSON.stringify({ name: 'Fleet of tables', source: 'src', destination: 'dst', types: ['schema', 'full'], objects: { tables } }));
    const created = await run(['project', 'create', '--file', file]);
    expect(created.code).toBe(0);
    const shown = await json<ProjectView>(['project', 'show', created.stdout.trim()]);
    expect(shown.objects.tables).toHaveLength(20_000);
    expect(shown.objects.tables[19_999]).toMatchObject({ source: 'fleet.t_19999' });
    expect((await run(['project', 'delete', shown.id])).code).toBe(0);
  });

  it('prints every error on one line, whatever the input holds', async () => {
    const result = await run(['project', 'show', 'forged\ncutover: all good\u202e']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toEqual(['cutover: No project has the id or name "forged\\ncutover: all good\\u{202E}". See them with `cutover project list`.', '']);
  });

  it('answers unknown commands and options with usage errors (exit 2)', async () => {
    const unknown = await run(['project', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "project frobnicate"');
    const option = await run(['project', 'list', '--colour', 'red']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--colour'");
  });

  it('never writes the password: not in the state directory, exports, output or logs', async () => {
    // state.db holds the logs too, so this also covers every log line written.
    const files = [...filesUnder(home), ...filesUnder(work)];
    expect(files.some((f) => f.path.endsWith('state.db'))).toBe(true);
    for (const file of files) {
      expect(file.bytes.includes(Buffer.from(SECRET)), `${file.path} holds the password`).toBe(false);
      expect(file.bytes.includes(Buffer.from(SECRET, 'utf16le')), `${file.path} holds the password (UTF-16)`).toBe(false);
    }
    for (const text of outputs) expect(text).not.toContain(SECRET);
  });
});
