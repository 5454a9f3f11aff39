import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, client, failure, http, startSample } from './helpers.js';

// Action-ref resolution as `rampart harden` does it (docs/github-behaviour.md#resolving-action-refs).
let em: EmulatorHandle;
beforeAll(async () => {
  em = await startSample();
});
afterAll(() => em.close());

const V4 = '11bd71901bbe5b1630ceea73d27597364c9af683';
const HARDEN = '0080882f6c36860b6ba35c610c98ce87d4e2f26f';

test('tag listing shows peeled commit SHAs, paginates with Link headers', async () => {
  const gh = client(em, CLASSIC);
  const { data, headers } = await gh.rest.repos.listTags({
    owner: 'step-security',
    repo: 'harden-runner',
    per_page: 2,
  });
  expect(data.map((t) => t.name)).toEqual(['v2.10.2', 'v2.10.1']);
  expect(data[0]?.commit.sha).toBe(HARDEN); // annotated tag, peeled
  expect(data[0]?.zipball_url).toMatch(/\/zipball\/refs\/tags\/v2\.10\.2$/);
  expect(headers.link).toContain('rel="next"');
  const all = await gh.paginate(gh.rest.repos.listTags, { owner: 'step-security', repo: 'harden-runner', per_page: 2 });
  expect(all.map((t) => t.name)).toEqual(['v2.10.2', 'v2.10.1', 'v2']);
});

test('commits/{ref} with the sha media type resolves branch, tag, annotated tag, sha and refs/tags/x', async () => {
  const gh = client(em, CLASSIC);
  const sha = async (owner: string, repo: string, ref: string) =>
    (await gh.rest.repos.getCommit({ owner, repo, ref, mediaType: { format: 'sha' } })).data as unknown as string;
  expect(await sha('actions', 'checkout', 'v4')).toBe(V4);
  expect(await sha('actions', 'checkout', 'releases/v4')).toBe(V4);
  expect(await sha('actions', 'checkout', 'refs/tags/v4.1.1')).toBe('b4ffde65f46336ab88eb53be808477a3936bae11');
  expect(await sha('step-security', 'harden-runner', 'v2.10.2')).toBe(HARDEN);
  expect(await sha('actions', 'checkout', V4)).toBe(V4);
  const err = await failure(
    gh.rest.repos.getCommit({ owner: 'actions', repo: 'checkout', ref: 'v99', mediaType: { format: 'sha' } }),
  );
  expect(err.status).toBe(422);
  expect(err.response?.data).toEqual({
    message: 'No commit found for SHA: v99',
    documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit',
    status: '422',
  });
});

test('If-None-Match with the known sha answers 304 and costs no rate limit', async () => {
  const first = await http(em, 'GET', '/repos/actions/checkout/commits/v4', CLASSIC, undefined, {
    accept: 'application/vnd.github.sha',
  });
  expect(first.status).toBe(200);
  expect(first.text).toBe(V4);
  expect(first.headers.get('content-type')).toContain('application/vnd.github.sha');
  const used = Number(first.headers.get('x-ratelimit-used'));
  const again = await http(em, 'GET', '/repos/actions/checkout/commits/v4', CLASSIC, undefined, {
    accept: 'application/vnd.github.sha',
    'if-none-match': `"${V4}"`,
  });
  expect(again.status).toBe(304);
  expect(Number(again.headers.get('x-ratelimit-used'))).toBe(used);
  const json = await http(em, 'GET', '/repos/actions/checkout/commits/v4', CLASSIC);
  expect(json.json.sha).toBe(V4);
});

test('git/ref: lightweight tags are commits, annotated tags are tag objects to peel; bare SHAs are 404', async () => {
  const gh = client(em, CLASSIC);
  const light = await gh.rest.git.getRef({ owner: 'actions', repo: 'checkout', ref: 'tags/v4' });
  expect(light.data.object).toMatchObject({ type: 'commit', sha: V4 });
  const annotated = await gh.rest.git.getRef({ owner: 'step-security', repo: 'harden-runner', ref: 'tags/v2.10.2' });
  expect(annotated.data.object.type).toBe('tag');
  expect(annotated.data.object.sha).not.toBe(HARDEN);
  const tag = await gh.rest.git.getTag({
    owner: 'step-security',
    repo: 'harden-runner',
    tag_sha: annotated.data.object.sha,
  });
  expect(tag.data).toMatchObject({ tag: 'v2.10.2', object: { type: 'commit', sha: HARDEN } });
  const branch = await gh.rest.git.getRef({ owner: 'actions', repo: 'checkout', ref: 'heads/releases/v4' });
  expect(branch.data.ref).toBe('refs/heads/releases/v4');
  expect((await failure(gh.rest.git.getRef({ owner: 'actions', repo: 'checkout', ref: V4 }))).status).toBe(404);
  expect((await failure(gh.rest.git.getRef({ owner: 'actions', repo: 'checkout', ref: 'tags/nope' }))).status).toBe(
    404,
  );
});

test('matching-refs lists refs by prefix', async () => {
  const gh = client(em, CLASSIC);
  const { data } = await gh.rest.git.listMatchingRefs({ owner: 'actions', repo: 'checkout', ref: 'tags/v4' });
  expect(data.map((r) => r.ref)).toEqual(['refs/tags/v4', 'refs/tags/v4.1.1', 'refs/tags/v4.2.2']);
  const none = await gh.rest.git.listMatchingRefs({ owner: 'actions', repo: 'checkout', ref: 'tags/v9' });
  expect(none.data).toEqual([]);
});

test('branches/{branch} gives the commit and its tree in one call; unknown branch is 404', async () => {
  const gh = client(em, CLASSIC);
  const { data } = await gh.rest.repos.getBranch({ owner: 'alice', repo: 'webapp', branch: 'main' });
  expect(data.commit.sha).toMatch(/^[0-9a-f]{40}$/);
  expect(data.commit.commit.tree.sha).toMatch(/^[0-9a-f]{40}$/);
  const slashed = await gh.rest.repos.getBranch({ owner: 'actions', repo: 'checkout', branch: 'releases/v4' });
  expect(slashed.data.commit.sha).toBe(V4);
  const err = await failure(gh.rest.repos.getBranch({ owner: 'alice', repo: 'webapp', branch: 'nope' }));
  expect(err.status).toBe(404);
  expect(err.response?.data).toMatchObject({ message: 'Branch not found' });
});

test('seeded repositories get the same SHAs on every start', async () => {
  const other = await startSample();
  try {
    expect(other.control.repoState('alice', 'webapp').branches).toEqual(
      em.control.repoState('alice', 'webapp').branches,
    );
  } finally {
    await other.close();
  }
});
