import { AppError } from '../errors.js';
import { githubUserSchema } from '../github/github-schemas.js';

/** The GitHub user that holds `login` now, or null when no user does. */
export type GitHubUserLookup = (login: string) => Promise<{ id: number; login: string } | null>;

/**
 * `GET /users/{login}` on the configured GitHub, anonymously (public data): how `rampart admin create-user` binds a
 * new account to the GitHub user id at once, before the login can change hands.
 */
export function githubUserLookup(
  apiUrl: string,
  fetchImpl: typeof globalThis.fetch = globalThis.fetch,
): GitHubUserLookup {
  return async (login) => {
    let res: Response;
    try {
      res = await fetchImpl(`${apiUrl}/users/${encodeURIComponent(login)}`, {
        headers: {
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': 'rampart',
        },
      });
    } catch (err) {
      throw new AppError(
        502,
        'github_unavailable',
        `Could not ask GitHub (${apiUrl}) who ${login} is: ${(err as Error).message}.`,
      );
    }
    if (res.status === 404) return null;
    if (!res.ok)
      throw new AppError(
        502,
        'github_unavailable',
        `GitHub (${apiUrl}) answered ${res.status} when asked who ${login} is; try again.`,
      );
    const parsed = githubUserSchema.safeParse(await res.json());
    if (!parsed.success)
      throw new AppError(
        502,
        'github_unavailable',
        `GitHub (${apiUrl}) answered with an unexpected user for ${login}.`,
      );
    // Organizations have logins too, but nobody signs in as one.
    if (parsed.data.type !== undefined && parsed.data.type !== 'User') return null;
    return { id: parsed.data.id, login: parsed.data.login };
  };
}
