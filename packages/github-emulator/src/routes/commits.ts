import { Router } from 'express';
import type { EmulatorContext } from '../context.js';
import { scope } from '../http/scope.js';
import { resolveCommitish } from '../git/resolve-ref.js';
import { restCommitJson } from '../json/git.js';
import { requireNonEmpty } from './git-objects.js';

const DOCS = 'https://docs.github.com/rest/commits/commits#get-a-commit';
const SHA_MEDIA = /application\/vnd\.github(\.v3)?\.sha/i;

export function commitRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/repos/:owner/:repo/commits/*ref', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo({ permission: 'contents', level: 'read' });
    requireNonEmpty(s, repo);
    const ref = s.param('ref');
    const sha = resolveCommitish(repo, ref);
    // A missing ref is 422, not 404 (docs/github-behaviour.md#resolving-action-refs).
    if (!sha) throw s.fail(422, `No commit found for SHA: ${ref}`);
    if (SHA_MEDIA.test(req.headers.accept ?? '')) {
      // The sha media type: plain 40-hex body, ETag = the quoted sha, so If-None-Match "<sha>" gives 304.
      s.raw(200, sha, 'application/vnd.github.sha; charset=utf-8', `"${sha}"`);
      return;
    }
    s.json(200, restCommitJson(ctx, repo, sha, true));
  });
  return router;
}
