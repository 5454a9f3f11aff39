import { z } from 'zod';

/** What a Rampart API token may do; browser sessions hold all of them. */
export const API_SCOPES = [
  'credentials:read',
  'credentials:write',
  'orchestrate',
  'runs:read',
  'tokens:write',
  'admin',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const apiScopeSchema = z.enum(API_SCOPES);

export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  'credentials:read':
    'read the saved GitHub PAT metadata, check its permissions, list its repositories, read the audit log',
  'credentials:write': 'save or remove the GitHub PAT',
  orchestrate: 'read and change Orchestrate Options and start orchestrations',
  'runs:read': 'read orchestration runs and their results',
  'tokens:write': 'list, create and revoke API tokens',
  admin: "operators only: use /admin/queues (bull-board), which acts on every user's jobs",
};

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** Scopes in canonical order without duplicates, so stored and compared lists are stable. */
export function normalizeScopes(scopes: Iterable<ApiScope>): ApiScope[] {
  const set = new Set(scopes);
  return API_SCOPES.filter((s) => set.has(s));
}
