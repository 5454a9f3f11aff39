import { ApiError, messageOf, type Api } from '../api.js';
import { byId, el, formatDate, setText, showAlert, whileBusy } from '../dom.js';
import { REPOSITORIES_PAGE_IDS as ID } from '../ids/repositories-page-ids.js';
import { SHELL_IDS } from '../ids/shell-ids.js';
import type {
  GitHubPatRepositories,
  Orchestration,
  OrchestrationRequest,
  RepositoryLatestState,
  RepositoryStates,
} from '../wire-types.js';
import { safeLink } from './findings-list.js';
import { REPOSITORY_STATUS } from './run-status.js';

type RepositoryEntry = GitHubPatRepositories['repositories'][number];

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

interface Row {
  name: string;
  badges: string[];
  credential: string;
  note: string;
  selectable: boolean;
}

function fromApi(repo: RepositoryEntry): Row {
  const badges = [repo.private ? 'private' : null, repo.archived ? 'archived' : null].filter(
    (b): b is string => b !== null,
  );
  return {
    name: repo.full_name,
    badges,
    credential: repo.credential === 'pat' ? 'PAT' : 'None',
    note: repo.credential_note,
    selectable: repo.credential !== null,
  };
}

/** Repositories: the ones the saved PAT reaches, searchable and selectable, plus any named by hand; Orchestrate. */
export async function repositoriesPage(api: Api): Promise<void> {
  const alert = byId(SHELL_IDS.alert);
  const status = byId(SHELL_IDS.status);
  const form = byId<HTMLFormElement>(ID.form);
  const tbody = byId(ID.table).querySelector('tbody') as HTMLTableSectionElement;
  const search = byId<HTMLInputElement>(ID.search);
  const selectAll = byId<HTMLInputElement>(ID.selectAll);

  let list: GitHubPatRepositories = { repositories: [], truncated: false, app_fallback: false };
  try {
    list = await api.get<GitHubPatRepositories>('/api/v1/me/github-pat/repositories');
    const note = list.truncated ? ' (the first 1000)' : '';
    setText(status, `${list.repositories.length} repositories reachable with your PAT${note}.`);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    // Without a list the page still works: repositories added by name go through the GitHub App.
    if (err.code === 'pat_not_found') {
      status.replaceChildren(
        'No PAT is saved, so Rampart cannot list your repositories. ',
        el('a', { href: '/settings/pat' }, 'Save a PAT'),
        ' first, or add repositories by name for the GitHub App.',
      );
    } else {
      setText(status, 'Your repositories could not be listed; you can still add repositories by name.');
      showAlert(alert, err.message);
    }
  }
  // Where each repository stands after its latest run; the page works without it.
  const latest = new Map<string, RepositoryLatestState>();
  try {
    const states = await api.get<RepositoryStates>('/api/v1/repository-states');
    for (const st of states.repositories) latest.set(st.repository.toLowerCase(), st);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
  form.hidden = false;
  const boxes = () => [...tbody.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  const visibleBoxes = () => boxes().filter((b) => !b.disabled && !(b.closest('tr') as HTMLElement).hidden);
  const updateCount = () => {
    const n = boxes().filter((b) => b.checked).length;
    setText(byId(ID.selectionCount), n === 0 ? 'No repository selected.' : `${n} selected.`);
    const visible = visibleBoxes();
    selectAll.checked = visible.length > 0 && visible.every((b) => b.checked);
  };
  const addRow = (row: Row, checked = false) => {
    const id = `repo-${tbody.rows.length}`;
    tbody.append(
      el(
        'tr',
        { 'data-repository': row.name.toLowerCase() },
        el(
          'td',
          { class: 'select' },
          el('input', { type: 'checkbox', id, value: row.name, disabled: !row.selectable, checked }),
        ),
        el(
          'td',
          {},
          el('label', { for: id, class: 'repo' }, row.name),
          ' ',
          ...row.badges.map((b) => el('span', { class: 'badge' }, b)),
        ),
        el(
          'td',
          { 'data-label': 'Credential' },
          el('strong', {}, row.credential),
          el('p', { class: 'hint' }, row.note),
        ),
        el(
          'td',
          { 'data-label': 'Latest state', class: 'latest-state' },
          ...latestState(latest.get(row.name.toLowerCase())),
        ),
      ),
    );
  };
  for (const repo of list.repositories) addRow(fromApi(repo));
  // Repositories earlier runs reached that the PAT does not list (through the GitHub App) keep their row.
  const listed = new Set(list.repositories.map((r) => r.full_name.toLowerCase()));
  for (const st of latest.values()) {
    if (!listed.has(st.repository.toLowerCase()))
      addRow({
        name: st.repository,
        badges: ['added by name'],
        credential: 'GitHub App',
        note: 'Not in your PAT’s list; reached before through the GitHub App.',
        selectable: true,
      });
  }

  tbody.addEventListener('change', updateCount);
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    for (const row of tbody.rows) {
      row.hidden = q !== '' && !(row.dataset.repository ?? '').includes(q);
      if (!row.hidden) shown++;
    }
    byId(ID.noMatch).hidden = shown > 0 || tbody.rows.length === 0;
    updateCount();
  });
  selectAll.addEventListener('change', () => {
    for (const b of visibleBoxes()) b.checked = selectAll.checked;
    updateCount();
  });

  const byName = byId<HTMLInputElement>(ID.byName);
  // Enter in these fields means "search" or "add", never "orchestrate what is ticked".
  search.addEventListener('keydown', (e) => e.key === 'Enter' && e.preventDefault());
  byName.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    byId(ID.addByName).click();
  });
  byId(ID.addByName).addEventListener('click', () => {
    const name = byName.value.trim();
    const error = byId(ID.byNameError);
    if (!REPOSITORY.test(name)) return setText(error, 'Write the repository as owner/name.');
    const existing = boxes().find((b) => b.value.toLowerCase() === name.toLowerCase());
    if (existing) existing.checked = true;
    else
      addRow(
        {
          name,
          badges: ['added by name'],
          credential: 'GitHub App',
          note: 'Used when the App is installed on the owner and you may write to the repository.',
          selectable: true,
        },
        true,
      );
    setText(error, '');
    byName.value = '';
    updateCount();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showAlert(alert, null);
    const repositories = boxes()
      .filter((b) => b.checked)
      .map((b) => b.value);
    if (repositories.length === 0) return showAlert(alert, 'Select at least one repository to orchestrate.');
    void whileBusy(byId<HTMLButtonElement>(ID.orchestrate), async () => {
      try {
        const run = await api.send<Orchestration>('POST', '/api/v1/orchestrations', {
          repositories,
        } satisfies OrchestrationRequest);
        window.location.assign(`/runs/${encodeURIComponent(run.id)}`);
      } catch (err) {
        showAlert(alert, messageOf(err));
      }
    });
  });
  updateCount();
}

/** A repository's latest state in a few words: its pull request, findings to review, the run it comes from and when. */
function latestState(st: RepositoryLatestState | undefined): Array<HTMLElement | string> {
  if (!st) return [el('span', { class: 'hint' }, 'Not run yet')];
  const pr = st.pull_request;
  const n = st.findings_to_review;
  const findings = `${n} finding${n === 1 ? '' : 's'}`;
  const headline = pr
    ? el('span', {}, safeLink(pr.url, `Pull request #${pr.number}`, { class: 'pr-link' }), ` ${pr.state ?? 'open'}`)
    : st.status === 'needs-review'
      ? `Needs review: ${findings}`
      : REPOSITORY_STATUS[st.status].label;
  return [
    el('strong', { 'data-status': st.status }, headline),
    pr && n > 0 ? el('p', {}, `Needs review: ${findings}`) : '',
    el(
      'p',
      { class: 'hint' },
      'Last run ',
      el('a', { href: `/runs/${encodeURIComponent(st.run_id)}` }, formatDate(st.updated_at)),
      ` (${REPOSITORY_STATUS[st.status].label.toLowerCase()})`,
    ),
  ];
}
