import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { mergeHardenOptions } from '../../harden/config-file/merge-options.js';
import {
  CONFIG_FILE_PATH,
  EMPTY_CONFIG,
  parseConfigFile,
  type RampartConfig,
} from '../../harden/config-file/parse-config-file.js';
import { hardenOptionsSchema, type HardenOptions, type HardenOptionsInput } from '../../harden/options.js';
import { RULE_IDS, type RuleId } from '../../harden/rules/registry.js';
import { UsageError, type CliIo } from '../cli-io.js';
import type { FailOn, HardenFlags } from './harden-flags.js';

const hardenEnvSchema = z.object({
  GITHUB_API_URL: z.url({ protocol: /^https?$/, error: 'GITHUB_API_URL must be an http(s) URL' }).optional(),
  GITHUB_TOKEN: z.string().optional(),
  GH_TOKEN: z.string().optional(),
});

/** Everything a run needs to know, from flags over `.github/rampart.yml` over defaults. */
export interface HardenSettings {
  options: HardenOptions;
  pathsIgnore: string[];
  failOn: FailOn;
  apiUrl: string;
  /** GH_TOKEN, else GITHUB_TOKEN (the order of the GitHub CLI); none reads public repositories anonymously. */
  token: string | undefined;
  /** Where the configuration came from, for messages; absent when there was no file. */
  configPath?: string;
}

export async function hardenSettings(root: string, flags: HardenFlags, io: CliIo): Promise<HardenSettings> {
  const env = hardenEnvSchema.safeParse(io.env);
  if (!env.success) throw new UsageError(env.error.issues.map((i) => i.message).join('; '));
  if (flags.offline && flags.apiUrl !== undefined)
    throw new UsageError('--offline and --api-url cannot be used together');
  const apiUrl = flags.apiUrl ?? env.data.GITHUB_API_URL ?? 'https://api.github.com';
  if (!z.url({ protocol: /^https?$/ }).safeParse(apiUrl).success)
    throw new UsageError(`--api-url ${apiUrl} is not an http(s) URL`);

  const { config, path: configPath } = await loadConfig(root, flags.config, io.cwd);
  const merged = mergeHardenOptions(config.options, flagOptions(flags));
  const options = hardenOptionsSchema.safeParse(merged);
  if (!options.success) {
    const issue = options.error.issues[0]!;
    throw new UsageError(`engine option ${issue.path.map(String).join('.')}: ${issue.message}`);
  }
  return {
    options: options.data,
    pathsIgnore: config.pathsIgnore,
    failOn: flags.failOn ?? config.failOn ?? (flags.check ? 'high' : 'none'),
    apiUrl,
    token: env.data.GH_TOKEN || env.data.GITHUB_TOKEN || undefined,
    ...(configPath ? { configPath } : {}),
  };
}

/** `--config FILE` must exist; the default `.github/rampart.yml` may be absent. A bad file stops the run (exit 2). */
async function loadConfig(
  root: string,
  given: string | undefined,
  cwd: string,
): Promise<{ config: RampartConfig; path?: string }> {
  const path = given ? resolve(cwd, given) : join(root, CONFIG_FILE_PATH);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (!given && (err as NodeJS.ErrnoException).code === 'ENOENT') return { config: EMPTY_CONFIG };
    throw new UsageError(`cannot read the configuration ${given ?? CONFIG_FILE_PATH}: ${(err as Error).message}`);
  }
  const parsed = parseConfigFile(text, given ?? CONFIG_FILE_PATH);
  if (!parsed.ok) throw new UsageError(`bad configuration: ${parsed.error}`);
  return { config: parsed.config, path };
}

/** The engine options the flags set; only what was given, so the file's settings stand where a flag is silent. */
function flagOptions(flags: HardenFlags): HardenOptionsInput {
  const out: HardenOptionsInput = {};
  const rules = { ...selectRules(flags.rules), ...disableRules(flags.disable) };
  if (Object.keys(rules).length > 0) out.rules = rules;
  const pin = {
    ...(flags.pinBranches !== undefined ? { pinBranches: flags.pinBranches } : {}),
    ...(flags.exempt?.length ? { exempt: flags.exempt } : {}),
  };
  if (Object.keys(pin).length > 0) out.pinActions = pin;
  const hr = {
    ...(flags.egressPolicy ? { egressPolicy: flags.egressPolicy } : {}),
    ...(flags.hardenRunnerAction ? { action: flags.hardenRunnerAction } : {}),
    ...(flags.hardenRunnerSelfHosted !== undefined ? { includeSelfHosted: flags.hardenRunnerSelfHosted } : {}),
    ...(flags.linuxLabel?.length ? { linuxLabels: flags.linuxLabel } : {}),
  };
  if (Object.keys(hr).length > 0) out.hardenRunner = hr;
  const dep = {
    ...(flags.dependabotInterval ? { interval: flags.dependabotInterval } : {}),
    ...(flags.dependabotCooldown !== undefined ? { cooldownDays: flags.dependabotCooldown } : {}),
  };
  if (Object.keys(dep).length > 0) out.dependabot = dep;
  return out;
}

function ruleList(list: string, flag: string): RuleId[] {
  const wanted = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((id) => !(RULE_IDS as readonly string[]).includes(id));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new UsageError(
      `${flag}: unknown rule id(s): ${unknown.join(', ') || '(none given)'}; known: ${RULE_IDS.join(', ')}`,
    );
  }
  return wanted as RuleId[];
}

/** `--rules a,b`: exactly these rules, every other one off. */
function selectRules(list: string | undefined): Partial<Record<RuleId, boolean>> {
  if (list === undefined) return {};
  const wanted = ruleList(list, '--rules');
  return Object.fromEntries(RULE_IDS.map((id) => [id, wanted.includes(id)]));
}

function disableRules(list: string | undefined): Partial<Record<RuleId, boolean>> {
  if (list === undefined) return {};
  return Object.fromEntries(ruleList(list, '--disable').map((id) => [id, false]));
}
