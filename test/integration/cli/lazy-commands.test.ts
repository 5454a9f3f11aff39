import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Help } from 'commander';
import { COMMANDS } from '../../../src/main.js';

// The built CLI (bin/rampart.js → dist/, `npm run build` first), run with a loader hook that lists every module loaded.
const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/rampart.js', import.meta.url));
const RECORDER = fileURLToPath(new URL('../../support/module-recorder.mjs', import.meta.url));
const SERVICE_MODULES =
  /\/node_modules\/(express|bullmq|ioredis|graphql|@octokit\/graphql-schema|@bull-board\/[^/]+)\/|\/packages\/github-emulator\//;
const SERVICE_CODE = /\/dist\/(src\/(api|web|queue|store|vault|demo|orchestrate)|workers)\//;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-lazy-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function loadedBy(args: string[]): Promise<{ stdout: string; modules: string[] }> {
  const log = join(dir, 'modules.txt');
  await writeFile(log, '');
  const { stdout } = await run(process.execPath, ['--import', RECORDER, BIN, ...args], {
    env: { ...process.env, RAMPART_MODULE_LOG: log },
  });
  return { stdout, modules: (await readFile(log, 'utf8')).split('\n').filter(Boolean) };
}

test('rampart harden loads the engine and none of express, BullMQ, ioredis, graphql, bull-board or the emulator', async () => {
  const checkout = join(dir, 'checkout');
  await mkdir(join(checkout, '.github/workflows'), { recursive: true });
  await writeFile(
    join(checkout, '.github/workflows/ci.yml'),
    'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
  );
  const { stdout, modules } = await loadedBy(['harden', '--offline', checkout]);
  expect(stdout).toContain('[token-permissions]');
  expect(modules).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/\/dist\/src\/cli\/harden-command\.js$/),
      expect.stringMatching(/\/node_modules\/commander\//),
    ]),
  );
  expect(modules.filter((m) => SERVICE_MODULES.test(m) || SERVICE_CODE.test(m))).toEqual([]);
});

test('rampart --help lists every command and loads none of them', async () => {
  const { stdout, modules } = await loadedBy(['--help']);
  for (const entry of COMMANDS) expect(stdout).toContain(`${entry.name} ${entry.usage}`.trim());
  expect(
    modules.filter((m) => /\/dist\/(src\/(cli\/\w+-command|demo|harden)|workers)\b/.test(m) || SERVICE_MODULES.test(m)),
  ).toEqual([]);
  expect(modules).toEqual(expect.arrayContaining([expect.stringMatching(/\/dist\/src\/main\.js$/)]));
});

test('the recorder sees what a command does load: the worker its queue and Redis, the demo the emulator package', async () => {
  const worker = await loadedBy(['worker', '--help']);
  expect(worker.stdout).toContain('--concurrency');
  expect(worker.modules).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/\/node_modules\/bullmq\//),
      expect.stringMatching(/\/node_modules\/ioredis\//),
    ]),
  );
  const demo = await loadedBy(['demo', '--help']);
  expect(demo.modules).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/\/packages\/github-emulator\/dist\/index\.js$/),
      expect.stringMatching(/\/node_modules\/graphql\//),
    ]),
  );
});

test('each listed name and usage is what the loaded command says', async () => {
  const io = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: dir };
  for (const entry of COMMANDS) {
    const command = (await entry.load())(io, () => undefined);
    expect(command.name()).toBe(entry.name);
    expect(new Help().subcommandTerm(command)).toBe(`${entry.name} ${entry.usage}`.trim());
  }
});
