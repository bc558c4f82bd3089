/**
 * The row filter language is a subset of what MariaDB runs: every filter the
 * parser accepts runs where Cutover places it (the full copy's and the
 * precheck's `WHERE (...)`, the replay's `SELECT (...) AS m FROM (...)`), and
 * is never a syntax error under the sql_modes that change how text is read.
 * Valid SQL outside the language runs on the server, and the parser refuses it.
 */

import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROW_FILTER_FUNCTIONS, checkRowFilter } from '../../src-shared/settings/row-filter';
import { plainFunction } from '../../src-shared/settings/row-filter-words';
import { ACCEPTED_FILTERS, FILTER_TABLE_COLUMNS, FILTER_TABLE_ROWS, REFUSED_VALID_SQL, mutate, pick, random, tokenSoup } from '../unit/settings/row-filter-corpus';
import { exec, rootConnection, servers } from './helpers';

const { source } = servers();
const DB = 'rf_filters';
const SYNTAX_ERROR = 1064;
/**
 * Errors saying the server read the filter otherwise than the parser did: a
 * syntax error, a function it does not know, or a call with a count of
 * arguments it does not take. Any other error (an unknown column, a bad date)
 * is about values, and the precheck reports it.
 */
const MISREAD = new Set([SYNTAX_ERROR, 1149, 1305, 1582, 1583, 1630]);
/** sql_modes that change how the server reads quotes and backslashes. */
const READING_MODES = ['DEFAULT', "'NO_BACKSLASH_ESCAPES'", "'ANSI_QUOTES'"];

/** Runs each filter in `sql(filter)`; returns "filter: error" for those the server refused. */
async function failures(connection: Connection, filters: readonly string[], sql: (filter: string) => string): Promise<string[]> {
  const failed: string[] = [];
  for (const filter of filters) {
    try {
      await connection.query(sql(filter));
    } catch (error) {
      failed.push(`${filter}: ${(error as Error).message}`);
    }
  }
  return failed;
}

const inWhere = (filter: string) => `SELECT COUNT(*) AS n FROM rf_t WHERE (${filter})`;
const inReplay = (filter: string) => `SELECT (${filter}) AS m FROM (SELECT * FROM rf_t) AS t`;

describe('row filters on MariaDB', () => {
  let connection: Connection;

  beforeAll(async () => {
    await exec(source, `DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB} CHARACTER SET utf8mb4`);
    connection = await rootConnection(source, DB);
    await connection.query(`CREATE TABLE rf_t (${FILTER_TABLE_COLUMNS}) DEFAULT CHARSET=utf8mb4; INSERT INTO rf_t VALUES ${FILTER_TABLE_ROWS}`);
  });

  afterAll(async () => {
    await connection.end();
    await exec(source, `DROP DATABASE IF EXISTS ${DB}`);
  });

  it('runs every accepted filter in the full copy and the replay', async () => {
    expect(ACCEPTED_FILTERS.filter((f) => checkRowFilter(f) !== null)).toEqual([]);
    expect(await failures(connection, ACCEPTED_FILTERS, inWhere)).toEqual([]);
    expect(await failures(connection, ACCEPTED_FILTERS, inReplay)).toEqual([]);
  });

  it('reads every accepted filter as the same tokens whatever the sql_mode', async () => {
    // Under these modes "..." may name a column and a backslash is an ordinary character:
    // a filter may then mean something else, or fail, but is never cut at another place.
    for (const mode of ['NO_BACKSLASH_ESCAPES', 'ANSI_QUOTES', 'PIPES_AS_CONCAT', 'ANSI', 'HIGH_NOT_PRECEDENCE,IGNORE_SPACE']) {
      await connection.query(`SET SESSION sql_mode = '${mode}'`);
      const misread: string[] = [];
      for (const filter of ACCEPTED_FILTERS) {
        try {
          await connection.query(inWhere(filter));
        } catch (error) {
          const errno = (error as { errno?: number }).errno;
          if (errno !== undefined && MISREAD.has(errno)) misread.push(`${mode}: ${filter}: ${(error as Error).message}`);
        }
      }
      expect(misread).toEqual([]);
    }
    await connection.query('SET SESSION sql_mode = DEFAULT');
  });

  it('knows every allowed function, with its fewest and its most arguments', async () => {
    const calls: string[] = [];
    for (const name of ROW_FILTER_FUNCTIONS) {
      const arity = plainFunction(name);
      if (!arity) continue;
      const counts = new Set([arity[0], Number.isFinite(arity[1]) ? arity[1] : arity[0] + 2]);
      for (const count of counts) calls.push(`${name}(${Array.from({ length: count }, () => "'1'").join(', ')}) IS NULL`);
    }
    expect(calls.filter((f) => checkRowFilter(f) !== null)).toEqual([]);
    expect(await failures(connection, calls, inWhere)).toEqual([]);
  });

  it('accepts nothing the server reads otherwise, over 20,000 generated filters', async () => {
    const next = random(1);
    const accepted: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const filter = i % 2 ? tokenSoup(next) : mutate(next, pick(next, ACCEPTED_FILTERS));
      if (checkRowFilter(filter) === null) accepted.push(filter);
    }
    expect(accepted.length).toBeGreaterThan(1000);
    const misread: string[] = [];
    for (const mode of READING_MODES) {
      await connection.query(`SET SESSION sql_mode = ${mode}`);
      for (const filter of accepted) {
        try {
          await connection.query(inWhere(filter));
        } catch (error) {
          const errno = (error as { errno?: number }).errno;
          if (errno !== undefined && MISREAD.has(errno)) misread.push(`${mode}: ${filter}: ${(error as Error).message}`);
        }
      }
    }
    await connection.query('SET SESSION sql_mode = DEFAULT');
    expect(misread).toEqual([]);
  });

  it('runs valid SQL that the parser refuses', async () => {
    expect(await failures(connection, REFUSED_VALID_SQL, inWhere)).toEqual([]);
    expect(REFUSED_VALID_SQL.filter((f) => checkRowFilter(f) === null)).toEqual([]);
  });
});
