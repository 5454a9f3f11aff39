import { messageOf, type Api } from '../api.js';
import { byId, el, formatDate, setText, showAlert, whileBusy } from '../dom.js';
import { AUDIT_PAGE_IDS as ID } from '../ids/audit-page-ids.js';
import { SHELL_IDS } from '../ids/shell-ids.js';
import type { AuditLog } from '../wire-types.js';

type AuditRow = AuditLog['events'][number];

/** Audit log: newest first, a page at a time; operators get every account's events and a column saying whose. */
export async function auditPage(api: Api): Promise<void> {
  const alert = byId(SHELL_IDS.alert);
  const status = byId(SHELL_IDS.status);
  const table = byId(ID.table);
  const more = byId<HTMLButtonElement>(ID.more);
  const body = table.querySelector('tbody') as HTMLTableSectionElement;
  let shown = 0;

  const load = async (before: string | null) => {
    const page = await api.get<AuditLog>(
      `/api/v1/audit?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`,
    );
    if (page.scope === 'all')
      setText(
        byId(ID.scopeNote),
        'As an operator you see every account’s events, and the service’s own (sign-ins refused, accounts deleted).',
      );
    body.append(...page.events.map(row));
    shown += page.events.length;
    table.hidden = shown === 0;
    setText(status, shown === 0 ? 'No events yet.' : `${shown} event${shown === 1 ? '' : 's'} shown, newest first.`);
    more.hidden = page.next_before === null;
    more.dataset.before = page.next_before ?? '';
  };

  more.addEventListener('click', () => {
    void whileBusy(more, async () => {
      try {
        await load(more.dataset.before || null);
      } catch (err) {
        showAlert(alert, messageOf(err));
      }
    });
  });
  await load(null);
}

function row(e: AuditRow): HTMLTableRowElement {
  const details = Object.entries(e.details)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
  return el(
    'tr',
    { 'data-event-type': e.type },
    el('td', { 'data-label': 'When' }, formatDate(e.at)),
    el('td', { 'data-label': 'Account' }, e.account ? (e.account.github_login ?? e.account.id) : 'Rampart'),
    el('td', { 'data-label': 'Event' }, el('code', {}, e.type)),
    el('td', { 'data-label': 'By' }, `${e.via}${e.ip ? ` from ${e.ip}` : ''}`),
    el('td', { 'data-label': 'Details' }, details),
  );
}
