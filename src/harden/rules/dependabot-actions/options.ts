import { z } from 'zod';

/** `dependabot` in the engine options. */
export const dependabotOptions = z
  .object({
    interval: z.enum(['daily', 'weekly', 'monthly']).default('weekly'),
    cooldownDays: z.number().int().min(0).max(90).default(7),
  })
  .prefault({});
