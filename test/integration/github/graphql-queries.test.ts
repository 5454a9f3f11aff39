import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Octokit } from '@octokit/rest';
import { schemaErrors, startEmulator, type EmulatorHandle } from '@rampart/github-emulator';
import { REPOSITORY_SNAPSHOT_QUERY, blobsQuery } from '../../../src/github/graphql/repository-snapshot-query.js';

// Rampart's GraphQL queries against the emulator, which serves GitHub's published schema: the fields Rampart reads.
const sample = JSON.parse(
  readFileSync(
    createRequire(import.meta.url).resolve('@rampart/github-emulator/test/fixtures/sample-seed.json'),
    'utf8',
  ),
) as { tokens: Array<{ token: string }> };
const CLASSIC = sample.tokens[0]?.token ?? '';
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const client = (em: EmulatorHandle, auth: string) => new Octokit({ baseUrl: em.url, auth, log: quiet });

/** `octokit.graphql`, as Rampart calls it; GraphQL errors come back instead of being thrown. */
async function gql(
  em: EmulatorHandle,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: any; errors: unknown[] | undefined }> {
  try {
    return { data: await client(em, token).graphql(query, variables), errors: undefined };
  } catch (err) {
    const e = err as { name?: string; data?: unknown; errors?: unknown[] };
    if (e.name === 'GraphqlResponseError') return { data: e.data, errors: e.errors };
    throw err;
  }
}

let em: EmulatorHandle;
beforeAll(async () => {
  em = await startEmulator({ seed: sample });
});
afterAll(() => em.close());

const WORK = 'rampart/harden';
const snapshot = (owner: string, name: string) =>
  gql(em, CLASSIC, REPOSITORY_SNAPSHOT_QUERY, { owner, name, branchRef: `refs/heads/${WORK}`, branchName: WORK });

test('every query in src/github/graphql validates against GitHub’s schema', async () => {
  const dir = new URL('../../../src/github/graphql/', import.meta.url);
  const queries = [blobsQuery(0), blobsQuery(1), blobsQuery(25)];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    queries.push(
      ...Object.values(mod).filter(
        (v): v is string => typeof v === 'string' && /^\s*(query|mutation|fragment)\b/.test(v),
      ),
    );
  }
  expect(queries).toContain(REPOSITORY_SNAPSHOT_QUERY);
  for (const q of queries) expect(await schemaErrors(q)).toEqual([]);
});

test('snapshot of a repository without the work branch agrees with REST', async () => {
  const { data, errors } = await snapshot('acme', 'api');
  expect(errors).toBeUndefined();
  const rest = client(em, CLASSIC).rest;
  const repo = (await rest.repos.get({ owner: 'acme', repo: 'api' })).data;
  const main = (await rest.repos.getBranch({ owner: 'acme', repo: 'api', branch: 'main' })).data;
  expect(data.repository).toEqual({
    id: repo.node_id,
    databaseId: repo.id,
    nameWithOwner: 'acme/api',
    url: repo.html_url,
    isPrivate: true,
    isArchived: false,
    hasIssuesEnabled: true,
    viewerPermission: 'ADMIN',
    defaultBranchRef: { name: 'main', target: { oid: main.commit.sha, tree: { oid: main.commit.commit.tree.sha } } },
    workBranch: null,
    pullRequests: { nodes: [] },
    closedPullRequests: { nodes: [] },
  });
});

