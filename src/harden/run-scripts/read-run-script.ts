import { posix } from 'node:path';
import type { PushCommand } from '../knowledge/push-commands.js';
import { shellCommands } from '../shell/shell-commands.js';
import { invocationOf } from './command-invocation.js';
import { riskyWord } from './risky-names.js';

/** A name around the script that may say what it does: "the step's name" → "Publish docs". */
export interface NamedThing {
  label: string;
  text: string;
}

export interface RunScriptContext {
  /** The step's, the job's name and id, in that order. */
  names: readonly NamedThing[];
  /** A repository file among those given (local scripts, package.json), or undefined. */
  fileText(path: string): string | undefined;
  /** The step's `working-directory`, which relative script paths start from. */
  workingDirectory?: string;
}

export interface ScriptPush {
  /** "git push", "mkdocs gh-deploy", … as the report names it. */
  label: string;
  /** The knowledge-base entry; undefined for a literal `git push`. */
  command?: PushCommand;
  /** The local script or package script it was found in, if not the step's own `run:`. */
  via?: string;
}

export interface RunScriptReading {
  pushes: ScriptPush[];
  /** git commands that reach the remote without pushing (fetch, pull, clone, …): they use the persisted credential. */
  remoteGit: string[];
  /** Sentences naming commands that may push but cannot be read. */
  opaque: string[];
  /** Files that were not given and would let an opaque command be read (its script, or its package.json). */
  wants: string[];
}

const MAX_DEPTH = 3;
/** npm runs these package scripts around its own publish and version commands. */
const LIFECYCLE: Partial<Record<string, string[]>> = {
  publish: ['prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish'],
  version: ['preversion', 'version', 'postversion'],
};
const SHELL_FILE = /\.(sh|bash)$/i;
const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);

/**
 * What a `run:` script does with the repository's remote: known push tools, git remote calls, and — for make/npm
 * targets and local scripts it cannot read — whether a name says it may push. Local shell scripts and package.json
 * scripts among the files given are read and judged by their content instead.
 */
export function readRunScript(script: string, ctx: RunScriptContext, depth = 0, via?: string): RunScriptReading {
  const out: RunScriptReading = { pushes: [], remoteGit: [], opaque: [], wants: [] };
  for (const command of shellCommands(script)) {
    const inv = invocationOf(command);
    if (inv.kind === 'push') out.pushes.push({ label: inv.label, command: inv.command, ...(via ? { via } : {}) });
    else if (inv.kind === 'git') {
      if (inv.subcommand === 'push') out.pushes.push({ label: 'git push', ...(via ? { via } : {}) });
      else if (['pull', 'fetch', 'ls-remote', 'clone', 'submodule', 'remote'].includes(inv.subcommand))
        out.remoteGit.push(inv.label);
    } else if (inv.kind === 'target') {
      const scripts =
        inv.runner === 'make' || inv.runner === 'gmake' ? undefined : packageScripts(inv.runner, inv.targets[0], ctx);
      if (scripts !== undefined && depth < MAX_DEPTH) {
        for (const [name, body] of scripts)
          merge(out, readRunScript(body, ctx, depth + 1, `the package script ${name}`));
        continue;
      }
      const why = reasonFrom(
        inv.targets.map((t) => ({ label: 'its name', text: t })),
        ctx.names,
      );
      const kind =
        inv.runner === 'make' || inv.runner === 'gmake'
          ? 'a make target whose recipe'
          : PACKAGE_MANAGERS.has(inv.runner)
            ? 'a package script that'
            : `a ${inv.runner} task that`;
      if (!why) continue;
      out.opaque.push(`\`${inv.label}\` runs ${kind} Rampart cannot read, and ${why}`);
      if (PACKAGE_MANAGERS.has(inv.runner)) out.wants.push(packageJsonPath(ctx));
    } else if (inv.kind === 'script') {
      const path = scriptPath(inv.path, ctx.workingDirectory);
      const text = path === undefined ? undefined : ctx.fileText(path);
      if (text !== undefined && isShell(inv.path, text) && depth < MAX_DEPTH) {
        merge(out, readRunScript(text, ctx, depth + 1, path));
        continue;
      }
      const why = reasonFrom([{ label: 'its path', text: inv.path }], ctx.names);
      const state = text === undefined ? 'is not among the files Rampart was given' : 'Rampart cannot read';
      if (!why) continue;
      out.opaque.push(`\`${inv.label}\` runs a local script that ${state}, and ${why}`);
      if (text === undefined && path !== undefined) out.wants.push(path);
    }
  }
  return out;
}

function merge(into: RunScriptReading, more: RunScriptReading): void {
  into.pushes.push(...more.pushes);
  into.remoteGit.push(...more.remoteGit);
  into.opaque.push(...more.opaque);
  into.wants.push(...more.wants);
}

/** `its name says "release"`, from the first risky name: the command's own, then the step's, then the job's. */
function reasonFrom(own: readonly NamedThing[], names: readonly NamedThing[]): string | undefined {
  for (const n of [...own, ...names]) {
    const word = riskyWord(n.text);
    if (word) return `${n.label} says "${word}", so it may push or publish`;
  }
  return undefined;
}

function scriptPath(path: string, workingDirectory: string | undefined): string | undefined {
  if (path.startsWith('/') || path.includes('$')) return undefined;
  const joined = posix.normalize(
    workingDirectory && !workingDirectory.includes('$') ? posix.join(workingDirectory, path) : path,
  );
  return joined.startsWith('..') ? undefined : joined;
}

function isShell(path: string, text: string): boolean {
  if (SHELL_FILE.test(path)) return true;
  return /^#!\s*\S*\b(env\s+)?(ba|z|da|k)?sh\b/.test(text);
}

function packageJsonPath(ctx: RunScriptContext): string {
  const dir = ctx.workingDirectory && !ctx.workingDirectory.includes('$') ? ctx.workingDirectory : '.';
  return posix.normalize(posix.join(dir, 'package.json'));
}

/** `pre<x>`, `<x>`, `post<x>` from package.json, when it is among the files given and defines `<x>`. */
function packageScripts(
  runner: string,
  target: string | undefined,
  ctx: RunScriptContext,
): [string, string][] | undefined {
  if (target === undefined || !PACKAGE_MANAGERS.has(runner)) return undefined;
  const text = ctx.fileText(packageJsonPath(ctx));
  if (text === undefined) return undefined;
  let scripts: unknown;
  try {
    scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
  } catch {
    return undefined;
  }
  if (typeof scripts !== 'object' || scripts === null) return undefined;
  const table = scripts as Record<string, unknown>;
  const lifecycle = LIFECYCLE[target];
  if (!lifecycle && typeof table[target] !== 'string') return undefined;
  return (lifecycle ?? [`pre${target}`, target, `post${target}`])
    .filter((name) => typeof table[name] === 'string')
    .map((name) => [name, table[name] as string]);
}
