import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, client, fakeToken, gql, http, installationToken, startSample } from './helpers.js';

// The GraphQL mutation createCommitOnBranch (docs/github-behaviour.md#commit-signatures): signed commits on an existing branch.
const NO_WORKFLOWS = fakeToken('github_pat_', 'noworkflows');
const READ_ONLY = fakeToken('github_pat_', 'contentsread');
const BOB = fakeToken('ghp_', 'bobclassic');

let em: EmulatorHandle;
beforeEach(async () => {
  em = await startSample((seed) => {
    const acme = { kind: 'fine-grained', user: 'alice', resource_owner: 'acme', repositories: ['acme/api'] };
    seed.tokens.push(
      { ...acme, token: NO_WORKFLOWS, permissions: { contents: 'write', pull_requests: 'write', metadata: 'read' } },
      { ...acme, token: READ_ONLY, permissions: { contents: 'read', metadata: 'read' } },
      { token: BOB, kind: 'classic', user: 'bob', scopes: ['repo'] },
    );
  });
});
afterEach(() => em.close());

const MUTATION = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit { oid url messageHeadline messageBody parents(first: 2) { nodes { oid } } signature { isValid state wasSignedByGitHub } }
    ref { name prefix target { oid } }
  }
}`;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function input(
  repo: string,
  branch: string,
  expectedHeadOid: string,
  changes: { additions?: Record<string, string>; deletions?: string[] },
) {
  return {
    input: {
      branch: { repositoryNameWithOwner: repo, branchName: branch },
      expectedHeadOid,
      message: { headline: 'Harden workflows', body: 'Pins actions to commit SHAs.' },
      fileChanges: {
        additions: Object.entries(changes.additions ?? {}).map(([path, text]) => ({ path, contents: b64(text) })),
        deletions: (changes.deletions ?? []).map((path) => ({ path })),
      },
    },
  };
}

/** Creates `branch` at the default branch's head over REST and returns that head. */
async function branchAtMain(owner: string, name: string, branch: string, token: string): Promise<string> {
  const main = em.control.repoState(owner, name).branches.main as string;
  await client(em, token).rest.git.createRef({ owner, repo: name, ref: `refs/heads/${branch}`, sha: main });
  return main;
}

test('commits additions and deletions on the branch, signed, authored by the token user, and moves the branch', async () => {
  const head = await branchAtMain('alice', 'webapp', 'rampart/harden', CLASSIC);
  const vars = input('alice/webapp', 'rampart/harden', head, {
    additions: { 'README.md': '# hardened\n', 'docs/new.md': 'new\n' },
    deletions: ['package.json'],
  });
  const { data, errors } = await gql(em, CLASSIC, MUTATION, vars);
  expect(errors).toBeUndefined();
  const commit = data.createCommitOnBranch.commit;
  expect(commit).toMatchObject({
    messageHeadline: 'Harden workflows',
    messageBody: 'Pins actions to commit SHAs.',
    parents: { nodes: [{ oid: head }] },
  });
  expect(commit.signature).toEqual({ isValid: true, state: 'VALID', wasSignedByGitHub: true });
  expect(commit.url).toMatch(new RegExp(`/alice/webapp/commit/${commit.oid}$`));
  expect(data.createCommitOnBranch.ref).toEqual({
    name: 'rampart/harden',
    prefix: 'refs/heads/',
    target: { oid: commit.oid },
  });

  const state = em.control.repoState('alice', 'webapp');
  expect(state.branches['rampart/harden']).toBe(commit.oid);
  expect(state.branches.main).toBe(head);
  const files = em.control.files('alice', 'webapp', 'rampart/harden').files;
  expect(files['README.md']).toBe('# hardened\n');
  expect(files['docs/new.md']).toBe('new\n');
  expect(files).not.toHaveProperty('package.json');
  expect(files['.github/workflows/ci.yml']).toBe(em.control.readFile('alice', 'webapp', '.github/workflows/ci.yml'));

  const rest = await http(em, 'GET', `/repos/alice/webapp/commits/${commit.oid}`, CLASSIC);
  expect(rest.json.commit.verification).toMatchObject({ verified: true, reason: 'valid' });
  expect(rest.json.commit.message).toBe('Harden workflows\n\nPins actions to commit SHAs.');
  expect(rest.json.commit.author).toMatchObject({ name: 'Alice Example', email: 'alice@example.com' });
  expect(rest.json.commit.committer).toMatchObject({ name: 'GitHub', email: 'noreply@github.com' });
  expect(rest.json.files.map((f: { filename: string; status: string }) => `${f.status} ${f.filename}`)).toEqual([
    'modified README.md',
    'added docs/new.md',
    'removed package.json',
  ]);
  const git = await http(em, 'GET', `/repos/alice/webapp/git/commits/${commit.oid}`, CLASSIC);
  expect(git.json.verification).toMatchObject({ verified: true, reason: 'valid' });
});

test('an installation token commits as the App bot, also verified', async () => {
  const token = await installationToken(em);
  const head = await branchAtMain('acme', 'api', 'rampart/harden', token);
  const { data, errors } = await gql(
    em,
    token,
    MUTATION,
    input('acme/api', 'rampart/harden', head, { additions: { '.github/workflows/ci.yml': 'name: CI\n' } }),
  );
  expect(errors).toBeUndefined();
  const rest = await http(em, 'GET', `/repos/acme/api/commits/${data.createCommitOnBranch.commit.oid}`, token);
  expect(rest.json.commit.author.name).toBe('rampart-hardener[bot]');
  expect(rest.json.commit.verification).toMatchObject({ verified: true, reason: 'valid' });
});

test('a stale expectedHeadOid fails and leaves the branch where it is', async () => {
  const head = await branchAtMain('alice', 'webapp', 'rampart/harden', CLASSIC);
  const first = await gql(
    em,
    CLASSIC,
    MUTATION,
    input('alice/webapp', 'rampart/harden', head, { additions: { 'a.txt': 'a\n' } }),
  );
  const moved = first.data.createCommitOnBranch.commit.oid as string;
  const { data, errors } = await gql(
    em,
    CLASSIC,
    MUTATION,
    input('alice/webapp', 'rampart/harden', head, { additions: { 'b.txt': 'b\n' } }),
  );
  expect(data).toEqual({ createCommitOnBranch: null });
  expect(errors).toEqual([
    expect.objectContaining({
      path: ['createCommitOnBranch'],
      message: `Expected branch to point to "${head}" but it did not. Pull and try again.`,
    }),
  ]);
  expect(em.control.repoState('alice', 'webapp').branches['rampart/harden']).toBe(moved);
});

test('a missing branch, a missing path to delete and an oversized payload are errors', async () => {
  const main = em.control.repoState('alice', 'webapp').branches.main as string;
  const missing = await gql(
    em,
    CLASSIC,
    MUTATION,
    input('alice/webapp', 'nope', main, { additions: { 'a.txt': 'a\n' } }),
  );
  expect(missing.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND', path: ['createCommitOnBranch'] })]);
  expect(missing.errors?.[0]?.message).toContain('refs/heads/nope');
  expect(em.control.repoState('alice', 'webapp').branches).not.toHaveProperty('nope');

  const head = await branchAtMain('alice', 'webapp', 'rampart/harden', CLASSIC);
  const gone = await gql(
    em,
    CLASSIC,
    MUTATION,
    input('alice/webapp', 'rampart/harden', head, { deletions: ['no/such/file'] }),
  );
  expect(gone.errors?.[0]?.message).toBe(
    `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
  );

  em.control.setLimits({ graphql: { commitMaxBytes: 100 } });
  const big = await gql(
    em,
    CLASSIC,
    MUTATION,
    input('alice/webapp', 'rampart/harden', head, { additions: { 'big.txt': 'x'.repeat(200) } }),
  );
  expect(big.errors).toEqual([expect.objectContaining({ type: 'UNPROCESSABLE' })]);
  expect(big.errors?.[0]?.message).toContain('too large');
  expect(em.control.repoState('alice', 'webapp').branches['rampart/harden']).toBe(head);
});

