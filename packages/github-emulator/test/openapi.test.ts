import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Octokit } from '@octokit/rest';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { EmulatorHandle } from '../src/index.js';
import { APP, CLASSIC, INSTALLATION_ID, appJwt, client, fakeToken, installationToken, startSample } from './helpers.js';

// Every response shape the emulator serves, checked against GitHub's published OpenAPI description.
type Json = Record<string, any>;
interface Recorded {
  method: string;
  route: string;
  status: number;
  data: unknown;
  contentType: string;
}

const spec = JSON.parse(
  readFileSync(
    new URL('../../../node_modules/@octokit/openapi/generated/api.github.com.deref.json', import.meta.url),
    'utf8',
  ),
) as Json;
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (
  ajv: Ajv,
) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

/**
 * OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a null alternative. GitHub's spec also has
 * overlapping `oneOf` branches (a private-user is also a valid public-user), which no document can
 * satisfy under oneOf; we read them as anyOf. Everything else is checked as published.
 */
function relax(schema: unknown, seen = new Map<unknown, unknown>()): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (seen.has(schema)) return seen.get(schema);
  if (Array.isArray(schema)) {
    const out: unknown[] = [];
    seen.set(schema, out);
    for (const x of schema) out.push(relax(x, seen));
    return out;
  }
  const out: Json = {};
  seen.set(schema, out);
  for (const [k, v] of Object.entries(schema)) out[k === 'oneOf' ? 'anyOf' : k] = relax(v, seen);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    } else {
      const inner = { ...out };
      for (const k of Object.keys(out)) delete out[k];
      out.anyOf = [inner, { type: 'null' }];
    }
  }
  return out;
}

const compiled = new Map<unknown, ValidateFunction>();
function validator(schema: unknown): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(relax(schema) as Json)));
  return v;
}

const BASIC_ERROR = spec.paths['/user'].get.responses['401'].content['application/json'].schema;

// Known inaccuracy of the published description: for GET /app/installations the installation's
// `account` is allOf[simple-user, enterprise], which no account satisfies; every other installation
// operation (e.g. GET /app/installations/{id}) says anyOf. Read it as the others do.
const listAccount = spec.paths['/app/installations'].get.responses['200'].content['application/json'].schema.items
  .properties.account as Json;
if (Array.isArray(listAccount.allOf)) {
  listAccount.anyOf = listAccount.allOf;
  delete listAccount.allOf;
}

/** Operations the emulator serves; each must be answered at least once with a 2xx. */
const SERVED = [
  'GET /user',
  'GET /users/{username}',
  'GET /user/repos',
  'GET /repos/{owner}/{repo}',
  'GET /installation/repositories',
  'GET /rate_limit',
  'GET /repos/{owner}/{repo}/tags',
  'GET /repos/{owner}/{repo}/commits/{ref}',
  'GET /repos/{owner}/{repo}/git/ref/{ref}',
  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
  'GET /repos/{owner}/{repo}/git/tags/{tag_sha}',
  'GET /repos/{owner}/{repo}/branches/{branch}',
  'GET /repos/{owner}/{repo}/contents/{path}',
  'PUT /repos/{owner}/{repo}/contents/{path}',
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
  'POST /repos/{owner}/{repo}/git/blobs',
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
  'POST /repos/{owner}/{repo}/git/commits',
  'POST /repos/{owner}/{repo}/git/trees',
  'POST /repos/{owner}/{repo}/git/refs',
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}',
  'POST /repos/{owner}/{repo}/pulls',
  'GET /repos/{owner}/{repo}/pulls',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}',
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
  'POST /repos/{owner}/{repo}/releases/generate-notes',
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
  'GET /app',
  'GET /app/installations',
  'GET /app/installations/{installation_id}',
  'GET /repos/{owner}/{repo}/installation',
  'GET /orgs/{org}/installation',
  'GET /users/{username}/installation',
  'POST /app/installations/{installation_id}/access_tokens',
  'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
  'GET /advisories',
  'GET /repos/{owner}/{repo}/compare/{basehead}',
  'POST /repos/{owner}/{repo}/issues',
  'GET /repos/{owner}/{repo}/issues',
  'GET /repos/{owner}/{repo}/issues/{issue_number}',
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  'GET /repos/{owner}/{repo}/labels',
  'POST /repos/{owner}/{repo}/labels',
];

