import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that carry secrets. Wildcards only reach one level, so the common nestings are spelled out;
 * `streamWrite` below is the backstop for anything these miss.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  ...[
    'token',
    'access_token',
    'subject_token',
    'refresh_token',
    'client_secret',
    'password',
    'csrf_token',
    'csrfToken',
    'cookie',
    'privateKeyPem',
    'plaintext',
  ].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** Shapes of every token kind Rampart handles: GitHub's (docs/github-behaviour.md#token-formats) and its own. */
const TOKEN_TEXT = /\b(?:gh[pousr]_[A-Za-z0-9_.]{16,}|github_pat_[A-Za-z0-9_]{16,}|rp(?:at|ax)_[A-Za-z0-9]{16,})/g;

/** Marks text the backstop had to remove, distinct from path redaction, so tests can tell that no code path relied on it. */
export const SCRUBBED = '[SCRUBBED]';

/** Replaces anything shaped like a token; applied to every serialized log line. */
export function scrubTokens(text: string): string {
  return text.replace(TOKEN_TEXT, SCRUBBED);
}

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; stdout by default. Tests pass a collector. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

/** The root logger: JSON lines, secret paths redacted, token-shaped text scrubbed. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { service: 'rampart' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: { streamWrite: scrubTokens },
    },
    options.destination ?? pino.destination(1),
  );
}

/** A destination that keeps every line, for tests and for commands that print logs themselves. */
export function collectingDestination(write: (line: string) => void): DestinationStream {
  return { write };
}
