/**
 * Token buckets for the RPS and bytes-per-second limits (F-12). Work takes
 * tokens before it proceeds; when the bucket is empty, `take` resolves once
 * enough have accrued. A null rate means unlimited.
 */
export class Throttle {
  private rowTokens: number;
  private byteTokens: number;
  private last = Date.now();

  constructor(
    private readonly rowsPerSecond: number | null,
    private readonly bytesPerSecond: number | null,
  ) {
    this.rowTokens = rowsPerSecond ?? 0;
    this.byteTokens = bytesPerSecond ?? 0;
  }

  get unlimited(): boolean {
    return this.rowsPerSecond === null && this.bytesPerSecond === null;
  }

  private refill(): void {
    const now = Date.now();
    const seconds = (now - this.last) / 1000;
    this.last = now;
    // At most one second of burst.
    if (this.rowsPerSecond !== null) this.rowTokens = Math.min(this.rowsPerSecond, this.rowTokens + seconds * this.rowsPerSecond);
    if (this.bytesPerSecond !== null) this.byteTokens = Math.min(this.bytesPerSecond, this.byteTokens + seconds * this.bytesPerSecond);
  }

  /** Milliseconds to wait before `rows` and `bytes` may proceed; the tokens are taken now. */
  reserve(rows: number, bytes: number): number {
    if (this.unlimited) return 0;
    this.refill();
    let waitMs = 0;
    if (this.rowsPerSecond !== null) {
      this.rowTokens -= rows;
      if (this.rowTokens < 0) waitMs = Math.max(waitMs, (-this.rowTokens / this.rowsPerSecond) * 1000);
    }
    if (this.bytesPerSecond !== null) {
      this.byteTokens -= bytes;
      if (this.byteTokens < 0) waitMs = Math.max(waitMs, (-this.byteTokens / this.bytesPerSecond) * 1000);
    }
    return waitMs;
  }
}