test('snapshot with the work branch and an open PR agrees with REST; closed PRs drop out', async () => {
  const rest = client(em, CLASSIC).rest;
  const [owner, repo] = ['acme', 'infra'];
  const base = (await rest.repos.getBranch({ owner, repo, branch: 'trunk' })).data.commit;
  const tree = await rest.git.createTree({
    owner,
    repo,
    base_tree: base.commit.tree.sha,
    tree: [{ path: '.github/workflows/deploy.yml', mode: '100644', type: 'blob', content: 'name: Deploy\r\n' }],
  });
  const commit = await rest.git.createCommit({
    owner,
    repo,
    message: 'Harden workflows',
    tree: tree.data.sha,
    parents: [base.sha],
  });
  await rest.git.createRef({ owner, repo, ref: `refs/heads/${WORK}`, sha: commit.data.sha });
  const pr = (
    await rest.pulls.create({
      owner,
      repo,
      head: WORK,
      base: 'trunk',
      title: 'Harden GitHub Actions',
      body: 'Pins “actions”.',
      draft: true,
    })
  ).data;

  const first = await snapshot(owner, repo);
  expect(first.errors).toBeUndefined();
  expect(first.data.repository.defaultBranchRef).toEqual({
    name: 'trunk',
    target: { oid: base.sha, tree: { oid: base.commit.tree.sha } },
  });
  expect(first.data.repository.workBranch).toEqual({
    name: WORK,
    target: {
      oid: commit.data.sha,
      message: 'Harden workflows',
      tree: { oid: tree.data.sha },
      parents: { nodes: [{ oid: base.sha }] },
    },
  });
  expect(first.data.repository.pullRequests.nodes).toEqual([
    {
      number: pr.number,
      url: pr.html_url,
      title: pr.title,
      body: pr.body,
      isDraft: true,
      headRefName: WORK,
      headRefOid: pr.head.sha,
      baseRefName: 'trunk',
      headRepository: { nameWithOwner: 'acme/infra' },
    },
  ]);

  em.control.closePull(owner, repo, pr.number);
  expect((await snapshot(owner, repo)).data.repository.pullRequests.nodes).toEqual([]);
  // The closed one is read instead, newest first, with the body that names its change set.
  expect((await snapshot(owner, repo)).data.repository.closedPullRequests.nodes).toEqual([
    {
      number: pr.number,
      url: pr.html_url,
      state: 'CLOSED',
      body: pr.body,
      headRepository: { nameWithOwner: 'acme/infra' },
    },
  ]);
  const again = (await rest.pulls.create({ owner, repo, head: WORK, base: 'trunk', title: 'Again' })).data;
  const nodes = (await snapshot(owner, repo)).data.repository.pullRequests.nodes as Array<{
    number: number;
    body: string;
    isDraft: boolean;
  }>;
  // A PR without a description has an empty body: the field is non-null.
  expect(nodes).toEqual([expect.objectContaining({ number: again.number, body: '', isDraft: false })]);
});

test('blobs by oid return their exact text; binary and large blobs say so', async () => {
  const rest = client(em, CLASSIC).rest;
  const large = `${'a'.repeat(512 * 1024 - 1)}é${'b'.repeat(1000)}`;
  const texts = ['on: push\r\njobs: {}\r\n', 'name: héllo wörld ✓ 日本語 🎉\n', '\uFEFFname: bom\n', large];
  const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe]);
  const shas: string[] = [];
  for (const content of texts) shas.push((await rest.git.createBlob({ owner: 'acme', repo: 'api', content })).data.sha);
  shas.push(
    (await rest.git.createBlob({ owner: 'acme', repo: 'api', content: binary.toString('base64'), encoding: 'base64' }))
      .data.sha,
  );
  shas.push('0'.repeat(40));
  const vars = Object.fromEntries(shas.map((sha, i) => [`o${i}`, sha]));
  const { data, errors } = await gql(em, CLASSIC, blobsQuery(shas.length), { owner: 'acme', name: 'api', ...vars });
  expect(errors).toBeUndefined();
  const r = data.repository;
  for (const [i, text] of texts.slice(0, 3).entries()) {
    expect(r[`b${i}`]).toEqual({
      oid: shas[i],
      byteSize: Buffer.byteLength(text),
      isBinary: false,
      isTruncated: false,
      text,
    });
  }
  // Cut at 512 KiB, backing off to a character boundary.
  expect(r.b3).toEqual({
    oid: shas[3],
    byteSize: Buffer.byteLength(large),
    isBinary: false,
    isTruncated: true,
    text: 'a'.repeat(512 * 1024 - 1),
  });
  expect(r.b4).toEqual({ oid: shas[4], byteSize: binary.length, isBinary: true, isTruncated: false, text: null });
  expect(r.b5).toBeNull();
});
