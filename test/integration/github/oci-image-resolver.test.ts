import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseImageName } from '../../../src/github/registry/image-name.js';
import {
  bearerParams,
  cachedImageResolver,
  ociImageResolver,
} from '../../../src/github/registry/oci-image-resolver.js';
import { harden } from '../../../src/harden/harden.js';
import { ImageResolveError } from '../../../src/harden/resolver/image-resolver.js';
import { staticActionResolver } from '../../../src/harden/resolver/static-action-resolver.js';
import { unpinnedImages } from '../../../src/harden/rules/unpinned-images/unpinned-images.js';

const NODE_DIGEST = `sha256:${'1'.repeat(64)}`;
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [],
});
const TOKEN = 'anonymous-pull-token';

/**
 * A registry as Docker Hub and ghcr.io behave: manifests need a bearer token, which a 401 says where to get;
 * `org/nohead` answers HEAD without Docker-Content-Digest; `private/app` refuses anonymous tokens.
 */
function fakeRegistry(): { server: Server; requests: string[]; url: () => string } {
  const requests: string[] = [];
  let base = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    const url = new URL(req.url!, base);
    if (url.pathname === '/token') {
      const scope = url.searchParams.get('scope') ?? '';
      if (scope.includes('private/app') || url.searchParams.get('service') !== 'fake-registry')
        return void res.writeHead(403).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: TOKEN }));
      return;
    }
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!m) return void res.writeHead(404).end();
    if (!String(req.headers.accept).includes('application/vnd.oci.image.index.v1+json'))
      return void res.writeHead(406).end();
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res
        .writeHead(401, {
          'WWW-Authenticate': `Bearer realm="${base}/token",service="fake-registry",scope="repository:${m[1]}:pull"`,
        })
        .end();
      return;
    }
    const [name, tag] = [m[1], m[2]];
    if (name === 'library/node' && tag === '20')
      return void res
        .writeHead(200, {
          'Docker-Content-Digest': NODE_DIGEST,
          'Content-Type': 'application/vnd.oci.image.index.v1+json',
        })
        .end();
    if (name === 'org/nohead' && tag === '1')
      return void res
        .writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json' })
        .end(req.method === 'GET' ? MANIFEST : undefined);
    res.writeHead(404).end();
  });
  return {
    server,
    requests,
    url: () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return base;
    },
  };
}

describe('ociImageResolver against a registry over HTTP', () => {
  const registry = fakeRegistry();
  let base: string;
  let host: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => registry.server.listen(0, '127.0.0.1', resolve));
    base = registry.url();
    host = new URL(base).host;
  });
  afterAll(async () => new Promise<void>((resolve) => registry.server.close(() => resolve())));
  beforeEach(() => registry.requests.splice(0));

  const resolver = () => ociImageResolver({ fetch, registries: { 'docker.io': base }, timeoutMs: 5000 });

  test('a Docker Hub name is read under library/, with an anonymous token from the realm the 401 names', async () => {
    await expect(resolver().digest('node:20')).resolves.toBe(NODE_DIGEST);
    expect(registry.requests).toEqual([
      'HEAD /v2/library/node/manifests/20 -',
      'GET /token?service=fake-registry&scope=repository%3Alibrary%2Fnode%3Apull -',
      `HEAD /v2/library/node/manifests/20 Bearer ${TOKEN}`,
    ]);
  });

  test('a loopback registry is spoken to over HTTP; without the digest header the manifest bytes are hashed', async () => {
    const expected = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
    await expect(resolver().digest(`${host}/org/nohead:1`)).resolves.toBe(expected);
    expect(registry.requests.at(-1)).toBe(`GET /v2/org/nohead/manifests/1 Bearer ${TOKEN}`);
  });

  test('a missing tag, a refused token and an unreachable registry are ImageResolveErrors', async () => {
    await expect(resolver().digest('node:nope')).rejects.toMatchObject({
      name: 'ImageResolveError',
      reason: 'not-found',
    });
    await expect(resolver().digest(`${host}/private/app:1`)).rejects.toMatchObject({ reason: 'no-access' });
    const closed = ociImageResolver({ fetch, registries: { 'docker.io': 'http://127.0.0.1:9' }, timeoutMs: 2000 });
    await expect(closed.digest('node:20')).rejects.toMatchObject({ reason: 'unavailable' });
    await expect(resolver().digest('Not A Name')).rejects.toBeInstanceOf(ImageResolveError);
  });

  test('the engine pins a workflow through it, and a cache answers the second run without a request', async () => {
    let now = 0;
    const cached = cachedImageResolver(resolver(), 60_000, () => now);
    const wf = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: node:20\n    steps: [{run: make}]\n';
    const run = () =>
      harden({
        files: new Map([['.github/workflows/ci.yml', new TextEncoder().encode(wf)]]),
        resolver: staticActionResolver({}),
        imageResolver: cached,
        rules: [unpinnedImages],
      });
    const first = await run();
    expect(new TextDecoder().decode(first.changes.get('.github/workflows/ci.yml'))).toContain(
      `container: node:20@${NODE_DIGEST}`,
    );
    const asked = registry.requests.length;
    await run();
    expect(registry.requests.length).toBe(asked);
    now = 61_000;
    await run();
    expect(registry.requests.length).toBeGreaterThan(asked);
  });
});

describe('image names and challenges', () => {
  test.each([
    ['node', { registry: 'docker.io', repository: 'library/node', tag: 'latest' }],
    ['node:20-alpine', { registry: 'docker.io', repository: 'library/node', tag: '20-alpine' }],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' }],
    ['ghcr.io/org/app/sub:1', { registry: 'ghcr.io', repository: 'org/app/sub', tag: '1' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', tag: 'latest' }],
    ['node@sha256:abc', undefined],
    ['UPPER/case', undefined],
  ])('%s', (image, expected) => {
    expect(parseImageName(image)).toEqual(expected);
  });

  test('reads a bearer challenge', () => {
    expect(
      bearerParams(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"',
      ),
    ).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/node:pull',
    });
    expect(bearerParams('Basic realm="x"')).toBeUndefined();
  });
});
