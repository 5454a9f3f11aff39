import { Router } from 'express';
import type { EmulatorContext } from '../context.js';
import { resolveCommitish } from '../git/resolve-ref.js';
import { scope } from '../http/scope.js';
import { diffTrees, restCommitJson } from '../json/git.js';
import { repoApiUrl, repoHtmlUrl } from '../json/repos.js';
import type { Repo } from '../model.js';
import { requireNonEmpty } from './git-objects.js';

const DOCS = 'https://docs.github.com/rest/commits/commits#compare-two-commits';

/** Every commit reachable from `sha` (itself included), nearest first. */
function ancestry(repo: Repo, sha: string): string[] {
  const seen = new Set<string>([sha]);
  const order = [sha];
  for (let i = 0; i < order.length; i++) {
    for (const parent of repo.store.commit(order[i]!)?.parents ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        order.push(parent);
      }
    }
  }
  return order;
}

/**
 * `GET /repos/{o}/{r}/compare/{base}...{head}` within one repository: `status` `identical`, `ahead` (head has commits
 * base lacks), `behind`, or `diverged`, with `ahead_by`/`behind_by`, the merge base, head's own commits oldest first
 * (paged by `per_page`/`page`, default 250) and the files changed since the merge base. Either side may be any commit
 * the repository holds, referenced or not, as GitHub compares across a fork network. [I] Histories with no common
 * commit answer 404 "No common ancestor between {base} and {head}."; `owner:ref` cross-repository forms are not served.
 */
export function compareRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/repos/:owner/:repo/compare/*basehead', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo({ permission: 'contents', level: 'read' });
    requireNonEmpty(s, repo);
    const basehead = s.param('basehead');
    const m = /^(.+?)\.\.\.(.+)$/.exec(basehead);
    const base = m && resolveCommitish(repo, m[1]!);
    const head = m && resolveCommitish(repo, m[2]!);
    if (!m || !base || !head) throw s.notFound();
    const fromBase = ancestry(repo, base);
    const fromHead = ancestry(repo, head);
    const inBase = new Set(fromBase);
    const inHead = new Set(fromHead);
    const mergeBase = fromHead.find((c) => inBase.has(c));
    if (!mergeBase) throw s.fail(404, `No common ancestor between ${m[1]} and ${m[2]}.`);
    const ahead = fromHead.filter((c) => !inBase.has(c));
    const behind = fromBase.filter((c) => !inHead.has(c));
    const status =
      ahead.length === 0 && behind.length === 0
        ? 'identical'
        : behind.length === 0
          ? 'ahead'
          : ahead.length === 0
            ? 'behind'
            : 'diverged';
    const perPage = Math.min(250, Math.max(1, Number.parseInt(s.query('per_page') ?? '', 10) || 250));
    const page = Math.max(1, Number.parseInt(s.query('page') ?? '', 10) || 1);
    const commits = [...ahead].reverse().slice((page - 1) * perPage, page * perPage);
    const api = repoApiUrl(ctx, repo);
    const html = repoHtmlUrl(ctx, repo);
    const tree = (sha: string) => repo.store.commit(sha)?.tree;
    const files = diffTrees(repo, tree(mergeBase), tree(head)).map((d) => ({
      sha: d.after ?? d.before ?? null,
      filename: d.path,
      status: d.before === undefined ? 'added' : d.after === undefined ? 'removed' : 'modified',
      additions: d.additions,
      deletions: d.deletions,
      changes: d.additions + d.deletions,
      blob_url: `${html}/blob/${head}/${d.path}`,
      raw_url: `${html}/raw/${head}/${d.path}`,
      contents_url: `${api}/contents/${d.path}?ref=${head}`,
    }));
    s.json(200, {
      url: `${api}/compare/${basehead}`,
      html_url: `${html}/compare/${basehead}`,
      permalink_url: `${html}/compare/${repo.ownerLogin}:${base}...${repo.ownerLogin}:${head}`,
      diff_url: `${html}/compare/${basehead}.diff`,
      patch_url: `${html}/compare/${basehead}.patch`,
      base_commit: restCommitJson(ctx, repo, base, false),
      merge_base_commit: restCommitJson(ctx, repo, mergeBase, false),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: commits.map((c) => restCommitJson(ctx, repo, c, false)),
      files,
    });
  });
  return router;
}
