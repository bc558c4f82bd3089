/**
 * Switchover precheck (F-34 step 2): what must hold on both servers before
 * writes are stopped, beyond the seed's items: accounts that could write
 * through a read-only source, binlog retention, events and triggers that
 * write to migrated tables, foreign keys an OceanBase destination refuses,
 * the AUTO_INCREMENT plan, and, with reverse incremental, the destination's
 * binlog opened for real and a test write into the source's `cutover_meta`.
 * Every check streams as soon as it is known; nothing is changed but the
 * test row, which is removed.
 */

import type { Connection } from 'mysql2/promise';
import type { SwitchoverPrecheckConfig } from '../../../src-shared/contract/units/switchover-precheck';
import type { PrecheckCheck, QualifiedName } from '../../../src-shared/model';
import { META_DATABASE } from '../../../src-shared/model/incremental';
import { formatName } from '../../../src-shared/settings/object-names';
import { tableKey } from '../../mysql/columns';
import { hasPrivilege } from '../../mysql/grants';
import { describeSqlError } from '../../mysql/transient';
import { variables } from '../../mysql/inspector';
import { quoteIdentifier } from '../../mysql/quote';
import type { Unit } from '../../runtime/unit';
import type { OpenEndpoint, Report, Side } from './endpoint-checks';
import { binlogChecks, check, databasesOf, openEndpoint } from './endpoint-checks';
import { triggersOn } from './object-checks';

/** Privileges that let an account write while the server is read-only, per flavour family. */
const BYPASS_PRIVILEGES = ['SUPER', 'READ_ONLY ADMIN'];
/** Names listed in a check's detail before "and N more". */
const LISTED = 10;

function listed(items: string[]): string {
  return items.slice(0, LISTED).join(', ') + (items.length > LISTED ? `, and ${items.length - LISTED} more` : '');
}

async function query<T>(connection: Connection, sql: string, values: unknown[] = []): Promise<T[]> {
  const [rows] = await connection.query(sql, values);
  return rows as T[];
}

/**
 * Accounts other than Cutover's that hold a privilege that writes through
 * read_only: they must be locked (the accounts fence) or their applications
 * stopped, or their writes breach the fence.
 */
export async function readOnlyBypassCheck(source: OpenEndpoint, report: Report): Promise<void> {
  if (source.identity.flavour === 'oceanbase-mysql') return;
  const rows = await query<{ grantee: string; privilege: string }>(
    source.connection,
    `SELECT GRANTEE AS grantee, PRIVILEGE_TYPE AS privilege FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE IN (${BYPASS_PRIVILEGES.map(() => '?').join(', ')})`,
    BYPASS_PRIVILEGES,
  );
  const own = (grantee: string) => grantee.startsWith(`'${source.user}'@`);
  const others = [...new Set(rows.map((r) => String(r.grantee)).filter((g) => !own(g) && !g.startsWith("'mariadb.sys'@")))].sort();
  const seesAll = rows.some((r) => !own(String(r.grantee))) || (await query(source.connection, 'SELECT 1 FROM mysql.user LIMIT 1').then(() => true, () => false));
  const id = 'source.read_only_bypass';
  const title = 'Accounts that can write through read-only';
  if (others.length) {
    report(
      check(
        id,
        title,
        'warn',
        `These accounts hold SUPER or READ_ONLY ADMIN and can still write once the source is read-only: ${listed(others)}.`,
        'Choose the accounts fence and list the applications\' accounts, or make sure nothing connects with these accounts during the switchover: their writes stop the switchover as a breach.',
      ),
    );
  } else if (!seesAll) {
    report(check(id, title, 'warn', `${source.user} sees only its own privileges, so accounts that can write through read-only cannot be listed.`, `Grant SELECT on mysql.* to ${source.user} to have them listed.`));
  } else {
    report(check(id, title, 'success', 'No other account can write once the source is read-only.'));
  }
}

