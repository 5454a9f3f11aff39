import type { Api } from '../api.js';
import { byId, el, formatDate, setText } from '../dom.js';
import { RUNS_PAGE_IDS as ID } from '../ids/runs-page-ids.js';
import { SHELL_IDS } from '../ids/shell-ids.js';
import type { OrchestrationList } from '../wire-types.js';
import { RUN_STATUS, summarizeRepositories } from './run-status.js';

/** Runs: every orchestration of the user, newest first, each linking to its live page. */
export async function runsPage(api: Api): Promise<void> {
  const { orchestrations } = await api.get<OrchestrationList>('/api/v1/orchestrations');
  const status = byId(SHELL_IDS.status);
  if (orchestrations.length === 0) {
    status.replaceChildren(
      'No runs yet. ',
      el('a', { href: '/repositories' }, 'Pick repositories'),
      ' and press Orchestrate.',
    );
    return;
  }
  setText(status, `${orchestrations.length} run${orchestrations.length === 1 ? '' : 's'}.`);
  const table = byId(ID.table);
  const rows = orchestrations.map((run) =>
    el(
      'tr',
      {},
      el('td', {}, el('a', { href: `/runs/${encodeURIComponent(run.id)}` }, el('code', {}, run.id))),
      el('td', { 'data-label': 'Started' }, formatDate(run.created_at)),
      el(
        'td',
        { 'data-label': 'Status' },
        el('span', { class: `badge ${RUN_STATUS[run.status].tone}` }, RUN_STATUS[run.status].label),
      ),
      el(
        'td',
        { 'data-label': 'Repositories' },
        `${run.repositories.length}: ${summarizeRepositories(run.repositories)}`,
      ),
    ),
  );
  (table.querySelector('tbody') as HTMLTableSectionElement).replaceChildren(...rows);
  table.hidden = false;
}
