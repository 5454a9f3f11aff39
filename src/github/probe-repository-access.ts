import { ZodError } from 'zod';
import { classifyGitHubError, type ClassifiedGitHubError } from './classify-github-error.js';
import { githubRepositorySchema } from './github-schemas.js';
import { parseScopesHeader } from './inspect-pat.js';
import type { GitHubClient } from './octokit-factory.js';
import type { PatKind } from './pasted-token.js';

export type AccessLevel = 'write' | 'read' | 'none' | 'unknown';
type Permission = 'contents' | 'pull_requests' | 'workflows';

export interface RepositoryAccess {
  repository: string;
  contents: AccessLevel;
  pull_requests: AccessLevel;
  workflows: AccessLevel;
  /** One sentence per permission: how the level was determined. */
  how: Record<Permission, string>;
}

/** GitHub no longer accepts the token at all (401): no per-repository answer makes sense. */
export class TokenRejectedError extends Error {
  override name = 'TokenRejectedError';
}

/** A failure that stops the whole check: rate limits, or the PAT removed while checking. */
export class ProbeAbortedError extends Error {
  override name = 'ProbeAbortedError';
  constructor(readonly github: ClassifiedGitHubError) {
    super(github.message);
  }
}

// Probes must never create anything: generate-notes stores nothing, and a pull request with an empty head cannot be opened.
const PROBE_TAG = 'rampart-permission-probe';
const PROBE_PR_TITLE = 'Rampart permission probe (never created)';

type Outcome = { ok: true } | { ok: false; error: ClassifiedGitHubError };

async function attempt(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return { ok: true };
  } catch (err) {
    const error = classifyGitHubError(err);
    if (error.kind === 'unauthorized') throw new TokenRejectedError(error.message);
    if (error.kind === 'rate-limited' || error.kind === 'credential-revoked') throw new ProbeAbortedError(error);
    return { ok: false, error };
  }
}

const said = (e: ClassifiedGitHubError) => `${e.status ?? 'no answer'}${e.message ? ` "${e.message}"` : ''}`;
const denied = (e: ClassifiedGitHubError) => e.kind === 'forbidden' || e.kind === 'not-found';

function uniform(repository: string, level: AccessLevel, sentence: string): RepositoryAccess {
  return {
    repository,
    contents: level,
    pull_requests: level,
    workflows: level,
    how: { contents: sentence, pull_requests: sentence, workflows: sentence },
  };
}

/**
 * What a PAT can do in one repository, using only probes without side effects (docs/github-behaviour.md#permission-checks).
 * Classic tokens: Workflows follows from the `workflow` scope. Fine-grained tokens: Workflows stays
 * `unknown`, because GitHub reveals it only when a workflow file is actually written.
 */
export async function probeRepositoryAccess(
  client: GitHubClient,
  repository: string,
  kind: PatKind,
): Promise<RepositoryAccess> {
  const [owner = '', repo = ''] = repository.split('/');
  const where = { owner, repo };
  let defaultBranch: string;
  let scopes: string[] | null;
  try {
    const res = await client.request('GET /repos/{owner}/{repo}', where);
    const parsed = githubRepositorySchema.parse(res.data);
    defaultBranch = parsed.default_branch ?? 'main';
    scopes = parseScopesHeader(res.headers['x-oauth-scopes']);
  } catch (err) {
    if (err instanceof ZodError)
      return uniform(
        repository,
        'unknown',
        `GitHub's answer for ${repository} did not look like a repository; check again later.`,
      );
    const e = classifyGitHubError(err);
    if (e.kind === 'unauthorized') throw new TokenRejectedError(e.message);
    if (e.kind === 'rate-limited' || e.kind === 'credential-revoked') throw new ProbeAbortedError(e);
    return uniform(repository, ...repositoryUnreachable(repository, e));
  }

  const contents = await probeLevel(
    () =>
      client.request('POST /repos/{owner}/{repo}/releases/generate-notes', {
        ...where,
        tag_name: PROBE_TAG,
        target_commitish: defaultBranch,
      }),
    () => client.request('GET /repos/{owner}/{repo}/branches/{branch}', { ...where, branch: defaultBranch }),
    {
      write: `GitHub computed release notes for a probe tag (POST /repos/${repository}/releases/generate-notes, which stores nothing), so the token can write contents.`,
      read: (e) =>
        `GitHub refused the contents write probe (generate-notes: ${said(e)}) but let the token read branch ${defaultBranch}, so it can read contents but not write them.`,
      none: (w, r) =>
        `GitHub refused both the contents write probe (generate-notes: ${said(w)}) and reading branch ${defaultBranch} (${said(r)}).`,
    },
  );
  const pulls = await probeLevel(
    () =>
      client.request('POST /repos/{owner}/{repo}/pulls', {
        ...where,
        title: PROBE_PR_TITLE,
        head: '',
        base: defaultBranch,
      }),
    () => client.request('GET /repos/{owner}/{repo}/pulls', { ...where, state: 'all', per_page: 1 }),
    {
      write: `GitHub answered a deliberately incomplete pull request (empty head branch) with a validation error, which it reports only after the permission check, so the token can open pull requests; nothing was created.`,
      read: (e) =>
        `GitHub refused the pull request write probe (${said(e)}) but let the token list pull requests, so it can read them but not open them.`,
      none: (w, r) =>
        `GitHub refused both the pull request write probe (${said(w)}) and listing pull requests (${said(r)}).`,
    },
  );
  const workflows = kind === 'classic' ? classicWorkflows(scopes, contents.level) : fineGrainedWorkflows();
  return {
    repository,
    contents: contents.level,
    pull_requests: pulls.level,
    workflows: workflows.level,
    how: { contents: contents.how, pull_requests: pulls.how, workflows: workflows.how },
  };
}

