import { z } from 'zod';
import { hardenOptionsSchema } from '../harden/options.js';
import { plainText, unsafeCharacterProblem } from '../plain-text.js';
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
        // Bidi controls are valid in git refs, yet make a branch read as another one in GitHub's pages.
        const problem = unsafeCharacterProblem(name) ?? (branchNameProblem(name) && `is not a valid git branch name: it ${branchNameProblem(name)}`);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .meta({ description: 'The branch Rampart commits to in each repository.' }),
    // One line: it becomes the commit message's subject, where a line break would let it add trailers (Co-authored-by:).
    pr_title: plainText(z.string().trim().min(1).max(256)).default(DEFAULT_PR_TITLE).meta({ description: 'The pull request title and commit subject: one line, no control or bidi characters.' }),
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
