import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, FINE_GRAINED, client, fakeToken, failure, gql, installationToken, startSample } from './helpers.js';

// Issues and labels: numbering shared with pull requests, labels only from callers with push access, 410 when off.
const CAROL = fakeToken('ghp_', 'carolreader');
let em: EmulatorHandle;
beforeAll(async () => {
  em = await startSample((seed) => {
    seed.users.push({ login: 'carol', id: 4242 });
    seed.repositories.push({
      owner: 'alice',
      name: 'quiet',
      private: false,
      has_issues: false,
      files: { 'README.md': 'q\n' },
    });
    seed.tokens.push({ token: CAROL, kind: 'classic', user: 'carol', scopes: ['public_repo'] });
    const app = seed.apps[0]!;
    app.permissions = { ...(app.permissions as Record<string, string>), issues: 'write' };
  });
});
afterAll(() => em.close());

test('an issue takes the next number after pull requests, and an unknown label is created for a caller with push access', async () => {
  const gh = client(em, CLASSIC);
  const api = { owner: 'alice', repo: 'dotfiles' };
  const first = await gh.rest.issues.create({ ...api, title: 'one', labels: ['Rampart'] });
  const second = await gh.rest.issues.create({ ...api, title: 'two' });
  expect(second.data.number).toBe(first.data.number + 1);
  expect(first.data.labels).toEqual([expect.objectContaining({ name: 'Rampart', color: 'ededed' })]);
  const labelled = await gh.rest.issues.listForRepo({ ...api, labels: 'rampart' });
  expect(labelled.data.map((i) => i.number)).toEqual([first.data.number]);
});

test('labels from a caller without push access are silently dropped, as GitHub documents', async () => {
  const issue = await client(em, CAROL).rest.issues.create({
    owner: 'alice',
    repo: 'dotfiles',
    title: 'from a reader',
    labels: ['rampart'],
  });
  expect(issue.data.labels).toEqual([]);
  expect(issue.data.user?.login).toBe('carol');
  // Someone else's issue: a reader may not edit it.
  const mine = await client(em, CLASSIC).rest.issues.create({ owner: 'alice', repo: 'dotfiles', title: 'alice’s' });
  expect(
    (
      await failure(
        client(em, CAROL).rest.issues.update({
          owner: 'alice',
          repo: 'dotfiles',
          issue_number: mine.data.number,
          title: 'x',
        }),
      )
    ).status,
  ).toBe(403);
});

test('a repository with issues turned off answers 410; a fine-grained token needs Issues', async () => {
  const off = await failure(client(em, CLASSIC).rest.issues.create({ owner: 'alice', repo: 'quiet', title: 't' }));
  expect(off.status).toBe(410);
  expect(off.response?.data).toMatchObject({ message: 'Issues are disabled for this repo' });
  const noIssues = await failure(
    client(em, FINE_GRAINED).rest.issues.create({ owner: 'acme', repo: 'api', title: 't' }),
  );
  expect(noIssues.status).toBe(403);
});

test('GraphQL reads open labelled issues and hasIssuesEnabled; closing moves an issue out of OPEN', async () => {
  const gh = client(em, CLASSIC);
  const created = await gh.rest.issues.create({
    owner: 'acme',
    repo: 'infra',
    title: 'findings',
    body: 'list',
    labels: ['rampart'],
  });
  const query = `query { repository(owner: "acme", name: "infra") { hasIssuesEnabled
    issues(labels: ["rampart"], states: [OPEN], first: 5, orderBy: {field: CREATED_AT, direction: DESC}) { nodes { number title body url labels(first: 5) { nodes { name } } } } } }`;
  const open = await gql(em, CLASSIC, query);
  expect(open.errors).toBeUndefined();
  expect(open.data.repository.hasIssuesEnabled).toBe(true);
  expect(open.data.repository.issues.nodes).toEqual([
    {
      number: created.data.number,
      title: 'findings',
      body: 'list',
      url: created.data.html_url,
      labels: { nodes: [{ name: 'rampart' }] },
    },
  ]);
  const closed = await gh.rest.issues.update({
    owner: 'acme',
    repo: 'infra',
    issue_number: created.data.number,
    state: 'closed',
  });
  expect(closed.data).toMatchObject({
    state: 'closed',
    state_reason: 'completed',
    closed_by: expect.objectContaining({ login: 'alice' }),
  });
  expect((await gql(em, CLASSIC, query)).data.repository.issues.nodes).toEqual([]);
});

test('an App installation token with Issues write sets labels; its issues are authored by the bot', async () => {
  const token = await installationToken(em, { permissions: { issues: 'write', metadata: 'read' } });
  const issue = await client(em, token).rest.issues.create({
    owner: 'acme',
    repo: 'api',
    title: 'by the app',
    labels: ['rampart'],
  });
  expect(issue.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['rampart']);
  expect(issue.data.user?.login).toMatch(/\[bot\]$/);
});
