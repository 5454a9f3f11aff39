import { z } from 'zod';
import { ResolveError, type ActionAdvisory, type ActionResolver } from './action-resolver.js';
import { mostSpecificTag } from './most-specific-tag.js';

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-hex commit SHA');

/** A directory inside a repository: '' for its root, else `a/b` with no empty, `.` or `..` segment. */
const actionDir = z
  .string()
  .refine((p) => p === '' || p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..'), {
    message: "action paths are '' (the root) or a/b, without leading or trailing '/'",
  });

/** An advisory as the table gives it; the package is the repository unless `package` names an action inside it. */
const advisoryEntry = z
  .object({
    ghsaId: z.string().regex(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, 'a GHSA id'),
    severity: z.enum(['critical', 'high', 'medium', 'low', 'unknown']),
    summary: z.string().default(''),
    package: z.string().optional(),
    vulnerableRange: z.string().min(1),
    firstPatched: z.string().nullable(),
  })
  .strict();

/**
 * A file of known refs, for offline runs, tests and benchmarks: `owner/repo` → `tags` and `branches` (name → commit
 * SHA) and, optionally, `actions` (directory → the text of its action.yml, '' for the root), served by
 * `actionMetadata` at every commit the table names for that repository. A directory not listed has no metadata.
 * Also optional: `advisories` (served by `advisories`), `archived` and `defaultBranch` (by `repository`), and for
 * `commitPlacement` the commits in the history of its branches and tags (`history`) and commits of its fork network
 * on none of them (`forkCommits`); a commit the table does not name at all does not exist.
 */
export const actionRefsFileSchema = z.record(
  z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'keys are owner/repo'),
  z
    .object({
      tags: z.record(z.string(), sha).default({}),
      branches: z.record(z.string(), sha).default({}),
      actions: z.record(actionDir, z.string()).default({}),
      advisories: z.array(advisoryEntry).default([]),
      archived: z.boolean().default(false),
      defaultBranch: z.string().min(1).optional(),
      history: z.array(sha).default([]),
      forkCommits: z.array(sha).default([]),
    })
    .strict(),
);
export type ActionRefsFile = z.input<typeof actionRefsFileSchema>;

/** Resolves from a fixed table, as git would: a tag before a branch of the same name. */
export function staticActionResolver(table: ActionRefsFile): ActionResolver {
  const parsed = actionRefsFileSchema.parse(table);
  const repos = new Map(Object.entries(parsed).map(([name, refs]) => [name.toLowerCase(), refs]));
  const entry = (repo: string) => {
    const refs = repos.get(repo.toLowerCase());
    if (!refs) throw new ResolveError('not-found', `${repo} was not found or is not accessible`);
    return refs;
  };
  const tagsOn = (refs: { tags: Record<string, string> }, commit: string) =>
    Object.entries(refs.tags)
      .filter(([, s]) => s === commit)
      .map(([t]) => t);
  return {
    async resolve(repo, ref) {
      const refs = entry(repo);
      const name = ref.replace(/^refs\/(tags|heads)\//, '');
      const tagged = refs.tags[name];
      const branched = refs.branches[name];
      let commit = tagged ?? branched;
      if (!commit && /^[0-9a-f]{40}$/i.test(ref)) {
        const known = [...Object.values(refs.tags), ...Object.values(refs.branches)];
        commit = known.find((s) => s === ref.toLowerCase());
      }
      if (!commit) throw new ResolveError('not-found', `${repo} has no tag, branch or commit named ${ref}`);
      const refType = tagged ? 'tag' : branched ? 'branch' : 'commit';
      return { sha: commit, tag: mostSpecificTag(tagsOn(refs, commit), name), refType };
    },
    async tagFor(repo, commit) {
      return mostSpecificTag(tagsOn(entry(repo), commit.toLowerCase()));
    },
    async advisories(repo) {
      const refs = repos.get(repo.toLowerCase());
      return (refs?.advisories ?? []).map((a): ActionAdvisory => ({
        ...a,
        package: a.package ?? repo,
        url: `https://github.com/advisories/${a.ghsaId}`,
      }));
    },
    async repository(repo) {
      const refs = entry(repo);
      const branches = Object.keys(refs.branches);
      return {
        archived: refs.archived,
        defaultBranch: refs.defaultBranch ?? (branches.includes('main') ? 'main' : (branches[0] ?? null)),
      };
    },
    async commitPlacement(repo, commit) {
      const refs = entry(repo);
      const c = commit.toLowerCase();
      if ([...Object.values(refs.tags), ...Object.values(refs.branches), ...refs.history].includes(c))
        return { reachable: true, complete: true };
      if (refs.forkCommits.includes(c)) return { reachable: false, complete: true };
      throw new ResolveError('not-found', `${repo} has no commit ${commit}`);
    },
    async branchExists(repo, name) {
      return Object.hasOwn(entry(repo).branches, name);
    },
    async actionMetadata(repo, path, commit) {
      const refs = entry(repo);
      const known = [...Object.values(refs.tags), ...Object.values(refs.branches)];
      if (!known.includes(commit.toLowerCase())) throw new ResolveError('not-found', `${repo} has no commit ${commit}`);
      return refs.actions[path.replace(/^\/+|\/+$/g, '')] ?? null;
    },
  };
}
