/**
 * The multi-database project of the whole-project tests, the same on every
 * destination: its source (source.sql), its object settings (renames, a merge,
 * a row filter and a column subset), and what a schema + full run must leave
 * on the destination, compared value by value.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { call } from '../../../../src-main/core/api/dispatch';
import type { CoreApp } from '../../../../src-main/core/app';
import type { ObjectSelection } from '../../../../src-shared/model';
import type { ServerEndpoint } from '../../../harness/mariadb';
import { compareTable, isIdentical } from '../../compare';
import { rootConnection } from '../../helpers';

export const MULTI_DB_SOURCE_SQL = readFileSync(join(import.meta.dirname, 'source.sql'), 'utf8');
export const MULTI_DB_SOURCE_DBS = ['rp_shop', 'rp_crm', 'rp_logs'];
export const MULTI_DB_TARGET_DBS = ['rp_shop', 'ob_crm', 'rp_logs'];

export const MULTI_DB_OBJECTS: ObjectSelection = {
  include: ['rp_shop.*', 'rp_logs.log_*=rp_logs.logs'],
  exclude: [],
  tables: [{ source: 'rp_crm.contacts', target: 'ob_crm.people', where: 'deleted = 0', columns: ['id', 'name', 'deleted', 'notes'] }],
};

export async function rowsOn<T>(server: ServerEndpoint, sql: string): Promise<T[]> {
  const connection = await rootConnection(server);
  try {
    const [rows] = await connection.query(sql);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

/**
 * After a schema + full run of MULTI_DB_OBJECTS: every table identical by value (the filtered subset too), the
 * merged table whole, the views reading the copied data, secondary indexes built after the data, the FOREIGN KEY
 * and CHECK held back for the switchover, and the keyless table given the hidden key.
 */
export async function expectMultiDbMigrated(core: CoreApp, projectId: string, source: ServerEndpoint, destination: ServerEndpoint): Promise<void> {
  for (const table of ['customers', 'orders', 'events']) {
    const diff = await compareTable(source, { database: 'rp_shop', table }, destination, { database: 'rp_shop', table });
    expect(isIdentical(diff), `${table}: ${JSON.stringify(diff).slice(0, 400)}`).toBe(true);
  }
  const people = await compareTable(source, { database: 'rp_crm', table: 'contacts' }, destination, { database: 'ob_crm', table: 'people' }, { where: 'deleted = 0', columns: ['id', 'name', 'deleted', 'notes'] });
  expect(people).toMatchObject({ sourceRows: 6000, destinationRows: 6000, missing: [], extra: [], different: [] });
  const columns = await rowsOn<{ c: string }>(destination, "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'ob_crm' AND TABLE_NAME = 'people' ORDER BY ORDINAL_POSITION");
  expect(columns.map((c) => c.c)).toEqual(['id', 'name', 'deleted', 'notes']);
  const [logs] = await rowsOn<{ n: number; lo: number; hi: number }>(destination, 'SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM rp_logs.logs');
  expect(logs).toEqual({ n: 2000, lo: 1, hi: 2000 });

  // Views work on the destination and read the copied data.
  const [paid] = await rowsOn<{ n: number }>(destination, 'SELECT COUNT(*) AS n FROM rp_shop.big_paid');
  expect(Number(paid.n)).toBeGreaterThan(0);
  // Secondary indexes were built after the data; FOREIGN KEY and CHECK wait for the switchover.
  const indexes = await call(core.dispatch, 'full/indexes', { id: projectId });
  expect(indexes.map((i) => `${i.table.table}.${i.name}:${i.status}`).sort()).toEqual(['customers.ix_country:created', 'customers.uk_email:created', 'orders.ix_customer:created']);
  const constraints = await rowsOn<{ n: number }>(destination, "SELECT COUNT(*) AS n FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'rp_shop' AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK')");
  expect(Number(constraints[0].n)).toBe(0);
  const deferred = core.services.schema.deferred(projectId);
  expect(deferred.map((d) => `${d.kind}:${d.name}`).sort()).toEqual(['check:chk_total', 'foreign_key:fk_customer', 'hidden_key:__cutover_row_id']);
  // The keyless table got the hidden key.
  const hidden = await rowsOn<{ c: string }>(destination, "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'rp_shop' AND TABLE_NAME = 'events' AND COLUMN_NAME = '__cutover_row_id'");
  expect(hidden).toHaveLength(1);
  const objects = await call(core.dispatch, 'schema/objects', { id: projectId });
  expect(objects.filter((o) => o.status !== 'created')).toEqual([]);
  expect(objects.filter((o) => o.kind === 'view').map((o) => o.target.table)).toEqual(['paid', 'big_paid']);
}
