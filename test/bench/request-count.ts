// For bench:harden: the GitHub requests the real resolver (src/github/github-action-resolver.ts) makes over the
// corpus, answered from the corpus's resolver table by a stand-in client, one fresh resolver per repository as one
// `rampart harden` run would have.
import { harden } from '../../src/harden/harden.js';
import { actionRefsFileSchema, type ActionRefsFile } from '../../src/harden/resolver/static-action-resolver.js';
import { githubActionResolver } from '../../src/github/github-action-resolver.js';
import type { GitHubClient } from '../../src/github/octokit-factory.js';

type Table = ReturnType<typeof actionRefsFileSchema.parse>;

const fail = (status: number, message: string) =>
  Object.assign(new Error(message), { status, response: { status, headers: {}, data: { message } } });

/** Answers the four routes the resolver uses, as GitHub does (tags with peeled SHAs, 404 and 422 where it would). */
function tableClient(table: Table, count: () => void): GitHubClient {
  const repos = new Map(Object.entries(table).map(([name, refs]) => [name.toLowerCase(), refs]));
  const request = async (route: string, params: Record<string, unknown>) => {
    count();
    // The look-ups of the advisory and pin rules (action-repository-lookups.ts); the corpus has no advisories.
    if (route === 'GET /advisories') return { data: [], headers: {} };
    const refs = repos.get(`${String(params.owner)}/${String(params.repo)}`.toLowerCase());
    if (!refs) throw fail(404, 'Not Found');
    const commits = [...Object.values(refs.tags), ...Object.values(refs.branches), ...refs.history];
    if (route === 'GET /repos/{owner}/{repo}')
      return { data: { archived: refs.archived, default_branch: refs.defaultBranch ?? 'main' } };
    if (route === 'GET /repos/{owner}/{repo}/compare/{basehead}') {
      if (!commits.includes(String(params.basehead).split('...')[1]!)) throw fail(404, 'Not Found');
      return { data: { status: 'behind' } };
    }
    if (route === 'GET /repos/{owner}/{repo}/git/matching-refs/{ref}') {
      return {
        data: Object.entries(refs.branches).map(([name, sha]) => ({ ref: `refs/heads/${name}`, object: { sha } })),
      };
    }
    if (route === 'GET /repos/{owner}/{repo}/tags') {
      const all = Object.entries(refs.tags).map(([name, sha]) => ({ name, commit: { sha } }));
      const page = Number(params.page ?? 1);
      return { data: all.slice((page - 1) * 100, page * 100) };
    }
    if (route === 'GET /repos/{owner}/{repo}/git/ref/{ref}') {
      const sha = refs.branches[String(params.ref).replace(/^heads\//, '')];
      if (!sha) throw fail(404, 'Not Found');
      return { data: { object: { sha, type: 'commit' } } };
    }
    if (route === 'GET /repos/{owner}/{repo}/commits/{ref}') {
      const ref = String(params.ref);
      const sha = refs.tags[ref] ?? refs.branches[ref] ?? commits.find((s) => s === ref.toLowerCase());
      if (!sha) throw fail(422, `No commit found for SHA: ${ref}`);
      return { data: sha };
    }
    const contents = /^GET \/repos\/\{owner\}\/\{repo\}\/contents\/(.*)$/.exec(route);
    if (contents) {
      const path = decodeURIComponent(contents[1]!).replace(/\/?action\.ya?ml$/, '');
      const text = /action\.yml$/.test(contents[1]!) ? refs.actions[path] : undefined;
      if (text === undefined) throw fail(404, 'Not Found');
      return { data: text };
    }
    throw new Error(`request-count: no stand-in for ${route}`);
  };
  return { request } as unknown as GitHubClient;
}

const USES = /uses:\s*['"]?([\w.-]+\/[\w.-]+)(?:\/[^@\s'"#]*)?@([^\s'"#]+)/g;

export interface RequestCount {
  requests: number;
  refs: number;
}

/**
 * Requests per distinct `owner/repo@ref`, two ways: `perRun` with a fresh resolver per repository (one `rampart harden`
 * run each, refs counted per repository) and `shared` with one resolver for the whole corpus (the service, whose
 * workers share one cache of resolved refs; refs counted once over the corpus).
 */
export async function requestsPerRef(
  repos: ReadonlyMap<string, Uint8Array>[],
  refs: ActionRefsFile,
): Promise<{ perRun: RequestCount; shared: RequestCount }> {
  const table = actionRefsFileSchema.parse(refs);
  const perRun = { requests: 0, refs: 0 };
  const shared = { requests: 0, refs: 0 };
  const everywhere = new Set<string>();
  const sharedResolver = githubActionResolver(tableClient(table, () => shared.requests++));
  for (const files of repos) {
    const named = new Set<string>();
    for (const bytes of files.values()) {
      for (const m of new TextDecoder().decode(bytes).matchAll(USES)) named.add(`${m[1]!.toLowerCase()}@${m[2]}`);
    }
    perRun.refs += named.size;
    named.forEach((r) => everywhere.add(r));
    await harden({ files, resolver: githubActionResolver(tableClient(table, () => perRun.requests++)) });
    await harden({ files, resolver: sharedResolver });
  }
  shared.refs = everywhere.size;
  return { perRun, shared };
}
