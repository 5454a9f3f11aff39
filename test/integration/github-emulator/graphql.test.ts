import { readdirSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { REPOSITORY_SNAPSHOT_QUERY, blobsQuery } from '../../../src/github/graphql/repository-snapshot-query.js';
import { githubSchema } from '../../github-emulator/graphql/github-schema.js';
import type { EmulatorHandle } from '../../github-emulator/index.js';
import { CLASSIC, FINE_GRAINED, appJwt, client, failure, gql, http, startSample } from './helpers.js';

// POST /graphql: GitHub's published schema, the fields Rampart reads, GitHub's error shapes.
let em: EmulatorHandle;
beforeAll(async () => {
  em = await startSample();
});
afterAll(() => em.close());

const WORK = 'rampart/harden';
const snapshot = (owner: string, name: string) => gql(em, CLASSIC, REPOSITORY_SNAPSHOT_QUERY, { owner, name, branchRef: `refs/heads/${WORK}`, branchName: WORK });

test('every query in src/github/graphql validates against GitHub’s schema', async () => {
  const schema = await githubSchema();
  const dir = new URL('../../../src/github/graphql/', import.meta.url);
  const queries = [blobsQuery(0), blobsQuery(1), blobsQuery(25)];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    queries.push(...Object.values(mod).filter((v): v is string => typeof v === 'string' && /^\s*(query|mutation|fragment)\b/.test(v)));
  }
  expect(queries).toContain(REPOSITORY_SNAPSHOT_QUERY);
  for (const q of queries) expect(validate(schema, parse(q)).map((e) => e.message)).toEqual([]);
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
    isPrivate: true,
    isArchived: false,
    viewerPermission: 'ADMIN',
    defaultBranchRef: { name: 'main', target: { oid: main.commit.sha, tree: { oid: main.commit.commit.tree.sha } } },
    workBranch: null,
    pullRequests: { nodes: [] },
  });
});

test('snapshot with the work branch and an open PR agrees with REST; closed PRs drop out', async () => {
  const rest = client(em, CLASSIC).rest;
  const [owner, repo] = ['acme', 'infra'];
  const base = (await rest.repos.getBranch({ owner, repo, branch: 'trunk' })).data.commit;
  const tree = await rest.git.createTree({ owner, repo, base_tree: base.commit.tree.sha, tree: [{ path: '.github/workflows/deploy.yml', mode: '100644', type: 'blob', content: 'name: Deploy\r\n' }] });
  const commit = await rest.git.createCommit({ owner, repo, message: 'Harden workflows', tree: tree.data.sha, parents: [base.sha] });
  await rest.git.createRef({ owner, repo, ref: `refs/heads/${WORK}`, sha: commit.data.sha });
  const pr = (await rest.pulls.create({ owner, repo, head: WORK, base: 'trunk', title: 'Harden GitHub Actions', body: 'Pins “actions”.', draft: true })).data;

  const first = await snapshot(owner, repo);
  expect(first.errors).toBeUndefined();
  expect(first.data.repository.defaultBranchRef).toEqual({ name: 'trunk', target: { oid: base.sha, tree: { oid: base.commit.tree.sha } } });
  expect(first.data.repository.workBranch).toEqual({ name: WORK, target: { oid: commit.data.sha, tree: { oid: tree.data.sha }, parents: { nodes: [{ oid: base.sha }] } } });
  expect(first.data.repository.pullRequests.nodes).toEqual([
    { number: pr.number, url: pr.html_url, title: pr.title, body: pr.body, isDraft: true, headRefName: WORK, headRefOid: pr.head.sha, baseRefName: 'trunk', headRepository: { nameWithOwner: 'acme/infra' } },
  ]);

  em.control.closePull(owner, repo, pr.number);
  expect((await snapshot(owner, repo)).data.repository.pullRequests.nodes).toEqual([]);
  const again = (await rest.pulls.create({ owner, repo, head: WORK, base: 'trunk', title: 'Again' })).data;
  const nodes = (await snapshot(owner, repo)).data.repository.pullRequests.nodes as Array<{ number: number; body: string; isDraft: boolean }>;
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
  shas.push((await rest.git.createBlob({ owner: 'acme', repo: 'api', content: binary.toString('base64'), encoding: 'base64' })).data.sha);
  shas.push('0'.repeat(40));
  const vars = Object.fromEntries(shas.map((sha, i) => [`o${i}`, sha]));
  const { data, errors } = await gql(em, CLASSIC, blobsQuery(shas.length), { owner: 'acme', name: 'api', ...vars });
  expect(errors).toBeUndefined();
  const r = data.repository;
  for (const [i, text] of texts.slice(0, 3).entries()) {
    expect(r[`b${i}`]).toEqual({ oid: shas[i], byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text });
  }
  // Cut at 512 KiB, backing off to a character boundary.
  expect(r.b3).toEqual({ oid: shas[3], byteSize: Buffer.byteLength(large), isBinary: false, isTruncated: true, text: 'a'.repeat(512 * 1024 - 1) });
  expect(r.b4).toEqual({ oid: shas[4], byteSize: binary.length, isBinary: true, isTruncated: false, text: null });
  expect(r.b5).toBeNull();
});

