import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ImageResolveError, type ImageResolver } from '../../harden/resolver/image-resolver.js';
import { parseImageName, type ImageName } from './image-name.js';

/** Manifest types a registry may answer with; an index (multi-platform) first, so its digest is the one pinned. */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const tokenResponseSchema = z
  .object({ token: z.string().min(1).optional(), access_token: z.string().min(1).optional() })
  .refine((t) => t.token ?? t.access_token, {
    message: 'no token in the answer',
  });
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface OciImageResolverOptions {
  fetch: typeof globalThis.fetch;
  /** Base URL per registry host, for mirrors and tests; else `https://<host>` (Docker Hub: registry-1.docker.io). */
  registries?: Readonly<Record<string, string>>;
  /** Per request. */
  timeoutMs?: number;
  userAgent?: string;
}

/**
 * Reads a tag's digest through the OCI distribution API: `HEAD /v2/<name>/manifests/<tag>` and its
 * `Docker-Content-Digest` header (a `GET` whose body is hashed when the header is missing). A 401 names, in its
 * `WWW-Authenticate: Bearer realm=…,service=…,scope=…`, where to get an anonymous pull token (Docker Hub's
 * auth.docker.io, ghcr.io's /token); the request is then made once more with it. Loopback registries are spoken to
 * over plain HTTP, as Docker does. Public images only: a registry that wants credentials is reported as no-access.
 */
export function ociImageResolver(options: OciImageResolverOptions): ImageResolver {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = (extra: Record<string, string> = {}) => ({
    Accept: ACCEPT,
    ...(options.userAgent ? { 'User-Agent': options.userAgent } : {}),
    ...extra,
  });
  const call = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await options.fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new ImageResolveError(
        'unavailable',
        `the registry at ${new URL(url).host} could not be reached (${(err as Error).message})`,
        { cause: err },
      );
    }
  };
  return {
    async digest(image) {
      const name = parseImageName(image);
      if (!name) throw new ImageResolveError('unsupported', `${image} is not an image reference the resolver reads`);
      const url = `${baseUrl(name, options.registries)}/v2/${name.repository}/manifests/${encodeURIComponent(name.tag)}`;
      let auth: Record<string, string> = {};
      let res = await call(url, { method: 'HEAD', headers: headers() });
      if (res.status === 401) {
        auth = { Authorization: `Bearer ${await anonymousToken(res, name, call)}` };
        res = await call(url, { method: 'HEAD', headers: headers(auth) });
      }
      failOn(res, image);
      const header = res.headers.get('docker-content-digest');
      if (header && DIGEST.test(header)) return header;
      // Some registries answer HEAD without the header: the digest is the hash of the manifest's bytes.
      const body = await call(url, { method: 'GET', headers: headers(auth) });
      failOn(body, image);
      const bytes = Buffer.from(await body.arrayBuffer());
      return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    },
  };
}

function baseUrl(name: ImageName, registries: Readonly<Record<string, string>> = {}): string {
  const configured = registries[name.registry];
  if (configured) return configured.replace(/\/+$/, '');
  if (name.registry === 'docker.io') return 'https://registry-1.docker.io';
  const host = name.registry.replace(/:\d+$/, '');
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  return `${loopback ? 'http' : 'https'}://${name.registry}`;
}

function failOn(res: Response, image: string): void {
  if (res.ok) return;
  if (res.status === 404) throw new ImageResolveError('not-found', `the registry has no ${image}`);
  if (res.status === 401 || res.status === 403)
    throw new ImageResolveError('no-access', `the registry wants credentials for ${image}`);
  throw new ImageResolveError('unavailable', `the registry answered ${res.status} for ${image}`);
}

/** An anonymous pull token from the realm a 401 names. */
async function anonymousToken(
  challenge: Response,
  name: ImageName,
  call: (url: string, init: RequestInit) => Promise<Response>,
): Promise<string> {
  const header = challenge.headers.get('www-authenticate') ?? '';
  const params = bearerParams(header);
  if (!params?.realm)
    throw new ImageResolveError(
      'no-access',
      `the registry wants credentials for ${name.registry}/${name.repository} and names no token service`,
    );
  const url = new URL(params.realm);
  if (url.protocol !== 'https:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname)) {
    throw new ImageResolveError('no-access', `the registry's token service ${url.origin} is not HTTPS`);
  }
  if (params.service) url.searchParams.set('service', params.service);
  url.searchParams.set('scope', params.scope ?? `repository:${name.repository}:pull`);
  const res = await call(url.toString(), { method: 'GET', headers: { Accept: 'application/json' } });
  if (!res.ok)
    throw new ImageResolveError(
      res.status === 401 || res.status === 403 ? 'no-access' : 'unavailable',
      `the token service answered ${res.status} for ${name.repository}`,
    );
  const parsed = tokenResponseSchema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success)
    throw new ImageResolveError('unavailable', `the token service's answer for ${name.repository} could not be read`);
  return (parsed.data.token ?? parsed.data.access_token)!;
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters; undefined for another scheme. */
export function bearerParams(header: string): Record<string, string> | undefined {
  const m = /^\s*Bearer\s+(.*)$/i.exec(header);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const p of m[1]!.matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) out[p[1]!.toLowerCase()] = p[2]!;
  return out;
}

/**
 * Answers for each image kept for `ttlMs` (a digest moves only when its tag is pushed again), failures not kept; at
 * most `max` images, the oldest answer dropped first.
 */
export function cachedImageResolver(inner: ImageResolver, ttlMs: number, now: () => number, max = 5000): ImageResolver {
  const cache = new Map<string, { digest: string; until: number }>();
  return {
    async digest(image) {
      const hit = cache.get(image);
      if (hit && hit.until > now()) return hit.digest;
      const digest = await inner.digest(image);
      cache.delete(image);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(image, { digest, until: now() + ttlMs });
      return digest;
    },
  };
}
