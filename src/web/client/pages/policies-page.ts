import { messageOf, type Api } from '../api.js';
import { byId, el, formatDate, setText, showAlert, whileBusy } from '../dom.js';
import { POLICIES_PAGE_IDS as ID } from '../ids/policies-page-ids.js';
import { SHELL_IDS } from '../ids/shell-ids.js';
import type { Orchestration, Policy, PolicyList, PolicyPatch, PolicyRequest } from '../wire-types.js';

const TRIGGER_WORDS: Record<string, string> = {
  schedule: 'schedule',
  push: 'push',
  'new-repository': 'new repository',
  manual: 'run by hand',
};

function runsWhen(p: Policy): string {
  const parts = [
    p.triggers.schedule ?? '',
    p.triggers.push ? 'on push' : '',
    p.triggers.new_repositories ? 'new repositories' : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'only when run by hand';
}

/** Policies: create and edit in one form, list with their state, pause or resume, run now, delete. */
export async function policiesPage(api: Api): Promise<void> {
  const alert = byId(SHELL_IDS.alert);
  const status = byId(SHELL_IDS.status);
  const form = byId<HTMLFormElement>(ID.form);
  const table = byId(ID.table);
  const repositoriesField = byId(ID.repositoriesField);
  const repositories = byId<HTMLTextAreaElement>(ID.repositories);
  const save = byId<HTMLButtonElement>(ID.save);
  const cancelEdit = byId<HTMLButtonElement>(ID.cancelEdit);
  let editing: Policy | null = null;

  const listed = () => byId<HTMLInputElement>(ID.scopeListed).checked;
  const showScope = () => {
    repositoriesField.hidden = !listed();
    repositories.required = listed();
  };
  const startEditing = (p: Policy | null) => {
    editing = p;
    form.reset();
    byId<HTMLInputElement>(ID.name).value = p?.name ?? '';
    byId<HTMLInputElement>(p && p.repositories !== 'all' ? ID.scopeListed : ID.scopeAll).checked = true;
    repositories.value = p && p.repositories !== 'all' ? p.repositories.join('\n') : '';
    byId<HTMLSelectElement>(ID.schedule).value = p?.triggers.schedule ?? '';
    byId<HTMLInputElement>(ID.push).checked = p?.triggers.push ?? false;
    byId<HTMLInputElement>(ID.newRepositories).checked = p?.triggers.new_repositories ?? false;
    byId<HTMLSelectElement>(ID.draft).value = typeof p?.options.draft === 'boolean' ? String(p.options.draft) : '';
    setText(byId(ID.formHeading), p ? `Edit “${p.name}”` : 'New policy');
    setText(save, p ? 'Save changes' : 'Create policy');
    cancelEdit.hidden = p === null;
    showScope();
    if (p) byId(ID.name).focus();
  };

  const load = async () => {
    const { policies } = await api.get<PolicyList>('/api/v1/policies');
    setText(
      status,
      policies.length === 0
        ? 'You have no policies yet.'
        : `${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}.`,
    );
    table.hidden = policies.length === 0;
    (table.querySelector('tbody') as HTMLTableSectionElement).replaceChildren(...policies.map(row));
  };

  /** A change, then the list again and a sentence in the status region. */
  const act = (button: HTMLButtonElement, work: () => Promise<string>) =>
    void whileBusy(button, async () => {
      showAlert(alert, null);
      try {
        const said = await work();
        await load();
        setText(status, said);
        status.focus();
      } catch (err) {
        showAlert(alert, messageOf(err));
      }
    });

  const row = (p: Policy) => {
    const path = `/api/v1/policies/${encodeURIComponent(p.id)}`;
    const button = (label: string, cls?: string) => {
      const b = el('button', { type: 'button', ...(cls ? { class: cls } : {}) }, label);
      b.setAttribute('aria-label', `${label} ${p.name}`);
      return b;
    };
    const edit = button('Edit');
    edit.addEventListener('click', () => startEditing(p));
    const pause = button(p.status === 'paused' ? 'Resume' : 'Pause');
    pause.addEventListener('click', () =>
      act(pause, async () => {
        await api.send<Policy>('PATCH', path, { paused: p.status !== 'paused' } satisfies PolicyPatch);
        return p.status === 'paused' ? `Resumed “${p.name}”.` : `Paused “${p.name}”.`;
      }),
    );
    const run = button('Run now');
    run.addEventListener('click', () =>
      act(run, async () => {
        const started = await api.send<Orchestration>('POST', `${path}/run`);
        return `Started run ${started.id} of “${p.name}”.`;
      }),
    );
    const remove = button('Delete', 'danger');
    remove.addEventListener('click', () => {
      if (!window.confirm(`Delete the policy "${p.name}"? The runs it started stay.`)) return;
      act(remove, async () => {
        await api.send('DELETE', path);
        if (editing?.id === p.id) startEditing(null);
        return `Deleted “${p.name}”.`;
      });
    });
    const state =
      p.status === 'paused'
        ? el(
            'td',
            { 'data-label': 'Status' },
            el('span', { class: `badge ${p.paused?.reason === 'pat_removed' ? 'bad' : 'warn'}` }, 'Paused'),
            ' ',
            el('span', { class: 'hint' }, p.paused?.message ?? ''),
          )
        : el('td', { 'data-label': 'Status' }, el('span', { class: 'badge good' }, 'Active'));
    const last = p.last_run
      ? el(
          'td',
          { 'data-label': 'Last run' },
          p.last_run.run_id
            ? el('a', { href: `/runs/${encodeURIComponent(p.last_run.run_id)}` }, formatDate(p.last_run.at))
            : formatDate(p.last_run.at),
          ` (${TRIGGER_WORDS[p.last_run.trigger] ?? p.last_run.trigger}${p.last_run.repository ? `: ${p.last_run.repository}` : ''})`,
          p.last_run.note ? el('span', { class: 'hint' }, ` ${p.last_run.note}`) : null,
        )
      : el('td', { 'data-label': 'Last run' }, 'Not yet');
    return el(
      'tr',
      { 'data-policy-name': p.name, 'data-policy-status': p.status },
      el('th', { scope: 'row' }, p.name),
      el(
        'td',
        { 'data-label': 'Repositories' },
        p.repositories === 'all' ? 'All your PAT may write' : p.repositories.join(', '),
      ),
      el('td', { 'data-label': 'Runs when' }, runsWhen(p)),
      state,
      el('td', { 'data-label': 'Next run' }, p.next_run_at ? formatDate(p.next_run_at) : '—'),
      last,
      el('td', { class: 'actions' }, edit, ' ', pause, ' ', run, ' ', remove),
    );
  };

  for (const id of [ID.scopeAll, ID.scopeListed]) byId(id).addEventListener('change', showScope);
  cancelEdit.addEventListener('click', () => startEditing(null));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const names = repositories.value.split(/[\s,]+/).filter(Boolean);
    const draft = byId<HTMLSelectElement>(ID.draft).value;
    const schedule = byId<HTMLSelectElement>(ID.schedule).value;
    const body = {
      name: byId<HTMLInputElement>(ID.name).value.trim(),
      repositories: listed() ? names : 'all',
      options: draft === '' ? {} : { draft: draft === 'true' },
      triggers: {
        schedule: schedule === 'daily' || schedule === 'weekly' ? schedule : null,
        push: byId<HTMLInputElement>(ID.push).checked,
        new_repositories: byId<HTMLInputElement>(ID.newRepositories).checked,
      },
    } satisfies PolicyRequest & PolicyPatch;
    const target = editing;
    act(save, async () => {
      if (target) await api.send<Policy>('PATCH', `/api/v1/policies/${encodeURIComponent(target.id)}`, body);
      else await api.send<Policy>('POST', '/api/v1/policies', body);
      startEditing(null);
      return target ? `Saved “${body.name}”.` : `Created “${body.name}”.`;
    });
  });

  startEditing(null);
  await load();
}