const records: Recorded[] = [];
const hooks: Array<{ event: string; body: Json }> = [];
let em: EmulatorHandle;
let receiver: Server;

function recording(gh: Octokit): Octokit {
  gh.hook.wrap('request', async (request, options) => {
    const base = { method: String(options.method), route: String(options.url) };
    try {
      const res = await request(options);
      records.push({
        ...base,
        status: res.status,
        data: res.data,
        contentType: String(res.headers['content-type'] ?? ''),
      });
      return res;
    } catch (err) {
      const e = err as {
        status?: number;
        response?: { data: unknown; headers: Record<string, string | number | undefined> };
      };
      if (e.status)
        records.push({
          ...base,
          status: e.status,
          data: e.response?.data,
          contentType: String(e.response?.headers['content-type'] ?? ''),
        });
      throw err;
    }
  });
  return gh;
}

const failed = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    () => undefined,
  );

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooks.push({ event: String(req.headers['x-github-event']), body: JSON.parse(body) as Json });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  em = await startSample(
    (seed) => {
      seed.repositories.push({ owner: 'alice', name: 'empty', private: true });
      (seed as { advisories?: unknown[] }).advisories = [
        {
          ghsa_id: 'GHSA-2222-3333-4444',
          cve_id: 'CVE-2024-0001',
          summary: 'token leak',
          severity: 'high',
          vulnerabilities: [
            {
              package: { ecosystem: 'actions', name: 'actions/checkout' },
              vulnerable_version_range: '>= 4.0.0, < 4.0.1',
              first_patched_version: '4.0.1',
            },
          ],
        },
        {
          ghsa_id: 'GHSA-cccc-ffff-gggg',
          summary: 'withdrawn',
          severity: 'low',
          withdrawn_at: '2024-02-01T00:00:00Z',
          vulnerabilities: [{ package: { ecosystem: 'npm', name: 'left-pad' }, vulnerable_version_range: '< 2' }],
        },
      ];
      seed.repositories.push({ owner: 'alice', name: 'no-issues', private: true, has_issues: false });
      seed.tokens.push({ token: fakeToken('ghp_', 'noworkflow'), kind: 'classic', user: 'alice', scopes: ['repo'] });
    },
    { webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: 's' } },
  );
});
afterAll(async () => {
  await em.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

async function exercise(): Promise<void> {
  const gh = recording(client(em, CLASSIC));
  const anon = recording(client(em));
  const noWorkflow = recording(client(em, fakeToken('ghp_', 'noworkflow')));
  const app = recording(client(em, appJwt()));
  const api = { owner: 'acme', repo: 'api' };

  await gh.rest.users.getAuthenticated();
  await gh.rest.users.getByUsername({ username: 'bob' });
  await gh.rest.users.getByUsername({ username: 'acme' });
  await failed(gh.rest.users.getByUsername({ username: 'nobody' }));
  await failed(anon.rest.users.getAuthenticated());
  await gh.rest.repos.listForAuthenticatedUser({ per_page: 2 });
  await gh.rest.repos.get(api);
  await failed(gh.rest.repos.get({ owner: 'acme', repo: 'nope' }));
  await gh.rest.rateLimit.get();
  await anon.rest.rateLimit.get();

  await gh.rest.repos.listTags({ owner: 'step-security', repo: 'harden-runner' });
  await gh.rest.repos.getCommit({ ...api, ref: 'main' });
  await gh.rest.repos.getCommit({ owner: 'actions', repo: 'checkout', ref: 'v4', mediaType: { format: 'sha' } });
  await failed(gh.rest.repos.getCommit({ ...api, ref: 'nope' }));
  const annotated = await gh.rest.git.getRef({ owner: 'step-security', repo: 'harden-runner', ref: 'tags/v2.10.2' });
  await failed(gh.rest.git.getRef({ ...api, ref: 'heads/nope' }));
  await failed(gh.rest.git.getRef({ owner: 'alice', repo: 'empty', ref: 'heads/main' }));
  await gh.rest.git.listMatchingRefs({ owner: 'actions', repo: 'checkout', ref: 'tags/v4' });
  await gh.rest.git.getTag({ owner: 'step-security', repo: 'harden-runner', tag_sha: annotated.data.object.sha });
  await failed(gh.rest.git.getTag({ ...api, tag_sha: '0'.repeat(40) }));
  const branch = await gh.rest.repos.getBranch({ ...api, branch: 'main' });
  await failed(gh.rest.repos.getBranch({ ...api, branch: 'nope' }));

  await gh.rest.repos.getContent({ ...api, path: '.github/workflows' });
  const file = await gh.rest.repos.getContent({ ...api, path: 'README.md', ref: 'main' });
  await failed(gh.rest.repos.getContent({ ...api, path: 'nope.txt' }));
  await failed(gh.rest.repos.createOrUpdateFileContents({ ...api, path: 'x.txt', message: 'x' } as never));
  const put = await gh.rest.repos.createOrUpdateFileContents({
    ...api,
    path: 'docs/x.md',
    message: 'x',
    content: 'eA==',
  });
  await gh.rest.repos.createOrUpdateFileContents({
    ...api,
    path: 'docs/x.md',
    message: 'y',
    content: 'eQ==',
    sha: put.data.content?.sha ?? '',
  });
  await failed(
    gh.rest.repos.createOrUpdateFileContents({
      ...api,
      path: 'README.md',
      message: 'y',
      content: 'eQ==',
      sha: 'wrong',
    }),
  );
  void file;

  const baseTree = branch.data.commit.commit.tree.sha;
  const tree = await gh.rest.git.getTree({ ...api, tree_sha: baseTree, recursive: '1' });
  await failed(gh.rest.git.getTree({ ...api, tree_sha: '0'.repeat(40) }));
  await gh.rest.git.getBlob({ ...api, file_sha: tree.data.tree.find((e) => e.type === 'blob')?.sha ?? '' });
  await failed(gh.rest.git.getBlob({ ...api, file_sha: '0'.repeat(40) }));
  await gh.rest.git.createBlob({ ...api, content: 'hello' });
  await gh.rest.git.getCommit({ ...api, commit_sha: branch.data.commit.sha });
  await failed(gh.rest.git.getCommit({ ...api, commit_sha: '0'.repeat(40) }));
  const newTree = await gh.rest.git.createTree({
    ...api,
    base_tree: baseTree,
    tree: [{ path: '.github/workflows/ci.yml', mode: '100644', type: 'blob', content: 'on: push\n' }],
  });
  await failed(
    noWorkflow.rest.git.createTree({
      ...api,
      base_tree: baseTree,
      tree: [{ path: '.github/workflows/ci.yml', mode: '100644', type: 'blob', content: 'x' }],
    }),
  );
  await failed(gh.rest.git.createTree({ ...api, base_tree: '0'.repeat(40), tree: [] }));
  const commit = await gh.rest.git.createCommit({
    ...api,
    message: 'm',
    tree: newTree.data.sha,
    parents: [branch.data.commit.sha],
  });
  await failed(gh.rest.git.createCommit({ ...api, message: 'm', tree: '0'.repeat(40) }));
  await gh.rest.git.createRef({ ...api, ref: 'refs/heads/feature', sha: commit.data.sha });
  await failed(gh.rest.git.createRef({ ...api, ref: 'refs/heads/feature', sha: commit.data.sha }));
  await failed(gh.rest.git.updateRef({ ...api, ref: 'heads/feature', sha: branch.data.commit.sha }));
  await gh.rest.git.updateRef({ ...api, ref: 'heads/feature', sha: commit.data.sha, force: true });
  await gh.rest.git.createRef({ ...api, ref: 'refs/heads/doomed', sha: branch.data.commit.sha });
  await gh.rest.git.deleteRef({ ...api, ref: 'heads/doomed' });
  await failed(gh.rest.git.deleteRef({ ...api, ref: 'heads/doomed' }));

  const pr = await gh.rest.pulls.create({
    ...api,
    title: 't',
    head: 'acme:feature',
    base: 'main',
    body: 'b',
    draft: true,
  });
  await failed(gh.rest.pulls.create({ ...api, title: 't', head: 'feature', base: 'main' }));
  await failed(gh.rest.pulls.create({ ...api, title: 't', head: 'main', base: 'main' }));
  await gh.rest.pulls.list({ ...api, head: 'acme:feature', state: 'all' });
  await gh.rest.pulls.get({ ...api, pull_number: pr.data.number });
  await failed(gh.rest.pulls.get({ ...api, pull_number: 999 }));
  await gh.rest.pulls.update({ ...api, pull_number: pr.data.number, title: 't2' });
  em.control.mergePull('acme', 'api', pr.data.number);
  await gh.rest.pulls.get({ ...api, pull_number: pr.data.number });
  // A second pull request, merged through the REST endpoint.
  const main = await gh.rest.repos.getBranch({ ...api, branch: 'main' });
  const otherTree = await gh.rest.git.createTree({
    ...api,
    base_tree: main.data.commit.commit.tree.sha,
    tree: [{ path: 'NOTES.md', mode: '100644', type: 'blob', content: 'n\n' }],
  });
  const other = await gh.rest.git.createCommit({
    ...api,
    message: 'notes',
    tree: otherTree.data.sha,
    parents: [main.data.commit.sha],
  });
  await gh.rest.git.createRef({ ...api, ref: 'refs/heads/notes', sha: other.data.sha });
  const pr2 = await gh.rest.pulls.create({ ...api, title: 'notes', head: 'acme:notes', base: 'main' });
  await failed(gh.rest.pulls.merge({ ...api, pull_number: pr2.data.number, sha: '0'.repeat(40) }));
  await gh.rest.pulls.merge({ ...api, pull_number: pr2.data.number });
  await gh.rest.repos.generateReleaseNotes({ ...api, tag_name: 'v1' });
  await anon.rest.securityAdvisories.listGlobalAdvisories({ ecosystem: 'actions', affects: 'actions/checkout@v4.0.0' });
  await gh.rest.securityAdvisories.listGlobalAdvisories({ per_page: 1, is_withdrawn: true });
  await failed(gh.rest.securityAdvisories.listGlobalAdvisories({ ecosystem: 'cobol' as never }));
  await gh.rest.repos.compareCommitsWithBasehead({ ...api, basehead: `${main.data.commit.sha}...main` });
  await gh.rest.repos.compareCommitsWithBasehead({ ...api, basehead: `main...${main.data.commit.sha}`, per_page: 1 });
  await failed(gh.rest.repos.compareCommitsWithBasehead({ ...api, basehead: 'main...nope' }));
  await gh.rest.repos.getCollaboratorPermissionLevel({ ...api, username: 'bob' });
  await failed(gh.rest.repos.getCollaboratorPermissionLevel({ ...api, username: 'nobody' }));

  await gh.rest.issues.createLabel({ ...api, name: 'triage', color: 'ff0000' });
  await failed(gh.rest.issues.createLabel({ ...api, name: 'Triage', color: 'ff0000' }));
  const issue = await gh.rest.issues.create({ ...api, title: 'findings', body: 'b', labels: ['rampart', 'triage'] });
  await failed(gh.rest.issues.create({ ...api, title: '' }));
  await failed(gh.rest.issues.create({ owner: 'alice', repo: 'no-issues', title: 't' }));
  await gh.rest.issues.listForRepo({ ...api, labels: 'rampart', state: 'open' });
  await gh.rest.issues.listForRepo({ ...api, state: 'all' });
  await gh.rest.issues.get({ ...api, issue_number: issue.data.number });
  await gh.rest.issues.get({ ...api, issue_number: pr.data.number });
  await failed(gh.rest.issues.get({ ...api, issue_number: 999 }));
  await gh.rest.issues.update({
    ...api,
    issue_number: issue.data.number,
    body: 'b2',
    state: 'closed',
    state_reason: 'completed',
  });
  await failed(gh.rest.issues.update({ ...api, issue_number: issue.data.number, state: 'done' as never }));
  await gh.rest.issues.listLabelsForRepo(api);

  await app.rest.apps.getAuthenticated();
  await failed(gh.rest.apps.getAuthenticated());
  await app.rest.apps.listInstallations();
  await app.rest.apps.getInstallation({ installation_id: INSTALLATION_ID });
  await app.rest.apps.getRepoInstallation(api);
  await failed(app.rest.apps.getRepoInstallation({ owner: 'alice', repo: 'webapp' }));
  await app.rest.apps.getOrgInstallation({ org: 'acme' });
  const userInst = em.control.addInstallation({ app_id: APP.id, account: 'alice', repositories: ['alice/dotfiles'] });
  await app.rest.apps.getUserInstallation({ username: 'alice' });
  // Repository events: a selection change, a repository created where the App has every repository, a developer's push.
  em.control.changeInstallationRepositories(Number(userInst.id), { add: ['alice/webapp'] });
  em.control.createRepository({ owner: 'acme', name: 'created-later', files: { 'README.md': '# later\n' } });
  em.control.pushCommit('acme', 'created-later', {
    files: { '.github/workflows/ci.yml': 'on: push\n' },
    message: 'Add CI',
  });
  await app.rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID });
  await app.rest.apps.createInstallationAccessToken({
    installation_id: INSTALLATION_ID,
    repositories: ['api'],
    permissions: { contents: 'read' },
  });
  await failed(
    app.rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID, repositories: ['webapp'] }),
  );
  em.control.removeInstallation(Number(userInst.id));

  const inst = recording(
    client(em, await installationToken(em, { permissions: { contents: 'read', metadata: 'read' } })),
  );
  await inst.rest.apps.listReposAccessibleToInstallation();
  await failed(gh.rest.apps.listReposAccessibleToInstallation());
  await failed(inst.rest.users.getAuthenticated());
  await failed(inst.rest.git.createTree({ ...api, base_tree: baseTree, tree: [] }));
  await em.control.settled();
}

