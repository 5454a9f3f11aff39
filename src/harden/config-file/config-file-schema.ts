import { z } from 'zod';
import { SEVERITIES } from '../severity.js';
import { RULE_IDS } from '../rules/registry.js';

const actionGlob = z
  .string()
  .min(1)
  .regex(/^[^\s@]+$/, 'an action glob is owner/repo[/path] with * ? ** wildcards, without @ref');
const ownerName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'an owner is a GitHub user or organisation login');
const enabled = z.boolean().optional();

/** `true`/`false`, or an object whose `enabled` switches the rule and whose other keys are its options. */
const switchOnly = z.union([z.boolean(), z.object({ enabled }).strict()]);

const pinActionsFields = z
  .object({
    enabled,
    'pin-branches': z.boolean().optional(),
    /** Actions left on their tag or branch, as globs over owner/repo[/path]. */
    exempt: z.array(actionGlob).optional(),
  })
  .strict();
const pinActionsSetting = z.union([z.boolean(), pinActionsFields]);

const hardenRunnerFields = z
  .object({
    enabled,
    'egress-policy': z.enum(['audit', 'block']).optional(),
    action: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+@[\w./-]+$/, 'must look like owner/repo@ref')
      .optional(),
    'include-self-hosted': z.boolean().optional(),
    'linux-labels': z.array(z.string().min(1)).optional(),
  })
  .strict();
const hardenRunnerSetting = z.union([z.boolean(), hardenRunnerFields]);

const dependabotFields = z
  .object({
    enabled,
    interval: z.enum(['daily', 'weekly', 'monthly']).optional(),
    'cooldown-days': z.number().int().min(0).max(90).optional(),
  })
  .strict();
const dependabotSetting = z.union([z.boolean(), dependabotFields]);

const ruleSettings = z
  .object({
    'pin-actions': pinActionsSetting.optional(),
    'harden-runner': hardenRunnerSetting.optional(),
    'dependabot-actions': dependabotSetting.optional(),
    ...Object.fromEntries(
      RULE_IDS.filter((id) => !['pin-actions', 'harden-runner', 'dependabot-actions'].includes(id)).map((id) => [
        id,
        switchOnly.optional(),
      ]),
    ),
  })
  .strict();

/** `.github/rampart.yml`: what a repository tells Rampart about itself (docs/configuration.md). */
export const rampartConfigSchema = z
  .object({
    /** The format's version; only 1 exists. */
    version: z.literal(1).optional(),
    rules: ruleSettings.optional(),
    /** Owners whose actions may stay on a tag or branch (GitHub: pin to a tag only if you trust the creator). */
    'trusted-owners': z.array(ownerName).optional(),
    /** Repository paths Rampart neither reads as input nor changes, as globs (`**` crosses folders). */
    'paths-ignore': z.array(z.string().min(1)).optional(),
    /** The `--fail-on` default for `rampart harden --check` in this repository. */
    'fail-on': z.enum([...SEVERITIES, 'none']).optional(),
  })
  .strict();

export type RampartConfigFile = z.output<typeof rampartConfigSchema>;
export type PinActionsSettings = z.output<typeof pinActionsFields>;
export type HardenRunnerSettings = z.output<typeof hardenRunnerFields>;
export type DependabotSettings = z.output<typeof dependabotFields>;