/** Binlogs must outlive the switchover: the replay (and, with reverse, the reverse capture) reads them. */
export async function retentionCheck(side: Side, endpoint: OpenEndpoint, minHours: number, report: Report): Promise<void> {
  const vars = await variables(endpoint.connection, ['binlog_expire_logs_seconds', 'expire_logs_days']);
  const seconds = Number(vars.binlog_expire_logs_seconds ?? 0) || Math.round(Number(vars.expire_logs_days ?? 0) * 86_400);
  const id = `${side}.binlog_retention`;
  const title = `${side === 'source' ? 'Source' : 'Destination'} binlog retention`;
  if (seconds === 0) {
    report(check(id, title, 'success', 'Binlogs are not purged by age.'));
    return;
  }
  const hours = seconds / 3600;
  report(
    hours >= minHours
      ? check(id, title, 'success', `Binlogs are kept ${hours.toFixed(hours < 10 ? 1 : 0)} hours.`)
      : check(
          id,
          title,
          'warn',
          `Binlogs are kept only ${hours.toFixed(1)} hours; a switchover that waits longer (or a rollback later) may find what it needs purged.`,
          `Keep them at least ${minHours} hours during the switchover: SET GLOBAL binlog_expire_logs_seconds = ${minHours * 3600};`,
        ),
  );
}

/**
 * Enabled events in the migrated databases may write after the fence (a
 * breach); source triggers on migrated tables would, with reverse, apply
 * again what the reverse replay writes.
 */
export async function sourceRoutinesCheck(source: Connection, tables: QualifiedName[], reverse: boolean, report: Report): Promise<void> {
  const databases = databasesOf(tables);
  if (databases.length === 0) return;
  const marks = databases.map(() => '?').join(', ');
  const events = await query<{ db: string; name: string }>(
    source,
    `SELECT EVENT_SCHEMA AS db, EVENT_NAME AS name FROM information_schema.EVENTS WHERE STATUS = 'ENABLED' AND EVENT_SCHEMA IN (${marks}) ORDER BY 1, 2`,
    databases,
  );
  const triggerNames = reverse ? (await triggersOn(source, tables)).map((t) => `${t.db}.${t.name} on ${t.tbl}`) : [];
  const eventNames = events.map((e) => `${String(e.db)}.${String(e.name)}`);
  const problems = [
    eventNames.length ? `enabled events that may write after the fence: ${listed(eventNames)}` : null,
    reverse && triggerNames.length ? `triggers on migrated tables, which would run again on what the reverse replay writes: ${listed(triggerNames)}` : null,
  ].filter((p): p is string => p !== null);
  report(
    problems.length
      ? check(
          'source.routines',
          'Source events and triggers',
          'warn',
          `The source has ${problems.join('; and ')}.`,
          [
            eventNames.length ? `Disable the events: ${events.slice(0, 3).map((e) => `ALTER EVENT ${quoteIdentifier(String(e.db))}.${quoteIdentifier(String(e.name))} DISABLE;`).join(' ')}` : null,
            reverse && triggerNames.length ? 'Triggers are listed at Process database objects, to be disabled before reverse incremental starts.' : null,
          ]
            .filter(Boolean)
            .join(' '),
        )
      : check('source.routines', 'Source events and triggers', 'success', reverse ? 'No enabled event in the migrated databases and no trigger on a migrated table.' : 'No enabled event in the migrated databases.'),
  );
}

