import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The package as npm would publish it (`npm run build` first: the tarball carries dist/, not the sources), installed
// into an empty project and run from there, as `npx rampart harden` would run it for a user.
const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-pack-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

test('npm pack holds what the CLI needs and none of the tests; the installed tarball runs rampart harden', async () => {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: REPO,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [pack] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  const files = pack!.files.map((f) => f.path);
  expect(files).toEqual(
    expect.arrayContaining([
      'package.json',
      'bin/rampart.js',
      'dist/src/main.js',
      'dist/src/cli/harden-command.js',
      'dist/src/cli/harden/run-harden.js',
      'dist/src/harden/knowledge/action-permissions.json',
    ]),
  );
  expect(
    files.filter((f) => /^(test|src|packages|scripts|docs)\/|^dist\/test\/|\.map$|\.test\.|^\.github\//.test(f)),
  ).toEqual([]);

  const project = join(work, 'project');
  await mkdir(join(project, '.github/workflows'), { recursive: true });
  await writeFile(join(project, 'package.json'), '{"name":"user-project","private":true}\n');
  const workflow =
    'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make\n';
  await writeFile(join(project, '.github/workflows/ci.yml'), workflow);
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=dev', join(work, pack!.filename)],
    { cwd: project, maxBuffer: 64 * 1024 * 1024 },
  );

  const harden = await run('npm', ['exec', '--no', '--', 'rampart', 'harden', '--offline', '--format', 'json'], {
    cwd: project,
  }).catch((err: { stdout: string; code: number }) => err);
  const report = JSON.parse(harden.stdout) as { files: { path: string; findings: { rule: string }[] }[] };
  expect(report.files.map((f) => f.path)).toEqual(['.github/dependabot.yml', '.github/workflows/ci.yml']);
  expect(report.files[1]!.findings.map((f) => f.rule)).toEqual(
    expect.arrayContaining(['token-permissions', 'checkout-persist-credentials']),
  );
}, 300_000);
