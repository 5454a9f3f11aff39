import { Router } from 'express';
import type { EmulatorContext } from '../context.js';
import { diffTrees } from '../json/git.js';
import { pullShas } from '../json/pulls.js';
import { escapeHtml, htmlPage } from '../oauth/authorize-page.js';

/** Minimal pages behind `html_url` links, so the demo's "open PR" links lead somewhere. */
export function htmlPages(ctx: EmulatorContext): Router {
  const r = Router();
  r.get('/:owner/:repo/pull/:number', (req, res, next) => {
    const repo = ctx.state.repo(String(req.params.owner), String(req.params.repo));
    const pr = repo?.pulls.find((x) => x.number === Number(req.params.number));
    if (!repo || !pr) return next();
    const { head, base } = pullShas(repo, pr);
    const files = diffTrees(repo, repo.store.commit(base)?.tree, repo.store.commit(head)?.tree);
    const text = (sha: string | undefined) => (sha ? (repo.store.blob(sha)?.data.toString('utf8') ?? '') : '');
    const state = pr.mergedAt ? 'merged' : pr.state;
    const list = files
      .map(
        (f) =>
          `<h3>${escapeHtml(f.path)} <small>+${f.additions} −${f.deletions}</small></h3><pre>${escapeHtml(text(f.after))}</pre>`,
      )
      .join('\n');
    res.type('html').send(
      htmlPage(
        `${pr.title} · #${pr.number}`,
        `<h1>${escapeHtml(pr.title)} <small>#${pr.number}</small></h1>
<p><strong data-state="${state}">${state}</strong> · ${escapeHtml(pr.authorLogin)} wants to merge <code>${escapeHtml(pr.headRef)}</code> into <code>${escapeHtml(pr.baseRef)}</code>${pr.draft ? ' · draft' : ''}</p>
<pre>${escapeHtml(pr.body ?? '')}</pre>
<h2>Files changed (${files.length})</h2>
${list}`,
      ),
    );
  });
  return r;
}