test('every served operation answers with the shapes GitHub publishes', async () => {
  await exercise();
  const problems: string[] = [];
  for (const r of records) {
    const op = spec.paths[r.route]?.[r.method.toLowerCase()];
    if (!op) {
      problems.push(`${r.method} ${r.route}: not in GitHub's OpenAPI description`);
      continue;
    }
    if (r.status === 204 || r.status === 304 || !r.contentType.includes('json')) continue;
    let schema = op.responses[String(r.status)]?.content?.['application/json']?.schema;
    if (!schema && r.status < 300) problems.push(`${r.method} ${r.route}: ${r.status} is not a documented response`);
    // Errors GitHub sends but does not list for the operation must still be its basic error shape.
    schema ??= BASIC_ERROR;
    const validate = validator(schema);
    if (!validate(r.data))
      problems.push(`${r.method} ${r.route} ${r.status}: ${ajv.errorsText(validate.errors, { separator: '\n    ' })}`);
  }
  const answered = new Set(records.filter((r) => r.status < 300).map((r) => `${r.method} ${r.route}`));
  for (const op of SERVED) if (!answered.has(op)) problems.push(`${op}: never exercised`);
  expect(problems).toEqual([]);
  expect(records.filter((r) => r.status >= 400).length).toBeGreaterThan(25);
});

