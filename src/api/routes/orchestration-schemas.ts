import { z } from 'zod';
import { orchestrateOptionsFields } from '../../orchestrate/orchestrate-options.js';
import { POLICY_TRIGGERS } from '../../store/policy-store.js';
import { repositoryResultSchema } from '../../store/run-store.js';
import { repositoryFullNameSchema } from '../schemas.js';

export const MAX_REPOSITORIES_PER_RUN = 500;

export const orchestrationRequestSchema = z
  .strictObject({
    repositories: z.union([z.array(repositoryFullNameSchema).min(1).max(MAX_REPOSITORIES_PER_RUN), z.literal('all')]),
    /** Overrides of the saved Orchestrate Options for this run only. */
    options: orchestrateOptionsFields.partial().optional(),
  })
  .meta({ title: 'OrchestrationRequest' });

export const repositoryStateSchema = repositoryResultSchema
  .omit({ updated_at: true })
  .extend({ updated_at: z.string() })
  .meta({ title: 'RepositoryState' });

export const runSchema = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'cancelled']),
    created_at: z.string(),
    repositories: z.array(repositoryStateSchema),
    policy_id: z.string().optional().meta({ description: 'The policy that started this run, if one did.' }),
    trigger: z
      .enum(POLICY_TRIGGERS)
      .optional()
      .meta({ description: 'What made the policy run: its schedule, a push, a new repository, or you (manual).' }),
  })
  .meta({ title: 'Orchestration' });

export const orchestrationListQuerySchema = z.object({
  policy_id: z
    .string()
    .regex(/^pol_[A-Za-z0-9]{20}$/, 'must be a policy id (pol_…)')
    .optional()
    .meta({ description: 'Only the runs this policy started (up to 100, newest first).' }),
});

export const runListSchema = z.object({ orchestrations: z.array(runSchema) }).meta({ title: 'OrchestrationList' });
