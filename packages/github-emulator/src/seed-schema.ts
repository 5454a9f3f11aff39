import { z } from 'zod';
import { limitsPatchSchema } from './limits/limits-config.js';

const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/, 'not a valid GitHub login');
const id = z.number().int().positive();
const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-character lower-case hex SHA');
const fullName = z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name"');
const level = z.enum(['read', 'write', 'admin']);
const permissions = z.record(z.string(), level);
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date');
const repoSelection = z.union([z.literal('all'), z.array(fullName)]);

const classicToken = z.strictObject({
  token: z.string().regex(/^(ghp_[A-Za-z0-9_]{1,251}|[0-9a-f]{40})$/, 'a classic PAT starts with "ghp_"'),
  kind: z.literal('classic'),
  user: login,
  scopes: z.array(z.string()).default([]),
  expires_at: date.optional(),
  /** extension: orgs with SAML SSO this token is authorized for (default: all) */
  sso_authorized: z.array(login).optional(),
});

const fineGrainedToken = z.strictObject({
  token: z.string().regex(/^github_pat_[A-Za-z0-9_]{1,244}$/, 'a fine-grained PAT starts with "github_pat_"'),
  kind: z.literal('fine-grained'),
  user: login,
  /** defaults to `user` */
  resource_owner: login.optional(),
  repositories: repoSelection.default('all'),
  permissions: permissions.default({}),
  expires_at: date.optional(),
});

/** The package ecosystems of GitHub's advisory database. */
const ecosystem = z.enum([
  'rubygems',
  'npm',
  'pip',
  'maven',
  'nuget',
  'composer',
  'go',
  'rust',
  'erlang',
  'actions',
  'pub',
  'other',
  'swift',
]);

const advisorySeed = z.strictObject({
  ghsa_id: z.string().regex(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, 'must be a GHSA id (GHSA-xxxx-xxxx-xxxx)'),
  cve_id: z.string().nullable().default(null),
  summary: z.string().min(1),
  description: z.string().nullable().default(null),
  type: z.enum(['reviewed', 'unreviewed', 'malware']).default('reviewed'),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'unknown']),
  published_at: date.default('2024-01-01T00:00:00Z'),
  updated_at: date.optional(),
  withdrawn_at: date.nullable().default(null),
  vulnerabilities: z
    .array(
      z.strictObject({
        package: z.strictObject({ ecosystem, name: z.string().min(1) }),
        vulnerable_version_range: z.string().min(1),
        first_patched_version: z.string().nullable().default(null),
      }),
    )
    .min(1),
});

/** The seed file: the emulator's whole initial state (also what `POST /_emulator/seed` adds). */
export const seedSchema = z.strictObject({
  users: z
    .array(z.strictObject({ login, id, email: z.string().nullable().optional(), name: z.string().optional() }))
    .default([]),
  orgs: z
    .array(
      z.strictObject({
        login,
        id,
        members: z.record(z.string(), z.enum(['admin', 'member'])).default({}),
        /** extension: org policy refusing classic PATs */
        classic_pats: z.enum(['allowed', 'forbidden']).default('allowed'),
        /** extension: SAML SSO enforced (classic PATs need `sso_authorized` for this org) */
        saml_sso: z.boolean().default(false),
      }),
    )
    .default([]),
  repositories: z
    .array(
      z.strictObject({
        owner: login,
        name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'not a valid repository name'),
        private: z.boolean().default(false),
        default_branch: z.string().min(1).default('main'),
        description: z.string().optional(),
        collaborators: z.record(z.string(), z.enum(['read', 'triage', 'write', 'maintain', 'admin'])).default({}),
        /** path → UTF-8 content; becomes the first commit of the default branch */
        files: z.record(z.string(), z.string()).default({}),
        branches: z.record(z.string(), z.strictObject({ sha: sha.optional() })).default({}),
        tags: z
          .record(
            z.string(),
            z.strictObject({
              sha: sha.optional(),
              annotated: z.boolean().default(false),
              message: z.string().optional(),
            }),
          )
          .default({}),
        /** GitHub's `has_issues`: with issues turned off the issues endpoints answer 410 */
        has_issues: z.boolean().default(true),
        /** extension: like a branch rule requiring signed commits, PRs with unverified commits cannot merge */
        require_signed_commits: z.boolean().default(false),
        /** GitHub's `archived` flag (REST `archived`, GraphQL `isArchived`) */
        archived: z.boolean().default(false),
      }),
    )
    .default([]),
  tokens: z.array(z.discriminatedUnion('kind', [classicToken, fineGrainedToken])).default([]),
  apps: z
    .array(
      z.strictObject({
        id,
        slug: z.string().regex(/^[a-z0-9-]+$/, 'not a valid app slug'),
        name: z.string().optional(),
        /** the account that owns the App; defaults to the first installation's account */
        owner: login.optional(),
        client_id: z.string().min(1),
        client_secret: z.string().min(1),
        private_key_pem: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
        webhook_secret: z.string().optional(),
        /** where this App's webhooks go (also settable with `POST /_emulator/webhooks`) */
        webhook_url: z.string().url().optional(),
        /** OAuth callback; when set, `redirect_uri` must start with it */
        callback_url: z.string().url().optional(),
        /** extension: GitHub's "Expire user authorization tokens" (8 h there): sign-in tokens are ghu_ with a ghr_ refresh token */
        user_token_lifetime_seconds: z.number().int().positive().optional(),
        events: z.array(z.string()).default([]),
        permissions: permissions.default({}),
        installations: z
          .array(
            z.strictObject({
              id,
              account: login,
              repositories: repoSelection.default('all'),
              permissions: permissions.optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  limits: limitsPatchSchema.optional(),
  /** Global security advisories (`GET /advisories`); fields as GitHub's `global-advisory`, most optional. */
  advisories: z.array(advisorySeed).default([]),
});

/** What a seed file may contain (defaults not yet applied). */
export type Seed = z.input<typeof seedSchema>;
export type ParsedSeed = z.output<typeof seedSchema>;

export class SeedError extends Error {}

/** Validates a seed, with one readable line per problem. */
export function parseSeed(input: unknown): ParsedSeed {
  const result = seedSchema.safeParse(input);
  if (!result.success) throw new SeedError(`invalid seed:\n${z.prettifyError(result.error)}`);
  return result.data;
}
