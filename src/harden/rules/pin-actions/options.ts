import { z } from 'zod';

/** `pinActions` in the engine options. */
export const pinActionsOptions = z
  .object({
    /** Pin refs that name a branch, not only tags (the issue asks for every tag or branch ref). */
    pinBranches: z.boolean().default(true),
    /** Actions left on their tag or branch: globs over owner/repo[/path] (src/harden/config-file/action-glob.ts). */
    exempt: z.array(z.string().min(1)).default([]),
  })
  .prefault({});
