import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../src/index.js';

export interface SampleSeed {
  users: Array<{ login: string; id: number; email?: string; name?: string }>;
  orgs: Array<{ login: string; id: number; members: Record<string, string> }>;
  repositories: Array<Record<string, unknown> & { owner: string; name: string }>;
  tokens: Array<Record<string, unknown> & { token: string; kind: string }>;
  apps: Array<
    {
      id: number;
      slug: string;
      client_id: string;
      client_secret: string;
      private_key_pem: string;
      webhook_secret?: string;
      installations: Array<Record<string, unknown>>;
    } & Record<string, unknown>
  >;
  limits?: Record<string, unknown>;
}

const SAMPLE_PATH = new URL('./fixtures/sample-seed.json', import.meta.url);

/** A fresh deep copy of test/fixtures/sample-seed.json. */
export function sampleSeed(): SampleSeed {
  return JSON.parse(readFileSync(SAMPLE_PATH, 'utf8')) as SampleSeed;
}

export const SAMPLE = sampleSeed();
export const CLASSIC = SAMPLE.tokens[0]?.token ?? '';
export const FINE_GRAINED = SAMPLE.tokens[1]?.token ?? '';
export const APP = SAMPLE.apps[0] as SampleSeed['apps'][number];
export const INSTALLATION_ID = Number(APP.installations[0]?.id);

/** Made-up tokens in GitHub's formats, for seeds that need more than the sample's two. */
export function fakeToken(prefix: 'ghp_' | 'github_pat_', tag: string): string {
  const body = `${tag}${'x'.repeat(40)}`.replace(/[^A-Za-z0-9]/g, 'x');
  return prefix === 'ghp_'
    ? `ghp_${body.slice(0, 36)}`
    : `github_pat_${body.slice(0, 22)}_${body.padEnd(59, 'y').slice(0, 59)}`;
}

/** Starts an emulator from the sample seed, after letting the test add to it. */
export async function startSample(
  edit?: (seed: SampleSeed) => void,
  options: Omit<EmulatorOptions, 'seed'> = {},
): Promise<EmulatorHandle> {
  const seed = sampleSeed();
  edit?.(seed);
  return startEmulator({ ...options, seed });
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** An Octokit like Rampart's (no retry/throttling plugins), pointed at the emulator. */
export function client(emulator: EmulatorHandle, auth?: string): Octokit {
  return new Octokit({ baseUrl: emulator.url, ...(auth ? { auth } : {}), log: quiet });
}

/** An App JWT signed with the sample App's key; claims may be overridden. */
export function appJwt(claims: Record<string, unknown> = {}, key = APP.private_key_pem): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = enc({ alg: 'RS256', typ: 'JWT' });
  const body = enc({ iat: now - 30, exp: now + 540, iss: APP.client_id, ...claims });
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key).toString('base64url');
  return `${head}.${body}.${signature}`;
}

export interface HttpError {
  status: number;
  response?: { data: unknown; headers: Record<string, string | number | undefined> };
}

/** Awaits a request that must fail and returns the error (status, response body and headers). */
export async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    return err as HttpError;
  }
  throw new Error('expected the request to fail');
}

/** Plain fetch against the emulator, for raw status/header/body checks. */
export async function http(
  emulator: EmulatorHandle,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `token ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  // Tests index into bodies freely; the OpenAPI test is where shapes are checked.
  return { status: res.status, headers: res.headers, text, json: json as any };
}

/** Mints an installation token for the sample App (optionally narrowed). */
export async function installationToken(
  emulator: EmulatorHandle,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await http(emulator, 'POST', `/app/installations/${INSTALLATION_ID}/access_tokens`, undefined, body, {
    authorization: `Bearer ${appJwt()}`,
    ...headers,
  });
  if (res.status !== 201) throw new Error(`minting failed: ${res.status} ${res.text}`);
  return String(res.json.token);
}

export type GqlError = {
  type?: string;
  path?: unknown[];
  message: string;
  extensions?: Record<string, unknown>;
  locations?: unknown[];
};
export interface GqlAnswer {
  /** tests index into answers freely; shapes are what the assertions check */
  data: any;
  errors: GqlError[] | undefined;
}

/** `octokit.graphql`, as Rampart calls it; GraphQL errors come back instead of being thrown. */
export async function gql(
  emulator: EmulatorHandle,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlAnswer> {
  try {
    return { data: await client(emulator, token).graphql(query, variables), errors: undefined };
  } catch (err) {
    const e = err as { name?: string; data?: unknown; errors?: GqlError[] };
    if (e.name === 'GraphqlResponseError') return { data: e.data, errors: e.errors };
    throw err;
  }
}
