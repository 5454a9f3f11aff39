import { readFileSync } from 'node:fs';
import { envSchema, SECRET_SETTINGS } from './env-schema.js';
import { KeyRingError, parseKeyRing, type KeyRing } from './key-ring.js';

export interface GitHubAppConfig {
  appId: number;
  privateKeyPem: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string;
}

export interface Config {
  port: number;
  host: string;
  redisUrl: string;
  redisPrefix: string;
  masterKeys: KeyRing;
  githubApiUrl: string;
  /** GitHub's web host, where the OAuth pages live (the emulator's URL in tests). */
  githubWebUrl: string;
  /** Where users reach Rampart; the OAuth callback and cookie security derive from it. */
  publicUrl: string;
  /** Null when the App settings are absent: no GitHub sign-in, no App fallback. */
  githubApp: GitHubAppConfig | null;
  allowVolatileRedis: boolean;
  /** Null when the operator allows API tokens without expiry. */
  apiTokenMaxLifetimeDays: number | null;
  rateLimit: { userPerMinute: number; ipPerMinute: number };
  sessionTtlSeconds: number;
  workerConcurrency: number;
  /** BullMQ lockDuration and stalledInterval, in seconds. */
  workerLockSeconds: number;
  /** SIGTERM: how long a worker lets its running jobs finish before it hands the rest back to the queue. */
  workerShutdownSeconds: number;
  /** Repositories one account may have waiting before a new run is refused with 429. */
  accountMaxWaiting: number;
  /** Percent of all running slots one account may hold while another account's job waits. */
  accountSlotSharePercent: number;
  actionRefCacheSeconds: number;
  /** Whether workers ask container registries for image digests (RAMPART_RESOLVE_IMAGES). */
  resolveImages: boolean;
  trustProxy: boolean | number;
  /** Whether the API serves /metrics (RAMPART_METRICS, else only on a loopback HOST). */
  metricsEndpoint: boolean;
  /** Where `rampart worker` serves its metrics; null: it does not. */
  workerMetricsPort: number | null;
  /** The operators (bull-board at /admin/queues), by GitHub user id; the login only names them in messages. */
  operators: Array<{ login: string; githubId: number }>;
  /** Who may sign in; both lists empty: anyone with a GitHub account. */
  access: AccessConfig;
  logLevel: string;
}

export interface AccessConfig {
  /** Organization logins, as configured (compared without case). */
  orgs: string[];
  /** A login alone admits whoever holds it; with an id, only that GitHub user. */
  logins: Array<{ login: string; githubId: number | null }>;
  /** How often organization membership is checked again after sign-in. */
  membershipCheckHours: number;
}

export interface ConfigProblem {
  setting: string;
  message: string;
}