test('webhook payloads match GitHub’s webhook schemas', () => {
  const webhooks = spec['x-webhooks'] as Json;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const h of hooks) {
    const key =
      h.body.action === undefined
        ? h.event.replaceAll('_', '-')
        : `${h.event.replaceAll('_', '-')}-${String(h.body.action)}`;
    seen.add(key);
    const schema = webhooks[key]?.post?.requestBody?.content?.['application/json']?.schema;
    if (!schema) {
      problems.push(`${key}: no schema`);
      continue;
    }
    const validate = validator(schema);
    if (!validate(h.body)) problems.push(`${key}: ${ajv.errorsText(validate.errors, { separator: '\n    ' })}`);
  }
  expect([...seen].sort()).toEqual([
    'installation-created',
    'installation-deleted',
    'installation-repositories-added',
    'pull-request-closed',
    'pull-request-opened',
    'push',
    'repository-created',
  ]);
  expect(problems).toEqual([]);
});

test('the checks are not vacuous: broken shapes are rejected', () => {
  const pr = records.find(
    (r) => r.method === 'GET' && r.route === '/repos/{owner}/{repo}/pulls/{pull_number}' && r.status === 200,
  );
  const schema =
    spec.paths['/repos/{owner}/{repo}/pulls/{pull_number}'].get.responses['200'].content['application/json'].schema;
  const validate = validator(schema);
  expect(validate(pr?.data)).toBe(true);
  const { head: _head, ...withoutHead } = pr?.data as Json;
  expect(validate(withoutHead)).toBe(false);
  expect(validate({ ...(pr?.data as Json), number: '1' })).toBe(false);
  expect(validate({ ...(pr?.data as Json), merged_at: 'yesterday' })).toBe(false);
  const opened = hooks.find((h) => h.event === 'pull_request' && h.body.action === 'opened');
  const hook = validator(spec['x-webhooks']['pull-request-opened'].post.requestBody.content['application/json'].schema);
  expect(hook(opened?.body)).toBe(true);
  expect(hook({ ...opened?.body, sender: undefined })).toBe(false);
});
