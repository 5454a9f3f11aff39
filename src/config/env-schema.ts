import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Orchestrators often pass unset variables as empty strings; treat those as absent.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const httpUrl = z
  .string()
  .refine((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL')
  .transform((s) => s.replace(/\/+$/, ''));

const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const commaList = (s: string) =>
  s
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');

const flag = z
  .string()
  .regex(/^(1|0|true|false|yes|no)$/i, 'must be 1 or 0 (or true/false)')
  .transform((s) => /^(1|true|yes)$/i.test(s));

/**
 * Every environment setting Rampart reads, for `rampart api`, `rampart worker` and `rampart admin`.
 * Messages never quote a secret setting's value: they reach terminals and logs.
 */
export const envSchema = z.object({
  PORT: optional(integer(0, 65535)).default(3000),
  HOST: optional(z.string().min(1)).default('0.0.0.0'),
  REDIS_URL: optional(
    z.string().refine((s) => {
      try {
        return ['redis:', 'rediss:'].includes(new URL(s).protocol);
      } catch {
        return false;
      }
    }, 'must be a redis:// or rediss:// URL'),
  ).default('redis://127.0.0.1:6379'),
  RAMPART_REDIS_PREFIX: optional(
    z
      .string()
      .regex(
        /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*:$/,
        'must be letters, digits, "-", "_" or "." ending with ":" (like rampart:)',
      ),
  ).default('rampart:'),
  RAMPART_MASTER_KEYS: optional(z.string()),
  GITHUB_API_URL: optional(httpUrl).default('https://api.github.com'),
  GITHUB_WEB_URL: optional(httpUrl).default('https://github.com'),
  RAMPART_PUBLIC_URL: optional(httpUrl),
  GITHUB_APP_ID: optional(z.string().regex(/^\d+$/, 'must be the numeric App ID')),
  GITHUB_APP_PRIVATE_KEY: optional(z.string()),
  GITHUB_APP_PRIVATE_KEY_FILE: optional(z.string()),
  GITHUB_APP_CLIENT_ID: optional(
    z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be the App client ID (letters and digits, like Iv23li…)'),
  ),
  GITHUB_APP_CLIENT_SECRET: optional(z.string()),
  GITHUB_APP_WEBHOOK_SECRET: optional(z.string()),
  RAMPART_ALLOW_VOLATILE_REDIS: optional(flag).default(false),
  RAMPART_API_TOKEN_MAX_LIFETIME_DAYS: optional(
    z.union(
      [
        z
          .string()
          .regex(/^unlimited$/i)
          .transform(() => null),
        integer(1, 3650),
      ],
      {
        error: 'must be a number of days (1-3650) or "unlimited"',
      },
    ),
  ).default(90),
  RAMPART_RATE_LIMIT_USER_PER_MINUTE: optional(integer(1, 1_000_000)).default(600),
  RAMPART_RATE_LIMIT_IP_PER_MINUTE: optional(integer(1, 1_000_000)).default(1200),
  RAMPART_SESSION_TTL_HOURS: optional(integer(1, 24 * 90)).default(168),
  /** Jobs one worker process runs at once; GitHub asks for serial writes per credential, which throttling keeps. */
  RAMPART_WORKER_CONCURRENCY: optional(integer(1, 64)).default(4),
  /** How long a worker's lock on a job lasts (renewed while it runs); a killed worker's jobs are retried after about this long. */
  RAMPART_WORKER_LOCK_SECONDS: optional(integer(1, 3600)).default(30),
  /** SIGTERM: a worker lets its running jobs finish this long, then hands the rest back to the queue and exits. */
  RAMPART_WORKER_SHUTDOWN_SECONDS: optional(integer(1, 3600)).default(30),
  /** Repositories one account may have waiting (queued or running); a run that would pass it is refused with 429. */
  RAMPART_ACCOUNT_MAX_WAITING: optional(integer(1, 10_000_000)).default(5000),
  /** Percent of all workers' running slots one account may hold while another account's job waits (alone, it gets them all). */
  RAMPART_ACCOUNT_SLOT_SHARE: optional(integer(1, 100)).default(50),
  /** How long a resolved action ref stays in the shared cache. */
  RAMPART_ACTION_REF_CACHE_SECONDS: optional(integer(60, 7 * 24 * 3600)).default(3600),
  /** Workers ask container registries (Docker Hub, ghcr.io, …) for image digests to pin: 1 on, 0 when they may not reach them. */
  RAMPART_RESOLVE_IMAGES: optional(flag).default(true),
  RAMPART_TRUST_PROXY: optional(
    z.union(
      [
        flag,
        z
          .string()
          .regex(/^\d{1,2}$/)
          .transform(Number),
      ],
      { error: 'must be 0/1 or a number of proxy hops' },
    ),
  ).default(false),
  /** Serve /metrics on the API: 1 on, 0 off; unset means on only when HOST is a loopback address (nobody else can reach it). */
  RAMPART_METRICS: optional(flag),
  /** When set, `rampart worker` serves its own /metrics on this port (every interface: scrape it from the cluster). */
  RAMPART_WORKER_METRICS_PORT: optional(integer(1, 65535)),
  /** GitHub users allowed into /admin/queues (bull-board), as login:id; the id decides, since logins can be renamed and reclaimed. */
  RAMPART_OPERATOR_LOGINS: optional(
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((l) => l.trim())
          .filter((l) => l !== ''),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}):[1-9]\d{0,15}$/,
              'must be login:id pairs separated by commas, with the GitHub user id (the "id" of https://api.github.com/users/<login>)',
            )
            .transform((entry) => ({
              login: entry.slice(0, entry.indexOf(':')),
              githubId: Number(entry.slice(entry.indexOf(':') + 1)),
            })),
        ),
      ),
  ).default([]),
  /** Only members of these GitHub organizations may sign in (and get an account); with RAMPART_ALLOWED_LOGINS, either admits. */
  RAMPART_ALLOWED_ORGS: optional(
    z
      .string()
      .transform(commaList)
      .pipe(z.array(z.string().regex(GITHUB_LOGIN, 'must be GitHub organization logins separated by commas'))),
  ).default([]),
  /** Only these GitHub users may sign in, as login or login:id (the id survives a rename; a bare login admits whoever holds it). */
  RAMPART_ALLOWED_LOGINS: optional(
    z
      .string()
      .transform(commaList)
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?::[1-9]\d{0,15})?$/,
              'must be GitHub logins (or login:id pairs) separated by commas',
            )
            .transform((entry) => {
              const [login = '', id] = entry.split(':');
              return { login, githubId: id === undefined ? null : Number(id) };
            }),
        ),
      ),
  ).default([]),
  /** How often a signed-in account's organization membership is checked again (RAMPART_ALLOWED_ORGS). */
  RAMPART_MEMBERSHIP_CHECK_HOURS: optional(integer(1, 24 * 30)).default(24),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })).default('info'),
});

export type Env = z.output<typeof envSchema>;
export const SECRET_SETTINGS = new Set([
  'RAMPART_MASTER_KEYS',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_APP_CLIENT_SECRET',
  'GITHUB_APP_WEBHOOK_SECRET',
  'REDIS_URL',
]);
