import { z } from 'zod';
import { orchestrateOptionsSchema } from '../../orchestrate/orchestrate-options.js';
import { repositoryResultSchema } from '../../store/run-store.js';
import { repositoryFullNameSchema } from '../schemas.js';

export const MAX_REPOSITORIES_PER_RUN = 500;

export const orchestrationRequestSchema = z
  .strictObject({
    repositories: z.union([z.array(repositoryFullNameSchema).min(1).max(MAX_REPOSITORIES_PER_RUN), z.literal('all')]),
    /** Overrides of the saved Orchestrate Options for this run only. */
    options: orchestrateOptionsSchema.partial().optional(),
  })
  .meta({ title: 'OrchestrationRequest' });

export const repositoryStateSchema = repositoryResultSchema.omit({ updated_at: true }).extend({ updated_at: z.string() }).meta({ title: 'RepositoryState' });

export const runSchema = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'cancelled']),
    created_at: z.string(),
    repositories: z.array(repositoryStateSchema),
  })
  .meta({ title: 'Orchestration' });

export const runListSchema = z.object({ orchestrations: z.array(runSchema) }).meta({ title: 'OrchestrationList' });
