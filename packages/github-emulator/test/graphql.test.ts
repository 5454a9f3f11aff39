import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, FINE_GRAINED, appJwt, client, failure, gql, http, startSample } from './helpers.js';

// POST /graphql: GitHub's published schema and GitHub's error shapes.
let em: EmulatorHandle;
beforeAll(async () => {
  em = await startSample();
});
afterAll(() => em.close());

test('trees and files by expression (HEAD:path, <branch>:path)', async () => {
  const query = `query($e: String!, $f: String!) { repository(owner: "acme", name: "api") {
    dir: object(expression: $e) { ... on Tree { entries { name path type mode oid object { ... on Blob { text } } } } }
    file: object(expression: $f) { __typename ... on Blob { text } }
    missing: object(expression: "main:nope.txt") { oid } } }`;
  const { data, errors } = await gql(em, CLASSIC, query, { e: 'HEAD:.github/workflows', f: 'main:README.md' });
  expect(errors).toBeUndefined();
  const listing = (
    await client(em, CLASSIC).rest.git.getTree({ owner: 'acme', repo: 'api', tree_sha: 'main', recursive: '1' })
  ).data.tree;
  const ci = listing.find((e) => e.path === '.github/workflows/ci.yml');
  expect(data.repository.dir.entries[0]).toEqual({
    name: 'ci.yml',
    path: '.github/workflows/ci.yml',
    type: 'blob',
    mode: 0o100644,
    oid: ci?.sha,
    object: { text: em.control.readFile('acme', 'api', '.github/workflows/ci.yml') },
  });
  expect(data.repository.file).toEqual({ __typename: 'Blob', text: '# acme api\n' });
  expect(data.repository.missing).toBeNull();
});

test('a private repository the token cannot see: NOT_FOUND, HTTP 200', async () => {
  const res = await http(em, 'POST', '/graphql', FINE_GRAINED, {
    query: 'query { repository(owner: "alice", name: "webapp") { id } }',
  });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({
    data: { repository: null },
    errors: [
      {
        type: 'NOT_FOUND',
        path: ['repository'],
        locations: [{ line: 1, column: 9 }],
        message: "Could not resolve to a Repository with the name 'alice/webapp'.",
      },
    ],
  });
});

test('bad, revoked and missing credentials: 401; an App JWT: 403', async () => {
  const unknown = await failure(client(em, 'ghp_unknownunknownunknownunknownunknown1').graphql('{ viewer { login } }'));
  expect(unknown.status).toBe(401);
  expect(unknown.response?.data).toMatchObject({
    message: 'Bad credentials',
    documentation_url: 'https://docs.github.com/graphql',
  });
  const token = 'ghp_revokedrevokedrevokedrevokedrevoke1';
  em.control.seed({ tokens: [{ token, kind: 'classic', user: 'alice', scopes: ['repo'] }] });
  expect((await gql(em, token, '{ viewer { login } }')).data.viewer.login).toBe('alice');
  em.control.revokeToken(token);
  expect((await failure(client(em, token).graphql('{ viewer { login } }'))).status).toBe(401);
  const anonymous = await http(em, 'POST', '/graphql', undefined, { query: '{ viewer { login } }' });
  expect(anonymous.status).toBe(401);
  expect(anonymous.json.message).toBe('This endpoint requires you to be authenticated.');
  const jwt = await http(
    em,
    'POST',
    '/graphql',
    undefined,
    { query: '{ viewer { login } }' },
    { authorization: `Bearer ${appJwt()}` },
  );
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
  expect((await gql(em, CLASSIC, 'query { viewer { login }')).errors).toEqual([
    { locations: [{ line: 1, column: 25 }], message: 'Unexpected end of document' },
  ]);
  expect((await gql(em, CLASSIC, 'foo')).errors?.[0]?.message).toBe('Parse error on "foo" (IDENTIFIER) at [1, 1]');
  const noArgs = await gql(em, CLASSIC, '{ repository(owner: "acme") { id } }');
  expect(noArgs.errors?.[0]).toMatchObject({
    extensions: { code: 'missingRequiredArguments' },
    message: "Field 'repository' is missing required arguments: name",
  });
  const unset = await gql(em, CLASSIC, 'query($owner: String!) { repository(owner: $owner, name: "api") { id } }');
  expect(unset.errors?.[0]).toMatchObject({
    message: 'Variable $owner of type String! was provided invalid value',
    extensions: { value: null },
  });
  const noPaging = await gql(
    em,
    CLASSIC,
    '{ repository(owner: "acme", name: "api") { pullRequests { nodes { number } } } }',
  );
  expect(noPaging.errors?.[0]).toMatchObject({
    type: 'MISSING_PAGINATION_BOUNDARIES',
    path: ['repository', 'pullRequests'],
  });
  const missing = await http(em, 'POST', '/graphql', CLASSIC, { variables: {} });
  expect(missing.status).toBe(400);
  expect(missing.json).toEqual({ errors: [{ message: 'A query attribute must be specified and must be a string.' }] });
  expect((await gql(em, CLASSIC, '{ viewer { login } }')).data).toEqual({ viewer: { login: 'alice' } });
});

test('an unimplemented field is an error naming it, never a silent null', async () => {
  const { data, errors } = await gql(
    em,
    CLASSIC,
    '{ repository(owner: "acme", name: "api") { nameWithOwner stargazerCount } }',
  );
  expect(data).toEqual({ repository: null });
  expect(errors).toEqual([
    expect.objectContaining({ type: 'EMULATOR_UNIMPLEMENTED', path: ['repository', 'stargazerCount'] }),
  ]);
  expect(errors?.[0]?.message).toContain('does not implement Repository.stargazerCount');
  const mutation = await gql(em, CLASSIC, 'mutation { addStar(input: { starrableId: "x" }) { clientMutationId } }');
  expect(mutation.errors?.[0]?.message).toContain('Mutation.addStar');
});
