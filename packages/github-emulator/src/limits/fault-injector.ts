import type { Limits } from './limits-config.js';

/** Reproducible 5xx injection: a seeded PRNG (mulberry32) decides which requests fail. */
export class FaultInjector {
  private state = 0;
  private seededWith: number | null = null;

  constructor(private readonly limits: () => Limits) {}

  private next(): number {
    const seed = this.limits().faults.seed;
    if (seed !== this.seededWith) {
      this.seededWith = seed;
      this.state = seed >>> 0;
    }
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The status to fail this request with, or null. */
  roll(): number | null {
    const f = this.limits().faults;
    if (f.rate <= 0) return null;
    if (this.next() >= f.rate) return null;
    const statuses = f.statuses;
    return statuses[Math.floor(this.next() * statuses.length)] ?? 502;
  }

  reseed(): void {
    this.seededWith = null;
  }
}