/** Every wrong setting at once, each named, so the operator fixes them in one pass. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.setting}: ${p.message}`).join('\n')}`);
  }
}

export interface LoadConfigOptions {
  readFile?: (path: string) => string;
}

const APP_SETTINGS = [
  'GITHUB_APP_ID',
  'GITHUB_APP_CLIENT_ID',
  'GITHUB_APP_CLIENT_SECRET',
  'GITHUB_APP_WEBHOOK_SECRET',
] as const;

/** The one loader for the environment: validates everything and names each wrong setting. */
export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const problems: ConfigProblem[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const setting = String(issue.path[0] ?? 'environment');
      const got = SECRET_SETTINGS.has(setting) || typeof env[setting] !== 'string' ? '' : ` (got "${env[setting]}")`;
      problems.push({ setting, message: `${issue.message}${got}` });
    }
  }

  let masterKeys: KeyRing | undefined;
  try {
    masterKeys = parseKeyRing(env.RAMPART_MASTER_KEYS);
  } catch (err) {
    if (!(err instanceof KeyRingError)) throw err;
    problems.push({ setting: 'RAMPART_MASTER_KEYS', message: err.message });
  }

  const githubApp = appConfig(env, readFile, problems);
  if (problems.length > 0 || !parsed.success || !masterKeys) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.RAMPART_REDIS_PREFIX,
    masterKeys,
    githubApiUrl: e.GITHUB_API_URL,
    githubWebUrl: e.GITHUB_WEB_URL,
    publicUrl: e.RAMPART_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    githubApp,
    allowVolatileRedis: e.RAMPART_ALLOW_VOLATILE_REDIS,
    apiTokenMaxLifetimeDays: e.RAMPART_API_TOKEN_MAX_LIFETIME_DAYS,
    rateLimit: { userPerMinute: e.RAMPART_RATE_LIMIT_USER_PER_MINUTE, ipPerMinute: e.RAMPART_RATE_LIMIT_IP_PER_MINUTE },
    sessionTtlSeconds: e.RAMPART_SESSION_TTL_HOURS * 3600,
    workerConcurrency: e.RAMPART_WORKER_CONCURRENCY,
    workerLockSeconds: e.RAMPART_WORKER_LOCK_SECONDS,
    workerShutdownSeconds: e.RAMPART_WORKER_SHUTDOWN_SECONDS,
    accountMaxWaiting: e.RAMPART_ACCOUNT_MAX_WAITING,
    accountSlotSharePercent: e.RAMPART_ACCOUNT_SLOT_SHARE,
    actionRefCacheSeconds: e.RAMPART_ACTION_REF_CACHE_SECONDS,
    resolveImages: e.RAMPART_RESOLVE_IMAGES,
    trustProxy: e.RAMPART_TRUST_PROXY,
    metricsEndpoint: e.RAMPART_METRICS ?? ['127.0.0.1', '::1', 'localhost'].includes(e.HOST),
    workerMetricsPort: e.RAMPART_WORKER_METRICS_PORT ?? null,
    operators: e.RAMPART_OPERATOR_LOGINS,
    access: {
      orgs: e.RAMPART_ALLOWED_ORGS,
      logins: e.RAMPART_ALLOWED_LOGINS,
      membershipCheckHours: e.RAMPART_MEMBERSHIP_CHECK_HOURS,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** The App settings are all-or-nothing: a half-configured App is a mistake worth stopping for. */
function appConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
  problems: ConfigProblem[],
): GitHubAppConfig | null {
  const set = (name: string) => (env[name] ?? '') !== '';
  const keySettings = ['GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_PRIVATE_KEY_FILE'];
  if (![...APP_SETTINGS, ...keySettings].some(set)) return null;
  const before = problems.length;
  for (const name of APP_SETTINGS) {
    if (!set(name))
      problems.push({
        setting: name,
        message: 'is required when any GITHUB_APP_* setting is given (the App settings go together)',
      });
  }
  let pem = '';
  if (set('GITHUB_APP_PRIVATE_KEY') && set('GITHUB_APP_PRIVATE_KEY_FILE')) {
    problems.push({
      setting: 'GITHUB_APP_PRIVATE_KEY',
      message: 'give either GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_FILE, not both',
    });
  } else if (set('GITHUB_APP_PRIVATE_KEY')) {
    // A PEM squeezed into one line of an env file keeps its newlines as "\n".
    pem = (env.GITHUB_APP_PRIVATE_KEY ?? '').replace(/\\n/g, '\n');
  } else if (set('GITHUB_APP_PRIVATE_KEY_FILE')) {
    try {
      pem = readFile(env.GITHUB_APP_PRIVATE_KEY_FILE ?? '');
    } catch (err) {
      problems.push({
        setting: 'GITHUB_APP_PRIVATE_KEY_FILE',
        message: `cannot read ${env.GITHUB_APP_PRIVATE_KEY_FILE}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      });
    }
  } else {
    problems.push({
      setting: 'GITHUB_APP_PRIVATE_KEY',
      message: 'is required (or GITHUB_APP_PRIVATE_KEY_FILE) when any GITHUB_APP_* setting is given',
    });
  }
  if (pem !== '' && !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) {
    const setting = set('GITHUB_APP_PRIVATE_KEY_FILE') ? 'GITHUB_APP_PRIVATE_KEY_FILE' : 'GITHUB_APP_PRIVATE_KEY';
    problems.push({
      setting,
      message: 'is not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----)',
    });
  }
  if (problems.length > before) return null;
  return {
    appId: Number(env.GITHUB_APP_ID),
    privateKeyPem: pem,
    clientId: env.GITHUB_APP_CLIENT_ID ?? '',
    clientSecret: env.GITHUB_APP_CLIENT_SECRET ?? '',
    webhookSecret: env.GITHUB_APP_WEBHOOK_SECRET ?? '',
  };
}

/** The Redis URL with any password masked, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured REDIS_URL';
  }
}

/** Browsers only send Secure cookies over https; local http development would otherwise never sign in. */
export function cookiesAreSecure(config: Pick<Config, 'publicUrl'>): boolean {
  const u = new URL(config.publicUrl);
  return !(u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
}
