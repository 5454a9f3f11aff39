import type { PushCommand } from '../../knowledge/push-commands.js';
import { invocationOf } from '../../run-scripts/command-invocation.js';
import type { RunScriptContext, RunScriptReading } from '../../run-scripts/read-run-script.js';
import { shellCommands, shellFunctions, type ShellCommand } from '../../shell/shell-commands.js';
import { ghNeeds } from './gh-command.js';
import type { At, Inference, Need } from './needs.js';
import { expressionsIn, tokenKind, type ExpressionScope } from './token-expression.js';

/** Programs that cannot do anything with a token in their environment beyond what the script's other words show. */
const HARMLESS = new Set([
  'echo',
  'printf',
  'cat',
  'grep',
  'egrep',
  'fgrep',
  'sed',
  'awk',
  'jq',
  'cut',
  'tr',
  'head',
  'tail',
  'sort',
  'uniq',
  'wc',
  'test',
  '[',
  '[[',
  ']',
  ']]',
  'true',
  'false',
  'exit',
  'return',
  'set',
  'unset',
  'read',
  'cd',
  'pushd',
  'popd',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'ls',
  'touch',
  'sleep',
  'date',
  'tee',
  'basename',
  'dirname',
  'realpath',
  'readlink',
  'pwd',
  'shift',
  'which',
  'type',
  'command',
  'base64',
  'chmod',
  'ln',
  'tar',
  'zip',
  'unzip',
  'gzip',
  'gunzip',
  'sha256sum',
  'shasum',
  'sha1sum',
  'md5sum',
  'diff',
  'cmp',
  'seq',
  'expr',
  'wait',
  'trap',
  'break',
  'continue',
  ':',
  'git',
  'gh',
]);

const TOKEN_PLACEHOLDER = '__RAMPART_GITHUB_TOKEN__';
const OTHER_PLACEHOLDER = '__RAMPART_EXPR__';

export interface RunStepInput {
  script: string;
  /** Names of the step's environment variables that hold GITHUB_TOKEN. */
  tokenVars: readonly string[];
  scope: ExpressionScope;
  at: At;
  /** Prefix for messages, e.g. "job build". */
  where: string;
  /** Names, local scripts and package.json around the step, to judge commands that may push. */
  around: RunScriptContext;
  /** An earlier actions/checkout left GITHUB_TOKEN in .git/config, where any command can push with it. */
  credentialPersisted: boolean;
  /** Reads a script for pushes, remembering answers across rules. */
  readScript: (script: string, ctx: RunScriptContext) => RunScriptReading;
}

/**
 * What a `run:` script needs. Pushes — `git push` and the tools of the push-command knowledge base, also inside local
 * scripts and package.json scripts among the files given — use the credential checkout persisted, so they need
 * `contents: write` whatever the step's environment; a make/npm target or local script that cannot be read and whose
 * name says it may push makes the job unknown when a credential is there to push with. Everything else needs the token
 * handed to the step (an env variable or an inline `${{ github.token }}`); then each `gh` command is mapped, known
 * push tools get their documented needs, and any program that could read the token in a way not understood (anything
 * but `gh`, `git`, `docker login ghcr.io` and plain text tools) makes the job unknown.
 */
export function runStepNeeds(input: RunStepInput): Inference {
  const { tokenVars, at, where } = input;
  const script = prepare(input.script, input.scope);
  const needs: Need[] = [];
  const unknown = new Set<string>();
  const reading = input.readScript(input.script, input.around);
  for (const p of reading.pushes) {
    if (p.command && !p.command.pushesWithGit) continue;
    needs.push({
      scope: 'contents',
      level: 'write',
      source: p.via ? `${p.label} in ${p.via}` : p.label,
      reason: 'to push commits',
      viaCredential: true,
    });
  }
  const inline = script.includes(TOKEN_PLACEHOLDER);
  const handed = tokenVars.length > 0 || inline;
  if (handed || input.credentialPersisted) for (const o of reading.opaque) unknown.add(o);
  if (!handed) return { needs, unknown: [...unknown].map((m) => ({ ...at, message: `${where}: ${m}` })) };
  const commands = shellCommands(script);

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
    const tool = pushTool(c);
    if (name === 'gh') {
      const r = ghNeeds(args);
      if ('needs' in r) needs.push(...r.needs);
      else unknown.add(`${r.unknown} is run with the token and is not understood`);
    } else if (tool) {
      const reaches =
        envMode || assigned.length > 0
          ? tool.tokenEnv.some((v) => vars.has(v) || assigned.some((a) => a.startsWith(`${v}=`)))
          : false;
      if (reaches || mentions(c.text))
        needs.push(
          ...tool.withToken.map((w) => ({ scope: w.scope, level: w.level, source: tool.label, reason: w.reason })),
        );
    } else if (name === 'docker' && args[0] === 'login') {
      if (args.some((a) => /^(ghcr\.io|docker\.pkg\.github\.com)(\/|$)/i.test(a))) {
        needs.push({
          scope: 'packages',
          level: 'write',
          source: 'docker login ghcr.io',
          reason: 'to push images to ghcr.io',
        });
      }
    } else if (!HARMLESS.has(name) && !functions.has(name)) {
      const what = /^[\w.+-]+$/.test(name) ? `\`${name}\` runs with it` : 'part of the script could not be parsed';
      unknown.add(`the token is used in a run script in a way not understood (${what})`);
    }
  }
  return { needs, unknown: [...unknown].map((m) => ({ ...at, message: `${where}: ${m}` })) };
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

/** A push tool of the knowledge base (`semantic-release`, `npx release-it`), for what it needs from a token in its env. */
function pushTool(command: ShellCommand): PushCommand | undefined {
  const inv = invocationOf(command);
  return inv.kind === 'push' ? inv.command : undefined;
}