test('tokens without Contents write: NOT_FOUND for an unseen repository, FORBIDDEN for a read-only grant', async () => {
  const main = em.control.repoState('alice', 'webapp').branches.main as string;
  const unseen = await gql(em, BOB, MUTATION, input('alice/webapp', 'main', main, { additions: { 'a.txt': 'a\n' } }));
  expect(unseen.errors).toEqual([
    expect.objectContaining({
      type: 'NOT_FOUND',
      message: "Could not resolve to a Repository with the name 'alice/webapp'.",
    }),
  ]);

  const apiMain = em.control.repoState('acme', 'api').branches.main as string;
  const readOnly = await gql(
    em,
    READ_ONLY,
    MUTATION,
    input('acme/api', 'main', apiMain, { additions: { 'a.txt': 'a\n' } }),
  );
  expect(readOnly.errors).toEqual([
    expect.objectContaining({
      type: 'FORBIDDEN',
      message: 'alice does not have the correct permissions to execute `CreateCommitOnBranch`',
    }),
  ]);
  expect(em.control.repoState('acme', 'api').branches.main).toBe(apiMain);
});

test('the Workflows gate refuses workflow changes from a fine-grained PAT without Workflows write', async () => {
  const head = await branchAtMain('acme', 'api', 'rampart/harden', NO_WORKFLOWS);
  const blocked = await gql(
    em,
    NO_WORKFLOWS,
    MUTATION,
    input('acme/api', 'rampart/harden', head, { additions: { '.github/workflows/ci.yml': 'name: CI\n' } }),
  );
  expect(blocked.errors).toEqual([
    expect.objectContaining({
      type: 'FORBIDDEN',
      message:
        'refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yml` without `workflow` scope',
    }),
  ]);
  const deletion = await gql(
    em,
    NO_WORKFLOWS,
    MUTATION,
    input('acme/api', 'rampart/harden', head, { deletions: ['.github/workflows/release.yml'] }),
  );
  expect(deletion.errors?.[0]?.type).toBe('FORBIDDEN');
  expect(em.control.repoState('acme', 'api').branches['rampart/harden']).toBe(head);
  // The same token may change other files: the refusal is the gate, not the write permission.
  const other = await gql(
    em,
    NO_WORKFLOWS,
    MUTATION,
    input('acme/api', 'rampart/harden', head, { additions: { 'README.md': '# api\n' } }),
  );
  expect(other.errors).toBeUndefined();
});
