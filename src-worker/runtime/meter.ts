/**
 * Counters a component keeps while it works, turned into one snapshot of
 * samples per second for the host (rates over the last interval, averages of
 * timed operations in it).
 */

import type { MetricSample } from '../../src-shared/contract/worker';

export class Meter {
  private counters = new Map<string, number>();
  private timings = new Map<string, { total: number; count: number }>();
  private lastSample = Date.now();

  /** Declared names are reported every second, as zero when nothing happened, so charts show idle time. */
  constructor(
    private readonly counterNames: readonly string[] = [],
    private readonly timingNames: readonly string[] = [],
  ) {
    this.reset();
  }

  private reset(): void {
    this.counters = new Map(this.counterNames.map((n) => [n, 0]));
    this.timings = new Map(this.timingNames.map((n) => [n, { total: 0, count: 0 }]));
  }

  add(name: string, amount: number): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + amount);
  }

  time(name: string, ms: number): void {
    const t = this.timings.get(name) ?? { total: 0, count: 0 };
    t.total += ms;
    t.count += 1;
    this.timings.set(name, t);
  }

  /** Rates per second for counters, averages for timings, since the previous call; then resets. */
  sample(): MetricSample[] {
    const now = Date.now();
    const seconds = Math.max(0.001, (now - this.lastSample) / 1000);
    this.lastSample = now;
    const samples: MetricSample[] = [];
    for (const [name, value] of this.counters) samples.push({ name, value: value / seconds, ts: now });
    for (const [name, t] of this.timings) samples.push({ name, value: t.count ? t.total / t.count : 0, ts: now });
    this.reset();
    return samples;
  }
}
