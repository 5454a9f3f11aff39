import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../../src/cli/main.js';
import { startEmulator, type EmulatorHandle } from '../../github-emulator/index.js';

const run = promisify(execFile);
const BIN = new URL('../../../bin/rampart.js', import.meta.url).pathname;
const CHECKOUT = 'a'.repeat(40);
const TOKEN = 'ghp_' + 'C'.repeat(36);

const seed = {
  users: [{ login: 'dev', id: 7, email: 'dev@example.com' }],
  orgs: [
    { login: 'actions', id: 1, members: {} },
    { login: 'step-security', id: 2, members: {} },
  ],
  repositories: [
    { owner: 'actions', name: 'checkout', private: false, default_branch: 'main', files: { 'action.yml': 'name: checkout\n' }, tags: { v4: { sha: CHECKOUT }, 'v4.2.2': { sha: CHECKOUT } } },
    // Annotated tags: resolution must peel them to the commit.
    { owner: 'actions', name: 'setup-node', private: false, default_branch: 'main', files: { 'action.yml': 'name: setup-node\n' }, tags: { v4: { annotated: true }, 'v4.1.0': { annotated: true } } },
    { owner: 'step-security', name: 'harden-runner', private: false, default_branch: 'main', files: { 'action.yml': 'name: harden-runner\n' }, tags: { v2: {}, 'v2.12.0': {} } },
  ],
  tokens: [{ token: TOKEN, kind: 'classic', user: 'dev', scopes: ['repo', 'workflow'] }],
};

const WORKFLOW = [
  'name: ci',
  'on: push',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - uses: actions/setup-node@v4 # node',
  '      - uses: nobody/missing@v1',
  '      - run: npm test',
  '',
].join('\n');

