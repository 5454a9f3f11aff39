import { ZodError } from 'zod';
import { AppError } from '../errors.js';
import { classifyGitHubError } from '../github/classify-github-error.js';
import { inspectPat, missingClassicScopes, type PatInspection } from '../github/inspect-pat.js';
import { createOctokit } from '../github/octokit-factory.js';
import { classifyPastedToken, lastFour } from '../github/pasted-token.js';
import type { Account } from '../store/account-store.js';
import type { AuditActor } from '../store/audit-store.js';
import { PAT_RECORD_NAME, type PatRecord } from '../store/credential-store.js';
import { iso } from '../store/store-context.js';
import { githubFailure } from './github-failure.js';
import type { PatDeps } from './pat-deps.js';
import { patMetadata, type PatMetadata } from './pat-metadata.js';

export interface SavePatInput {
  name: string;
  token: string;
  email: string;
}

/**
 * Validates a pasted PAT against GitHub, then seals it and replaces any earlier one in one atomic write.
 * Every refusal says what was pasted and what is expected, and none repeats the token.
 */
export async function savePat(
  deps: PatDeps,
  account: Account,
  input: SavePatInput,
  actor: AuditActor,
): Promise<PatMetadata> {
  const pasted = classifyPastedToken(input.token);
  if (!pasted.ok) throw new AppError(422, pasted.code, pasted.message);
  const kindName = pasted.kind === 'classic' ? 'classic personal access token' : 'fine-grained personal access token';

  const client = createOctokit({
    baseUrl: deps.githubApiUrl,
    token: pasted.token,
    fetch: deps.fetch,
    log: deps.githubLog,
    onResponse: deps.githubOnResponse,
    retries: 1,
    maxWaitSeconds: 10,
  });
  let seen: PatInspection;
  try {
    seen = await inspectPat(client);
  } catch (err) {
    if (err instanceof ZodError)
      throw new AppError(502, 'github_unavailable', "GitHub's answer to GET /user did not describe a user.");
    throw githubFailure(classifyGitHubError(err), `this ${kindName}`);
  }

  const sameUser =
    account.githubId !== null
      ? seen.user.id === account.githubId
      : seen.user.login.toLowerCase() === account.githubLogin.toLowerCase();
  if (!sameUser) {
    throw new AppError(
      422,
      'pat_wrong_user',
      `This ${kindName} belongs to GitHub user ${seen.user.login}, but you are signed in as ${account.githubLogin}. Save a token created by ${account.githubLogin}.`,
    );
  }
  if (pasted.kind === 'classic') {
    const scopes = seen.scopes ?? [];
    const missing = missingClassicScopes(scopes);
    if (missing.length > 0) {
      const has = scopes.length > 0 ? `it has ${scopes.join(', ')}` : 'it has no scopes';
      throw new AppError(
        422,
        'pat_missing_scopes',
        `This classic personal access token lacks the ${missing.join(' and ')} scope${missing.length > 1 ? 's' : ''} (${has}). Rampart needs repo and workflow: add ${missing.length > 1 ? 'them' : 'it'} to the token on GitHub, or create a new one.`,
      );
    }
  }

  if (account.githubId === null) {
    // The token proves who this admin-created account belongs to; remember the id so renames are followed.
    await deps.store.accounts.updateGithubIdentity(account, {
      githubId: seen.user.id,
      login: seen.user.login,
      name: seen.user.name ?? null,
    });
  }
  const record: PatRecord = {
    accountId: account.id,
    name: input.name,
    kind: pasted.kind,
    login: seen.user.login,
    githubId: seen.user.id,
    email: input.email,
    last4: lastFour(pasted.token),
    expiresAt: seen.expiresAt,
    scopes: pasted.kind === 'classic' ? (seen.scopes ?? []) : null,
    createdAt: iso(deps.clock.now()),
    sealed: deps.vault.seal(pasted.token, { accountId: account.id, record: PAT_RECORD_NAME }),
  };
  await deps.store.credentials.put(record, actor, {
    name: record.name,
    kind: record.kind,
    login: record.login,
    last4: record.last4,
    expires_at: record.expiresAt,
  });
  return patMetadata(record);
}

export async function removePat(deps: Pick<PatDeps, 'store'>, accountId: string, actor: AuditActor): Promise<void> {
  if (!(await deps.store.credentials.remove(accountId, actor, {})))
    throw new AppError(404, 'pat_not_found', 'No GitHub PAT is saved for your account.');
}
