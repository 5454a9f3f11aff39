import type { KeyObject } from 'node:crypto';
import type { ObjectStore } from './git/object-store.js';

/** Repository roles, weakest first. */
export const ROLE_ORDER = ['read', 'triage', 'write', 'maintain', 'admin'] as const;
export type RepoRole = (typeof ROLE_ORDER)[number];

/** Fine-grained / App permission levels, weakest first. */
export const LEVEL_ORDER = ['read', 'write', 'admin'] as const;
export type PermissionLevel = (typeof LEVEL_ORDER)[number];
export type Permissions = Record<string, PermissionLevel>;

export interface User {
  id: number;
  login: string;
  email: string | null;
  name: string | null;
  type: 'User' | 'Bot';
  createdAt: string;
}

export interface Org {
  id: number;
  login: string;
  /** keyed by lower-case login */
  members: Map<string, { login: string; role: 'admin' | 'member' }>;
  /** org policy: `forbidden` refuses classic PATs (docs/github-behaviour.md#permission-checks) */
  classicPats: 'allowed' | 'forbidden';
  /** SAML SSO enforced: classic PATs must be authorized for the org */
  samlSso: boolean;
  createdAt: string;
}

export interface Repo {
  id: number;
  ownerLogin: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  description: string | null;
  /** keyed by lower-case login */
  collaborators: Map<string, RepoRole>;
  store: ObjectStore;
  /** branch name → commit id */
  branches: Map<string, string>;
  /** tag name → commit id (lightweight) or tag object id (annotated) */
  tags: Map<string, string>;
  pulls: PullRequest[];
  /** Issues proper; pull requests are issues too on GitHub and share `nextNumber` with them */
  issues: Issue[];
  /** keyed by lower-case name */
  labels: Map<string, Label>;
  /** `has_issues`: when false the issues endpoints answer 410 */
  hasIssues: boolean;
  nextNumber: number;
  /** branch-protection-like rule: a pull request merges only if all its commits are verified */
  requireSignedCommits: boolean;
  /** GitHub's `archived` flag: shown in metadata (REST and GraphQL); the emulator does not refuse writes for it */
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
}

/** A global security advisory as seeded: the fields of GitHub's `global-advisory` the emulator does not derive. */
export interface Advisory {
  ghsa_id: string;
  cve_id: string | null;
  summary: string;
  description: string | null;
  type: 'reviewed' | 'unreviewed' | 'malware';
  severity: 'critical' | 'high' | 'medium' | 'low' | 'unknown';
  published_at: string;
  updated_at: string;
  withdrawn_at: string | null;
  vulnerabilities: Array<{
    package: { ecosystem: string; name: string };
    vulnerable_version_range: string;
    first_patched_version: string | null;
  }>;
}

export interface PullRequest {
  id: number;
  number: number;
  title: string;
  body: string | null;
  draft: boolean;
  state: 'open' | 'closed';
  headRef: string;
  baseRef: string;
  authorLogin: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** head/base commits frozen when the PR closes (the branches may move or vanish afterwards) */
  frozenHeadSha: string | null;
  frozenBaseSha: string | null;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  /** lower-case label names, in the order they were set */
  labels: string[];
  authorLogin: string;
  closedBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

interface TokenBase {
  token: string;
  /** stable, non-secret name for logs: `sha256:` + 12 hex chars of the token's hash */
  label: string;
  createdAt: number;
  expiresAt: number | null;
  revoked: boolean;
}

export interface ClassicToken extends TokenBase {
  kind: 'classic';
  user: string;
  scopes: string[];
  /** lower-case org logins the token is SSO-authorized for; null = every org */
  ssoAuthorized: string[] | null;
}

export interface FineGrainedToken extends TokenBase {
  kind: 'fine-grained';
  user: string;
  resourceOwner: string;
  /** `all`, or lower-case `owner/name` full names */
  repositories: 'all' | string[];
  permissions: Permissions;
}

export interface OAuthToken extends TokenBase {
  kind: 'oauth';
  user: string;
  scopes: string[];
  appId: number;
}

export interface InstallationToken extends TokenBase {
  kind: 'installation';
  installationId: number;
  appId: number;
  repositories: 'all' | string[];
  permissions: Permissions;
}

export type TokenRecord = ClassicToken | FineGrainedToken | OAuthToken | InstallationToken;

export interface App {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  clientSecret: string;
  publicKey: KeyObject;
  webhookSecret: string | null;
  webhookUrl: string | null;
  callbackUrl: string | null;
  /** GitHub's "Expire user authorization tokens": user tokens (ghu_) last this long and come with a refresh token (ghr_); null: gho_ tokens that never expire. */
  userTokenLifetimeSeconds: number | null;
  permissions: Permissions;
  events: string[];
  ownerLogin: string;
  createdAt: string;
}

export interface Installation {
  id: number;
  appId: number;
  accountLogin: string;
  repositories: 'all' | string[];
  permissions: Permissions;
  events: string[];
  createdAt: string;
  updatedAt: string;
}

export type Account = { kind: 'user'; user: User } | { kind: 'org'; org: Org };

/** Who is calling, resolved from the Authorization header. */
export type Actor =
  | { kind: 'anonymous'; rateKey: string; label: null }
  | { kind: 'classic'; token: ClassicToken; user: User; rateKey: string; label: string }
  | { kind: 'oauth'; token: OAuthToken; user: User; rateKey: string; label: string }
  | { kind: 'fine-grained'; token: FineGrainedToken; user: User; rateKey: string; label: string }
  | {
      kind: 'installation';
      token: InstallationToken;
      installation: Installation;
      app: App;
      rateKey: string;
      label: string;
    }
  | { kind: 'app'; app: App; rateKey: string; label: string };

export type UserActor = Extract<Actor, { user: User }>;

export function fullNameKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

export function roleAtLeast(role: RepoRole | null, needed: RepoRole): boolean {
  return role !== null && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}

export function levelAtLeast(level: PermissionLevel | undefined, needed: PermissionLevel): boolean {
  return level !== undefined && LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(needed);
}