test('trees and files by expression (HEAD:path, <branch>:path)', async () => {
  const query = `query($e: String!, $f: String!) { repository(owner: "acme", name: "api") {
    dir: object(expression: $e) { ... on Tree { entries { name path type mode oid object { ... on Blob { text } } } } }
    file: object(expression: $f) { __typename ... on Blob { text } }
    missing: object(expression: "main:nope.txt") { oid } } }`;
  const { data, errors } = await gql(em, CLASSIC, query, { e: 'HEAD:.github/workflows', f: 'main:README.md' });
  expect(errors).toBeUndefined();
  const listing = (await client(em, CLASSIC).rest.git.getTree({ owner: 'acme', repo: 'api', tree_sha: 'main', recursive: '1' })).data.tree;
  const ci = listing.find((e) => e.path === '.github/workflows/ci.yml');
  expect(data.repository.dir.entries[0]).toEqual({ name: 'ci.yml', path: '.github/workflows/ci.yml', type: 'blob', mode: 0o100644, oid: ci?.sha, object: { text: em.control.readFile('acme', 'api', '.github/workflows/ci.yml') } });
  expect(data.repository.file).toEqual({ __typename: 'Blob', text: '# acme api\n' });
  expect(data.repository.missing).toBeNull();
});

test('a private repository the token cannot see: NOT_FOUND, HTTP 200', async () => {
  const res = await http(em, 'POST', '/graphql', FINE_GRAINED, { query: 'query { repository(owner: "alice", name: "webapp") { id } }' });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({
    data: { repository: null },
    errors: [{ type: 'NOT_FOUND', path: ['repository'], locations: [{ line: 1, column: 9 }], message: "Could not resolve to a Repository with the name 'alice/webapp'." }],
  });
});

test('bad, revoked and missing credentials: 401; an App JWT: 403', async () => {
  const unknown = await failure(client(em, 'ghp_unknownunknownunknownunknownunknown1').graphql('{ viewer { login } }'));
  expect(unknown.status).toBe(401);
  expect(unknown.response?.data).toMatchObject({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
  const token = 'ghp_revokedrevokedrevokedrevokedrevoke1';
  em.control.seed({ tokens: [{ token, kind: 'classic', user: 'alice', scopes: ['repo'] }] });
  expect((await gql(em, token, '{ viewer { login } }')).data.viewer.login).toBe('alice');
  em.control.revokeToken(token);
  expect((await failure(client(em, token).graphql('{ viewer { login } }'))).status).toBe(401);
  const anonymous = await http(em, 'POST', '/graphql', undefined, { query: '{ viewer { login } }' });
  expect(anonymous.status).toBe(401);
  expect(anonymous.json.message).toBe('This endpoint requires you to be authenticated.');
  const jwt = await http(em, 'POST', '/graphql', undefined, { query: '{ viewer { login } }' }, { authorization: `Bearer ${appJwt()}` });
  expect(jwt.status).toBe(403);
});

test('invalid queries get GitHub’s error shapes, and the emulator keeps serving', async () => {
  const unknownField = await gql(em, CLASSIC, 'query Probe { repository(owner: "acme", name: "api") { nope } }');
  expect(unknownField.data).toBeUndefined();
  expect(unknownField.errors).toEqual([
    {
      path: ['query Probe', 'repository', 'nope'],
      extensions: { code: 'undefinedField', typeName: 'Repository', fieldName: 'nope' },
      locations: [{ line: 1, column: 56 }],
      message: "Field 'nope' doesn't exist on type 'Repository'",
    },
  ]);
  expect((await gql(em, CLASSIC, 'query { viewer { login }')).errors).toEqual([{ locations: [{ line: 1, column: 25 }], message: 'Unexpected end of document' }]);
  expect((await gql(em, CLASSIC, 'foo')).errors?.[0]?.message).toBe('Parse error on "foo" (IDENTIFIER) at [1, 1]');
  const noArgs = await gql(em, CLASSIC, '{ repository(owner: "acme") { id } }');
  expect(noArgs.errors?.[0]).toMatchObject({ extensions: { code: 'missingRequiredArguments' }, message: "Field 'repository' is missing required arguments: name" });
  const unset = await gql(em, CLASSIC, 'query($owner: String!) { repository(owner: $owner, name: "api") { id } }');
  expect(unset.errors?.[0]).toMatchObject({ message: 'Variable $owner of type String! was provided invalid value', extensions: { value: null } });
  const noPaging = await gql(em, CLASSIC, '{ repository(owner: "acme", name: "api") { pullRequests { nodes { number } } } }');
  expect(noPaging.errors?.[0]).toMatchObject({ type: 'MISSING_PAGINATION_BOUNDARIES', path: ['repository', 'pullRequests'] });
  const missing = await http(em, 'POST', '/graphql', CLASSIC, { variables: {} });
  expect(missing.status).toBe(400);
  expect(missing.json).toEqual({ errors: [{ message: 'A query attribute must be specified and must be a string.' }] });
  expect((await gql(em, CLASSIC, '{ viewer { login } }')).data).toEqual({ viewer: { login: 'alice' } });
});

test('an unimplemented field is an error naming it, never a silent null', async () => {
  const { data, errors } = await gql(em, CLASSIC, '{ repository(owner: "acme", name: "api") { nameWithOwner stargazerCount } }');
  expect(data).toEqual({ repository: null });
  expect(errors).toEqual([expect.objectContaining({ type: 'EMULATOR_UNIMPLEMENTED', path: ['repository', 'stargazerCount'] })]);
  expect(errors?.[0]?.message).toContain('does not implement Repository.stargazerCount');
  const mutation = await gql(em, CLASSIC, 'mutation { addStar(input: { starrableId: "x" }) { clientMutationId } }');
  expect(mutation.errors?.[0]?.message).toContain('Mutation.addStar');
});
