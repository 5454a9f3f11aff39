import { z } from 'zod';
import type { ActionAdvisory, CommitPlacement, RepositoryFacts } from '../harden/resolver/action-resolver.js';
import { classifyGitHubError } from './classify-github-error.js';
import type { GitHubClient } from './octokit-factory.js';
import { splitRepo, toResolveError } from './resolver-errors.js';

const sha = z.string().regex(/^[0-9a-f]{40}$/);

/** What the rules read of a global security advisory (GitHub's `global-advisory` schema). */
const globalAdvisorySchema = z.object({
  ghsa_id: z.string(),
  html_url: z.string(),
  summary: z.string(),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'unknown']).catch('unknown'),
  withdrawn_at: z.string().nullable().optional(),
  vulnerabilities: z
    .array(
      z.object({
        package: z.object({ ecosystem: z.string(), name: z.string().nullable() }).nullable(),
        vulnerable_version_range: z.string().nullable(),
        first_patched_version: z.string().nullable(),
      }),
    )
    .nullable(),
});
const advisoryListSchema = z.array(globalAdvisorySchema);
const repositorySchema = z.object({ archived: z.boolean(), default_branch: z.string().nullable().optional() });
const comparisonSchema = z.object({ status: z.enum(['diverged', 'ahead', 'behind', 'identical']) });
const matchingRefsSchema = z.array(z.object({ ref: z.string(), object: z.object({ sha }) }));

/** The `actions` ecosystem holds a few hundred advisories at most; past this many pages, ask per repository. */
const MAX_ADVISORY_PAGES = 5;
/** Newest tags compared with a pin none of them points at: releases are cut from the default branch or near it. */
const NEWEST_TAGS_COMPARED = 2;

type TagList = Map<string, string> & { complete?: boolean };

/**
 * The look-ups behind the resolver's optional methods. Advisories come from one listing of the whole `actions`
 * ecosystem per resolver (the database has no per-repository cost that way), repository facts from `GET /repos`,
 * and a pin's placement from the tag listing pinning already read, then a bounded number of comparisons.
 */
export function actionRepositoryLookups(client: GitHubClient, tagsOf: (repo: string) => Promise<TagList>) {
  let ecosystem: Promise<{ byRepo: Map<string, ActionAdvisory[]>; complete: boolean }> | undefined;
  const facts = new Map<string, Promise<RepositoryFacts>>();

  const repository = (repo: string): Promise<RepositoryFacts> => {
    const key = repo.toLowerCase();
    let hit = facts.get(key);
    if (!hit) {
      hit = readRepository(client, repo);
      facts.set(key, hit);
    }
    return hit;
  };

  return {
    repository,

    advisories: async (repo: string): Promise<ActionAdvisory[]> => {
      // A failed listing stays failed for this resolver (one run, one job): asking again per repository would cost a
      // request per action; the shared cache never keeps a failure that may pass.
      ecosystem ??= listEcosystem(client).catch((err: unknown) => {
        throw toResolveError(err, 'the advisory database could not be read');
      });
      const index = await ecosystem;
      const key = repo.toLowerCase();
      if (index.complete) return index.byRepo.get(key) ?? [];
      try {
        const res = await client.request('GET /advisories', { ecosystem: 'actions', affects: repo, per_page: 100 });
        return toAdvisories(advisoryListSchema.parse(res.data)).filter((a) => repoOf(a.package) === key);
      } catch (err) {
        throw toResolveError(err, `the advisories of ${repo} could not be read`);
      }
    },

    commitPlacement: async (repo: string, commit: string): Promise<CommitPlacement> => {
      const c = commit.toLowerCase();
      const tags = await tagsOf(repo);
      if ([...tags.values()].includes(c)) return { reachable: true, complete: true };
      const [owner, name] = splitRepo(repo);
      const contains = (status: string | undefined) => status === 'identical' || status === 'behind';
      let existence: Promise<void> | undefined;
      // No comparison at all may mean the commit exists nowhere in the network, which is another matter: said once.
      const compared = async (base: string) => {
        const status = await compare(client, owner, name, base, c);
        if (status === undefined) await (existence ??= requireCommit(client, owner, name, c, repo));
        return contains(status);
      };
      // Pins left unchanged for a while are usually behind the newest release: one comparison, no metadata read.
      const tagCommits = [...new Set(newestFirst(tags).map((t) => tags.get(t)!))].slice(0, NEWEST_TAGS_COMPARED);
      if (tagCommits[0] && (await compared(tagCommits[0]))) return { reachable: true, complete: true };
      const { defaultBranch } = await repository(repo);
      if (defaultBranch && (await compared(defaultBranch))) return { reachable: true, complete: true };
      const heads = await branchHeads(client, owner, name, repo);
      if (heads.includes(c)) return { reachable: true, complete: true };
      for (const base of tagCommits.slice(1)) if (await compared(base)) return { reachable: true, complete: true };
      // Only the default branch's history and the newest tags' were compared; other branches only by their heads.
      return {
        reachable: false,
        complete: heads.length <= 1 && tags.size <= NEWEST_TAGS_COMPARED && tags.complete === true,
      };
    },
  };
}

