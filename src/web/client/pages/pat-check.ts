import { el } from '../dom.js';
import { PAT_PAGE_IDS } from '../ids/pat-page-ids.js';
import type { GitHubPatCheck } from '../wire-types.js';

type AccessLevel = GitHubPatCheck['repositories'][number]['contents'];

const LABELS: Record<AccessLevel, string> = {
  write: 'Read and write',
  read: 'Read only',
  none: 'No access',
  unknown: 'Unknown until a write',
};
const PERMISSIONS = [
  ['contents', 'Contents'],
  ['pull_requests', 'Pull requests'],
  ['workflows', 'Workflows'],
] as const;

/** The answer per repository and permission, each with the sentence saying how GitHub showed it. */
export function renderPatCheck(check: GitHubPatCheck): HTMLElement {
  const rows = check.repositories.map((r) =>
    el(
      'tr',
      { 'data-repository': r.repository },
      el('th', { scope: 'row' }, r.repository),
      ...PERMISSIONS.map(([key, label]) =>
        el(
          'td',
          { 'data-label': label, 'data-permission': key, 'data-level': r[key] },
          el('span', { class: `level-${r[key]}` }, LABELS[r[key]]),
          el('p', { class: 'hint' }, r.how[key]),
        ),
      ),
    ),
  );
  return el(
    'table',
    { class: 'data-table', id: PAT_PAGE_IDS.checkTable },
    el('caption', { class: 'visually-hidden' }, `What the ${check.kind} token of ${check.login} may do`),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Repository'),
        ...PERMISSIONS.map(([, label]) => el('th', { scope: 'col' }, label)),
      ),
    ),
    el('tbody', {}, ...rows),
  );
}
