import { messageOf, type Api } from '../api.js';
import type { RepositoryState, Run } from '../api-types.js';
import { byId, el, setText, showAlert, whileBusy } from '../dom.js';
import { REPOSITORY_STATUS, RUN_STATUS, summarizeRepositories } from './run-status.js';

const FINAL_RUN = new Set(['completed', 'cancelled']);

/** One run, live: the server's event stream updates each repository as workers finish it. */
export async function runPage(api: Api): Promise<void> {
  const id = byId('run-id').dataset.runId ?? '';
  const path = `/api/v1/orchestrations/${encodeURIComponent(id)}`;
  const alert = byId('page-alert');
  const live = byId('live-status');
  const list = byId('run-repositories');
  const cancel = byId<HTMLButtonElement>('cancel-run');
  const states = new Map<string, RepositoryState>();

  const render = (run: Run) => {
    for (const r of run.repositories) states.set(r.repository, r);
    const status = RUN_STATUS[run.status];
    const badge = byId('run-status');
    setText(badge, status.label);
    badge.className = `badge ${status.tone}`;
    setText(byId('run-counts'), summarizeRepositories([...states.values()]));
    cancel.hidden = FINAL_RUN.has(run.status);
    list.replaceChildren(...[...states.values()].map(repositoryCard));
  };
  const update = (state: RepositoryState) => {
    states.set(state.repository, state);
    // The run is running once any repository is past queued; the final state comes with the stream's end.
    if (state.status !== 'queued' && byId('run-status').textContent === RUN_STATUS.queued.label) {
      setText(byId('run-status'), RUN_STATUS.running.label);
      byId('run-status').className = `badge ${RUN_STATUS.running.tone}`;
    }
    const card = list.querySelector<HTMLElement>(`[data-repository="${CSS.escape(state.repository)}"]`);
    const fresh = repositoryCard(state);
    if (card) card.replaceWith(fresh);
    else list.append(fresh);
    setText(byId('run-counts'), summarizeRepositories([...states.values()]));
  };

  const run = await api.get<Run>(path);
  render(run);
  if (!FINAL_RUN.has(run.status)) follow();

  function follow(): void {
    setText(live, 'Updating live as repositories finish.');
    const events = new EventSource(`${path}/events`);
    events.addEventListener('repository', (e) => update(JSON.parse((e as MessageEvent<string>).data) as RepositoryState));
    events.addEventListener('end', () => {
      events.close();
      api.get<Run>(path).then(
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
      api.get<Run>(path).then(
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
        render(await api.send<Run>('POST', `${path}/cancel`));
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
  return el(
    'li',
    { class: 'card', 'data-repository': r.repository, 'data-status': r.status },
    el('div', { class: 'card-head' }, el('h2', {}, r.repository), el('span', { class: `badge ${status.tone}` }, status.label)),
    r.pull_request
      ? el(
          'p',
          {},
          // Only web links: a URL the page did not expect (javascript:, data:) is shown as text, never followed.
          /^https?:\/\//.test(r.pull_request.url)
            ? el('a', { href: r.pull_request.url, class: 'pr-link', rel: 'noopener noreferrer' }, `Pull request #${r.pull_request.number}`)
            : `Pull request #${r.pull_request.number}`,
          r.pull_request.state && r.pull_request.state !== 'open' ? ` (${r.pull_request.state})` : '',
        )
      : null,
    credential ? el('p', { class: 'hint' }, `Using ${credential}.`) : null,
    r.note ? el('p', {}, r.note.charAt(0).toUpperCase() + r.note.slice(1)) : null,
    r.error ? el('p', { class: 'notice error' }, r.error.message) : null,
    r.changes && r.changes.length > 0
      ? el(
          'details',
          {},
          el('summary', {}, `${r.changes.length} change${r.changes.length === 1 ? '' : 's'}`),
          el('ul', { class: 'changes' }, ...r.changes.map((c) => el('li', {}, el('code', {}, `${c.file}:${c.line}`), ` ${c.rule}: ${c.message}`))),
        )
      : null,
  );
}
