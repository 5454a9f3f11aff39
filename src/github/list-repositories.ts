import { githubRepositoryListSchema, type GitHubRepository } from './github-schemas.js';
import type { GitHubClient } from './octokit-factory.js';

export interface RepositoryList {
  repositories: GitHubRepository[];
  /** True when the list stopped at `limit`. */
  truncated: boolean;
}

/**
 * The repositories a PAT reaches, as `GET /user/repos` lists them (paginated, 100 per page). For a
 * fine-grained token that is the repositories it was given; `permissions` there is the user's role.
 */
export async function listRepositories(client: GitHubClient, limit = 1000): Promise<RepositoryList> {
  const repositories: GitHubRepository[] = [];
  let truncated = false;
  for await (const page of client.paginate.iterator('GET /user/repos', { per_page: 100, sort: 'full_name' })) {
    repositories.push(...githubRepositoryListSchema.parse(page.data));
    if (repositories.length >= limit) {
      truncated = repositories.length > limit || page.headers.link?.includes('rel="next"') === true;
      break;
    }
  }
  return { repositories: repositories.slice(0, limit), truncated };
}
