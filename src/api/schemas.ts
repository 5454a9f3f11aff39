import { z } from 'zod';
import { apiScopeSchema } from '../store/api-scopes.js';
import { AUDIT_EVENT_TYPES } from '../store/audit-store.js';

/** Response and shared request schemas: the routes validate with them and the OpenAPI document is built from them. */

/** Every error body; its codes are API_ERROR_CODES. */
export { apiErrorSchema as errorSchema } from '../errors/api-error-codes.js';

export const timestamp = z.string().meta({ format: 'date-time' });

/** GitHub's rule for both halves of `owner/name`: 1-100 of [A-Za-z0-9._-], and neither "." nor "..". */
const REPOSITORY_FULL_NAME = /^(?!\.\.?\/)[A-Za-z0-9._-]{1,100}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

export const repositoryFullNameSchema = z
  .string()
  .regex(
    REPOSITORY_FULL_NAME,
    'must be "owner/name", each 1-100 letters, digits, ".", "-" or "_", and neither "." nor ".."',
  )
  .meta({ description: 'A repository as owner/name, by GitHub’s naming rules.', example: 'octocat/hello-world' });

export const userSchema = z
  .object({
    id: z.string(),
    github_login: z.string(),
    github_id: z.number().int().nullable(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ title: 'User' });

export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(apiScopeSchema),
    created_at: timestamp,
    expires_at: timestamp.nullable(),
    last_used_at: timestamp.nullable(),
    expired: z.boolean(),
  })
  .meta({ title: 'ApiToken' });

export const createdApiTokenSchema = apiTokenSchema
  .extend({ token: z.string().meta({ description: 'The token itself: shown in this response only, never again.' }) })
  .meta({ title: 'CreatedApiToken' });

export const patMetadataSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['classic', 'fine-grained']),
    login: z.string(),
    email: z.string(),
    last4: z.string(),
    expires_at: timestamp.nullable(),
    scopes: z.array(z.string()).optional().meta({ description: 'Classic tokens only: the scopes GitHub reported.' }),
    created_at: timestamp,
  })
  .meta({ title: 'GitHubPat', description: 'A saved GitHub PAT, without the token.' });

const level = z.enum(['write', 'read', 'none', 'unknown']);
export const patCheckSchema = z
  .object({
    kind: z.enum(['classic', 'fine-grained']),
    login: z.string(),
    repositories: z.array(
      z.object({
        repository: z.string(),
        contents: level,
        pull_requests: level,
        workflows: level,
        how: z
          .object({ contents: z.string(), pull_requests: z.string(), workflows: z.string() })
          .meta({ description: 'How each level was determined.' }),
      }),
    ),
  })
  .meta({ title: 'GitHubPatCheck' });

export const repositoryListSchema = z
  .object({
    repositories: z.array(
      z.object({
        full_name: z.string(),
        private: z.boolean(),
        default_branch: z.string().nullable(),
        archived: z.boolean(),
        html_url: z.string(),
        role: z.object({ admin: z.boolean(), push: z.boolean(), pull: z.boolean() }).nullable().meta({
          description: "The user's role in the repository (GitHub's permissions field), not what the token may do.",
        }),
        credential: z.enum(['pat']).nullable().meta({
          description:
            'The credential a job would start with; null when you may not write. GitHub decides at run time, and a refused PAT falls back to the GitHub App.',
        }),
        credential_note: z.string().meta({ description: 'Why, in one sentence.' }),
      }),
    ),
    truncated: z.boolean(),
    app_fallback: z.boolean().meta({ description: 'Whether this Rampart has a GitHub App to fall back to.' }),
  })
  .meta({ title: 'GitHubPatRepositories' });

export const auditEventSchema = z
  .object({
    id: z.string(),
    type: z.enum(AUDIT_EVENT_TYPES),
    at: timestamp,
    via: z
      .string()
      .meta({ description: 'session, api-token:<id>, access-token:<api token id>, admin or github-sign-in' }),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
  })
  .meta({ title: 'AuditEvent' });

export const auditPageSchema = z
  .object({ events: z.array(auditEventSchema), next_before: z.string().nullable() })
  .meta({ title: 'AuditPage' });

export const sessionInfoSchema = z
  .object({
    user: userSchema,
    csrf_token: z
      .string()
      .meta({ description: 'Send as X-CSRF-Token on every state-changing request made with the session cookie.' }),
    expires_at: timestamp,
  })
  .meta({ title: 'Session' });

export const tokenExchangeResponseSchema = z
  .object({
    access_token: z.string(),
    issued_token_type: z.literal('urn:ietf:params:oauth:token-type:access_token'),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    scope: z.string(),
  })
  .meta({ title: 'TokenExchangeResponse' });

export const healthSchema = z.object({ status: z.literal('ok') });
export const readinessSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ redis: z.string(), durability: z.string() }),
});