interface LevelSentences {
  write: string;
  read: (writeError: ClassifiedGitHubError) => string;
  none: (writeError: ClassifiedGitHubError, readError: ClassifiedGitHubError) => string;
}

async function probeLevel(
  write: () => Promise<unknown>,
  read: () => Promise<unknown>,
  say: LevelSentences,
): Promise<{ level: AccessLevel; how: string }> {
  const w = await attempt(write);
  // Write probes send invalid input on purpose: GitHub checks permission first, so a validation error means "allowed".
  if (w.ok || w.error.kind === 'validation') return { level: 'write', how: say.write };
  if (!denied(w.error))
    return {
      level: 'unknown',
      how: `GitHub answered the write probe with ${said(w.error)}, which says nothing about permission; check again later.`,
    };
  const r = await attempt(read);
  if (r.ok) return { level: 'read', how: say.read(w.error) };
  if (denied(r.error)) return { level: 'none', how: say.none(w.error, r.error) };
  return {
    level: 'unknown',
    how: `GitHub refused the write probe (${said(w.error)}) and answered the read probe with ${said(r.error)}; check again later.`,
  };
}

function repositoryUnreachable(repository: string, e: ClassifiedGitHubError): [AccessLevel, string] {
  if (e.kind === 'not-found') {
    return [
      'none',
      `GitHub answers 404 Not Found for ${repository} with this token: the repository does not exist, or the token cannot see it (a fine-grained token must include it; a classic token needs the repo scope for private repositories).`,
    ];
  }
  if (e.reason === 'sso-required') {
    return [
      'unknown',
      `The organization requires SAML single sign-on authorization for this token${e.ssoUrl ? ` (authorize it at ${e.ssoUrl})` : ''}; authorize it and check again.`,
    ];
  }
  if (e.reason === 'classic-pat-blocked')
    return [
      'none',
      `The organization that owns ${repository} does not allow classic personal access tokens (GitHub: "${e.message}").`,
    ];
  if (e.kind === 'forbidden') return ['none', `GitHub refuses this token access to ${repository} (${said(e)}).`];
  return ['unknown', `GitHub answered ${said(e)} for ${repository}; check again later.`];
}

function classicWorkflows(scopes: string[] | null, contents: AccessLevel): { level: AccessLevel; how: string } {
  const header = `X-OAuth-Scopes: ${scopes && scopes.length > 0 ? scopes.join(', ') : '(none)'}`;
  const hasWorkflow = scopes?.includes('workflow') ?? false;
  if (contents === 'unknown')
    return { level: 'unknown', how: 'Workflow files are contents, and the contents level could not be determined.' };
  if (contents === 'none')
    return { level: 'none', how: 'Workflow files are contents, and the token cannot read contents here.' };
  if (hasWorkflow && contents === 'write') {
    return {
      level: 'write',
      how: `The classic token has the workflow scope (${header}) and can write contents here, so it can change workflow files.`,
    };
  }
  if (hasWorkflow)
    return {
      level: 'read',
      how: `The classic token has the workflow scope (${header}) but can only read contents here, so it can read workflow files, not change them.`,
    };
  return {
    level: 'read',
    how: `The classic token lacks the workflow scope (${header}), so GitHub refuses changes under .github/workflows; it can still read workflow files like any other file.`,
  };
}

function fineGrainedWorkflows(): { level: AccessLevel; how: string } {
  return {
    level: 'unknown',
    how: "GitHub offers no way to see a fine-grained token's Workflows permission without writing a workflow file. Rampart learns it at its first commit that changes .github/workflows: if the token lacks Workflows: Read and write, that commit fails and Rampart reports it.",
  };
}
