/**
 * The shapes of data the full-migration benchmark runs on, because tools
 * differ most between them:
 *
 * - `wide`: four tables of mixed shapes, 1M rows (dataset.ts);
 * - `many`: 2,000 tables of 500 rows with two secondary indexes each (per-table fixed costs);
 * - `big`: one table of 10M narrow rows (one long copy);
 * - `lob`: 200k rows with 4–64 KB TEXT and BLOB values (bytes, not rows);
 * - `keyless`: 1M rows in tables without any key (no key to walk).
 *
 * Each is generated on the source with MariaDB's sequence engine, with the
 * secondary indexes a loader adds after the data. `scale` (0..1] shrinks it
 * for a quick run.
 */

import type { MariaDbServer } from '../tests/harness/mariadb';
import { BENCH_DB, generate as generateWide, SCHEMA as WIDE_SCHEMA, TABLES as WIDE_TABLES } from './dataset';

export const SHAPES = ['wide', 'many', 'big', 'lob', 'keyless'] as const;
export type ShapeName = (typeof SHAPES)[number];

export interface Shape {
  name: ShapeName;
  /** What it is, for the report. */
  summary: string;
  /** Creates the bench database on the source and fills it; returns the tables and their rows. */
  generate(source: MariaDbServer, scale: number): Promise<{ tables: string[]; rows: number; schema: string; indexes: Record<string, string> }>;
}

const WIDE_INDEXES: Record<string, string> = {
  customers: 'ADD UNIQUE KEY uk_email (email), ADD KEY ix_country (country)',
  orders: 'ADD KEY ix_customer (customer_id), ADD KEY ix_placed (placed_at)',
  order_items: 'ADD KEY ix_sku (sku)',
  events: '',
};

const atLeast = (n: number, min: number) => Math.max(min, Math.round(n));

/** Runs statements in batches, so that thousands of tables do not make one huge request. */
async function execBatched(server: MariaDbServer, statements: string[], size = 200): Promise<void> {
  for (let i = 0; i < statements.length; i += size) await server.exec(statements.slice(i, i + size).join('\n'), BENCH_DB);
}

/** Inserts `rows` rows in steps of `step`, so that no statement holds a whole table in one transaction; `insert(from, n)` is the statement of one step. */
async function insertInSteps(server: MariaDbServer, rows: number, step: number, insert: (from: number, n: number) => string): Promise<void> {
  for (let from = 0; from < rows; from += step) await server.exec(insert(from, Math.min(step, rows - from)), BENCH_DB);
}

async function recreate(server: MariaDbServer): Promise<void> {
  await server.exec(`DROP DATABASE IF EXISTS ${BENCH_DB}; CREATE DATABASE ${BENCH_DB}`);
}

const wide: Shape = {
  name: 'wide',
  summary: '4 tables of mixed shapes (integer, composite and no key; unique and secondary indexes)',
  async generate(source, scale) {
    const counts = await generateWide(source, atLeast(1_000_000 * scale, 1000));
    return { tables: WIDE_TABLES, rows: Object.values(counts).reduce((a, b) => a + b, 0), schema: WIDE_SCHEMA, indexes: WIDE_INDEXES };
  },
};

const many: Shape = {
  name: 'many',
  summary: '2,000 tables of 500 rows, two secondary indexes each',
  async generate(source, scale) {
    const count = atLeast(2000 * scale, 10);
    await recreate(source);
    const tables = Array.from({ length: count }, (_, i) => `t${String(i + 1).padStart(4, '0')}`);
    const ddl = (t: string) =>
      `CREATE TABLE ${t} (id INT NOT NULL PRIMARY KEY, account INT NOT NULL, label VARCHAR(40) NOT NULL, at DATETIME NOT NULL, KEY ix_account (account), KEY ix_label (label)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`;
    await execBatched(
      source,
      tables.map((t) => `${ddl(t)} INSERT INTO ${t} SELECT seq, seq % 97, CONCAT('label-', seq % 50), '2023-01-01' + INTERVAL seq MINUTE FROM seq_1_to_500;`),
    );
    const indexes = Object.fromEntries(tables.map((t) => [t, 'ADD KEY ix_account (account), ADD KEY ix_label (label)']));
    return { tables, rows: count * 500, schema: tables.map(ddl).join('\n'), indexes };
  },
};

