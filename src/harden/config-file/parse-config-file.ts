import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { core } from 'zod';
import type { HardenOptionsInput } from '../options.js';
import type { Severity } from '../severity.js';
import type { RuleId } from '../types.js';
import {
  rampartConfigSchema,
  type DependabotSettings,
  type HardenRunnerSettings,
  type PinActionsSettings,
  type RampartConfigFile,
} from './config-file-schema.js';

/** Where Rampart looks for a repository's configuration. */
export const CONFIG_FILE_PATH = '.github/rampart.yml';

/** A configuration file read into what its users consume: engine options, paths to skip, the gate's threshold. */
export interface RampartConfig {
  options: HardenOptionsInput;
  /** Repository-path globs Rampart neither reads nor changes. */
  pathsIgnore: string[];
  failOn?: Severity | 'none';
}

export type ConfigParseOutcome = { ok: true; config: RampartConfig } | { ok: false; error: string };

/** The configuration of a repository without a file: nothing changes the defaults. */
export const EMPTY_CONFIG: RampartConfig = { options: {}, pathsIgnore: [] };

/**
 * Parses the text of `.github/rampart.yml` (pure: the CLI reads it from the checkout, the service from the repository).
 * A bad file is refused whole with the line and the setting at fault, never half applied.
 */
export function parseConfigFile(text: string, path = CONFIG_FILE_PATH): ConfigParseOutcome {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const yamlError = doc.errors[0];
  if (yamlError)
    return {
      ok: false,
      error: `${path}:${lines.linePos(yamlError.pos[0]).line}: invalid YAML: ${yamlError.message.split('\n')[0]}`,
    };
  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = rampartConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issue = deepest(parsed.error.issues[0]!);
    const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = at.length > 0 ? `${at.join('.')}: ` : '';
    return {
      ok: false,
      error: `${path}:${lineOf(doc, lines, at)}: ${where}${issue.message}`,
    };
  }
  return { ok: true, config: toConfig(parsed.data) };
}

/** A union's own issue says only "Invalid input": the issue of the branch that got furthest says what is wrong. */
function deepest(issue: core.$ZodIssue): core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const inner = issue.errors.map((branch) => branch[0]).filter((i): i is core.$ZodIssue => i !== undefined);
  const best = inner.sort((a, b) => b.path.length - a.path.length)[0];
  return best ? deepest({ ...best, path: [...issue.path, ...best.path] }) : issue;
}

/** The line of the deepest node on `path` that exists (a missing key is reported at its parent). */
function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function toConfig(file: RampartConfigFile): RampartConfig {
  const options: HardenOptionsInput = {};
  const rules = (file.rules ?? {}) as Record<string, boolean | { enabled?: boolean } | undefined>;
  const section = <T>(id: RuleId): Partial<T> => {
    const setting = rules[id];
    return (typeof setting === 'object' ? setting : {}) as Partial<T>;
  };
  const switches: Partial<Record<RuleId, boolean>> = {};
  for (const [id, setting] of Object.entries(rules)) {
    const on = typeof setting === 'boolean' ? setting : setting?.enabled;
    if (on !== undefined) switches[id as RuleId] = on;
  }
  if (Object.keys(switches).length > 0) options.rules = switches;

  const pin = section<PinActionsSettings>('pin-actions');
  const trusted = (file['trusted-owners'] ?? []).map((owner) => `${owner}/*`);
  const exempt = [...(pin.exempt ?? []), ...trusted];
  if (pin['pin-branches'] !== undefined || exempt.length > 0) {
    options.pinActions = {
      ...(pin['pin-branches'] !== undefined ? { pinBranches: pin['pin-branches'] } : {}),
      ...(exempt.length > 0 ? { exempt } : {}),
    };
  }
  const hr = section<HardenRunnerSettings>('harden-runner');
  const hardenRunner = {
    ...(hr['egress-policy'] !== undefined ? { egressPolicy: hr['egress-policy'] } : {}),
    ...(hr.action !== undefined ? { action: hr.action } : {}),
    ...(hr['include-self-hosted'] !== undefined ? { includeSelfHosted: hr['include-self-hosted'] } : {}),
    ...(hr['linux-labels'] !== undefined ? { linuxLabels: hr['linux-labels'] } : {}),
  };
  if (Object.keys(hardenRunner).length > 0) options.hardenRunner = hardenRunner;
  const dep = section<DependabotSettings>('dependabot-actions');
  const dependabot = {
    ...(dep.interval !== undefined ? { interval: dep.interval } : {}),
    ...(dep['cooldown-days'] !== undefined ? { cooldownDays: dep['cooldown-days'] } : {}),
  };
  if (Object.keys(dependabot).length > 0) options.dependabot = dependabot;

  return {
    options,
    pathsIgnore: file['paths-ignore'] ?? [],
    ...(file['fail-on'] ? { failOn: file['fail-on'] } : {}),
  };
}
