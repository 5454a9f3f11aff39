import { Router } from 'express';
import type { EmulatorContext } from '../context.js';
import { validationFailed } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import { labelJson } from '../json/issues.js';
import { repoApiUrl } from '../json/repos.js';
import type { Repo } from '../model.js';
import { levelAtLeast, roleAtLeast } from '../model.js';
import type { EmulatorState } from '../state.js';

const DOCS = {
  list: 'https://docs.github.com/rest/issues/labels#list-labels-for-a-repository',
  create: 'https://docs.github.com/rest/issues/labels#create-a-label',
};
// [I] GitHub's colour for a label created implicitly by naming it on an issue.
const DEFAULT_COLOR = 'ededed';

/** "Only users with push access can set labels": a user's role, or an App's Issues write (already checked). */
export function canLabel(s: Scope, repo: Repo): boolean {
  const actor = s.actor;
  if (actor.kind === 'installation') return levelAtLeast(actor.token.permissions.issues, 'write');
  if (actor.kind === 'anonymous' || actor.kind === 'app') return false;
  return roleAtLeast(s.state.userRole(actor.user.login, repo), 'write');
}

/**
 * The issue's label list from names: existing labels are matched ignoring case; [I] a name the repository lacks is
 * created, as GitHub does for a caller with push access. Returns lower-case keys, without repeats.
 */
export function applyLabels(state: EmulatorState, repo: Repo, names: readonly string[]): string[] {
  const keys: string[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    if (!repo.labels.has(key))
      repo.labels.set(key, { id: state.allocLabelId(), name, color: DEFAULT_COLOR, description: null });
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

function createLabel(s: Scope): void {
  const repo = s.repo({ permission: 'issues', level: 'write' });
  const body = s.body();
  if (typeof body.name !== 'string' || body.name.trim() === '')
    throw validationFailed(s.op.docs, [{ resource: 'Label', field: 'name', code: 'missing_field' }]);
  const color = typeof body.color === 'string' ? body.color.replace(/^#/, '') : DEFAULT_COLOR;
  if (!/^[0-9a-fA-F]{6}$/.test(color))
    throw validationFailed(s.op.docs, [{ resource: 'Label', field: 'color', code: 'invalid' }]);
  const key = body.name.toLowerCase();
  if (repo.labels.has(key))
    throw validationFailed(s.op.docs, [{ resource: 'Label', field: 'name', code: 'already_exists' }]);
  const label = {
    id: s.state.allocLabelId(),
    name: body.name,
    color: color.toLowerCase(),
    description: typeof body.description === 'string' ? body.description : null,
  };
  repo.labels.set(key, label);
  s.json(201, labelJson(s.ctx, repo, label), {
    location: `${repoApiUrl(s.ctx, repo)}/labels/${encodeURIComponent(label.name)}`,
  });
}

export function labelRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const op = (docs: string, permissions: string) => ({ docs, scopes: 'repo', permissions });
  router.get('/repos/:owner/:repo/labels', (req, res) => {
    const s = scope(ctx, req, res, op(DOCS.list, 'issues=read'));
    const repo = s.repo({ permission: 'issues', level: 'read' });
    s.json(
      200,
      s.paginate([...repo.labels.values()]).map((l) => labelJson(ctx, repo, l)),
    );
  });
  router.post('/repos/:owner/:repo/labels', (req, res) =>
    createLabel(scope(ctx, req, res, op(DOCS.create, 'issues=write'))),
  );
  return router;
}
