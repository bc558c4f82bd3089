/** Benchmark results as a markdown table with ratios to a reference, written to bench/results/. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Result {
  name: string;
  wallMs: number;
  rows: number;
  bytes: number;
  peakRssBytes: number;
  /** Peak RSS of each process of the tool (Cutover: the host and each worker unit). */
  peakByProcess?: Record<string, number>;
  /** CPU seconds during the run: the tool's own processes, and each server's. */
  cpu?: { tool: number; source: number; destination: number };
  /** CPU seconds of each process of the tool (Cutover: the host and each worker unit). */
  cpuByProcess?: Record<string, number>;
  /** With repeated runs: the wall time of each (the result is the median run). */
  wallsMs?: number[];
  /** Why the tool could not do the job (against this destination); no numbers then. */
  failed?: string;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

export function markdown(title: string, results: Result[], reference: string): string {
  const ref = results.find((r) => r.name === reference && !r.failed);
  const lines = [
    `## ${title}`,
    '',
    `${new Date().toISOString()} · ${cpus().length} cores · ${Math.round(totalmem() / 2 ** 30)} GiB · ${results[0]?.rows.toLocaleString('en-US')} rows, ${mb(results[0]?.bytes ?? 0).toFixed(0)} MB of table data`,
    '',
    `| tool | wall s | rows/s | MB/s | peak RSS MB | time vs ${reference} | rows/s vs ${reference} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    if (r.failed) {
      lines.push(`| ${r.name} | failed: ${r.failed.replaceAll('|', '/')} | | | | | |`);
      continue;
    }
    const seconds = r.wallMs / 1000;
    const ratio = ref ? (r.wallMs / ref.wallMs).toFixed(2) : '-';
    const speed = ref ? (ref.wallMs / r.wallMs).toFixed(2) : '-';
    lines.push(
      `| ${r.name} | ${seconds.toFixed(2)} | ${Math.round(r.rows / seconds).toLocaleString('en-US')} | ${(mb(r.bytes) / seconds).toFixed(1)} | ${mb(r.peakRssBytes).toFixed(0)} | ${ratio} | ${speed} |`,
    );
  }
  const repeated = results.filter((r) => (r.wallsMs?.length ?? 0) > 1);
  if (repeated.length) {
    lines.push('', `Each tool ran ${repeated[0].wallsMs!.length} times, in rounds; the median run is shown. Every run's wall time, s:`, '');
    for (const r of repeated) lines.push(`- ${r.name}: ${r.wallsMs!.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

export const MYLOADER = 'mydumper -t 2 + myloader -t 2';
export const MYLOADER_BINLOG = 'mydumper -t 2 + myloader -t 2 -e (destination binlog on)';
const CEILING = 'LOAD DATA LOCAL ceiling';

/** One shape's table, then Cutover's processes' peaks and how its time split between data and indexes. */
export function fullMarkdown(title: string, run: { results: Result[]; split: { dataMs: number; indexMs: number } | null }): string {
  const lines = [markdown(title, run.results, MYLOADER)];
  const cutover = run.results.find((r) => r.name.startsWith('Cutover'));
  const ceiling = run.results.find((r) => r.name === CEILING && !r.failed);
  if (cutover?.peakByProcess) {
    const peaks = Object.entries(cutover.peakByProcess)
      .filter(([label]) => label === 'host' || label.startsWith('worker:'))
      .map(([label, bytes]) => `${label} ${mb(bytes).toFixed(0)} MB`);
    lines.push(`Cutover's peak RSS per process: ${peaks.join(', ')}.`);
  }
  if (cutover?.cpuByProcess) {
    const cpu = Object.entries(cutover.cpuByProcess)
      .filter(([label]) => label === 'host' || label.startsWith('worker:'))
      .map(([label, seconds]) => `${label} ${seconds.toFixed(2)} s`);
    lines.push(`Cutover's CPU per process: ${cpu.join(', ')}.`);
  }
  if (cutover && ceiling) lines.push(`Cutover reaches ${(ceiling.wallMs / cutover.wallMs).toFixed(2)} of the LOAD DATA ceiling (its time ÷ Cutover's).`);
  const withCpu = run.results.filter((r) => r.cpu && !r.failed);
  if (withCpu.length) {
    lines.push(
      'CPU seconds used during each run (what bounds it when the servers share the cores):',
      '',
      markdownTable(
        ['tool', "tool's processes", 'source server', 'destination server', 'all', 'all ÷ wall (cores busy)'],
        withCpu.map((r) => {
          const cpu = r.cpu!;
          const all = cpu.tool + cpu.source + cpu.destination;
          return [r.name, cpu.tool.toFixed(2), cpu.source.toFixed(2), cpu.destination.toFixed(2), all.toFixed(2), (all / (r.wallMs / 1000)).toFixed(2)];
        }),
      ),
    );
  }
  if (run.split) lines.push(`Cutover's time: ${(run.split.dataMs / 1000).toFixed(2)} s copying data, ${(run.split.indexMs / 1000).toFixed(2)} s building secondary indexes (wall time of each; they overlap across tables).`);
  return lines.join('\n') + '\n';
}

/** Every shape of an `all` run in one table: Cutover's time against myloader's and the ceiling's. */
export function summaryMarkdown(runs: { shape: string; results: Result[] }[]): string {
  const rows = runs.map(({ shape, results }) => {
    const of = (name: string) => results.find((r) => (name === 'Cutover' ? r.name.startsWith('Cutover') : r.name === name) && !r.failed);
    const [cutover, myloader, logged, ceiling] = [of('Cutover'), of(MYLOADER), of(MYLOADER_BINLOG), of(CEILING)];
    const s = (r: Result | undefined) => (r ? (r.wallMs / 1000).toFixed(2) : 'failed');
    const ratio = (a: Result | undefined, b: Result | undefined) => (a && b ? (a.wallMs / b.wallMs).toFixed(2) : '-');
    const workers = cutover?.peakByProcess ? Math.max(0, ...Object.entries(cutover.peakByProcess).filter(([l]) => l.startsWith('worker:')).map(([, b]) => b)) : 0;
    return [
      shape,
      `${cutover?.rows.toLocaleString('en-US') ?? '-'}`,
      s(cutover),
      s(myloader),
      s(logged),
      s(ceiling),
      ratio(cutover, myloader),
      ratio(cutover, logged),
      ratio(ceiling, cutover),
      mb(workers).toFixed(0),
      mb(cutover?.peakByProcess?.host ?? 0).toFixed(0),
    ];
  });
  const headers = ['shape', 'rows', 'Cutover s', 'myloader s', 'myloader -e s', 'ceiling s', 'time vs myloader', 'time vs myloader -e', 'share of ceiling', 'largest worker RSS MB', 'host RSS MB'];
  return `## Every shape\n\n${markdownTable(headers, rows)}`;
}

/** A markdown table; columns after the first are right-aligned (they hold numbers). */
export function markdownTable(headers: string[], rows: string[][]): string {
  const lines = [`| ${headers.join(' | ')} |`, `| ${headers.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n') + '\n';
}

/** Writes the markdown and the raw numbers behind it as `<suite>-<time>.md` and `.json`; returns the markdown's path. */
export function saveReport(suite: string, markdownText: string, data: unknown): string {
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(dir, `${suite}-${stamp}.json`), JSON.stringify({ suite, at: new Date().toISOString(), cores: cpus().length, results: data }, null, 2) + '\n');
  const md = join(dir, `${suite}-${stamp}.md`);
  writeFileSync(md, markdownText);
  return md;
}

export function save(suite: string, results: Result[], table: string): string {
  return saveReport(suite, table, results);
}
