import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, client, gql, http, startSample } from './helpers.js';

// GET /repos/{o}/{r}/compare/{base}...{head} and the archived flag: what Rampart asks about an action's repository.
let em: EmulatorHandle;
const REPO = { owner: 'acme', repo: 'tool' };
const commits: Record<string, string> = {};

beforeAll(async () => {
  em = await startSample((seed) => {
    seed.repositories.push({ owner: 'acme', name: 'tool', files: { 'action.yml': 'name: tool\n' }, archived: true });
  });
  const gh = client(em, CLASSIC);
  const main = await gh.rest.repos.getBranch({ ...REPO, branch: 'main' });
  commits.first = main.data.commit.sha;
  const tree = main.data.commit.commit.tree.sha;
  const next = async (parent: string, message: string) =>
    (await gh.rest.git.createCommit({ ...REPO, message, tree, parents: [parent] })).data.sha;
  commits.second = await next(commits.first, 'second');
  commits.third = await next(commits.second, 'third');
  // A commit no ref reaches: what a fork's commit looks like from the parent repository.
  commits.dangling = await next(commits.first, 'from a fork');
  await gh.rest.git.updateRef({ ...REPO, ref: 'heads/main', sha: commits.third });
});
afterAll(() => em.close());

const status = async (basehead: string) => {
  const res = await http(em, 'GET', `/repos/acme/tool/compare/${basehead}?per_page=1`, CLASSIC);
  return res.status === 200
    ? { status: res.json.status, ahead: res.json.ahead_by, behind: res.json.behind_by, listed: res.json.commits.length }
    : res.status;
};

test('a commit in the branch’s history is behind it; the head itself is identical', async () => {
  expect(await status(`main...${commits.first}`)).toEqual({ status: 'behind', ahead: 0, behind: 2, listed: 0 });
  expect(await status(`main...${commits.third}`)).toEqual({ status: 'identical', ahead: 0, behind: 0, listed: 0 });
  expect(await status(`${commits.first}...main`)).toEqual({ status: 'ahead', ahead: 2, behind: 0, listed: 1 });
});

test('a commit no ref reaches has diverged; an unknown one is 404', async () => {
  expect(await status(`main...${commits.dangling}`)).toEqual({ status: 'diverged', ahead: 1, behind: 2, listed: 1 });
  expect(await status(`main...${'0'.repeat(40)}`)).toBe(404);
  expect(await status('main..third')).toBe(404);
});

test('the archived flag shows in REST and GraphQL', async () => {
  expect((await http(em, 'GET', '/repos/acme/tool', CLASSIC)).json.archived).toBe(true);
  expect((await http(em, 'GET', '/repos/acme/api', CLASSIC)).json.archived).toBe(false);
  const answer = await gql(
    em,
    CLASSIC,
    '{ a: repository(owner: "acme", name: "tool") { isArchived } b: repository(owner: "acme", name: "api") { isArchived } }',
  );
  expect(answer.data).toEqual({ a: { isArchived: true }, b: { isArchived: false } });
});