/** OceanBase refuses a foreign key whose parent columns are not exactly a primary or unique key; MariaDB and MySQL accept any index. */
export async function foreignKeyParentsCheck(source: Connection, tables: QualifiedName[], destinationIsOceanBase: boolean, report: Report): Promise<void> {
  if (!destinationIsOceanBase || tables.length === 0) return;
  const databases = databasesOf(tables);
  const marks = databases.map(() => '?').join(', ');
  const references = await query<{ db: string; tbl: string; name: string; parentDb: string; parent: string; column: string }>(
    source,
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, REFERENCED_TABLE_SCHEMA AS parentDb, REFERENCED_TABLE_NAME AS parent, REFERENCED_COLUMN_NAME AS \`column\`
     FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL AND TABLE_SCHEMA IN (${marks})`,
    databases,
  );
  const uniques = await query<{ db: string; tbl: string; idx: string; column: string }>(
    source,
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, INDEX_NAME AS idx, COLUMN_NAME AS \`column\` FROM information_schema.STATISTICS WHERE NON_UNIQUE = 0 AND TABLE_SCHEMA IN (${marks})`,
    databases,
  );
  const selected = new Set(tables.map(tableKey));
  const keysOf = new Map<string, Map<string, Set<string>>>();
  for (const u of uniques) {
    const table = `${String(u.db)}\u0000${String(u.tbl)}`;
    const byIndex = keysOf.get(table) ?? new Map<string, Set<string>>();
    byIndex.set(String(u.idx), (byIndex.get(String(u.idx)) ?? new Set()).add(String(u.column)));
    keysOf.set(table, byIndex);
  }
  const constraints = new Map<string, { child: string; parent: string; columns: Set<string> }>();
  for (const r of references) {
    if (!selected.has(`${String(r.db)}\u0000${String(r.tbl)}`)) continue;
    const id = `${String(r.db)}.${String(r.tbl)}.${String(r.name)}`;
    const entry = constraints.get(id) ?? { child: `${String(r.db)}.${String(r.tbl)}`, parent: `${String(r.parentDb)}\u0000${String(r.parent)}`, columns: new Set<string>() };
    entry.columns.add(String(r.column));
    constraints.set(id, entry);
  }
  const refused = [...constraints.entries()]
    .filter(([, c]) => ![...(keysOf.get(c.parent)?.values() ?? [])].some((key) => key.size === c.columns.size && [...c.columns].every((col) => key.has(col))))
    .map(([id, c]) => `${id} → ${c.parent.replace('\u0000', '.')} (${[...c.columns].join(', ')})`);
  report(
    refused.length
      ? check(
          'destination.foreign_key_parents',
          'Foreign keys OceanBase accepts',
          'warn',
          `OceanBase refuses a foreign key whose parent columns are not a primary or unique key; these will fail at Process database objects: ${listed(refused)}.`,
          'Add a unique key on the parent columns (on the source, or on the destination before the switchover), or skip those constraints at Process database objects.',
        )
      : check('destination.foreign_key_parents', 'Foreign keys OceanBase accepts', 'success', 'Every foreign key of the migrated tables references a primary or unique key.'),
  );
}

/** The AUTO_INCREMENT plan: each destination counter is set at or above the source's next value at Process database objects. */
export async function autoIncrementCheck(source: Connection, destination: Connection, tables: SwitchoverPrecheckConfig['tables'], destinationIsOceanBase: boolean, report: Report): Promise<void> {
  const next = async (connection: Connection, names: QualifiedName[]) => {
    const out = new Map<string, number>();
    for (const database of databasesOf(names)) {
      const rows = await query<{ tbl: string; next: number | string | null }>(
        connection,
        'SELECT TABLE_NAME AS tbl, AUTO_INCREMENT AS next FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND AUTO_INCREMENT IS NOT NULL',
        [database],
      );
      for (const r of rows) out.set(`${database}\u0000${String(r.tbl)}`, Number(r.next));
    }
    return out;
  };
  const [sourceNext, destinationNext] = await Promise.all([next(source, tables.map((t) => t.source)), next(destination, tables.map((t) => t.target))]);
  const counted = tables.filter((t) => sourceNext.has(tableKey(t.source)));
  if (counted.length === 0) {
    report(check('destination.auto_increment', 'AUTO_INCREMENT plan', 'success', 'No migrated table has an AUTO_INCREMENT column.'));
    return;
  }
  const behind = counted.filter((t) => (destinationNext.get(tableKey(t.target)) ?? 0) < sourceNext.get(tableKey(t.source))!);
  const examples = behind.slice(0, 3).map((t) => `${formatName(t.target)} from ${destinationNext.get(tableKey(t.target)) ?? '?'} to ${sourceNext.get(tableKey(t.source))}`);
  const cache = destinationIsOceanBase ? ' OceanBase hands out AUTO_INCREMENT values from a per-server cache: new ids on the destination will be higher than the last one, but need not follow on from it.' : '';
  report(
    check(
      'destination.auto_increment',
      'AUTO_INCREMENT plan',
      'success',
      `${counted.length === 1 ? '1 migrated table has' : `${counted.length} migrated tables have`} an AUTO_INCREMENT column; ${behind.length === 1 ? '1 destination counter' : `${behind.length} destination counters`} will be raised to the source's next value at Process database objects${examples.length ? ` (${examples.join('; ')})` : ''}.${cache}`,
    ),
  );
}

