/**
 * Waits counted into fixed-width bins, so a year of contacts gives a mean and a 95th centile without
 * keeping every wait. The centile is exact to one bin's width (1 s for calls, 10 s for call-backs).
 */
import type { WaitSummary } from './model';

export class WaitHistogram {
  private readonly bins: Float64Array;
  private count = 0;
  private total = 0;
  private max = 0;

  constructor(
    private readonly binSeconds: number,
    spanSeconds: number,
  ) {
    this.bins = new Float64Array(Math.ceil(spanSeconds / binSeconds) + 1);
  }

  add(seconds: number): void {
    const bin = Math.min(this.bins.length - 1, Math.floor(seconds / this.binSeconds));
    this.bins[bin] += 1;
    this.count += 1;
    this.total += seconds;
    if (seconds > this.max) this.max = seconds;
  }

  /** The wait at or under which a share `p` of waits fell (upper edge of its bin, never above the longest). */
  centile(p: number): number {
    if (this.count === 0) return 0;
    const wanted = p * this.count;
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i];
      if (seen >= wanted) return Math.min(this.max, (i + 1) * this.binSeconds);
    }
    return this.max;
  }

  summary(): WaitSummary {
    return { count: this.count, meanSeconds: this.count ? this.total / this.count : 0, p95Seconds: this.centile(0.95) };
  }

  get sum(): number {
    return this.total;
  }
}
