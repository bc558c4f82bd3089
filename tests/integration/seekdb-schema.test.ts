/**
 * The DDL conversion on a real OceanBase engine: every golden case converted
 * for seekdb is run on the harness's seekdb and every statement must be
 * accepted; the conversion a real run makes (the live server's identity and
 * collations) must be the golden seekdb one; and the golden cases for an
 * OceanBase tenant are run too, where the only statements seekdb may refuse
 * are those its edition lacks (character sets, collations, spatial reference
 * systems), each named. And seekdb creates each column with the type it was
 * given: it rewrites none (beyond how it spells them), so the conversion
 * report's notes are the whole story of what changes on the way.
 */

import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFor } from '../../src-worker/dialect/profiles';
import { collationNames, serverIdentity } from '../../src-worker/mysql/inspector';
import type { DialectCase } from '../unit/dialect/fixtures/build';
import { CASES } from '../unit/dialect/fixtures';
import type { Destination } from '../unit/dialect/render-case';
import { convertCase, DESTINATIONS, renderCase, SEEKDB_IDENTITY } from '../unit/dialect/render-case';
import { rootConnection, servers } from './helpers';

const { seekdb } = servers();
const destination = (name: string): Destination => DESTINATIONS.find((d) => d.name === name)!;

/** What seekdb says when a tenant's feature is missing from it: the differences its edition profile records. */
const EDITION_REFUSALS = [/Unknown character set: '\w+'/, /Unknown collation: '\w+'/, /Spatial reference system is empty/];

interface Outcome {
  what: string;
  ddl: string;
  error: string | null;
}

/** The type of each column of each CREATE TABLE, as the statements give it. */
function sentTypes(outcomes: Outcome[]): Map<string, string> {
  const types = new Map<string, string>();
  for (const outcome of outcomes.filter((o) => o.what.startsWith('Table') && !o.error)) {
    const table = /^CREATE TABLE (`[^`]+`\.`[^`]+`)/.exec(outcome.ddl)![1];
    for (const line of outcome.ddl.split('\n')) {
      const column = /^ {2}`((?:[^`]|``)+)` ([a-z]+(?:\((?:[^()']|'(?:[^']|'')*')*\))?(?: unsigned)?(?: zerofill)?)/.exec(line);
      if (column) types.set(`${table}.${column[1]}`, column[2]);
    }
  }
  return types;
}

/** A column type in one spelling: no display width, literals unescaped (information_schema shows them so), the long collection name. */
function spelled(type: string): string {
  return type
    .replace(/^(tinyint|smallint|mediumint|int|bigint|year)\(\d+\)/, '$1')
    .replaceAll("''", "'")
    .replaceAll('\\\\', '\\')
    .replace(/^geomcollection$/, 'geometrycollection');
}

/** Runs a case's statements on a fresh set of its databases; every statement is tried, whatever came before. */
async function runCase(connection: Connection, dialectCase: DialectCase, to: Destination, inspect?: (outcomes: Outcome[]) => Promise<void>): Promise<Outcome[]> {
  const objects = convertCase(dialectCase, to.profile);
  const databases = [...new Set(objects.flatMap((o) => o.statements.flatMap((s) => s.databases)))];
  for (const database of databases) await connection.query(`DROP DATABASE IF EXISTS \`${database}\`; CREATE DATABASE \`${database}\``);
  for (const sql of dialectCase.destinationSetup ?? []) await connection.query(sql);
  const outcomes: Outcome[] = [];
  for (const statement of objects.flatMap((o) => o.statements)) {
    try {
      await connection.query(statement.ddl);
      outcomes.push({ what: statement.what, ddl: statement.ddl, error: null });
    } catch (error) {
      outcomes.push({ what: statement.what, ddl: statement.ddl, error: (error as Error).message });
    }
  }
  await inspect?.(outcomes);
  for (const database of [...databases, 'ref']) await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  return outcomes;
}

describe('DDL conversion on seekdb', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await rootConnection(seekdb);
    // Foreign keys are added at switchover, after every table exists; here a case's parent may be missing.
    await connection.query('SET foreign_key_checks = 0');
  });

  afterAll(async () => {
    await connection.end();
  });

  it('is the conversion a real run makes: the server reads as seekdb, and the live profile converts as the golden files say', async () => {
    const identity = await serverIdentity(connection);
    expect(identity).toMatchObject({ flavour: SEEKDB_IDENTITY.flavour, edition: SEEKDB_IDENTITY.edition, version: SEEKDB_IDENTITY.version });
    const live: Destination = { ...destination('seekdb'), profile: profileFor(identity, await collationNames(connection)) };
    for (const dialectCase of CASES) expect(renderCase(dialectCase, live), dialectCase.name).toBe(renderCase(dialectCase, destination('seekdb')));
  });

  for (const dialectCase of CASES) {
    it(`runs every statement of ${dialectCase.name} converted for seekdb, which creates each column with the type given`, async () => {
      const rewritten: string[] = [];
      const inspect = async (outcomes: Outcome[]) => {
        const sent = sentTypes(outcomes);
        const [rows] = await connection.query(
          "SELECT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`.', REPLACE(COLUMN_NAME, '`', '``')) AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS",
        );
        for (const { name, type } of rows as { name: string; type: string }[]) {
          const given = sent.get(name);
          if (given !== undefined && spelled(String(type).toLowerCase()) !== spelled(given.toLowerCase())) rewritten.push(`${name}: ${given} -> ${type}`);
        }
      };
      const refused = (await runCase(connection, dialectCase, destination('seekdb'), inspect)).filter((o) => o.error);
      expect(refused).toEqual([]);
      expect(rewritten).toEqual([]);
    });

    it(`runs ${dialectCase.name} converted for an OceanBase tenant, but for what seekdb lacks`, async () => {
      const refused = (await runCase(connection, dialectCase, destination('oceanbase-mysql'))).filter((o) => o.error);
      // A statement on a table whose creation was refused fails for that reason only.
      const created = refused.filter((o) => !/doesn't exist/.test(o.error!) || o.what.startsWith('Table') || o.what.startsWith('View'));
      for (const outcome of created) expect(EDITION_REFUSALS.some((re) => re.test(outcome.error!)), `${outcome.what}: ${outcome.ddl}\n=> ${outcome.error}`).toBe(true);
    });
  }
});
