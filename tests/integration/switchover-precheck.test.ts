/**
 * The switchover precheck against real servers: accounts that can write
 * through read-only, binlog retention, enabled events and (with reverse)
 * triggers on migrated tables, the AUTO_INCREMENT plan, foreign keys an
 * OceanBase destination refuses (on seekdb), the destination's binlog read
 * for real, and a test write into the source's cutover_meta, which fails
 * with the grant to give for an account that could not write once the
 * source is read-only. Through the CLI, on a running project: the latency
 * passes while the replay follows, and fails once Incr-Sync is paused.
 */

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchoverPrecheckConfig } from '../../src-shared/contract/units/switchover-precheck';
import type { PrecheckCheck } from '../../src-shared/model';
import { ForkLauncher } from '../../src-main/node/fork-launcher';
import { PACKAGE_ROOT } from '../../src-main/node/node-host';
import { runUnit } from '../../src-main/core/workers/run-unit';
import { cli, connectionTo, createCore, exec, freshHome, mariadbPair, removeDir, servers } from './helpers';
import { createIncrementalProject, waitForStage } from './incremental-helpers';

const { source, destination, seekdb } = servers();
const launcher = new ForkLauncher(join(PACKAGE_ROOT, 'src-worker', 'entry.ts'));
const TABLES = ['parent', 'child', 'counted'].map((t) => ({ source: { database: 'swp', table: t }, target: { database: 'swp', table: t } }));

async function precheck(over: Partial<SwitchoverPrecheckConfig> = {}): Promise<Map<string, PrecheckCheck>> {
  const { source: from, destination: to } = mariadbPair();
  const result = await runUnit(launcher, 'switchover-precheck', { source: from, destination: to, tables: TABLES, reverse: true, minRetentionHours: 24, ...over });
  return new Map(result.checks.map((c) => [c.id, c]));
}

describe('switchover precheck', () => {
  beforeAll(async () => {
    const schema = `CREATE DATABASE swp; USE swp;
      CREATE TABLE parent (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL, KEY ix_code (code));
      CREATE TABLE child (id INT PRIMARY KEY, parent_code VARCHAR(10), CONSTRAINT fk_code FOREIGN KEY (parent_code) REFERENCES parent (code));
      CREATE TABLE counted (id INT AUTO_INCREMENT PRIMARY KEY, v INT);`;
    await exec(source, `DROP DATABASE IF EXISTS swp; ${schema}
      INSERT INTO counted (v) SELECT seq FROM seq_1_to_100;
      CREATE TRIGGER swp.counted_ai AFTER INSERT ON swp.counted FOR EACH ROW SET @n = 1;
      CREATE EVENT swp.nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM swp.counted WHERE v < 0;
      CREATE USER IF NOT EXISTS 'swp_app'@'%' IDENTIFIED BY 'pw'; GRANT SUPER ON *.* TO 'swp_app'@'%';
      CREATE USER IF NOT EXISTS 'swp_plain'@'%' IDENTIFIED BY 'pw'; GRANT CREATE, INSERT, UPDATE, DELETE, SELECT ON cutover_meta.* TO 'swp_plain'@'%'; GRANT SELECT ON swp.* TO 'swp_plain'@'%';`);
    await exec(destination, `DROP DATABASE IF EXISTS swp; ${schema} SET GLOBAL binlog_expire_logs_seconds = 7200;`);
  });

  afterAll(async () => {
    await exec(source, "DROP DATABASE IF EXISTS swp; DROP USER IF EXISTS 'swp_app'@'%'; DROP USER IF EXISTS 'swp_plain'@'%';");
    await exec(destination, 'DROP DATABASE IF EXISTS swp; SET GLOBAL binlog_expire_logs_seconds = 0;');
  });

  it('reports what would make the switchover unsafe, and what it will do', async () => {
    const checks = await precheck();
    expect(checks.get('source.read_only_bypass')).toMatchObject({ state: 'warn' });
    expect(checks.get('source.read_only_bypass')!.detail).toContain("'swp_app'@'%'");
    expect(checks.get('source.read_only_bypass')!.detail).not.toContain("'root'@");
    expect(checks.get('source.binlog_retention')).toMatchObject({ state: 'success', detail: 'Binlogs are not purged by age.' });
    expect(checks.get('destination.binlog_retention')).toMatchObject({ state: 'warn', detail: expect.stringContaining('kept only 2.0 hours') });
    expect(checks.get('destination.binlog_retention')!.instruction).toContain('SET GLOBAL binlog_expire_logs_seconds = 86400;');
    const routines = checks.get('source.routines')!;
    expect(routines.state).toBe('warn');
    expect(routines.detail).toContain('swp.nightly');
    expect(routines.detail).toContain('swp.counted_ai on counted');
    expect(routines.instruction).toContain('ALTER EVENT `swp`.`nightly` DISABLE;');
    // The source's next value, as InnoDB reserved it (at least 101 after 100 rows).
    const plan = /^1 migrated table has an AUTO_INCREMENT column; 1 destination counter will be raised .*swp\.counted from 1 to (\d+)\)/.exec(checks.get('destination.auto_increment')!.detail);
    expect(Number(plan?.[1])).toBeGreaterThanOrEqual(101);
    // MariaDB accepts a foreign key to a non-unique index: the OceanBase rule is not checked against it.
    expect(checks.has('destination.foreign_key_parents')).toBe(false);
    expect(checks.get('destination.binlog_readable')).toMatchObject({ state: 'success' });
    expect(checks.get('destination.binlog_format')).toMatchObject({ state: 'success' });
    expect(checks.get('source.reverse_write')).toMatchObject({ state: 'success' });
  });

  it('without reverse, leaves triggers and the reverse path alone', async () => {
    const checks = await precheck({ reverse: false });
    expect(checks.get('source.routines')!.detail).not.toContain('counted_ai');
    expect(['destination.binlog_readable', 'destination.binlog_retention', 'source.reverse_write'].some((id) => checks.has(id))).toBe(false);
  });

  it('fails the reverse path for an account that could not write once the source is read-only, with the grant', async () => {
    const checks = await precheck({ source: { ...connectionTo(source), user: 'swp_plain', password: 'pw' } });
    const write = checks.get('source.reverse_write')!;
    expect(write.state).toBe('fail');
    expect(write.detail).toContain('cannot write once the source is read-only');
    expect(write.instruction).toContain("GRANT READ_ONLY ADMIN ON *.* TO 'swp_plain'@'%';");
    expect(checks.get('source.read_only_bypass')).toMatchObject({ state: 'warn', detail: expect.stringContaining('sees only its own privileges') });
  });

  it('names the foreign keys an OceanBase destination refuses', async () => {
    await exec(seekdb, 'DROP DATABASE IF EXISTS swp; CREATE DATABASE swp');
    try {
      const checks = await precheck({ destination: connectionTo(seekdb), reverse: false });
      const fks = checks.get('destination.foreign_key_parents')!;
      expect(fks.state).toBe('warn');
      expect(fks.detail).toContain('swp.child.fk_code → swp.parent (code)');
      expect(checks.get('destination.auto_increment')!.detail).toContain('per-server cache');
    } finally {
      await exec(seekdb, 'DROP DATABASE IF EXISTS swp');
    }
  });
});

