/**
 * Runs a command and measures it as a whole: wall time and the peak resident
 * memory of its process tree (sampled from /proc), so that a tool made of
 * several processes (a pipeline, a host and its workers) is measured whole.
 */

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Measured {
  wallMs: number;
  peakRssBytes: number;
  /** CPU seconds (user and system) of the whole process tree, as last seen of each process. */
  cpuSeconds?: number;
  /** CPU seconds of each kind of process in the tree (labelled as for the peaks), summed over its processes. */
  cpuByProcess?: Record<string, number>;
  /** Peak resident memory of each kind of process in the tree: a Cutover worker by its unit, anything else by its program's name. */
  peakByProcess?: Record<string, number>;
  code: number;
  output: string;
}

export function children(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(ppid, [...(map.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  return map;
}

/** What a process is, for the per-process peaks: `worker:<unit>` for a Cutover worker, else its program's base name. */
function labelOf(pid: number, root: number): string {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const unit = argv.indexOf('--cutover-unit');
  if (unit >= 0) return `worker:${argv[unit + 1]}`;
  if (pid === root && argv.some((a) => a.endsWith('cutover.mjs'))) return 'host';
  return (argv[0] ?? '?').split('/').pop() ?? '?';
}

/** One reading of a process: its label (empty once it has ended, unreaped), resident bytes (0 when gone) and CPU seconds so far. */
interface ProcessReading {
  pid: number;
  label: string;
  rssBytes: number;
  cpuSeconds: number;
}

/** Reads a process and all its descendants, in one walk of /proc. */
function readTree(root: number): ProcessReading[] {
  const tree = children();
  const readings: ProcessReading[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      readings.push({ pid, label: labelOf(pid, root), rssBytes: rss ? Number(rss[1]) * 1024 : 0, cpuSeconds: cpuSeconds(pid) });
    } catch {
      // Gone.
    }
    stack.push(...(tree.get(pid) ?? []));
  }
  return readings;
}

/** The resident memory of a process tree, and of each process in it (by label, the largest of a label). */
export function treeRssByProcess(root: number): { total: number; byLabel: Map<string, number> } {
  return rssOf(readTree(root));
}

function rssOf(readings: ProcessReading[]): { total: number; byLabel: Map<string, number> } {
  let total = 0;
  const byLabel = new Map<string, number>();
  for (const { label, rssBytes } of readings) {
    if (rssBytes === 0) continue;
    total += rssBytes;
    byLabel.set(label, Math.max(byLabel.get(label) ?? 0, rssBytes));
  }
  return { total, byLabel };
}

/** CPU time (user and system) a process has used so far, in seconds; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds a throw-away server has used so far (a MariaDB found by its pid file, a seekdb by its handle); 0 when it cannot be found. */
export function serverCpuSeconds(server: { dataDir: string } | { pid(): number | undefined }): number {
  let pid: number | undefined;
  if ('pid' in server) pid = server.pid();
  else {
    try {
      pid = Number(readFileSync(join(server.dataDir, 'mysqld.pid'), 'utf8').trim());
    } catch {
      pid = undefined;
    }
  }
  return pid === undefined ? 0 : cpuSeconds(pid);
}

export function treeRss(root: number): number {
  return treeRssByProcess(root).total;
}

export function measure(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    let peak = 0;
    const peaks = new Map<string, number>();
    // A process's CPU time only grows: the last reading of each (up to 50 ms before it ended) is its share.
    const cpu = new Map<number, { label: string; seconds: number }>();
    const sampler = setInterval(() => {
      if (!child.pid) return;
      const readings = readTree(child.pid);
      const { total, byLabel } = rssOf(readings);
      peak = Math.max(peak, total);
      for (const [label, bytes] of byLabel) peaks.set(label, Math.max(peaks.get(label) ?? 0, bytes));
      for (const { pid, label, cpuSeconds: seconds } of readings) {
        const seen = cpu.get(pid);
        // Named again each time: a child read between its fork and its exec still shows its parent's command line.
        // An ended process not yet reaped shows an empty one: it keeps the name it had.
        cpu.set(pid, { label: label || (seen?.label ?? label), seconds: Math.max(seen?.seconds ?? 0, seconds) });
      }
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const byLabel = new Map<string, number>();
      for (const { label, seconds } of cpu.values()) byLabel.set(label, (byLabel.get(label) ?? 0) + seconds);
      const cpuTotal = [...byLabel.values()].reduce((a, b) => a + b, 0);
      resolve({
        wallMs: Number(process.hrtime.bigint() - started) / 1e6,
        peakRssBytes: peak,
        peakByProcess: Object.fromEntries(peaks),
        cpuSeconds: cpuTotal,
        cpuByProcess: Object.fromEntries(byLabel),
        code: code ?? -1,
        output,
      });
    });
  });
}
