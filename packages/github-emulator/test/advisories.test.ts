import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, http, startSample } from './helpers.js';

// GET /advisories: GitHub's global security advisories, served from the seed's `advisories`.
const vuln = (name: string, range: string, patched: string | null, ecosystem = 'actions') => ({
  package: { ecosystem, name },
  vulnerable_version_range: range,
  first_patched_version: patched,
});
const ADVISORIES = [
  {
    ghsa_id: 'GHSA-2222-3333-4444',
    summary: 'token leak',
    severity: 'high',
    published_at: '2024-03-01T00:00:00Z',
    vulnerabilities: [vuln('octo/deploy', '>= 1.0.0, < 1.0.1', '1.0.1')],
  },
  {
    ghsa_id: 'GHSA-3333-4444-5555',
    summary: 'injection',
    severity: 'critical',
    published_at: '2024-02-01T00:00:00Z',
    vulnerabilities: [vuln('Octo/Deploy/sub', '< 3', null), vuln('other/thing', '< 1', '1.0.0')],
  },
  {
    ghsa_id: 'GHSA-4444-5555-6666',
    summary: 'npm one',
    severity: 'low',
    published_at: '2024-01-01T00:00:00Z',
    vulnerabilities: [vuln('left-pad', '< 2', '2.0.0', 'npm')],
  },
  {
    ghsa_id: 'GHSA-5555-6666-7777',
    summary: 'gone',
    severity: 'medium',
    published_at: '2024-04-01T00:00:00Z',
    withdrawn_at: '2024-04-01T00:00:00Z',
    vulnerabilities: [vuln('octo/deploy', '< 9', null)],
  },
  {
    ghsa_id: 'GHSA-6666-7777-8888',
    summary: 'malware',
    type: 'malware',
    severity: 'critical',
    vulnerabilities: [vuln('octo/deploy', '< 9', null)],
  },
];

let em: EmulatorHandle;
beforeAll(async () => {
  em = await startSample((seed) => ((seed as { advisories?: unknown[] }).advisories = ADVISORIES));
});
afterAll(() => em.close());

const ids = (json: Array<{ ghsa_id: string }>) => json.map((a) => a.ghsa_id);

test('lists reviewed advisories, newest first, with GitHub’s fields; anonymous callers are served', async () => {
  const res = await http(em, 'GET', '/advisories');
  expect(res.status).toBe(200);
  expect(ids(res.json)).toEqual([
    'GHSA-5555-6666-7777',
    'GHSA-2222-3333-4444',
    'GHSA-3333-4444-5555',
    'GHSA-4444-5555-6666',
  ]);
  expect(res.json[1]).toMatchObject({
    ghsa_id: 'GHSA-2222-3333-4444',
    url: `${em.url}/advisories/GHSA-2222-3333-4444`,
    type: 'reviewed',
    severity: 'high',
    identifiers: [{ type: 'GHSA', value: 'GHSA-2222-3333-4444' }],
    withdrawn_at: null,
    vulnerabilities: [
      {
        package: { ecosystem: 'actions', name: 'octo/deploy' },
        vulnerable_version_range: '>= 1.0.0, < 1.0.1',
        first_patched_version: '1.0.1',
        vulnerable_functions: [],
      },
    ],
  });
  expect(ids((await http(em, 'GET', '/advisories?type=malware')).json)).toEqual(['GHSA-6666-7777-8888']);
  expect(ids((await http(em, 'GET', '/advisories?is_withdrawn=false&severity=critical')).json)).toEqual([
    'GHSA-3333-4444-5555',
  ]);
});

test('ecosystem and affects filter by package, and by version against each vulnerable range', async () => {
  const q = async (query: string) => ids((await http(em, 'GET', `/advisories?${query}`, CLASSIC)).json);
  expect(await q('ecosystem=npm')).toEqual(['GHSA-4444-5555-6666']);
  expect(await q('ecosystem=actions&affects=octo/deploy')).toEqual(['GHSA-5555-6666-7777', 'GHSA-2222-3333-4444']);
  expect(await q('ecosystem=actions&affects=octo/deploy@v1.0.0')).toEqual([
    'GHSA-5555-6666-7777',
    'GHSA-2222-3333-4444',
  ]);
  expect(await q('ecosystem=actions&affects=octo/deploy@1.0.1')).toEqual(['GHSA-5555-6666-7777']);
  expect(await q('affects=octo/deploy/sub,other/thing@2.0.0')).toEqual(['GHSA-3333-4444-5555']);
  expect(await q('affects[]=left-pad@1.0.0&affects[]=nothing')).toEqual(['GHSA-4444-5555-6666']);
  expect(await q('ecosystem=npm&affects=octo/deploy')).toEqual([]);
  const bad = await http(em, 'GET', '/advisories?ecosystem=cobol');
  expect(bad.status).toBe(422);
  expect(bad.json).toMatchObject({ message: 'Validation Failed', errors: [expect.stringContaining('ecosystem')] });
});

test('pages by cursor: the next page’s `after` is in the Link header only', async () => {
  const first = await http(em, 'GET', '/advisories?per_page=3&direction=asc');
  expect(ids(first.json)).toEqual(['GHSA-4444-5555-6666', 'GHSA-3333-4444-5555', 'GHSA-2222-3333-4444']);
  const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
  expect(next).toMatch(/[?&]after=/);
  const second = await http(em, 'GET', new URL(next!).pathname + new URL(next!).search);
  expect(ids(second.json)).toEqual(['GHSA-5555-6666-7777']);
  expect(second.headers.get('link')).toMatch(/rel="prev"/);
  expect(second.headers.get('link')).not.toMatch(/rel="next"/);
});
