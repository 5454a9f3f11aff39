import { z } from 'zod';
import { classifyGitHubError } from './classify-github-error.js';
import { createOctokit, type GitHubLogger } from './octokit-factory.js';

const orgListSchema = z.array(z.object({ login: z.string().min(1) }));

/** Enough for anyone: GitHub caps organization membership far below this many pages of 100. */
const MAX_PAGES = 10;

/** The token no longer works (revoked, expired): GitHub answered 401. */
export class UserTokenRejectedError extends Error {
  override name = 'UserTokenRejectedError';
}

/**
 * The organizations GitHub lists for the signed-in user (`GET /user/orgs`), by login. With a GitHub App's user token
 * this is the user's organizations where that App is installed: Rampart's App must be installed on every allowed
 * organization for its members to get in.
 */
export async function listUserOrganizations(
  settings: { apiUrl: string; fetch?: typeof globalThis.fetch; log?: GitHubLogger },
  token: string,
): Promise<string[]> {
  const gh = createOctokit({ baseUrl: settings.apiUrl, token, fetch: settings.fetch, log: settings.log, retries: 1 });
  const logins: string[] = [];
  try {
    let page = 0;
    for await (const res of gh.paginate.iterator('GET /user/orgs', { per_page: 100 })) {
      logins.push(...orgListSchema.parse(res.data).map((o) => o.login));
      if (++page >= MAX_PAGES) break;
    }
  } catch (err) {
    const e = classifyGitHubError(err);
    if (e.status === 401)
      throw new UserTokenRejectedError('GitHub no longer accepts the sign-in token (revoked or expired).');
    throw new Error(`GitHub did not list the organizations (${e.status ?? 'no answer'}: ${e.message}).`, {
      cause: err,
    });
  }
  return logins;
}
