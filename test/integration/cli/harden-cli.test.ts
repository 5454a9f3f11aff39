import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../../src/main.js';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';

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
    {
      owner: 'actions',
      name: 'checkout',
      private: false,
      default_branch: 'main',
      files: { 'action.yml': 'name: checkout\n' },
      tags: { v4: { sha: CHECKOUT }, 'v4.2.2': { sha: CHECKOUT } },
    },
    // Annotated tags: resolution must peel them to the commit.
    {
      owner: 'actions',
      name: 'setup-node',
      private: false,
      default_branch: 'main',
      files: { 'action.yml': 'name: setup-node\n' },
      tags: { v4: { annotated: true }, 'v4.1.0': { annotated: true } },
    },
    {
      owner: 'step-security',
      name: 'harden-runner',
      private: false,
      default_branch: 'main',
      files: { 'action.yml': 'name: harden-runner\n' },
      tags: { v2: {}, 'v2.12.0': {} },
    },
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
    const res = await fetch(`${gh.url}/repos/actions/setup-node/commits/v4`, {
      headers: { accept: 'application/vnd.github.sha' },
    });
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

  const cli = async (args: string[], env: Record<string, string> = {}, cwd = dir) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: { GITHUB_TOKEN: TOKEN, ...env },
      cwd,
    });
    return { code, stdout, stderr };
  };
  /** A port nothing listens on. */
  const closedPort = async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    return port;
  };

  test('a dry run prints a diff and findings, resolves each ref once, and writes nothing', async () => {
    const since = gh.control.requests().lastSeq;
    const r = await cli(['harden', '.', '--api-url', gh.url]);
    expect(r.code).toBe(1); // broken.yml is an error
    expect(r.stdout).toContain('\n-      - uses: actions/checkout@v4\n');
    expect(r.stdout).toContain(`\n+      - uses: actions/checkout@${CHECKOUT} # v4.2.2\n`);
    expect(r.stdout).toContain(`+      - uses: actions/setup-node@${setupNodeSha} # v4.1.0 # node`);
    expect(r.stdout).toMatch(/ci\.yml:9:\d+: found \[pin-actions\] \(high\) nobody\/missing@v1: could not be resolved/);
    expect(r.stdout).toMatch(/broken\.yml: error: invalid YAML/);
    expect(r.stderr).toMatch(/^rampart: failed: 1 file\(s\) could not be processed$/m);
    expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).toBe(WORKFLOW);
    const requests = gh.control.requests({ since }).entries;
    const tagListings = requests.filter((q) => /\/tags$/.test(q.path));
    expect(tagListings.map((q) => q.path).sort()).toEqual([
      '/repos/actions/checkout/tags',
      '/repos/actions/setup-node/tags',
      '/repos/nobody/missing/tags',
      '/repos/step-security/harden-runner/tags',
    ]);
    // The token was used for every request; the final line counts them.
    expect(new Set(requests.map((q) => q.actor))).toEqual(new Set(['dev']));
    expect(r.stderr).toContain(`; ${requests.length} request(s) to ${gh.url}`);
  });

  test('--write writes the files; --check then fails only for the ref it cannot resolve, until that action is exempt', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const wrote = await cli(['harden', '--write', '--api-url', gh.url]);
    expect(wrote.code).toBe(0);
    const text = await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8');
    expect(text).toContain(`uses: actions/checkout@${CHECKOUT} # v4.2.2\n`);
    // nobody/missing cannot be read, so it might push with the checkout's credential: the checkout is left as it is.
    expect(text).not.toContain('persist-credentials');
    expect(wrote.stdout).toMatch(
      /uses the persisted git credential later \(nobody\/missing, which is not in the knowledge base and whose action\.yml could not be read/,
    );
    expect(await readFile(join(dir, '.github/dependabot.yml'), 'utf8')).toContain(
      'package-ecosystem: "github-actions"',
    );
    const check = await cli(['harden', '--check', '--fail-on', 'none', '--api-url', gh.url]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/failed: 1 action ref\(s\) could not be resolved, so their pins are unchecked/);
    const exempt = await cli(['harden', '--check', '--fail-on', 'none', '--exempt', 'nobody/*', '--api-url', gh.url]);
    expect(exempt).toMatchObject({ code: 0 });
    expect(exempt.stdout).not.toContain('nobody/missing@v1: could not be resolved');
  });

  test('--check exits 1 when a file would change; --format json prints the report with severity and confidence', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const r = await cli(['harden', '--check', '--format', 'json', '--rules', 'pin-actions'], {
      GITHUB_API_URL: gh.url,
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const at = (line: number) => ({
      rule: 'pin-actions',
      severity: expect.any(String),
      confidence: expect.any(String),
      path: '.github/workflows/ci.yml',
      line,
      column: 15,
    });
    expect(report.files).toEqual([
      {
        path: '.github/workflows/ci.yml',
        kind: 'workflow',
        status: 'changed',
        findings: [
          { ...at(7), message: `pinned actions/checkout@v4 to ${CHECKOUT} (v4.2.2)`, fixed: true },
          { ...at(8), message: `pinned actions/setup-node@v4 to ${setupNodeSha} (v4.1.0)`, fixed: true },
          {
            ...at(9),
            message: expect.stringContaining('nobody/missing@v1: could not be resolved'),
            fixed: false,
            help: expect.any(String),
          },
        ],
      },
    ]);
    expect(report.summary).toMatchObject({ files: 1, changed: 1, errors: 0, fixed: 2, reported: 1 });
    expect(r.stderr).toMatch(/failed: 1 file\(s\) would change; .*1 action ref\(s\) could not be resolved/);
  });

  test('bad usage exits 2 with a message', async () => {
    expect((await cli(['harden', '--rules', 'pin-actions,nope'])).code).toBe(2);
    expect((await cli(['harden', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['harden', '--fail-on', 'severe'])).code).toBe(2);
    const missing = await cli(['harden', 'no/such/dir']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read no/such/dir') });
    expect((await cli(['harden', '--api-url', 'ftp://x'])).code).toBe(2);
  });

  test('a pwn request (pull_request_target checking out the PR head) fails --check, unless --fail-on none', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const pwn = [
      'on: pull_request_target',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '      - run: npm test',
      '',
    ];
    await writeFile(join(dir, '.github/workflows/ci.yml'), pwn.join('\n'));
    const r = await cli(['harden', '--check', '--rules', 'dangerous-triggers', '--api-url', gh.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /ci\.yml:6:\d+: found \[dangerous-triggers\] \(critical\) job test checks out untrusted code/,
    );
    expect(r.stderr).toMatch(/failed: \d+ finding\(s\) at or above high in the files/);
    expect(
      (await cli(['harden', '--check', '--rules', 'dangerous-triggers', '--fail-on', 'none', '--api-url', gh.url]))
        .code,
    ).toBe(0);
    // The threshold can come from the repository's settings file too.
    await writeFile(join(dir, '.github/rampart.yml'), 'fail-on: none\n');
    expect((await cli(['harden', '--check', '--rules', 'dangerous-triggers', '--api-url', gh.url])).code).toBe(0);
    // --quiet prints the failing finding and the reason, nothing else.
    await rm(join(dir, '.github/rampart.yml'));
    const quiet = await cli(['harden', '--check', '--quiet', '--api-url', gh.url]);
    expect(quiet.code).toBe(1);
    expect(
      quiet.stdout
        .trim()
        .split('\n')
        .every((l) => /\((critical|high)\)|^\s+help: /.test(l)),
    ).toBe(true);
    expect(quiet.stdout).not.toContain('@@');
    expect(quiet.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^rampart: failed: /)]);
  });

  test('an unreachable API is one line, with no retry storm; --check fails for the unchecked refs', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const url = `http://127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    const r = await cli(['harden', '--rules', 'pin-actions', '--api-url', url]);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`rampart: could not reach the GitHub API at ${url} (connect ECONNREFUSED`);
    expect(r.stderr).toMatch(/; 3 ref\(s\) left unresolved\n/);
    expect(r.stderr.match(/ECONNREFUSED/g)).toHaveLength(1);
    expect(r.stdout).not.toContain('could not be resolved');
    const json = await cli(['harden', '--format', 'json', '--rules', 'pin-actions', '--api-url', url]);
    const findings = JSON.parse(json.stdout).files[0].findings;
    expect(findings.map((f: { line: number; fixed: boolean }) => [f.line, f.fixed])).toEqual([
      [7, false],
      [8, false],
      [9, false],
    ]);
    const check = await cli(['harden', '--check', '--rules', 'pin-actions', '--api-url', url]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/failed: 3 action ref\(s\) could not be resolved/);
  });

  test('--offline sends no request at all, says so once, and --check does not fail for it', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const since = gh.control.requests().lastSeq;
    const r = await cli(['harden', '--offline'], { GITHUB_API_URL: gh.url });
    expect(gh.control.requests({ since }).entries).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/offline/g)).toHaveLength(2); // the one line, and "offline" in the final line
    expect(r.stderr).toContain('rampart: offline: action refs are not resolved; 3 left as they are');
    expect(r.stdout).not.toMatch(/\[pin-actions\].*could not be resolved/);
    expect(r.stdout).not.toMatch(/uses: actions\/checkout@[0-9a-f]{40}/);
    expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).toBe(WORKFLOW);
    expect((await cli(['harden', '--offline', '--check', '--rules', 'pin-actions'])).code).toBe(0);
    expect((await cli(['harden', '--offline', '--api-url', gh.url])).code).toBe(2);
  });

  test('positional files and folders: only those are reported; GH_TOKEN works like GITHUB_TOKEN; an empty folder says so', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    await writeFile(
      join(dir, '.github/workflows/other.yml'),
      'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
    );
    await mkdir(join(dir, 'tools/lint'), { recursive: true });
    await writeFile(
      join(dir, 'tools/lint/action.yml'),
      'runs:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n',
    );
    const since = gh.control.requests().lastSeq;
    const r = await cli(['harden', '--format', 'json', '--api-url', gh.url, '.github/workflows/other.yml', 'tools'], {
      GITHUB_TOKEN: '',
      GH_TOKEN: TOKEN,
    });
    const report = JSON.parse(r.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual([
      '.github/workflows/other.yml',
      'tools/lint/action.yml',
    ]);
    const requests = gh.control.requests({ since }).entries;
    expect(requests.some((q) => q.path.startsWith('/repos/nobody/'))).toBe(false); // ci.yml was not named, so not resolved
    expect(new Set(requests.map((q) => q.actor))).toEqual(new Set(['dev']));
    await mkdir(join(dir, 'docs'));
    const empty = await cli(['harden', 'docs']);
    expect(empty).toMatchObject({ code: 0, stdout: '' });
    expect(empty.stderr).toContain('rampart: nothing to harden in docs');
  });

  test('--format sarif and --format github describe the same findings', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    const sarif = JSON.parse(
      (await cli(['harden', '--format', 'sarif', '--rules', 'pin-actions', '--api-url', gh.url])).stdout,
    );
    const results = sarif.runs[0].results.map(
      (x: {
        ruleId: string;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      }) => [
        x.ruleId,
        x.locations[0]!.physicalLocation.artifactLocation.uri,
        x.locations[0]!.physicalLocation.region.startLine,
      ],
    );
    expect(results).toEqual([7, 8, 9].map((line) => ['pin-actions', '.github/workflows/ci.yml', line]));
    const github = (await cli(['harden', '--format', 'github', '--rules', 'pin-actions', '--api-url', gh.url])).stdout;
    expect(
      github
        .trim()
        .split('\n')
        .map((l) => /^::(\w+) file=([^,]+),line=(\d+),/.exec(l)!.slice(1)),
    ).toEqual([
      ['error', '.github/workflows/ci.yml', '7'],
      ['error', '.github/workflows/ci.yml', '8'],
      ['error', '.github/workflows/ci.yml', '9'],
    ]);
  });

  test('a bad settings file stops the run with its line; a good one sets engine options', async () => {
    await rm(join(dir, '.github/workflows/broken.yml'));
    await writeFile(join(dir, '.github/rampart.yml'), 'rules:\n  harden-runner:\n    egress-policy: deny\n');
    const bad = await cli(['harden', '--offline']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^rampart: bad configuration: \.github\/rampart\.yml:3: rules\.harden-runner\.egress-policy: /m,
    );
    await writeFile(
      join(dir, '.github/rampart.yml'),
      'rules:\n  harden-runner:\n    egress-policy: block\n  dependabot-actions: false\n',
    );
    const good = await cli(['harden', '--api-url', gh.url]);
    expect(good.stdout).toContain('egress-policy: block');
    expect(good.stdout).not.toContain('dependabot.yml');
    expect(good.stderr).toContain('settings from');
    // A flag wins over the file.
    expect((await cli(['harden', '--egress-policy', 'audit', '--api-url', gh.url])).stdout).toContain(
      'egress-policy: audit',
    );
  });

  test('the installed binary answers --help after the build', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help']);
    expect(stdout).toContain('harden [options] [paths...]');
  });

  test('reads a local script or package.json only when a command that may push needs it, and never through a link', async () => {
    await rm(join(dir, '.github/workflows'), { recursive: true });
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    const release = [
      'on: push',
      'jobs:',
      '  release:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: ./scripts/release.sh',
      '',
    ].join('\n');
    await writeFile(join(dir, '.github/workflows/release.yml'), release);
    const before = await cli(['harden', '--format', 'json', '--api-url', gh.url]);
    expect(JSON.stringify(JSON.parse(before.stdout))).toContain(
      'runs a local script that is not among the files Rampart was given',
    );
    await mkdir(join(dir, 'scripts'));
    await writeFile(join(dir, 'scripts/release.sh'), '#!/bin/sh\ngit push origin --tags\n');
    const after = await cli(['harden', '--api-url', gh.url]);
    expect(after.stdout).toContain('contents: write  # for git push in scripts/release.sh to push commits');
    expect(after.stdout).not.toMatch(/^\+\s+persist-credentials: false/m);
    // A link to a directory outside the checkout is not followed.
    const outside = await mkdtemp(join(tmpdir(), 'rampart-outside-'));
    await writeFile(join(outside, 'release.sh'), '#!/bin/sh\ngit push\n');
    await rm(join(dir, 'scripts'), { recursive: true });
    await symlink(outside, join(dir, 'scripts'));
    const linked = await cli(['harden', '--format', 'json', '--api-url', gh.url]);
    expect(JSON.stringify(JSON.parse(linked.stdout))).toContain(
      'runs a local script that is not among the files Rampart was given',
    );
    await rm(outside, { recursive: true, force: true });
  });
});
