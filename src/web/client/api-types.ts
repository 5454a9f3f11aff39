// The API's answers as these pages read them; the OpenAPI document (/api/v1/openapi.json) is the full contract.

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

export type AccessLevel = 'write' | 'read' | 'none' | 'unknown';

export interface PatCheck {
  kind: string;
  login: string;
  repositories: Array<{
    repository: string;
    contents: AccessLevel;
    pull_requests: AccessLevel;
    workflows: AccessLevel;
    how: { contents: string; pull_requests: string; workflows: string };
  }>;
}

export interface RepositoryEntry {
  full_name: string;
  private: boolean;
  archived: boolean;
  html_url: string;
  credential: 'pat' | null;
  credential_note: string;
}

export interface RepositoryList {
  repositories: RepositoryEntry[];
  truncated: boolean;
  app_fallback: boolean;
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'cancelled';

export interface RepositoryState {
  repository: string;
  status: 'queued' | 'running' | 'pr-opened' | 'pr-updated' | 'unchanged' | 'failed' | 'cancelled';
  credential: 'pat' | 'app' | null;
  pull_request?: { number: number; url: string; state?: 'open' | 'closed' | 'merged' };
  changes?: Array<{ file: string; rule: string; line: number; message: string }>;
  note?: string;
  error?: { code: string; message: string };
  updated_at: string;
}

export interface Run {
  id: string;
  status: RunStatus;
  created_at: string;
  repositories: RepositoryState[];
}

export interface RuleInfo {
  id: string;
  title: string;
  explanation: string;
  default_enabled: boolean;
}

export interface OrchestrateOptions {
  harden: { rules: Record<string, boolean>; hardenRunner: { egressPolicy: 'audit' | 'block' } & Record<string, unknown> } & Record<string, unknown>;
  branch: string;
  pr_title: string;
  draft: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  expired: boolean;
}

export interface Session {
  user: { github_login: string; email: string | null; name: string | null };
  csrf_token: string;
}
