import { z } from 'zod';
import { RULE_IDS, type RuleId } from './types.js';

const ruleSwitches = z.partialRecord(z.enum(RULE_IDS), z.boolean());

/** The engine's options; the same schema validates Orchestrate Options and `rampart harden` flags. */
export const hardenOptionsSchema = z
  .object({
    /** Per-rule on/off; a rule left out takes its default. */
    rules: ruleSwitches.default({}),
    pinActions: z
      .object({
        /** Pin refs that name a branch, not only tags (the issue asks for every tag or branch ref). */
        pinBranches: z.boolean().default(true),
      })
      .prefault({}),
    hardenRunner: z
      .object({
        egressPolicy: z.enum(['audit', 'block']).default('audit'),
        /** The action inserted; pinned through the resolver like any other ref. */
        action: z
          .string()
          .regex(/^[\w.-]+\/[\w.-]+@[\w./-]+$/, 'must look like owner/repo@ref')
          .default('step-security/harden-runner@v2'),
        /** Insert into self-hosted jobs too (harden-runner then needs its agent there). */
        includeSelfHosted: z.boolean().default(false),
        /** Extra runner labels to treat as Linux VMs, for larger or self-hosted runners. */
        linuxLabels: z.array(z.string().min(1)).default([]),
      })
      .prefault({}),
    dependabot: z
      .object({
        interval: z.enum(['daily', 'weekly', 'monthly']).default('weekly'),
        cooldownDays: z.number().int().min(0).max(90).default(7),
      })
      .prefault({}),
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
