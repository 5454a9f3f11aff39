import { z } from 'zod';
import { dependabotOptions } from './rules/dependabot-actions/options.js';
import { hardenRunnerOptions } from './rules/harden-runner/options.js';
import { pinActionsOptions } from './rules/pin-actions/options.js';
import { RULE_IDS, type RuleId } from './rules/registry.js';

const ruleSwitches = z.partialRecord(z.enum(RULE_IDS), z.boolean());

/**
 * The engine's options; the same schema validates Orchestrate Options and `rampart harden` flags. Each rule's own
 * options live in its folder (and its definition names them); a test checks every one is wired in here.
 */
export const hardenOptionsSchema = z
  .object({
    /** Per-rule on/off; a rule left out takes its default. */
    rules: ruleSwitches.default({}),
    pinActions: pinActionsOptions,
    hardenRunner: hardenRunnerOptions,
    dependabot: dependabotOptions,
  })
  .strict();

export type HardenOptionsInput = z.input<typeof hardenOptionsSchema>;
export type HardenOptions = z.output<typeof hardenOptionsSchema>;

export function resolveHardenOptions(input: HardenOptionsInput = {}): HardenOptions {
  return hardenOptionsSchema.parse(input);
}

export function ruleEnabled(options: HardenOptions, id: RuleId, byDefault: boolean): boolean {
  return options.rules[id] ?? byDefault;
}
