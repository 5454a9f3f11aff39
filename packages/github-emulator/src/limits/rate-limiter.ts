import type { Limits } from './limits-config.js';

export interface PrimaryInfo {
  limit: number;
  remaining: number;
  used: number;
  /** epoch seconds */
  reset: number;
}

/** Primary budgets GitHub keeps apart: REST requests (`core`) and GraphQL points (`graphql`). */
export type RateResource = 'core' | 'graphql';

/**
 * The limiter key of an actor's budget for one resource. GitHub counts GraphQL points separately
 * from REST requests (`GET /rate_limit` lists both; cli/cli#8321 shows graphql spent while core was not).
 */
export function primaryKey(rateKey: string, resource: RateResource): string {
  return resource === 'core' ? rateKey : `${rateKey}#${resource}`;
}

export type ViolationKind = 'primary' | 'secondaryContent' | 'secondaryConcurrency' | 'faults';

export interface Violations {
  primary: number;
  secondaryContent: number;
  secondaryConcurrency: number;
  faults: number;
  /** per token label (or actor key for unauthenticated calls) */
  byToken: Record<string, Record<ViolationKind, number>>;
}

function emptyViolations(): Violations {
  return { primary: 0, secondaryContent: 0, secondaryConcurrency: 0, faults: 0, byToken: {} };
}

/** GitHub's primary and secondary limits, keyed by who is charged (user, installation, app, IP). */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();
  private readonly content = new Map<string, number[]>();
  private readonly inflight = new Map<string, number>();
  private counts = emptyViolations();

  constructor(
    private readonly limits: () => Limits,
    private readonly now: () => number,
  ) {}

  private window(key: string): { start: number; used: number } {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now >= w.start + this.limits().primary.windowMs) {
      w = { start: now, used: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  private limitFor(key: string): number {
    const p = this.limits().primary;
    return key.startsWith('ip:') ? p.anonymousLimit : p.limit;
  }

  info(key: string): PrimaryInfo {
    const w = this.window(key);
    const limit = this.limitFor(key);
    return {
      limit,
      used: w.used,
      remaining: Math.max(0, limit - w.used),
      reset: Math.ceil((w.start + this.limits().primary.windowMs) / 1000),
    };
  }

  /** Charges one request; false when the primary limit is enforced and already spent. */
  takePrimary(key: string): boolean {
    const w = this.window(key);
    if (this.limits().primary.enabled && w.used >= this.limitFor(key)) return false;
    w.used++;
    return true;
  }

  /** A 304 costs nothing (docs/github-behaviour.md#resolving-action-refs). */
  refundPrimary(key: string): void {
    const w = this.window(key);
    if (w.used > 0) w.used--;
  }

  /** Counts an in-flight request; false when the concurrency limit is enforced and reached. */
  enter(key: string): boolean {
    const s = this.limits().secondary;
    const n = this.inflight.get(key) ?? 0;
    if (s.enabled && n >= s.maxConcurrent) return false;
    this.inflight.set(key, n + 1);
    return true;
  }

  leave(key: string): void {
    const n = (this.inflight.get(key) ?? 1) - 1;
    if (n <= 0) this.inflight.delete(key);
    else this.inflight.set(key, n);
  }

  /** Charges one content-creating request; returns null when allowed, else seconds until a slot frees. */
  takeContent(key: string): number | null {
    const s = this.limits().secondary;
    if (!s.enabled) return null;
    const now = this.now();
    const stamps = (this.content.get(key) ?? []).filter((t) => t > now - s.hourWindowMs);
    this.content.set(key, stamps);
    const inMinute = stamps.filter((t) => t > now - s.minuteWindowMs);
    let freeAt: number | null = null;
    if (inMinute.length >= s.contentPerMinute)
      freeAt = (inMinute[inMinute.length - s.contentPerMinute] ?? now) + s.minuteWindowMs;
    if (stamps.length >= s.contentPerHour)
      freeAt = Math.max(freeAt ?? 0, (stamps[stamps.length - s.contentPerHour] ?? now) + s.hourWindowMs);
    if (freeAt !== null) return Math.max(1, Math.ceil((freeAt - now) / 1000));
    stamps.push(now);
    return null;
  }

  record(kind: ViolationKind, who: string): void {
    this.counts[kind]++;
    const entry = (this.counts.byToken[who] ??= {
      primary: 0,
      secondaryContent: 0,
      secondaryConcurrency: 0,
      faults: 0,
    });
    entry[kind]++;
  }

  violations(): Violations {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.windows.clear();
    this.content.clear();
    this.counts = emptyViolations();
  }
}
