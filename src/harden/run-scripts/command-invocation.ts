import { PUSH_COMMANDS, type PushCommand } from '../knowledge/push-commands.js';
import type { ShellCommand } from '../shell/shell-commands.js';

/** What one simple command runs, as far as pushing is concerned. */
export type Invocation =
  | { kind: 'push'; command: PushCommand; label: string }
  | { kind: 'git'; subcommand: string; label: string }
  | { kind: 'target'; runner: string; targets: string[]; label: string }
  | { kind: 'script'; path: string; label: string }
  | { kind: 'other'; name: string };

/** `npx x`, `poetry run x`, `python -m x` … run the program after them. */
const RUNNERS: Record<string, string[]> = {
  npx: [],
  pnpx: [],
  bunx: [],
  uvx: [],
  'yarn dlx': [],
  'pnpm dlx': [],
  'pnpm exec': [],
  'yarn exec': [],
  'npm exec': [],
  'poetry run': [],
  'uv run': ['--with', '--python', '--project', '--directory', '--group', '--extra'],
  'pipx run': ['--spec'],
  'pdm run': [],
  'hatch run': [],
  'pipenv run': [],
  'rye run': [],
  'bundle exec': [],
};
const RUNNER_WORDS = new Set(Object.keys(RUNNERS).map((k) => k.split(' ')[0]!));
const VALUE_FLAGS = new Set([
  '-p',
  '--package',
  '-c',
  '--call',
  '--spec',
  '--with',
  '--python',
  '--project',
  '--directory',
  '--group',
  '--extra',
]);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'source', '.']);
const INTERPRETERS = new Set([
  'python',
  'python3',
  'node',
  'ruby',
  'perl',
  'pwsh',
  'powershell',
  'tsx',
  'ts-node',
  'deno',
  'bun',
  'php',
]);
const SCRIPT_FILE = /\.(sh|bash|zsh|py|js|mjs|cjs|ts|rb|pl|ps1|php)$/i;
const TARGET_RUNNERS = new Set(['make', 'gmake', 'rake', 'just', 'task', 'gradle', 'gradlew', 'mage']);
const MAKE_VALUE_FLAGS = new Set([
  '-C',
  '-f',
  '--file',
  '--directory',
  '-I',
  '-o',
  '-W',
  '-p',
  '--justfile',
  '--taskfile',
  '-d',
  '--dir',
]);
const NPM_LIFECYCLE = new Set(['test', 't', 'start', 'stop', 'restart', 'publish', 'version', 'pack']);
/** yarn/pnpm subcommands that run no package script. */
const PM_BUILTINS = new Set([
  'install',
  'i',
  'add',
  'remove',
  'rm',
  'upgrade',
  'up',
  'update',
  'why',
  'info',
  'config',
  'cache',
  'init',
  'link',
  'unlink',
  'outdated',
  'audit',
  'list',
  'ls',
  'login',
  'logout',
  'bin',
  'global',
  'import',
  'licenses',
  'dedupe',
  'store',
  'prune',
  'set',
  'plugin',
  'constraints',
  'explain',
  'node',
  'fetch',
  'setup',
  'env',
  'patch',
  'install-test',
  'ci',
  'help',
  '--version',
  '-v',
  '--help',
  'workspaces',
  'licenses',
  'rebuild',
  'root',
  'owner',
  'team',
  'create',
]);
const BUN_BUILTINS = new Set([
  'build',
  'test',
  'install',
  'i',
  'add',
  'remove',
  'x',
  'upgrade',
  'init',
  'create',
  'pm',
  'link',
  'update',
]);
const REMOTE_GIT = new Set(['push', 'pull', 'fetch', 'ls-remote', 'clone', 'submodule', 'remote']);

