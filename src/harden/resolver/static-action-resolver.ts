import { z } from 'zod';
import { ResolveError, type ActionResolver } from './action-resolver.js';
import { mostSpecificTag } from './most-specific-tag.js';

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-hex commit SHA');

/** A directory inside a repository: '' for its root, else `a/b` with no empty, `.` or `..` segment. */
const actionDir = z.string().refine((p) => p === '' || p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..'), {
  message: "action paths are '' (the root) or a/b, without leading or trailing '/'",
});

/**
 * A file of known refs, for offline runs, tests and benchmarks: `owner/repo` → `tags` and `branches` (name → commit
 * SHA) and, optionally, `actions` (directory → the text of its action.yml, '' for the root), served by
 * `actionMetadata` at every commit the table names for that repository. A directory not listed has no metadata.
 */
export const actionRefsFileSchema = z.record(
  z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'keys are owner/repo'),
  z
    .object({
      tags: z.record(z.string(), sha).default({}),
      branches: z.record(z.string(), sha).default({}),
      actions: z.record(actionDir, z.string()).default({}),
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
    async actionMetadata(repo, path, commit) {
      const refs = entry(repo);
      const known = [...Object.values(refs.tags), ...Object.values(refs.branches)];
      if (!known.includes(commit.toLowerCase())) throw new ResolveError('not-found', `${repo} has no commit ${commit}`);
      return refs.actions[path.replace(/^\/+|\/+$/g, '')] ?? null;
    },
  };
}