const big: Shape = {
  name: 'big',
  summary: 'one table of 10M narrow rows with one secondary index',
  async generate(source, scale) {
    const rows = atLeast(10_000_000 * scale, 1000);
    await recreate(source);
    const ddl = 'CREATE TABLE readings (id BIGINT NOT NULL PRIMARY KEY, sensor INT NOT NULL, value INT NOT NULL, at DATETIME NOT NULL, KEY ix_sensor (sensor)) ENGINE=InnoDB;';
    await source.exec(ddl, BENCH_DB);
    await insertInSteps(source, rows, 1_000_000, (from, n) => `INSERT INTO readings SELECT ${from} + seq, seq % 5000, (seq * 7919) % 100000, '2020-01-01' + INTERVAL seq SECOND FROM seq_1_to_${n}`);
    return { tables: ['readings'], rows, schema: ddl, indexes: { readings: 'ADD KEY ix_sensor (sensor)' } };
  },
};

const lob: Shape = {
  name: 'lob',
  summary: '200k rows with a 4–64 KB TEXT and a 4–64 KB BLOB each',
  async generate(source, scale) {
    const rows = atLeast(200_000 * scale, 100);
    await recreate(source);
    const ddl = 'CREATE TABLE documents (id INT NOT NULL PRIMARY KEY, title VARCHAR(100) NOT NULL, body MEDIUMTEXT NOT NULL, attachment MEDIUMBLOB NULL, KEY ix_title (title)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;';
    await source.exec(ddl, BENCH_DB);
    // Sizes spread over 4–64 KB by the row's number; the blob from hashes, so it does not compress to nothing.
    await insertInSteps(
      source,
      rows,
      10_000,
      (from, n) => `INSERT INTO documents SELECT ${from} + seq, CONCAT('document ', ${from} + seq),
           REPEAT(CONCAT('line ', seq, ' of a document body. '), (4096 + ((${from} + seq) * 7919) % 61440) DIV 30),
           IF(seq % 10 = 0, NULL, REPEAT(UNHEX(SHA2(seq, 256)), (4096 + ((${from} + seq) * 104729) % 61440) DIV 32))
         FROM seq_1_to_${n}`,
    );
    return { tables: ['documents'], rows, schema: ddl, indexes: { documents: 'ADD KEY ix_title (title)' } };
  },
};

const keyless: Shape = {
  name: 'keyless',
  summary: '1M rows in two tables without any key',
  async generate(source, scale) {
    const rows = atLeast(1_000_000 * scale, 1000);
    await recreate(source);
    const ddl = `CREATE TABLE audit_log (at DATETIME(6) NOT NULL, actor VARCHAR(40) NULL, action VARCHAR(20) NOT NULL, detail VARCHAR(200) NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE clicks (session CHAR(32) NOT NULL, url VARCHAR(255) NOT NULL, at DATETIME NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`;
    await source.exec(ddl, BENCH_DB);
    const half = Math.floor(rows / 2);
    await source.exec(
      `INSERT INTO audit_log SELECT '2024-01-01' + INTERVAL seq * 1000 MICROSECOND, IF(seq % 9 = 0, NULL, CONCAT('user', seq % 1000)), ELT(1 + seq % 4, 'login','update','delete','logout'), CONCAT('detail ', REPEAT('d', seq % 100)) FROM seq_1_to_${half};
       INSERT INTO audit_log SELECT '2024-01-01', 'dup', 'login', NULL FROM seq_1_to_10;
       INSERT INTO clicks SELECT MD5(seq % 20000), CONCAT('https://example.com/page/', seq % 3000), '2024-02-01' + INTERVAL seq SECOND FROM seq_1_to_${rows - half - 10};`,
      BENCH_DB,
    );
    return { tables: ['audit_log', 'clicks'], rows, schema: ddl, indexes: { audit_log: '', clicks: '' } };
  },
};

export const SHAPE_DEFS: Record<ShapeName, Shape> = { wide, many, big, lob, keyless };

export function isShape(name: string): name is ShapeName {
  return (SHAPES as readonly string[]).includes(name);
}
