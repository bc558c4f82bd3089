/**
 * `npm run bench -- indexes`: when to build a table's secondary indexes. For
 * tables of several sizes (and, for the small ones, many tables, as in the
 * `many` shape), the destination loads the same rows into a table that has
 * its two secondary indexes from the start, and into one that gets them in
 * one ALTER TABLE after its data, as Full-Import does. Median of three. The
 * crossing point is where Cutover's schema stage switches from creating the
 * indexes with the table to building them after the data
 * (INLINE_INDEX_ROWS in src-main/core/orchestrator/stages/schema-stage.ts).
 * A second table prices the exception: a project whose replay follows the
 * copy creates unique secondary indexes with the table at every size, so
 * large tables are also loaded with one unique index from the start.
 */

import type { MariaDbServer } from '../tests/harness/mariadb';
import { markdownTable } from './report';

const DB = 'bench_indexes';
const SIZES: { rows: number; tables: number }[] = [
  { rows: 500, tables: 200 },
  { rows: 5_000, tables: 40 },
  { rows: 50_000, tables: 4 },
  { rows: 200_000, tables: 1 },
  { rows: 1_000_000, tables: 1 },
];
const RUNS = 3;

const COLUMNS = 'id INT NOT NULL PRIMARY KEY, account INT NOT NULL, label VARCHAR(40) NOT NULL, at DATETIME NOT NULL';

/** The indexes a variant gives each table: as lines of its CREATE TABLE, or as one ALTER TABLE after the data. */
interface Variant {
  title: string;
  sizes: { rows: number; tables: number }[];
  lines: string;
  adds: string;
}

const VARIANTS: Variant[] = [
  { title: 'two secondary indexes per table', sizes: SIZES, lines: 'KEY ix_account (account), KEY ix_label (label)', adds: 'ADD KEY ix_account (account), ADD KEY ix_label (label)' },
  {
    title: 'one unique secondary index per table (values in random order)',
    sizes: SIZES.filter((s) => s.rows >= 200_000),
    lines: 'UNIQUE KEY ux_label (label, id)',
    adds: 'ADD UNIQUE KEY ux_label (label, id)',
  },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Loads `tables` tables of `rows` rows from the prepared source table; `inline`: indexes from the start, else one ALTER after the data. */
async function load(server: MariaDbServer, variant: Variant, rows: number, tables: number, inline: boolean): Promise<number> {
  await server.exec(`DROP DATABASE IF EXISTS ${DB}_t; CREATE DATABASE ${DB}_t`);
  const connection = await server.connect(`${DB}_t`);
  try {
    return await timed(async () => {
      for (let i = 0; i < tables; i++) {
        await connection.query(`CREATE TABLE t${i} (${COLUMNS}${inline ? `, ${variant.lines}` : ''}) ENGINE=InnoDB`);
        await connection.query(`INSERT INTO t${i} SELECT * FROM ${DB}.rows_src WHERE id <= ${rows}`);
        if (!inline) await connection.query(`ALTER TABLE t${i} ${variant.adds}`);
      }
    });
  } finally {
    await connection.end();
  }
}

export async function benchIndexes(server: MariaDbServer): Promise<{ markdown: string; data: unknown }> {
  const most = Math.max(...SIZES.map((s) => s.rows));
  await server.exec(
    `DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
     CREATE TABLE rows_src (${COLUMNS}) ENGINE=InnoDB;
     INSERT INTO rows_src SELECT seq, (seq * 7919) % 100000, CONCAT('label-', (seq * 104729) % 50000), '2023-01-01' + INTERVAL seq SECOND FROM seq_1_to_${most};`,
  );
  const sections: string[] = [];
  const data: { variant: string; rows: number; tables: number; inlineMs: number; afterMs: number }[] = [];
  for (const variant of VARIANTS) {
    console.log(`${variant.title}:`);
    const rows: string[][] = [];
    for (const size of variant.sizes) {
      const inline: number[] = [];
      const after: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        inline.push(await load(server, variant, size.rows, size.tables, true));
        after.push(await load(server, variant, size.rows, size.tables, false));
      }
      const [inlineMs, afterMs] = [median(inline), median(after)];
      data.push({ variant: variant.title, ...size, inlineMs, afterMs });
      console.log(`  ${size.tables} × ${size.rows.toLocaleString('en-US')} rows: inline ${inlineMs.toFixed(0)} ms, after ${afterMs.toFixed(0)} ms`);
      rows.push([`${size.tables} × ${size.rows.toLocaleString('en-US')}`, (inlineMs / 1000).toFixed(2), (afterMs / 1000).toFixed(2), (inlineMs / afterMs).toFixed(2)]);
    }
    sections.push(`### ${variant.title}\n\n${markdownTable(['tables × rows', 'indexes with the table s', 'built after the data s', 'with ÷ after'], rows)}`);
  }
  await server.exec(`DROP DATABASE IF EXISTS ${DB}; DROP DATABASE IF EXISTS ${DB}_t`);
  const markdown = `## Secondary indexes: with the table, or built after its data\n\nOne server, median of ${RUNS}.\n\n${sections.join('\n\n')}`;
  return { markdown, data };
}
