/**
 * `npm run bench -- <suite> [options]`: benchmarks on throw-away servers (a
 * MariaDB source; a MariaDB or seekdb destination). Not a test: it prints and
 * saves numbers (bench/results/), it does not judge them. The npm script
 * builds first: with a build older than the sources, `cutover` and the
 * workers would run the TypeScript sources through tsx, and be timed so.
 *
 *   full [--shape S] [--rows N | --scale X] [--destination mariadb|seekdb] [--repeat N]
 *                                                     the full copy of one shape of data against peers
 *                                                     (--repeat: each tool N times in rounds, medians)
 *   all [--quick]                                     the full copy of every shape, one after the other,
 *                                                     and a summary of the ratios (--quick: small enough
 *                                                     for about three minutes, to check a change)
 *   incr [--minutes M] [--pause-seconds S] [--quick]  incremental sync under load
 *   verify [--rows N]                                 full verification against peers
 *   indexes                                           secondary indexes with the table or after its data, by table size
 */

import { parseArgs } from 'node:util';
import type { MariaDbServer } from '../tests/harness/mariadb';
import { startMariaDb } from '../tests/harness/mariadb';
import { startSeekdb } from '../tests/harness/seekdb';
import type { BenchDestination } from './full';
import type { FullRun } from './full';
import { benchFull } from './full';
import type { ShapeName } from './shapes';
import { isShape, SHAPE_DEFS, SHAPES } from './shapes';
import { benchIncr } from './incr';
import { benchIndexes } from './indexes';
import { benchVerify } from './verify';
import { fullMarkdown, save, saveReport, summaryMarkdown } from './report';

const SUITES = ['full', 'all', 'incr', 'verify', 'indexes'] as const;

/** Each shape's size in a quick `all` run, as a share of its full size. */
const QUICK_SCALE: Record<ShapeName, number> = { wide: 0.1, many: 0.05, big: 0.02, lob: 0.01, keyless: 0.1 };

function positive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${name} must be a positive number.`);
  return number;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      minutes: { type: 'string' },
      'pause-seconds': { type: 'string' },
      quick: { type: 'boolean', default: false },
      destination: { type: 'string', default: 'mariadb' },
      shape: { type: 'string', default: 'wide' },
      scale: { type: 'string' },
      repeat: { type: 'string', default: '1' },
    },
    allowPositionals: true,
  });
  const suite = positionals[0] ?? 'full';
  if (!(SUITES as readonly string[]).includes(suite)) throw new Error(`Unknown suite "${suite}"; choose one of ${SUITES.join(', ')}.`);
  const rows = Number(values.rows);
  const shape = values.shape;
  if (!isShape(shape)) throw new Error(`Unknown shape "${shape}"; choose one of ${SHAPES.join(', ')}.`);
  // --rows sizes the wide shape (1M rows is scale 1); --scale sizes any shape.
  const scale = values.scale === undefined ? (shape === 'wide' ? rows / 1_000_000 : 1) : positive(values.scale, '--scale');
  if (suite !== 'incr' && (!Number.isInteger(rows) || rows < 1000)) throw new Error('--rows must be a whole number of at least 1000.');
  // A quick run is a smoke test of the suite: 15 s phases and a 10 s pause unless told otherwise.
  const minutes = positive(values.minutes ?? (values.quick ? '0.25' : '2'), '--minutes');
  const pauseSeconds = positive(values['pause-seconds'] ?? (values.quick ? '10' : '60'), '--pause-seconds');
  const repeat = positive(values.repeat, '--repeat');
  if (!Number.isInteger(repeat) || repeat > 9) throw new Error('--repeat must be a whole number from 1 to 9.');
  const kind = values.destination;
  if (kind !== 'mariadb' && kind !== 'seekdb') throw new Error('--destination must be mariadb or seekdb.');
  if (kind === 'seekdb' && suite !== 'full') throw new Error('--destination seekdb is for the full suite (seekdb has no binlog, so the incremental suite runs between MariaDB servers, and pt-table-checksum needs a replica).');
  const servers: (MariaDbServer | BenchDestination)[] = [];
  try {
    // A larger buffer pool than the tests use: the data set should fit, as on a real server.
    const extraArgs = ['--innodb-buffer-pool-size=1G', '--innodb-log-file-size=512M'];
    const started = await Promise.all([
      startMariaDb({ name: 'bench-source', serverId: 1, extraArgs }),
      kind === 'seekdb' ? startSeekdb({ name: 'bench-destination', memoryBudget: '4G' }) : startMariaDb({ name: 'bench-destination', serverId: 2, extraArgs }),
    ]);
    servers.push(...started);
    const [source, destination] = started;
    if (suite === 'incr') {
      const { markdown: table, data } = await benchIncr(source, destination as MariaDbServer, { minutes, pauseSeconds, quick: values.quick });
      console.log('\n' + table);
      console.log(`Saved ${saveReport(suite, table, data)}`);
      return;
    }
    if (suite === 'indexes') {
      const { markdown: table, data } = await benchIndexes(destination as MariaDbServer);
      console.log('\n' + table);
      console.log(`Saved ${saveReport(suite, table, data)}`);
      return;
    }
    if (suite === 'verify') {
      const { markdown: table, data } = await benchVerify(source, destination as MariaDbServer, rows);
      console.log('\n' + table);
      console.log(`Saved ${saveReport(suite, table, data)}`);
      return;
    }
    const into = 'version' in destination ? ` into seekdb (${destination.version})` : '';
    const runs: FullRun[] = [];
    const shapes = suite === 'all' ? [...SHAPES] : [shape];
    for (const name of shapes) {
      const run = await benchFull(source, destination, name, suite === 'all' ? (values.quick ? QUICK_SCALE[name] : 1) : scale, repeat);
      runs.push(run);
      const table = fullMarkdown(`Full migration${into}, shape ${name}: ${SHAPE_DEFS[name].summary}`, run);
      console.log('\n' + table);
      console.log(`Saved ${save(`full-${name}${into ? '-seekdb' : ''}`, run.results, table)}`);
    }
    if (runs.length > 1) console.log('\n' + summaryMarkdown(runs));
  } finally {
    await Promise.all(servers.map((s) => s.destroy()));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
