// npm run bench:cli — start-up of `rampart harden` against pin-github-action's, whole processes, side by side in one
// run; then the time per file once started. Needs `npm run build` first (it runs bin/rampart.js, as users do).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { corpusPresent, loadCorpus } from '../support/corpus.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PIN_VERSION = '3.4.0';
const BIN = fileURLToPath(new URL('../../bin/rampart.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../../dist/src/main.js', import.meta.url)))) {
  process.stderr.write('npm run bench:cli needs the build: run `npm run build` first\n');
  process.exit(1);
}

/** pin-github-action, the yardstick: installed once into a folder of its own outside the repository. */
function pinGithubAction(): string {
  const prefix = join(tmpdir(), `rampart-bench-pin-github-action-${PIN_VERSION}`);
  const bin = join(prefix, 'node_modules/pin-github-action/bin.js');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `pin-github-action@${PIN_VERSION}`],
      { stdio: 'inherit' },
    );
  }
  return bin;
}

const work = mkdtempSync(join(tmpdir(), 'rampart-bench-cli-'));
const small = join(work, 'small');
const WORKFLOW =
  'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n';
mkdirSync(join(small, '.github/workflows'), { recursive: true });
writeFileSync(join(small, '.github/workflows/ci.yml'), WORKFLOW);

/** The corpus as one checkout (workflows renamed apart, actions in folders of their own), for the time per file. */
function corpusCheckout(): { dir: string; files: number } | undefined {
  if (!corpusPresent()) return undefined;
  const dir = join(work, 'corpus');
  let files = 0;
  for (const e of loadCorpus()) {
    const slug = e.repo.replace('/', '__');
    const target = /^\.github\/workflows\/[^/]+$/.test(e.path)
      ? join(dir, '.github/workflows', `${slug}__${e.path.split('/').pop()}`)
      : /(^|\/)action\.ya?ml$/.test(e.path)
        ? join(dir, 'actions', slug, e.path)
        : undefined;
    if (!target) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, e.bytes);
    files++;
  }
  return { dir, files };
}

function time(args: string[], cwd = work): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  if (r.error || (r.status !== 0 && r.status !== 1))
    throw new Error(`${args.join(' ')} failed: ${r.error?.message ?? r.stderr.toString()}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const pin = pinGithubAction();
const commands = {
  pin: [pin, '--help'],
  help: [BIN, 'harden', '--help'],
  run: [BIN, 'harden', '--offline', small],
};
const samples: Record<keyof typeof commands, number[]> = { pin: [], help: [], run: [] };
for (const args of Object.values(commands)) time(args); // warm the file cache
for (let i = 0; i < ROUNDS; i++) {
  // Interleaved, so drift on a shared machine hits every command alike; ratios are taken round by round.
  for (const [name, args] of Object.entries(commands)) samples[name as keyof typeof commands].push(time(args));
}
const ratio = (name: 'help' | 'run') => median(samples[name].map((x, i) => x / samples.pin[i]!));
console.log(`${ROUNDS} rounds, medians of whole processes (wall), node ${process.version}`);
console.log(`pin-github-action@${PIN_VERSION} --help: ${median(samples.pin).toFixed(0)} ms`);
console.log(
  `rampart harden --help: ${median(samples.help).toFixed(0)} ms; ratio to pin-github-action --help: ${ratio('help').toFixed(2)} (target <= 1.50)`,
);
console.log(
  `rampart harden --offline (1 workflow): ${median(samples.run).toFixed(0)} ms; ratio: ${ratio('run').toFixed(2)} (target <= 1.50)`,
);

const corpus = corpusCheckout();
if (corpus) {
  const rounds = Math.max(3, Math.floor(ROUNDS / 3));
  const big: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < rounds; i++) {
    big.push(time([BIN, 'harden', '--offline', corpus.dir]));
    one.push(time(commands.run));
  }
  const perFile = (median(big) - median(one)) / Math.max(1, corpus.files - 1);
  console.log(
    `per file after start-up: ${perFile.toFixed(2)} ms (${corpus.files} corpus files offline in ${median(big).toFixed(0)} ms, ${rounds} rounds)`,
  );
} else {
  console.log('per file after start-up: skipped, the real-world corpus is not present (see test/support/corpus.ts)');
}
rmSync(work, { recursive: true, force: true });
