/** Display formatting only: dates, durations, sizes. No rules about what the values mean. */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2025-01-31 14:05:09` in local time, or "-" when there is no value. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `1h 02m 03s`, `4m 05s`, `12s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** Time between two instants; a span that has not ended runs up to `now`. */
export function formatSpan(start: string | null, end: string | null, now: number = Date.now()): string {
  if (!start) return '-';
  const from = new Date(start).getTime();
  const to = end ? new Date(end).getTime() : now;
  return formatDuration(to - from);
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** 0..1 as a whole percentage for progress bars. */
export function toPercent(progress: number | null | undefined): number {
  if (progress === null || progress === undefined || !Number.isFinite(progress)) return 0;
  return Math.max(0, Math.min(100, Math.round(progress * 100)));
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-';
  return n.toLocaleString('en-US');
}

/**
 * Time taken by something that may still run: up to its end, up to `now` while
 * it runs, and "-" when it stopped without a recorded end (paused, failed before
 * finishing), since counting on would be wrong.
 */
export function formatRunSpan(start: string | null, end: string | null, running: boolean, now: number = Date.now()): string {
  if (!start) return '-';
  if (end) return formatSpan(start, end);
  return running ? formatSpan(start, null, now) : '-';
}
