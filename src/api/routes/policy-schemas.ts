import { z } from 'zod';
import { orchestrateOptionsFields } from '../../orchestrate/orchestrate-options.js';
import { plainText } from '../../plain-text.js';
import { PAUSE_REASONS, POLICY_SCHEDULES, POLICY_TRIGGERS } from '../../store/policy-store.js';
import { repositoryFullNameSchema, timestamp } from '../schemas.js';
import { MAX_REPOSITORIES_PER_RUN } from './orchestration-schemas.js';

const name = plainText(z.string().trim().min(1).max(100)).meta({
  description: 'What the policy is for, in a few words: one line.',
});
const repositories = z
  .union([z.array(repositoryFullNameSchema).min(1).max(MAX_REPOSITORIES_PER_RUN), z.literal('all')])
  .meta({
    description:
      'The repositories each run hardens, or "all": every repository your saved PAT may write, as it is when the run starts.',
  });
/** The keys given replace those of your saved Orchestrate Options for this policy's runs; handlers keep only the keys sent. */
const options = orchestrateOptionsFields.partial().meta({
  description:
    'Overrides of your saved Orchestrate Options for this policy’s runs: each key given replaces the saved one.',
});
const schedule = z
  .enum(POLICY_SCHEDULES)
  .nullable()
  .meta({ description: 'Run daily or weekly (at a time of day fixed per policy, UTC), or not on a schedule (null).' });
const push = z.boolean().meta({
  description:
    'Run a repository when a push to its default branch changes a workflow, an action.yml/yaml, .github/dependabot.yml/yaml or .github/rampart.yml (GitHub App webhooks; a burst of pushes makes one run; Rampart’s own merged pull request does not).',
});
const newRepositories = z.boolean().meta({
  description:
    'Run a repository the GitHub App newly sees (created, or added to its installation). Needs repositories "all".',
});

export const policyRequestSchema = z
  .strictObject({
    name,
    repositories,
    options: options.optional(),
    triggers: z.strictObject({
      schedule: schedule.default(null),
      push: push.default(false),
      new_repositories: newRepositories.default(false),
    }),
  })
  .meta({ title: 'PolicyRequest' });

/** Every field optional; `triggers` merges into the current ones, `options` replaces them, `paused` pauses or resumes. */
export const policyPatchSchema = z
  .strictObject({
    name: name.optional(),
    repositories: repositories.optional(),
    options: options.optional(),
    triggers: z
      .strictObject({
        schedule: schedule.optional(),
        push: push.optional(),
        new_repositories: newRepositories.optional(),
      })
      .optional(),
    paused: z
      .boolean()
      .optional()
      .meta({ description: 'true pauses the policy (nothing starts it but POST …/run); false resumes it.' }),
  })
  .meta({ title: 'PolicyPatch' });

export const policySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    repositories: z.union([z.array(z.string()), z.literal('all')]),
    options: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The Orchestrate Options this policy overrides, only the keys set.' }),
    triggers: z.object({
      schedule: z.enum(POLICY_SCHEDULES).nullable(),
      push: z.boolean(),
      new_repositories: z.boolean(),
    }),
    status: z.enum(['active', 'paused']),
    paused: z
      .object({ reason: z.enum(PAUSE_REASONS), message: z.string(), at: timestamp })
      .nullable()
      .meta({
        description:
          'Why and since when the policy is paused: `user` (you paused it) or `pat_removed` (the PAT its runs need was removed).',
      }),
    next_run_at: timestamp
      .nullable()
      .meta({ description: 'When its schedule next starts a run; null without a schedule or while paused.' }),
    last_run: z
      .object({
        run_id: z.string().nullable(),
        trigger: z.enum(POLICY_TRIGGERS),
        at: timestamp,
        repository: z.string().nullable(),
        note: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'The last run it started (or tried to: `note` says why not).' }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Policy' });

export const policyListSchema = z.object({ policies: z.array(policySchema) }).meta({ title: 'PolicyList' });

/** Zod fills the defaults of the options it parses; a policy keeps only the keys that were sent. */
export function optionsSent(
  raw: unknown,
  parsed: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (parsed === undefined) return undefined;
  const sent = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.keys(raw) : [];
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => sent.includes(key)));
}
