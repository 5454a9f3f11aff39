import { z } from 'zod';

/** Latency, GitHub's rate limits and injected faults. Everything is off by default. */
export interface Limits {
  latency: { ms: number; jitterMs: number };
  primary: {
    enabled: boolean;
    /** per user (all of a user's PATs and OAuth tokens share it) and per installation */
    limit: number;
    anonymousLimit: number;
    windowMs: number;
    status: 403 | 429;
  };
  secondary: {
    enabled: boolean;
    contentPerMinute: number;
    contentPerHour: number;
    /** window lengths, so a benchmark can scale time down */
    minuteWindowMs: number;
    hourWindowMs: number;
    maxConcurrent: number;
    status: 403 | 429;
    /** fixed `retry-after`; null = time until the content window frees a slot (60 s for concurrency) */
    retryAfterSeconds: number | null;
  };
  faults: {
    /** probability (0..1) that an API request is answered with one of `statuses` */
    rate: number;
    statuses: number[];
    /** PRNG seed, so fault sequences are reproducible */
    seed: number;
    /** `after`: the request takes effect, then the client still sees the error (tests idempotency) */
    phase: 'before' | 'after';
  };
  graphql: {
    /** [I] bound on `createCommitOnBranch` file changes (base64 contents + paths); GitHub documents none */
    commitMaxBytes: number;
  };
}

export function defaultLimits(): Limits {
  return {
    latency: { ms: 0, jitterMs: 0 },
    primary: { enabled: false, limit: 5000, anonymousLimit: 60, windowMs: 3_600_000, status: 403 },
    secondary: {
      enabled: false,
      contentPerMinute: 80,
      contentPerHour: 500,
      minuteWindowMs: 60_000,
      hourWindowMs: 3_600_000,
      maxConcurrent: 100,
      status: 403,
      retryAfterSeconds: null,
    },
    faults: { rate: 0, statuses: [502, 503], seed: 1, phase: 'before' },
    graphql: { commitMaxBytes: 45_000_000 },
  };
}

const nonNegative = z.number().int().nonnegative();
const positive = z.number().int().positive();
const limitStatus = z.union([z.literal(403), z.literal(429)]);

/** A partial `Limits`, as accepted by the seed file, start options and `POST /_emulator/limits`. */
export const limitsPatchSchema = z.strictObject({
  latency: z.strictObject({ ms: nonNegative, jitterMs: nonNegative }).partial().optional(),
  primary: z
    .strictObject({
      enabled: z.boolean(),
      limit: positive,
      anonymousLimit: positive,
      windowMs: positive,
      status: limitStatus,
    })
    .partial()
    .optional(),
  secondary: z
    .strictObject({
      enabled: z.boolean(),
      contentPerMinute: positive,
      contentPerHour: positive,
      minuteWindowMs: positive,
      hourWindowMs: positive,
      maxConcurrent: positive,
      status: limitStatus,
      retryAfterSeconds: nonNegative.nullable(),
    })
    .partial()
    .optional(),
  faults: z
    .strictObject({
      rate: z.number().min(0).max(1),
      statuses: z.array(z.number().int().min(500).max(599)).min(1),
      seed: z.number().int(),
      phase: z.enum(['before', 'after']),
    })
    .partial()
    .optional(),
  graphql: z.strictObject({ commitMaxBytes: positive }).partial().optional(),
});
export type LimitsPatch = z.infer<typeof limitsPatchSchema>;

export function mergeLimits(base: Limits, patch: LimitsPatch): Limits {
  return {
    latency: { ...base.latency, ...patch.latency },
    primary: { ...base.primary, ...patch.primary },
    secondary: { ...base.secondary, ...patch.secondary },
    faults: { ...base.faults, ...patch.faults },
    graphql: { ...base.graphql, ...patch.graphql },
  };
}
