import { tokenLabel } from './token-format.js';

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  /** token label (`sha256:…`), never the token */
  token: string | null;
  tokenKind: string | null;
  /** login, `installation:<id>` or `app:<id>` */
  actor: string | null;
  durationMs: number;
  /** why the emulator, not the route, answered */
  outcome: 'primary-limit' | 'secondary-content' | 'secondary-concurrency' | 'fault' | 'fault-after' | null;
  /** For /graphql: `mutation` or `query`; absent for REST. */
  operation?: 'query' | 'mutation';
}

export interface TokenCount {
  count: number;
  kind: string | null;
  actor: string | null;
}

export interface RequestQuery {
  /** raw token: it is hashed to its label here, and never stored */
  token?: string;
  label?: string;
  /** only entries with seq > since */
  since?: number;
  limit?: number;
}

/** Every API request the emulator answered, and per-token counts (which survive log trimming). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private readonly counts = new Map<string, TokenCount>();
  private seq = 0;

  constructor(private readonly maxEntries = 100_000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    const key = entry.token ?? 'anonymous';
    const c = this.counts.get(key) ?? { count: 0, kind: entry.tokenKind, actor: entry.actor };
    c.count++;
    this.counts.set(key, c);
    return full;
  }

  query(q: RequestQuery = {}): {
    entries: RequestLogEntry[];
    count: number;
    counts: Record<string, TokenCount>;
    lastSeq: number;
  } {
    const label = q.token !== undefined ? tokenLabel(q.token) : q.label;
    let entries = this.entries.filter(
      (e) => (q.since === undefined || e.seq > q.since) && (label === undefined || e.token === label),
    );
    const count = entries.length;
    if (q.limit !== undefined) entries = entries.slice(-q.limit);
    return { entries, count, counts: Object.fromEntries(this.counts), lastSeq: this.seq };
  }

  /** Requests ever made with a token (pass the token or its label). */
  countFor(tokenOrLabel: string): number {
    const label = tokenOrLabel.startsWith('sha256:') ? tokenOrLabel : tokenLabel(tokenOrLabel);
    return this.counts.get(label)?.count ?? 0;
  }

  clear(): void {
    this.entries = [];
    this.counts.clear();
  }
}