describe('rampart harden', () => {
  let gh: EmulatorHandle;
  let dir: string;
  let setupNodeSha: string;

  beforeAll(async () => {
    gh = await startEmulator({ seed });
    const res = await fetch(`${gh.url}/repos/actions/setup-node/commits/v4`, { headers: { accept: 'application/vnd.github.sha' } });
    setupNodeSha = (await res.text()).trim();
  });
  afterAll(() => gh.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-cli-'));
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await writeFile(join(dir, '.github/workflows/ci.yml'), WORKFLOW);
    await writeFile(join(dir, '.github/workflows/broken.yml'), 'on: [push\n');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const cli = async (args: string[], env: Record<string, string> = {}) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { GITHUB_TOKEN: TOKEN, ...env }, cwd: dir });
    return { code, stdout, stderr };
  };

  test('a dry run prints a diff and findings, resolves each ref once, and writes nothing', async () => {
    const since = gh.control.requests().lastSeq;
    const r = await cli(['harden', '.', '--api-url', gh.url]);
    expect(r.code).toBe(1); // broken.yml is an error
    expect(r.stdout).toContain('\n-      - uses: actions/checkout@v4\n');
    expect(r.stdout).toContain(`\n+      - uses: actions/checkout@${CHECKOUT} # v4.2.2\n`);
    expect(r.stdout).toContain(`+      - uses: actions/setup-node@${setupNodeSha} # v4.1.0 # node`);
    expect(r.stdout).toMatch(/ci\.yml:9: found \[pin-actions\] nobody\/missing@v1: could not be resolved/);
    expect(r.stdout).toMatch(/broken\.yml: error: invalid YAML/);
    expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).toBe(WORKFLOW);
    const tagListings = gh.control.requests({ since }).entries.filter((q) => /\/tags$/.test(q.path));
    expect(tagListings.map((q) => q.path).sort()).toEqual(['/repos/actions/checkout/tags', '/repos/actions/setup-node/tags', '/repos/nobody/missing/tags', '/repos/step-security/harden-runner/tags']);
  });

  test('--write writes the files, and --check then finds nothing to change', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const wrote = await cli(['harden', '--write', '--api-url', gh.url]);
    expect(wrote.code).toBe(0);
    const text = await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8');
    expect(text).toContain(`uses: actions/checkout@${CHECKOUT} # v4.2.2\n`);
    // nobody/missing cannot be read, so it might push with the checkout's credential: the checkout is left as it is.
    expect(text).not.toContain('persist-credentials');
    expect(wrote.stdout).toMatch(/uses the persisted git credential later \(nobody\/missing, which is not in the knowledge base and whose action\.yml could not be read/);
    expect(await readFile(join(dir, '.github/dependabot.yml'), 'utf8')).toContain('package-ecosystem: "github-actions"');
    const check = await cli(['harden', '--check', '--api-url', gh.url]);
    expect(check.code).toBe(0);
  });

  test('--check exits 1 when a file would change; --format json prints the report', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const r = await cli(['harden', '--check', '--format', 'json', '--rules', 'pin-actions'], { GITHUB_API_URL: gh.url });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files).toEqual([
      {
        path: '.github/workflows/ci.yml',
        kind: 'workflow',
        status: 'changed',
        findings: [
          { rule: 'pin-actions', line: 7, message: `pinned actions/checkout@v4 to ${CHECKOUT} (v4.2.2)`, fixed: true },
          { rule: 'pin-actions', line: 8, message: `pinned actions/setup-node@v4 to ${setupNodeSha} (v4.1.0)`, fixed: true },
          { rule: 'pin-actions', line: 9, message: expect.stringContaining('nobody/missing@v1: could not be resolved'), fixed: false },
        ],
      },
    ]);
    expect(report.summary).toMatchObject({ files: 1, changed: 1, errors: 0, fixed: 2, reported: 1 });
  });

  test('bad usage exits 2 with a message', async () => {
    expect((await cli(['harden', '--rules', 'pin-actions,nope'])).code).toBe(2);
    expect((await cli(['harden', '--format', 'xml'])).code).toBe(2);
    const missing = await cli(['harden', 'no/such/dir']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read no/such/dir') });
    expect((await cli(['harden', '--api-url', 'ftp://x'])).code).toBe(2);
  });

  test('an unreachable API leaves refs as they are and says why, per line', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const r = await cli(['harden', '--format', 'json', '--rules', 'pin-actions', '--api-url', 'http://127.0.0.1:9']);
    const findings = JSON.parse(r.stdout).files[0].findings;
    expect(findings.map((f: { line: number; fixed: boolean }) => [f.line, f.fixed])).toEqual([[7, false], [8, false], [9, false]]);
    expect(r.code).toBe(0);
  });

  test('--offline sends no request at all and reports every ref as not resolved', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const since = gh.control.requests().lastSeq;
    const r = await cli(['harden', '--offline'], { GITHUB_API_URL: gh.url });
    expect(gh.control.requests({ since }).entries).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('offline: action refs are not resolved');
    for (const [line, ref] of [[7, 'actions/checkout@v4'], [8, 'actions/setup-node@v4'], [9, 'nobody/missing@v1']] as const) {
      expect(r.stdout).toMatch(new RegExp(`ci\\.yml:${line}: found \\[pin-actions\\] ${ref.replace('/', '\\/')}: could not be resolved \\(offline: `));
    }
    expect(r.stdout).not.toMatch(/uses: actions\/checkout@[0-9a-f]{40}/);
    expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).toBe(WORKFLOW);
    expect((await cli(['harden', '--offline', '--api-url', gh.url])).code).toBe(2);
  });

  test('the installed binary answers --help after the build', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help']);
    expect(stdout).toContain('harden [options] [dir]');
  });

  test('reads a local script or package.json only when a command that may push needs it, and never through a link', async () => {
    await rm(join(dir, '.github/workflows'), { recursive: true });
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    const release = ['on: push', 'jobs:', '  release:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: ./scripts/release.sh', ''].join('\n');
    await writeFile(join(dir, '.github/workflows/release.yml'), release);
    const before = await cli(['harden', '--format', 'json', '--api-url', gh.url]);
    expect(JSON.stringify(JSON.parse(before.stdout))).toContain('runs a local script that is not among the files Rampart was given');
    await mkdir(join(dir, 'scripts'));
    await writeFile(join(dir, 'scripts/release.sh'), '#!/bin/sh\ngit push origin --tags\n');
    const after = await cli(['harden', '--api-url', gh.url]);
    expect(after.stdout).toContain('contents: write  # for git push in scripts/release.sh to push commits');
    expect(after.stdout).not.toContain('persist-credentials: false');
    // A link to a directory outside the checkout is not followed.
    const outside = await mkdtemp(join(tmpdir(), 'rampart-outside-'));
    await writeFile(join(outside, 'release.sh'), '#!/bin/sh\ngit push\n');
    await rm(join(dir, 'scripts'), { recursive: true });
    await symlink(outside, join(dir, 'scripts'));
    const linked = await cli(['harden', '--format', 'json', '--api-url', gh.url]);
    expect(JSON.stringify(JSON.parse(linked.stdout))).toContain('runs a local script that is not among the files Rampart was given');
    await rm(outside, { recursive: true, force: true });
  });
});