async function listEcosystem(
  client: GitHubClient,
): Promise<{ byRepo: Map<string, ActionAdvisory[]>; complete: boolean }> {
  const byRepo = new Map<string, ActionAdvisory[]>();
  let after: string | undefined;
  for (let page = 0; page < MAX_ADVISORY_PAGES; page++) {
    const res = await client.request('GET /advisories', {
      ecosystem: 'actions',
      per_page: 100,
      ...(after ? { after } : {}),
    });
    for (const a of toAdvisories(advisoryListSchema.parse(res.data))) {
      const key = repoOf(a.package);
      byRepo.set(key, [...(byRepo.get(key) ?? []), a]);
    }
    // The listing pages by cursor: the next page's `after` is only in the Link header.
    after = nextCursor(res.headers.link);
    if (!after) return { byRepo, complete: true };
  }
  return { byRepo, complete: false };
}

/** One entry per vulnerable range of an `actions` package; withdrawn advisories no longer count. */
function toAdvisories(list: z.infer<typeof advisoryListSchema>): ActionAdvisory[] {
  return list.flatMap((a) =>
    a.withdrawn_at
      ? []
      : (a.vulnerabilities ?? []).flatMap((v) =>
          v.package?.ecosystem === 'actions' && v.package.name && v.vulnerable_version_range
            ? [
                {
                  ghsaId: a.ghsa_id,
                  severity: a.severity,
                  summary: a.summary,
                  url: a.html_url,
                  package: v.package.name,
                  vulnerableRange: v.vulnerable_version_range,
                  firstPatched: v.first_patched_version,
                },
              ]
            : [],
        ),
  );
}

const repoOf = (pkg: string) => pkg.split('/').slice(0, 2).join('/').toLowerCase();

function nextCursor(link: string | undefined): string | undefined {
  const next = link?.split(',').find((part) => /rel="next"/.test(part));
  const url = next && /<([^>]+)>/.exec(next)?.[1];
  return url ? (new URL(url).searchParams.get('after') ?? undefined) : undefined;
}

async function readRepository(client: GitHubClient, repo: string): Promise<RepositoryFacts> {
  const [owner, name] = splitRepo(repo);
  try {
    const res = await client.request('GET /repos/{owner}/{repo}', { owner, repo: name });
    const data = repositorySchema.parse(res.data);
    return { archived: data.archived, defaultBranch: data.default_branch ?? null };
  } catch (err) {
    throw toResolveError(err, `${repo} was not found, or the token cannot see it`);
  }
}

/** `base...head`'s status; undefined when GitHub finds no comparison (404: no common history, or no such commit). */
async function compare(client: GitHubClient, owner: string, repo: string, base: string, head: string) {
  try {
    // One commit per page: only the status is read, and a comparison can list hundreds of commits and files.
    const res = await client.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner,
      repo,
      basehead: `${base}...${head}`,
      per_page: 1,
    });
    return comparisonSchema.parse(res.data).status;
  } catch (err) {
    if (classifyGitHubError(err).kind === 'not-found') return undefined;
    throw toResolveError(err, `${owner}/${repo} could not be compared`);
  }
}

/** `commits/{sha}` answers for any commit of the fork network, and 422 for one that does not exist. */
async function requireCommit(
  client: GitHubClient,
  owner: string,
  repo: string,
  commit: string,
  full: string,
): Promise<void> {
  try {
    await client.request('GET /repos/{owner}/{repo}/commits/{ref}', {
      owner,
      repo,
      ref: commit,
      headers: { accept: 'application/vnd.github.sha' },
    });
  } catch (err) {
    throw toResolveError(err, `${full} has no commit ${commit}`);
  }
}

async function branchHeads(client: GitHubClient, owner: string, repo: string, full: string): Promise<string[]> {
  try {
    const res = await client.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', {
      owner,
      repo,
      ref: 'heads/',
    });
    return matchingRefsSchema.parse(res.data).map((r) => r.object.sha);
  } catch (err) {
    throw toResolveError(err, `${full} could not be read`);
  }
}

/** Tag names by version, highest first; names that are no version come last. */
function newestFirst(tags: Map<string, string>): string[] {
  const parts = (t: string) => /^v?(\d+(?:\.\d+)*)$/.exec(t)?.[1]?.split('.').map(Number);
  return [...tags.keys()].sort((a, b) => {
    const pa = parts(a);
    const pb = parts(b);
    if (!pa || !pb) return Number(!pa) - Number(!pb);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++)
      if ((pb[i] ?? 0) !== (pa[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
    return 0;
  });
}
