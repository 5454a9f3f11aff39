import { messageOf, type Api } from '../api.js';
import { byId, el, setText, showAlert, whileBusy } from '../dom.js';
import { RUN_PAGE_IDS as ID } from '../ids/run-page-ids.js';
import { SHELL_IDS } from '../ids/shell-ids.js';
import type { Orchestration, RepositoryState } from '../wire-types.js';
import { findingsList, safeLink } from './findings-list.js';
import { REPOSITORY_STATUS, RUN_STATUS, summarizeRepositories } from './run-status.js';

const FINAL_RUN = new Set(['completed', 'cancelled']);

/** One run, live: the server's event stream updates each repository as workers finish it. */
export async function runPage(api: Api): Promise<void> {
  const id = byId(ID.runId).dataset.runId ?? '';
  const path = `/api/v1/orchestrations/${encodeURIComponent(id)}`;
  const alert = byId(SHELL_IDS.alert);
  const live = byId(ID.live);
  const list = byId(ID.repositories);
  const cancel = byId<HTMLButtonElement>(ID.cancel);
  const badge = byId(ID.status);
  const states = new Map<string, RepositoryState>();

  const render = (run: Orchestration) => {
    for (const r of run.repositories) states.set(r.repository, r);
    const status = RUN_STATUS[run.status];
    setText(badge, status.label);
    badge.className = `badge ${status.tone}`;
    setText(byId(ID.counts), summarizeRepositories([...states.values()]));
    cancel.hidden = FINAL_RUN.has(run.status);
    list.replaceChildren(...[...states.values()].map(repositoryCard));
  };
  const update = (state: RepositoryState) => {
    states.set(state.repository, state);
    // The run is running once any repository is past queued; the final state comes with the stream's end.
    if (state.status !== 'queued' && badge.textContent === RUN_STATUS.queued.label) {
      setText(badge, RUN_STATUS.running.label);
      badge.className = `badge ${RUN_STATUS.running.tone}`;
    }
    const card = list.querySelector<HTMLElement>(`[data-repository="${CSS.escape(state.repository)}"]`);
    const fresh = repositoryCard(state);
    if (card) card.replaceWith(fresh);
    else list.append(fresh);
    setText(byId(ID.counts), summarizeRepositories([...states.values()]));
  };

  const run = await api.get<Orchestration>(path);
  render(run);
  if (!FINAL_RUN.has(run.status)) follow();

  function follow(): void {
    setText(live, 'Updating live as repositories finish.');
    const events = new EventSource(`${path}/events`);
    events.addEventListener('repository', (e) =>
      update(JSON.parse((e as MessageEvent<string>).data) as RepositoryState),
    );
    events.addEventListener('end', () => {
      events.close();
      api.get<Orchestration>(path).then(
        (final) => {
          render(final);
          setText(live, `The run is ${RUN_STATUS[final.status].label.toLowerCase()}.`);
        },
        (err: unknown) => showAlert(alert, messageOf(err)),
      );
    });
    // EventSource reconnects by itself (resuming after the last event id); say so while it does.
    events.addEventListener('error', () => {
      if (events.readyState !== EventSource.CLOSED) return setText(live, 'Connection lost; reconnecting…');
      // Refused for good (session ended, run gone): one plain request says why, or sends the user to sign in.
      api.get<Orchestration>(path).then(
        (latest) => {
          render(latest);
          setText(live, 'Live updates stopped; reload the page to resume them.');
        },
        (err: unknown) => showAlert(alert, messageOf(err)),
      );
    });
    events.addEventListener('open', () => setText(live, 'Updating live as repositories finish.'));
  }

  cancel.addEventListener('click', () => {
    void whileBusy(cancel, async () => {
      try {
        render(await api.send<Orchestration>('POST', `${path}/cancel`));
        setText(live, 'Cancelled: queued repositories will not start; running ones finish their current step.');
        live.focus();
      } catch (err) {
        showAlert(alert, messageOf(err));
      }
    });
  });
}

function repositoryCard(r: RepositoryState): HTMLElement {
  const status = REPOSITORY_STATUS[r.status];
  const credential = r.credential === 'pat' ? 'your PAT' : r.credential === 'app' ? 'the GitHub App' : null;
  const pr = r.pull_request;
  return el(
    'li',
    { class: 'card', 'data-repository': r.repository, 'data-status': r.status },
    el(
      'div',
      { class: 'card-head' },
      el('h2', {}, r.repository),
      el('span', { class: `badge ${status.tone}` }, status.label),
    ),
    pr
      ? el(
          'p',
          {},
          safeLink(pr.url, `Pull request #${pr.number}`, { class: 'pr-link' }),
          pr.state && pr.state !== 'open' ? ` (${pr.state})` : '',
        )
      : null,
    r.issue
      ? el(
          'p',
          {},
          safeLink(r.issue.url, `Findings issue #${r.issue.number}`, { class: 'issue-link' }),
          r.issue.state === 'closed' ? ' (closed: nothing left)' : '',
        )
      : null,
    credential ? el('p', { class: 'hint' }, `Using ${credential}.`) : null,
    r.note ? el('p', {}, r.note.charAt(0).toUpperCase() + r.note.slice(1)) : null,
    r.error ? el('p', { class: 'notice error' }, r.error.message) : null,
    findingsList(r) ?? changesList(r),
  );
}

/** Results stored before findings were kept list only their changes. */
function changesList(r: RepositoryState): HTMLElement | null {
  if (!r.changes || r.changes.length === 0) return null;
  return el(
    'details',
    {},
    el('summary', {}, `${r.changes.length} change${r.changes.length === 1 ? '' : 's'}`),
    el(
      'ul',
      { class: 'changes' },
      ...r.changes.map((c) => el('li', {}, el('code', {}, `${c.file}:${c.line}`), ` ${c.rule}: ${c.message}`)),
    ),
  );
}
