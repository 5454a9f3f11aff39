import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The built CLI (`npm run build` first) under the loader hook that lists every module it loads.
const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/rampart.js', import.meta.url));
const RECORDER = fileURLToPath(new URL('../../support/module-recorder.mjs', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-startup-'));
  await mkdir(join(dir, '.github/workflows'), { recursive: true });
  await writeFile(
    join(dir, '.github/workflows/ci.yml'),
    'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function modules(args: string[]): Promise<string[]> {
  const log = join(dir, 'modules.txt');
  await writeFile(log, '');
  await run(process.execPath, ['--import', RECORDER, BIN, ...args], {
    cwd: dir,
    env: { ...process.env, RAMPART_MODULE_LOG: log },
  }).catch((err: { code?: number }) => {
    if (err.code !== 1) throw err;
  });
  return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
}

test('rampart harden --help loads neither the engine nor zod, yaml or Octokit', async () => {
  const loaded = await modules(['harden', '--help']);
  expect(loaded).toEqual(expect.arrayContaining([expect.stringMatching(/\/dist\/src\/cli\/harden-command\.js$/)]));
  expect(
    loaded.filter((m) => /\/dist\/src\/(harden\/(?!severity)|github\/)|\/node_modules\/(zod|yaml|@octokit)\//.test(m)),
  ).toEqual([]);
});

test('an offline run loads the engine but not Octokit, and no report format it does not print', async () => {
  const loaded = await modules(['harden', '--offline', '--format', 'json']);
  expect(loaded).toEqual(expect.arrayContaining([expect.stringMatching(/\/dist\/src\/harden\/harden\.js$/)]));
  expect(
    loaded.filter((m) =>
      /\/node_modules\/@octokit\/|\/dist\/src\/github\/(github-action-resolver|octokit-factory)|\/report\/(sarif-report|github-annotations|text-report)\.js$/.test(
        m,
      ),
    ),
  ).toEqual([]);
});
