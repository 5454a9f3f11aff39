import { z } from 'zod';
import { hardenOptionsSchema } from '../harden/options.js';
import { branchNameProblem } from './git-ref-name.js';

export const DEFAULT_BRANCH_NAME = 'rampart/harden-workflows';
export const DEFAULT_PR_TITLE = 'Harden GitHub Actions workflows';

/** A user's default Orchestrate Options: the engine's own options plus how the pull request is made. */
export const orchestrateOptionsSchema = z
  .strictObject({
    /** Validated by the engine's schema, so what is saved is exactly what the engine accepts. */
    harden: hardenOptionsSchema.prefault({}),
    branch: z
      .string()
      .default(DEFAULT_BRANCH_NAME)
      .superRefine((name, ctx) => {
        const problem = branchNameProblem(name);
        if (problem) ctx.addIssue({ code: 'custom', message: `is not a valid git branch name: it ${problem}` });
      })
      .meta({ description: 'The branch Rampart commits to in each repository.' }),
    pr_title: z.string().trim().min(1).max(256).default(DEFAULT_PR_TITLE),
    draft: z.boolean().default(false).meta({ description: 'Open pull requests as drafts.' }),
  })
  .meta({ title: 'OrchestrateOptions' });

export type OrchestrateOptionsInput = z.input<typeof orchestrateOptionsSchema>;
export type OrchestrateOptions = z.output<typeof orchestrateOptionsSchema>;

/** Stored options re-read through the schema, so defaults added later apply to old records too. */
export function resolveOrchestrateOptions(stored: unknown): OrchestrateOptions {
  const parsed = orchestrateOptionsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : orchestrateOptionsSchema.parse({});
}
