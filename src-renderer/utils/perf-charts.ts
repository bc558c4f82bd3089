/**
 * The charts of the performance tabs (F-31, F-32) as data: what each shows,
 * in which unit, and how its values read. The panels build them from metric
 * series; PerformanceCharts.vue draws them.
 */
import type { Points } from '../composables/useMetricSeries';
import type { Series } from '../components/TimeSeriesChart.vue';

export interface PerfChart {
  /** Test id suffix: `perf-chart-<id>`. */
  id: string;
  title: string;
  unit: string;
  series: Series[];
  format?: (value: number) => string;
}

const KB = 1024;
const MB = 1024 * 1024;

/** Bytes per second read best in MB/s once any point reaches a megabyte, in KB/s below. */
export function trafficChart(id: string, title: string, sides: { name: string; points: Points }[]): PerfChart {
  const max = Math.max(0, ...sides.flatMap((s) => s.points.map((p) => p[1])));
  const [scale, unit] = max >= MB ? [MB, 'MB/s'] : [KB, 'KB/s'];
  return {
    id,
    title,
    unit,
    series: sides.map((s) => ({ name: s.name, points: s.points.map(([t, v]): [number, number] => [t, v / scale]) })),
    format: (v) => `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${unit}`,
  };
}

/** Rows per second of each side, on one chart. */
export function rpsChart(sides: { name: string; points: Points }[]): PerfChart {
  return { id: 'rps', title: 'RPS (rows per second)', unit: 'rows/s', series: sides, format: formatRps };
}

export const formatMs = (v: number): string => `${v >= 100 ? Math.round(v) : v.toFixed(1)} ms`;
export const formatRps = (v: number): string => `${Math.round(v).toLocaleString('en-US')} rows/s`;
export const formatSeconds = (v: number): string => `${v.toFixed(v >= 10 ? 0 : 2)} s`;

export function pointCount(chart: PerfChart): number {
  return chart.series.reduce((n, s) => n + s.points.length, 0);
}