/** Reverse incremental reads the destination's binlog: opened here for real, not only its settings read. */
export async function destinationBinlogReadableCheck(destination: OpenEndpoint, report: Report): Promise<void> {
  const id = 'destination.binlog_readable';
  const title = 'Destination binlog readable';
  try {
    const logs = await query<{ Log_name: string }>(destination.connection, 'SHOW BINARY LOGS');
    const last = logs.at(-1)?.Log_name;
    if (!last) throw new Error('the server lists no binary log');
    await query(destination.connection, `SHOW BINLOG EVENTS IN ${destination.connection.escape(last)} LIMIT 1`);
    report(check(id, title, 'success', `Read the first event of ${last}.`));
  } catch (error) {
    report(
      check(id, title, 'fail', `The destination's binlog cannot be read by ${destination.user}: ${describeSqlError(error)}.`, `Grant it: GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '${destination.user}'@'%';`),
    );
  }
}

/** Reverse incremental writes to the source, also while it is read-only: a test row through the same account, removed again. */
export async function sourceReverseWriteCheck(source: OpenEndpoint, report: Report): Promise<void> {
  const id = 'source.reverse_write';
  const title = 'Source writable by reverse incremental';
  const table = `${quoteIdentifier(META_DATABASE)}.${quoteIdentifier('switchover_probe')}`;
  try {
    await source.connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(META_DATABASE)}`);
    await source.connection.query(`CREATE TABLE IF NOT EXISTS ${table} (id VARCHAR(64) NOT NULL PRIMARY KEY, at DATETIME(3) NOT NULL)`);
    const probe = `precheck-${process.pid}-${Date.now()}`;
    await source.connection.query(`INSERT INTO ${table} (id, at) VALUES (?, NOW(3))`, [probe]);
    await source.connection.query(`DELETE FROM ${table} WHERE id = ?`, [probe]);
  } catch (error) {
    report(check(id, title, 'fail', `${source.user} cannot write to ${META_DATABASE} on the source: ${describeSqlError(error)}.`, `GRANT CREATE, INSERT, UPDATE, DELETE ON ${quoteIdentifier(META_DATABASE)}.* TO '${source.user}'@'%';`));
    return;
  }
  // The source stays read-only after the point of no return: only an account that writes through it can replay back.
  const bypass = BYPASS_PRIVILEGES.some((privilege) => hasPrivilege(source.grants, privilege));
  report(
    bypass || source.identity.flavour === 'oceanbase-mysql'
      ? check(id, title, 'success', `${source.user} wrote a test row to ${META_DATABASE} and can write while the source is read-only.`)
      : check(
          id,
          title,
          source.usesRoles ? 'warn' : 'fail',
          `${source.user} wrote a test row, but cannot write once the source is read-only (it holds neither SUPER nor READ_ONLY ADMIN), and the source stays read-only while reverse incremental runs.`,
          `GRANT READ_ONLY ADMIN ON *.* TO '${source.user}'@'%'; (MySQL: GRANT SUPER, or use the accounts fence instead of read-only.)`,
        ),
  );
}

export const switchoverPrecheckUnit: Unit<'switchover-precheck'> = {
  async run(config, context) {
    const checks: PrecheckCheck[] = [];
    const report: Report = (item) => {
      checks.push(item);
      context.emit({ check: item });
    };
    const source = await openEndpoint('source', config.source, 'the source', report);
    const destination = await openEndpoint('destination', config.destination, 'the destination', report);
    try {
      if (!source || !destination) return { checks };
      const sources = config.tables.map((t) => t.source);
      const toOceanBase = destination.identity.flavour === 'oceanbase-mysql';
      await readOnlyBypassCheck(source, report);
      await retentionCheck('source', source, config.minRetentionHours, report);
      await sourceRoutinesCheck(source.connection, sources, config.reverse, report);
      await foreignKeyParentsCheck(source.connection, sources, toOceanBase, report);
      await autoIncrementCheck(source.connection, destination.connection, config.tables, toOceanBase, report);
      if (config.reverse) {
        await binlogChecks('destination', destination, report, 'fail');
        await destinationBinlogReadableCheck(destination, report);
        await retentionCheck('destination', destination, config.minRetentionHours, report);
        await sourceReverseWriteCheck(source, report);
      }
      return { checks };
    } finally {
      await Promise.all([source, destination].map((e) => e?.connection.end().catch(() => undefined)));
    }
  },
};
