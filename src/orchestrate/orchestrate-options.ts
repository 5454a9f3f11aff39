import { z } from 'zod';
import { hardenOptionsSchema } from '../harden/options.js';
import { allowedEndpointSchema } from '../harden/rules/harden-runner/options.js';
import { plainText, unsafeCharacterProblem } from '../plain-text.js';
import { branchNameProblem } from './git-ref-name.js';

export const DEFAULT_BRANCH_NAME = 'rampart/harden-workflows';
export const DEFAULT_PR_TITLE = 'Harden GitHub Actions workflows';
export const REPORT_FINDINGS = ['none', 'pull-request', 'issue'] as const;
export type ReportFindings = (typeof REPORT_FINDINGS)[number];

/** The options' fields, unrefined: stored records are read through them, and a run's overrides are a partial of them. */
export const orchestrateOptionsFields = z.strictObject({
  /** Validated by the engine's schema, so what is saved is exactly what the engine accepts. */
  harden: hardenOptionsSchema.prefault({}),
  branch: z
    .string()
    .default(DEFAULT_BRANCH_NAME)
    .superRefine((name, ctx) => {
      // Bidi controls are valid in git refs, yet make a branch read as another one in GitHub's pages.
      const problem =
        unsafeCharacterProblem(name) ??
        (branchNameProblem(name) && `is not a valid git branch name: it ${branchNameProblem(name)}`);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description: 'The branch Rampart commits to in each repository.' }),
  // One line: it becomes the commit message's subject, where a line break would let it add trailers (Co-authored-by:).
  pr_title: plainText(z.string().trim().min(1).max(256))
    .default(DEFAULT_PR_TITLE)
    .meta({ description: 'The pull request title and commit subject: one line, no control or bidi characters.' }),
  draft: z.boolean().default(false).meta({
    description: 'Open new pull requests as drafts (an open pull request that is not a draft is left as it is).',
  }),
  report_findings: z.enum(REPORT_FINDINGS).default('pull-request').meta({
    description:
      'Where findings Rampart does not fix are written on GitHub (every run result lists them all): `none`; `pull-request`, in the pull request body; `issue`, one issue per repository labelled `rampart`, updated in place by later runs and closed when nothing is left.',
  }),
  allowed_endpoints: z.array(allowedEndpointSchema).max(200).default([]).meta({
    description:
      'The host:port entries harden-runner lets jobs reach under egress-policy `block` (written as `allowed-endpoints`); a host may start with `*.`.',
  }),
});

type Fields = z.output<typeof orchestrateOptionsFields>;

/** A user's default Orchestrate Options: the engine's own options plus how pull requests and findings are made. */
export const orchestrateOptionsSchema = orchestrateOptionsFields
  .superRefine((o, ctx) => {
    const problem = egressProblem(o);
    if (problem) ctx.addIssue({ code: 'custom', path: ['allowed_endpoints'], message: problem });
  })
  .meta({ title: 'OrchestrateOptions' });

export type OrchestrateOptionsInput = z.input<typeof orchestrateOptionsSchema>;
export type OrchestrateOptions = z.output<typeof orchestrateOptionsSchema>;

/** Why the options cannot be applied as they are, in a sentence for the user; null when they can. */
export function egressProblem(o: Fields): string | null {
  if (
    o.harden.hardenRunner.egressPolicy !== 'block' ||
    o.harden.rules['harden-runner'] === false ||
    egressApplied(o) === 'block'
  )
    return null;
  return 'egress-policy block needs allowed_endpoints: without them harden-runner blocks every outbound call and the jobs fail. List the host:port entries the jobs need (e.g. github.com:443), or keep egress-policy audit to learn them first.';
}

/** The egress policy a run really writes: `block` only with endpoints to allow (options saved before the rule may lack them). */
export function egressApplied(o: Fields): 'audit' | 'block' {
  const endpoints = o.allowed_endpoints.length + o.harden.hardenRunner.allowedEndpoints.length;
  return o.harden.hardenRunner.egressPolicy === 'block' && endpoints > 0 ? 'block' : 'audit';
}

/** The engine's options for a run: `allowed_endpoints` joined to the engine's own, and the egress policy really applied. */
export function engineOptions(o: OrchestrateOptions): OrchestrateOptions['harden'] {
  const { hardenRunner } = o.harden;
  const allowedEndpoints = [...new Set([...hardenRunner.allowedEndpoints, ...o.allowed_endpoints])];
  return { ...o.harden, hardenRunner: { ...hardenRunner, egressPolicy: egressApplied(o), allowedEndpoints } };
}

/** Why a run's options (its overrides over the saved ones, each top-level key replacing) cannot run, or null. */
export function runOptionsProblem(
  saved: unknown,
  overrides: Partial<OrchestrateOptionsInput> | undefined,
): string | null {
  const base = typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? saved : {};
  const parsed = orchestrateOptionsFields.safeParse({ ...base, ...(overrides ?? {}) });
  return parsed.success ? egressProblem(parsed.data) : null;
}

/** Stored options re-read through the fields, so defaults added later apply to old records too. */
export function resolveOrchestrateOptions(stored: unknown): OrchestrateOptions {
  const parsed = orchestrateOptionsFields.safeParse(stored ?? {});
  return parsed.success ? parsed.data : orchestrateOptionsFields.parse({});
}