/** Reads one command: unwraps runners, then names a push tool, a git remote call, a make/npm target or a local script. */
export function invocationOf(command: ShellCommand): Invocation {
  let words = command.words;
  let program = command.program;
  for (let guard = 0; guard < 4; guard++) {
    const unwrapped = unwrap(words);
    if (!unwrapped) break;
    words = unwrapped;
    program = unwrapped[0] ?? '';
  }
  const [name = '', ...args] = words;
  const base = name.replace(/^.*\//, '');
  if (base === 'git') return gitInvocation(args);
  const push = PUSH_COMMANDS.find((c) => matches(c, base, args));
  if (push) return { kind: 'push', command: push, label: push.label };
  if (TARGET_RUNNERS.has(base)) {
    const targets = targetsOf(args);
    return { kind: 'target', runner: base, targets, label: [base, ...targets].join(' ') };
  }
  if (base === 'npm' || base === 'yarn' || base === 'pnpm' || base === 'bun') {
    const target = packageScript(base, args);
    if (target?.startsWith('./') || (target && SCRIPT_FILE.test(target))) return script(target);
    if (target !== undefined)
      return { kind: 'target', runner: base, targets: [target], label: `${base} run ${target}` };
    return { kind: 'other', name: base };
  }
  if (SHELLS.has(base) || INTERPRETERS.has(base)) {
    const file = args.find((a) => !a.startsWith('-') && a !== 'run');
    if (args.includes('-c') || args.includes('-Command') || file === undefined) return { kind: 'other', name: base };
    if (SHELLS.has(base) || SCRIPT_FILE.test(file) || file.includes('/')) return script(file);
    return { kind: 'other', name: base };
  }
  const raw = program || name;
  if (
    (raw.includes('/') && !raw.startsWith('/') && !raw.startsWith('~') && !raw.startsWith('$')) ||
    SCRIPT_FILE.test(raw)
  )
    return script(raw);
  return { kind: 'other', name: base };
}

function script(path: string): Invocation {
  return { kind: 'script', path: path.replace(/^\.\//, ''), label: path };
}

function unwrap(words: readonly string[]): string[] | undefined {
  const [first = '', second = ''] = words;
  const base = first.replace(/^.*\//, '');
  // yarn and pnpm run a package's binary by its name: `yarn semantic-release`, `pnpm changeset publish`.
  if ((base === 'yarn' || base === 'pnpm') && PUSH_COMMANDS.some((c) => c.programs.includes(second)))
    return words.slice(1);
  if (/^python3?(\.\d+)?$/.test(base) && second === '-m' && words[2]) {
    return [words[2].replace(/_/g, '-'), ...words.slice(3)];
  }
  // Most commands are no runner: only a runner's first word can start a two-word key, so skip building one.
  if (!RUNNER_WORDS.has(base) && !(base in RUNNERS)) return undefined;
  const two = `${base} ${second}`;
  const key = RUNNERS[two] !== undefined ? two : RUNNERS[base] !== undefined ? base : undefined;
  if (key === undefined) return undefined;
  const rest = words.slice(key.split(' ').length);
  let i = 0;
  while (i < rest.length && rest[i]!.startsWith('-')) {
    if (rest[i] === '--') {
      i++;
      break;
    }
    i += VALUE_FLAGS.has(rest[i]!) ? 2 : 1;
  }
  const program = rest[i];
  if (program === undefined) return undefined;
  // `semantic-release@22`, `@changesets/cli` → the program's own name.
  const bare = program.replace(/^(@[^/]+\/)?([^@]+)@.*$/, '$1$2').replace(/^@changesets\/cli$/, 'changeset');
  return [bare, ...rest.slice(i + 1)];
}

function matches(c: PushCommand, base: string, args: readonly string[]): boolean {
  if (!c.programs.includes(base)) return false;
  if (c.subcommands && !c.subcommands.includes(args.find((a) => !a.startsWith('-')) ?? '')) return false;
  if (c.requires && !args.some((a) => c.requires!.test(a))) return false;
  if (c.unless && args.some((a) => c.unless!.test(a))) return false;
  return true;
}

function gitInvocation(args: readonly string[]): Invocation {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-C' || a === '-c' || a === '--git-dir' || a === '--work-tree') i++;
    else if (!a.startsWith('-')) {
      // `git subtree push` and `git push` both push; the rest that reach the remote only read.
      const sub = a === 'subtree' && args.slice(i + 1).includes('push') ? 'push' : a;
      return { kind: 'git', subcommand: REMOTE_GIT.has(sub) ? sub : a, label: `git ${sub}` };
    }
  }
  return { kind: 'git', subcommand: '', label: 'git' };
}

function targetsOf(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (MAKE_VALUE_FLAGS.has(a)) i++;
    else if (!a.startsWith('-') && !a.includes('=') && !/^\d+$/.test(a)) out.push(a);
  }
  return out;
}

/** The package.json script (or file) `npm run x`, `yarn x`, `pnpm --filter a run x`, `bun run x` runs, if any. */
function packageScript(manager: string, args: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (['--filter', '-F', '-C', '--dir', '--prefix', '-w', '--workspace', '--cwd'].includes(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  const [sub, next] = words;
  if (sub === undefined) return undefined;
  if (sub === 'run' || sub === 'run-script') return next;
  if (manager === 'yarn' && sub === 'workspace') return words[2];
  if (manager === 'npm') return NPM_LIFECYCLE.has(sub) ? (sub === 't' ? 'test' : sub) : undefined;
  if (manager === 'bun') return BUN_BUILTINS.has(sub) ? undefined : sub;
  return PM_BUILTINS.has(sub) ? undefined : sub;
}
