import type { GitHubClient } from './octokit-factory.js';
import { githubUserSchema, type GitHubUser } from './github-schemas.js';
import { parseTokenExpiration } from './token-expiration.js';

export interface PatInspection {
  user: GitHubUser;
  /** From X-OAuth-Scopes; null when GitHub sent none (fine-grained tokens). */
  scopes: string[] | null;
  expiresAt: string | null;
}

export function parseScopesHeader(value: string | number | undefined): string[] | null {
  if (typeof value !== 'string') return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `GET /user` with the token: whose it is, its classic scopes, and when it expires. Throws Octokit's errors. */
export async function inspectPat(client: GitHubClient): Promise<PatInspection> {
  const res = await client.request('GET /user');
  return {
    user: githubUserSchema.parse(res.data),
    scopes: parseScopesHeader(res.headers['x-oauth-scopes']),
    expiresAt: parseTokenExpiration(res.headers['github-authentication-token-expiration']),
  };
}

/** Classic scopes Rampart needs, with what implies them (docs/github-behaviour.md#permission-checks). */
export function missingClassicScopes(scopes: readonly string[]): string[] {
  return ['repo', 'workflow'].filter((needed) => !scopes.includes(needed));
}
