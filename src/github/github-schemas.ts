import { z } from 'zod';

/** `GET /user`: only what Rampart reads; GitHub sends much more. */
export const githubUserSchema = z.object({
  login: z.string().min(1),
  id: z.number().int().positive(),
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  type: z.string().optional(),
});
export type GitHubUser = z.output<typeof githubUserSchema>;

/** The `permissions` of repository JSON: the user's role, not what the token may do (docs/github-behaviour.md#permission-checks). */
export const githubRolePermissionsSchema = z.object({
  admin: z.boolean(),
  maintain: z.boolean().optional(),
  push: z.boolean(),
  triage: z.boolean().optional(),
  pull: z.boolean(),
});

/** `GET /repos/{owner}/{repo}` and each item of `GET /user/repos`. */
export const githubRepositorySchema = z.object({
  id: z.number().int(),
  full_name: z.string().regex(/^[^/]+\/[^/]+$/),
  private: z.boolean(),
  default_branch: z.string().min(1).optional(),
  archived: z.boolean().optional(),
  fork: z.boolean().optional(),
  html_url: z.string(),
  permissions: githubRolePermissionsSchema.optional(),
});
export type GitHubRepository = z.output<typeof githubRepositorySchema>;

export const githubRepositoryListSchema = z.array(githubRepositorySchema);

/** `POST <web>/login/oauth/access_token` with Accept: application/json; errors come back as 200s. */
export const oauthTokenResponseSchema = z.union([
  z.object({
    access_token: z.string().min(1),
    token_type: z.string(),
    scope: z.string().optional(),
    // GitHub App user tokens that expire (the default) come with a refresh token; lifetimes in seconds.
    expires_in: z.coerce.number().int().positive().optional(),
    refresh_token: z.string().min(1).optional(),
    refresh_token_expires_in: z.coerce.number().int().positive().optional(),
  }),
  z.object({ error: z.string(), error_description: z.string().optional(), error_uri: z.string().optional() }),
]);