describe('switchover precheck and status from the CLI', () => {
  it('passes while the replay follows, fails on the latency once Incr-Sync is paused, and lists the steps', async () => {
    await exec(source, 'DROP DATABASE IF EXISTS swc; CREATE DATABASE swc; USE swc; CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t SELECT seq, seq FROM seq_1_to_500;');
    await exec(destination, 'DROP DATABASE IF EXISTS swc');
    const home = freshHome('switchover-cli');
    const core = createCore(home);
    try {
      const id = await createIncrementalProject(core, 'swc', { from: source, to: destination }, { include: ['swc.*'] }, {}, ['schema', 'full', 'incremental', 'reverse']);
      void core.services.orchestrator.start(id);
      await waitForStage(core, id, 'incremental', 'monitoring');
      const ok = await cli(home, ['--json', 'switchover', 'precheck', id]);
      expect(ok.code, ok.stderr).toBe(0);
      const checks = (JSON.parse(ok.stdout) as { checks: { id: string; state: string; detail: string }[] }).checks;
      expect(checks[0]).toMatchObject({ id: 'switchover.latency', state: 'success' });
      expect(checks.find((c) => c.id === 'source.reverse_write')?.state).toBe('success');
      expect(checks.find((c) => c.id === 'destination.binlog_readable')?.state).toBe('success');

      await core.services.orchestrator.pauseComponent(id, 'incr-sync');
      const paused = await cli(home, ['switchover', 'precheck', id]);
      expect(paused.code).toBe(1);
      expect(paused.stdout).toContain('FAIL Synchronization latency: Incr-Sync is paused: its latency is not being measured and grows.');
      expect(paused.stderr).toContain('switchover precheck failed: 1 check(s) failed.');

      const status = await cli(home, ['--json', 'switchover', 'status', id]);
      const overview = JSON.parse(status.stdout) as { current: string; pastPointOfNoReturn: boolean; steps: { id: string; state: string }[] };
      expect(overview.current).toBe('start');
      expect(overview.pastPointOfNoReturn).toBe(false);
      expect(overview.steps.map((s) => s.id)).toEqual(['start', 'precheck', 'start-destination-store', 'confirm-writes-stopped', 'confirm-timestamp-synced', 'stop-forward-sync', 'process-objects', 'start-reverse']);
      expect(overview.steps.every((s) => s.state === 'pending')).toBe(true);
    } finally {
      await core.close();
      removeDir(home);
      await exec(source, 'DROP DATABASE IF EXISTS swc');
      await exec(destination, 'DROP DATABASE IF EXISTS swc');
    }
  });
});
