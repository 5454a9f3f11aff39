import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, FINE_GRAINED, client, gql, http, installationToken, startSample } from './helpers.js';

// Commit `verification` on REST commits and the "require signed commits" merge rule (docs/github-behaviour.md#commit-signatures).
let em: EmulatorHandle;
beforeEach(async () => {
  em = await startSample((seed) => {
    const api = seed.repositories.find((r) => r.owner === 'acme' && r.name === 'api');
    if (api) api.require_signed_commits = true;
  });
});
afterEach(() => em.close());

const api = { owner: 'acme', repo: 'api' };

/** A REST Git Data commit on top of acme/api's main; returns the POST answer's body. */
async function restCommit(token: string, extra: Record<string, unknown> = {}) {
  const main = em.control.repoState('acme', 'api').branches.main as string;
  const gh = client(em, token);
  const tree = await gh.rest.git.createTree({
    ...api,
    base_tree: (await gh.rest.git.getCommit({ ...api, commit_sha: main })).data.tree.sha,
    tree: [{ path: 'NOTES.md', mode: '100644', type: 'blob', content: `by ${token.slice(0, 8)}\n` }],
  });
  const res = await http(em, 'POST', '/repos/acme/api/git/commits', token, {
    message: 'Notes',
    tree: tree.data.sha,
    parents: [main],
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.json;
}

/** Verification as the three read paths show it: the POST answer, `GET /git/commits/{sha}`, `GET /commits/{sha}`. */
async function verificationOf(token: string, created: { sha: string; verification: unknown }) {
  const git = await http(em, 'GET', `/repos/acme/api/git/commits/${created.sha}`, token);
  const rest = await http(em, 'GET', `/repos/acme/api/commits/${created.sha}`, token);
  expect(git.json.verification).toEqual(created.verification);
  expect(rest.json.commit.verification).toEqual(created.verification);
  return created.verification;
}

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

test('REST commits: unsigned with PATs, verified for an App token only without a custom author or committer', async () => {
  const classic = await restCommit(CLASSIC);
  expect(await verificationOf(CLASSIC, classic)).toEqual(UNSIGNED);
  const query =
    'query($oid: GitObjectID!) { repository(owner: "acme", name: "api") { object(oid: $oid) { ... on Commit { signature { isValid } } } } }';
  expect((await gql(em, CLASSIC, query, { oid: classic.sha })).data.repository.object.signature).toBeNull();
  expect(await verificationOf(FINE_GRAINED, await restCommit(FINE_GRAINED))).toEqual(UNSIGNED);

  const app = await installationToken(em);
  const signed = await restCommit(app);
  expect(await verificationOf(app, signed)).toMatchObject({ verified: true, reason: 'valid' });
  expect(signed.author.name).toBe('rampart-hardener[bot]');
  const author = { name: 'Someone', email: 'someone@example.com' };
  expect(await verificationOf(app, await restCommit(app, { author }))).toEqual(UNSIGNED);
  expect(await verificationOf(app, await restCommit(app, { committer: author }))).toEqual(UNSIGNED);
});

/** A branch off main holding one commit, and a pull request from it. */
async function pullWith(branch: string, commit: (main: string) => Promise<string>): Promise<number> {
  const main = em.control.repoState('acme', 'api').branches.main as string;
  const gh = client(em, FINE_GRAINED);
  await gh.rest.git.createRef({ ...api, ref: `refs/heads/${branch}`, sha: main });
  const sha = await commit(main);
  await gh.rest.git.updateRef({ ...api, ref: `heads/${branch}`, sha });
  return (await gh.rest.pulls.create({ ...api, title: branch, head: branch, base: 'main' })).data.number;
}

const MUTATION = `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`;

test('under "require signed commits" a pull request with an unsigned commit cannot merge, a signed one can', async () => {
  const unsigned = await pullWith('rest-commit', async () => (await restCommit(FINE_GRAINED)).sha as string);
  const signed = await pullWith('mutation-commit', async (main) => {
    const input = {
      branch: { repositoryNameWithOwner: 'acme/api', branchName: 'mutation-commit' },
      expectedHeadOid: main,
      message: { headline: 'Notes' },
      fileChanges: { additions: [{ path: 'NOTES.md', contents: Buffer.from('signed\n').toString('base64') }] },
    };
    const { data, errors } = await gql(em, FINE_GRAINED, MUTATION, { input });
    expect(errors).toBeUndefined();
    return data.createCommitOnBranch.commit.oid as string;
  });
  expect(em.control.repoState('acme', 'api').require_signed_commits).toBe(true);

  const refused = await http(em, 'PUT', `/repos/acme/api/pulls/${unsigned}/merge`, FINE_GRAINED, {});
  expect(refused.status).toBe(405);
  expect(refused.json).toEqual({
    message: 'Commits must have verified signatures.',
    documentation_url: 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request',
    status: '405',
  });
  const control = await http(em, 'POST', `/_emulator/repos/acme/api/pulls/${unsigned}/merge`, undefined, {});
  expect(control.status).toBe(405);
  expect(control.json.message).toBe('Commits must have verified signatures.');
  expect(em.control.pulls('acme', 'api').find((p) => p.number === unsigned)).toMatchObject({
    state: 'open',
    merged: false,
  });

  const merged = await http(em, 'PUT', `/repos/acme/api/pulls/${signed}/merge`, FINE_GRAINED, {});
  expect(merged.status).toBe(200);
  expect(merged.json).toMatchObject({ merged: true, message: 'Pull Request successfully merged' });
  expect(em.control.repoState('acme', 'api').branches.main).toBe(merged.json.sha);

  // Turning the rule off lets the unsigned pull request merge.
  const off = await http(em, 'POST', '/_emulator/repos/acme/api/settings', undefined, {
    require_signed_commits: false,
  });
  expect(off.json).toEqual({ require_signed_commits: false });
  expect(em.control.mergePull('acme', 'api', unsigned)).toMatchObject({ state: 'closed', merged: true });
});

test('the merge endpoint: closed pull requests, a moved head and other merge methods', async () => {
  await http(em, 'POST', '/_emulator/repos/acme/api/settings', undefined, { require_signed_commits: false });
  const n = await pullWith('plain', async () => (await restCommit(FINE_GRAINED)).sha as string);
  const stale = await http(em, 'PUT', `/repos/acme/api/pulls/${n}/merge`, FINE_GRAINED, { sha: '0'.repeat(40) });
  expect(stale.status).toBe(409);
  expect(stale.json.message).toBe('Head branch was modified. Review and try the merge again.');
  const squash = await http(em, 'PUT', `/repos/acme/api/pulls/${n}/merge`, FINE_GRAINED, { merge_method: 'squash' });
  expect(squash.status).toBe(422);
  expect((await http(em, 'PUT', `/repos/acme/api/pulls/${n}/merge`, FINE_GRAINED, {})).status).toBe(200);
  const again = await http(em, 'PUT', `/repos/acme/api/pulls/${n}/merge`, FINE_GRAINED, {});
  expect(again.status).toBe(405);
  expect(again.json.message).toBe('Pull Request is not mergeable');
  const bad = await http(em, 'POST', '/_emulator/repos/acme/api/settings', undefined, {
    require_signed_commits: 'yes',
  });
  expect(bad.status).toBe(400);
});
