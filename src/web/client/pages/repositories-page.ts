import { ApiError, messageOf, type Api } from '../api.js';
import type { RepositoryEntry, RepositoryList, Run } from '../api-types.js';
import { byId, el, setText, showAlert, whileBusy } from '../dom.js';

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

interface Row {
  name: string;
  badges: string[];
  credential: string;
  note: string;
  selectable: boolean;
}

function fromApi(repo: RepositoryEntry): Row {
  const badges = [repo.private ? 'private' : null, repo.archived ? 'archived' : null].filter((b): b is string => b !== null);
  return { name: repo.full_name, badges, credential: repo.credential === 'pat' ? 'PAT' : 'None', note: repo.credential_note, selectable: repo.credential !== null };
}

/** Repositories: the ones the saved PAT reaches, searchable and selectable, plus any named by hand; Orchestrate. */
export async function repositoriesPage(api: Api): Promise<void> {
  const alert = byId('page-alert');
  const status = byId('page-status');
  const form = byId<HTMLFormElement>('orchestrate-form');
  const tbody = byId('repo-table').querySelector('tbody') as HTMLTableSectionElement;
  const search = byId<HTMLInputElement>('repo-search');
  const selectAll = byId<HTMLInputElement>('select-all');

  let list: RepositoryList = { repositories: [], truncated: false, app_fallback: false };
  try {
    list = await api.get<RepositoryList>('/api/v1/me/github-pat/repositories');
    const note = list.truncated ? ' (the first 1000)' : '';
    setText(status, `${list.repositories.length} repositories reachable with your PAT${note}.`);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    // Without a list the page still works: repositories added by name go through the GitHub App.
    if (err.code === 'pat_not_found') {
      status.replaceChildren('No PAT is saved, so Rampart cannot list your repositories. ', el('a', { href: '/settings/pat' }, 'Save a PAT'), ' first, or add repositories by name for the GitHub App.');
    } else {
      setText(status, 'Your repositories could not be listed; you can still add repositories by name.');
      showAlert(alert, err.message);
    }
  }
  form.hidden = false;
  const boxes = () => [...tbody.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  const visibleBoxes = () => boxes().filter((b) => !b.disabled && !(b.closest('tr') as HTMLElement).hidden);
  const updateCount = () => {
    const n = boxes().filter((b) => b.checked).length;
    setText(byId('selection-count'), n === 0 ? 'No repository selected.' : `${n} selected.`);
    const visible = visibleBoxes();
    selectAll.checked = visible.length > 0 && visible.every((b) => b.checked);
  };
  const addRow = (row: Row, checked = false) => {
    const id = `repo-${tbody.rows.length}`;
    tbody.append(
      el(
        'tr',
        { 'data-repository': row.name.toLowerCase() },
        el('td', { class: 'select' }, el('input', { type: 'checkbox', id, value: row.name, disabled: !row.selectable, checked })),
        el('td', {}, el('label', { for: id, class: 'repo' }, row.name), ' ', ...row.badges.map((b) => el('span', { class: 'badge' }, b))),
        el('td', { 'data-label': 'Credential' }, el('strong', {}, row.credential), el('p', { class: 'hint' }, row.note)),
      ),
    );
  };
  for (const repo of list.repositories) addRow(fromApi(repo));

  tbody.addEventListener('change', updateCount);
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    for (const row of tbody.rows) {
      row.hidden = q !== '' && !(row.dataset.repository ?? '').includes(q);
      if (!row.hidden) shown++;
    }
    byId('no-match').hidden = shown > 0 || tbody.rows.length === 0;
    updateCount();
  });
  selectAll.addEventListener('change', () => {
    for (const b of visibleBoxes()) b.checked = selectAll.checked;
    updateCount();
  });

  const byName = byId<HTMLInputElement>('repo-by-name');
  // Enter in these fields means "search" or "add", never "orchestrate what is ticked".
  search.addEventListener('keydown', (e) => e.key === 'Enter' && e.preventDefault());
  byName.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    byId('add-by-name').click();
  });
  byId('add-by-name').addEventListener('click', () => {
    const name = byName.value.trim();
    const error = byId('repo-by-name-error');
    if (!REPOSITORY.test(name)) return setText(error, 'Write the repository as owner/name.');
    const existing = boxes().find((b) => b.value.toLowerCase() === name.toLowerCase());
    if (existing) existing.checked = true;
    else addRow({ name, badges: ['added by name'], credential: 'GitHub App', note: 'Used when the App is installed on the owner and you may write to the repository.', selectable: true }, true);
    setText(error, '');
    byName.value = '';
    updateCount();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showAlert(alert, null);
    const repositories = boxes().filter((b) => b.checked).map((b) => b.value);
    if (repositories.length === 0) return showAlert(alert, 'Select at least one repository to orchestrate.');
    void whileBusy(byId<HTMLButtonElement>('orchestrate'), async () => {
      try {
        const run = await api.send<Run>('POST', '/api/v1/orchestrations', { repositories });
        window.location.assign(`/runs/${encodeURIComponent(run.id)}`);
      } catch (err) {
        showAlert(alert, messageOf(err));
      }
    });
  });
  updateCount();
}
