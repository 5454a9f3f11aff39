import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { harden } from '../harden/harden.js';
import { memoizeResolver } from '../harden/resolver/action-resolver.js';
import { RULES } from '../harden/rules/registry.js';
import { RULE_IDS, type RuleId } from '../harden/types.js';
import { githubActionResolver } from '../github/github-action-resolver.js';
import { createOctokit } from '../github/octokit-factory.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-io.js';
import { readRepoFiles, readWantedFiles } from './read-repo-files.js';
import { renderJson, renderText } from './render-report.js';
import { offlineActionResolver } from './offline-action-resolver.js';
import { withProgress } from './resolve-progress.js';

const hardenEnvSchema = z.object({
  GITHUB_API_URL: z.url({ protocol: /^https?$/, error: 'GITHUB_API_URL must be an http(s) URL' }).optional(),
  GITHUB_TOKEN: z.string().optional(),
});

interface HardenFlags {
  write?: boolean;
  check?: boolean;
  format: 'text' | 'json';
  rules?: string;
  apiUrl?: string;
  offline?: boolean;
}

export function hardenCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('harden')
    .description('Harden the GitHub Actions workflows and actions of a checkout (a dry run unless --write)')
    .argument('[dir]', 'the repository checkout', '.')
    .option('--write', 'write the hardened files')
    .option('--check', 'exit 1 when any file would change')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--rules <ids>', `run only these rules, comma-separated (${RULE_IDS.join(', ')})`)
    .option('--api-url <url>', 'GitHub REST API used to resolve action refs (env GITHUB_API_URL; token from GITHUB_TOKEN)')
    .option('--offline', 'no network at all: action refs are reported unresolved and left as they are')
    .addHelpText('after', `\nRules:\n${RULES.map((r) => `  ${r.id.padEnd(30)} ${r.title}`).join('\n')}\n`)
    .action(async (dir: string, flags: HardenFlags) => setExit(await runHarden(dir, flags, io)));
}

async function runHarden(dir: string, flags: HardenFlags, io: CliIo): Promise<number> {
  const env = hardenEnvSchema.safeParse(io.env);
  if (!env.success) throw new UsageError(env.error.issues.map((i) => i.message).join('; '));
  const apiUrl = flags.apiUrl ?? env.data.GITHUB_API_URL ?? 'https://api.github.com';
  if (!z.url({ protocol: /^https?$/ }).safeParse(apiUrl).success) throw new UsageError(`--api-url ${apiUrl} is not an http(s) URL`);
  const rules = selectRules(flags.rules);

  const root = resolve(io.cwd, dir);
  let files: Map<string, Uint8Array>;
  try {
    files = await readRepoFiles(root);
  } catch (err) {
    throw new UsageError(`cannot read ${dir}: ${(err as Error).message}`);
  }
  if (flags.offline && flags.apiUrl !== undefined) throw new UsageError('--offline and --api-url cannot be used together');
  const resolver = flags.offline
    ? offlineActionResolver()
    : githubActionResolver(createOctokit({ baseUrl: apiUrl, token: env.data.GITHUB_TOKEN || undefined, retries: 1, maxWaitSeconds: 60 }));
  if (flags.offline) io.stderr('offline: action refs are not resolved; each one is reported on its line and left as it is\n');
  const progress = withProgress(memoizeResolver(resolver), (line) => io.stderr(line));
  const run = (input: Map<string, Uint8Array>) => harden({ files: input, resolver: progress.resolver, ...(rules ? { options: { rules } } : {}) });
  let result;
  try {
    result = await run(files);
    // Local scripts and package.json files are read only when the engine asks, to judge a command that may push.
    const scripts = await readWantedFiles(root, result.wanted);
    if (scripts.size > 0) result = await run(new Map([...files, ...scripts]));
  } finally {
    progress.stop();
  }
  if (flags.write) {
    for (const [path, bytes] of result.changes) {
      const target = join(root, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
  }
  io.stdout(flags.format === 'json' ? renderJson(result) : renderText(result, files, Boolean(flags.write)));
  if (result.report.summary.errors > 0) return 1;
  if (flags.check && result.changes.size > 0) return 1;
  return 0;
}

function selectRules(list: string | undefined): Partial<Record<RuleId, boolean>> | undefined {
  if (list === undefined) return undefined;
  const wanted = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((id) => !(RULE_IDS as readonly string[]).includes(id));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new UsageError(`unknown rule id(s): ${unknown.join(', ') || '(none given)'}; known: ${RULE_IDS.join(', ')}`);
  }
  return Object.fromEntries(RULE_IDS.map((id) => [id, wanted.includes(id)]));
}
