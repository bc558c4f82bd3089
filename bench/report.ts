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
  return lines.join('\n') + '\n';
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
