import { ghNeeds } from './gh-command.js';
import type { Inference, Need } from './needs.js';
import { shellCommands, shellFunctions } from './shell-commands.js';
import { expressionsIn, tokenKind, type ExpressionScope } from './token-expression.js';

/** Programs that cannot do anything with a token in their environment beyond what the script's other words show. */
const HARMLESS = new Set([
  'echo', 'printf', 'cat', 'grep', 'egrep', 'fgrep', 'sed', 'awk', 'jq', 'cut', 'tr', 'head', 'tail', 'sort', 'uniq', 'wc',
  'test', '[', '[[', ']', ']]', 'true', 'false', 'exit', 'return', 'set', 'unset', 'read', 'cd', 'pushd', 'popd', 'mkdir',
  'rm', 'cp', 'mv', 'ls', 'touch', 'sleep', 'date', 'tee', 'basename', 'dirname', 'realpath', 'readlink', 'pwd', 'shift',
  'which', 'type', 'command', 'base64', 'chmod', 'ln', 'tar', 'zip', 'unzip', 'gzip', 'gunzip', 'sha256sum', 'shasum',
  'sha1sum', 'md5sum', 'diff', 'cmp', 'seq', 'expr', 'wait', 'trap', 'break', 'continue', ':', 'git', 'gh',
]);

const TOKEN_PLACEHOLDER = '__RAMPART_GITHUB_TOKEN__';
const OTHER_PLACEHOLDER = '__RAMPART_EXPR__';

export interface RunStepInput {
  script: string;
  /** Names of the step's environment variables that hold GITHUB_TOKEN. */
  tokenVars: readonly string[];
  scope: ExpressionScope;
  line: number;
  /** Prefix for messages, e.g. "job build". */
  where: string;
}

/**
 * What a `run:` script needs. `git push` uses the credential checkout persisted, so it needs `contents: write`
 * whatever the step's environment. Everything else needs the token handed to the step (an env variable or an inline
 * `${{ github.token }}`); then each `gh` command is mapped, and any program that could read the token in a way not
 * understood (anything but `gh`, `git`, `docker login ghcr.io` and plain text tools) makes the job unknown.
 */
export function runStepNeeds(input: RunStepInput): Inference {
  const { tokenVars, line, where } = input;
  const script = prepare(input.script, input.scope);
  const needs: Need[] = [];
  const unknown = new Set<string>();
  const commands = shellCommands(script);
  for (const c of commands) {
    if (isGitPush(c.words)) needs.push({ scope: 'contents', level: 'write', source: 'git push', reason: 'to push commits' });
  }
  const inline = script.includes(TOKEN_PLACEHOLDER);
  if (tokenVars.length === 0 && !inline) return { needs, unknown: [] };

  const vars = new Set(tokenVars);
  const mentions = (text: string) => text.includes(TOKEN_PLACEHOLDER) || [...vars].some((v) => mentionsVar(text, v));
  let envMode = tokenVars.length > 0;
  const functions = shellFunctions(script);
  for (const c of commands) {
    const assigned = c.assignments.filter((a) => mentions(a));
    for (const a of assigned) vars.add(a.slice(0, a.indexOf('=')));
    const [name, ...args] = c.words;
    if (name === undefined) {
      if (assigned.length > 0) envMode = true;
      continue;
    }
    const hasToken = envMode || assigned.length > 0 || mentions(c.text);
    if (!hasToken) continue;
    if (mentions(c.text) && /GITHUB_(ENV|OUTPUT)|(^|[^>&\d])>>?\s*[^&\s]/.test(c.text) && !/^(gh|git)$/.test(name)) {
      unknown.add('the token is written to a file or passed on to later steps');
      continue;
    }
    if (name === 'gh') {
      const r = ghNeeds(args);
      if ('needs' in r) needs.push(...r.needs);
      else unknown.add(`${r.unknown} is run with the token and is not understood`);
    } else if (name === 'docker' && args[0] === 'login') {
      if (args.some((a) => /^(ghcr\.io|docker\.pkg\.github\.com)(\/|$)/i.test(a))) {
        needs.push({ scope: 'packages', level: 'write', source: 'docker login ghcr.io', reason: 'to push images to ghcr.io' });
      }
    } else if (!HARMLESS.has(name) && !functions.has(name)) {
      const what = /^[\w.+-]+$/.test(name) ? `\`${name}\` runs with it` : 'part of the script could not be parsed';
      unknown.add(`the token is used in a run script in a way not understood (${what})`);
    }
  }
  return { needs, unknown: [...unknown].map((m) => ({ line, message: `${where}: ${m}` })) };
}

/** Expressions become placeholders so the shell scan sees one word for each; the repository name becomes two path parts. */
function prepare(script: string, scope: ExpressionScope): string {
  let out = '';
  let at = 0;
  for (const e of expressionsIn(script)) {
    out += script.slice(at, e.start);
    if (/^\s*github\s*\.\s*repository\s*$/i.test(e.body)) out += 'OWNER/REPO';
    else out += tokenKind(`\${{${e.body}}}`, scope) === 'github' ? TOKEN_PLACEHOLDER : OTHER_PLACEHOLDER;
    at = e.end;
  }
  out += script.slice(at);
  return out.replace(/\$\{?GITHUB_REPOSITORY\}?(?!\w)/g, 'OWNER/REPO');
}

function mentionsVar(text: string, name: string): boolean {
  const n = name.replace(/[^\w]/g, '');
  return new RegExp(`\\$\\{?${n}\\b|\\$env:${n}\\b|%${n}%`, 'i').test(text);
}

function isGitPush(words: readonly string[]): boolean {
  if (words[0] !== 'git') return false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-C' || w === '-c' || w === '--git-dir' || w === '--work-tree') i++;
    else if (!w.startsWith('-')) return w === 'push';
  }
  return false;
}
