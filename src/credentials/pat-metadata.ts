import type { PatRecord } from '../store/credential-store.js';

/** What the API shows about a saved PAT: everything but the token. */
export interface PatMetadata {
  name: string;
  kind: 'classic' | 'fine-grained';
  login: string;
  email: string;
  last4: string;
  expires_at: string | null;
  scopes?: string[];
  created_at: string;
}

export function patMetadata(record: PatRecord): PatMetadata {
  return {
    name: record.name,
    kind: record.kind,
    login: record.login,
    email: record.email,
    last4: record.last4,
    expires_at: record.expiresAt,
    ...(record.kind === 'classic' ? { scopes: record.scopes ?? [] } : {}),
    created_at: record.createdAt,
  };
}
