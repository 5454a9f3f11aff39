import { messageOf, type Api } from '../api.js';
import type { ApiToken } from '../api-types.js';
import { byId, el, formatDate, setText, showAlert, whileBusy } from '../dom.js';

type TokenList = { tokens: ApiToken[]; max_lifetime_days: number | null };

/** Settings → API tokens: create (shown once, with Copy), list with last use, revoke. */
export async function tokensPage(api: Api): Promise<void> {
  const alert = byId('page-alert');
  const status = byId('page-status');
  const form = byId<HTMLFormElement>('token-form');
  const expiration = byId<HTMLSelectElement>('token-expiration');
  const customField = byId('custom-date-field');
  const customDate = byId<HTMLInputElement>('token-expiration-date');
  const table = byId('token-table');

  const load = async () => {
    const list = await api.get<TokenList>('/api/v1/me/tokens');
    // "No expiration" only where the operator allows it; custom dates stop at the allowed maximum.
    byId('expiration-none').hidden = list.max_lifetime_days !== null;
    (byId('expiration-none') as HTMLOptionElement).disabled = list.max_lifetime_days !== null;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    customDate.min = tomorrow;
    customDate.max = list.max_lifetime_days === null ? '' : new Date(Date.now() + list.max_lifetime_days * 86_400_000).toISOString().slice(0, 10);
    setText(status, list.tokens.length === 0 ? 'You have no API tokens.' : `${list.tokens.length} token${list.tokens.length === 1 ? '' : 's'}.`);
    table.hidden = list.tokens.length === 0;
    (table.querySelector('tbody') as HTMLTableSectionElement).replaceChildren(...list.tokens.map(row));
  };

  const row = (t: ApiToken) => {
    const revoke = el('button', { type: 'button', class: 'danger', 'data-token-id': t.id }, 'Revoke');
    revoke.setAttribute('aria-label', `Revoke ${t.name}`);
    revoke.addEventListener('click', () => {
      if (!window.confirm(`Revoke "${t.name}"? Scripts using it stop working at once.`)) return;
      void whileBusy(revoke, async () => {
        try {
          await api.send('DELETE', `/api/v1/me/tokens/${encodeURIComponent(t.id)}`);
          await load();
          setText(status, `Revoked "${t.name}".`);
          status.focus();
        } catch (err) {
          showAlert(alert, messageOf(err));
        }
      });
    });
    return el(
      'tr',
      { 'data-token-name': t.name },
      el('th', { scope: 'row' }, t.name),
      el('td', { 'data-label': 'Scopes' }, t.scopes.join(', ')),
      el('td', { 'data-label': 'Created' }, formatDate(t.created_at)),
      el('td', { 'data-label': 'Expires' }, t.expires_at ? formatDate(t.expires_at) : 'Never', t.expired ? el('span', { class: 'badge bad' }, ' expired') : null),
      el('td', { 'data-label': 'Last used' }, t.last_used_at ? formatDate(t.last_used_at) : 'Never used'),
      el('td', {}, revoke),
    );
  };

  expiration.addEventListener('change', () => {
    customField.hidden = expiration.value !== 'custom';
    customDate.required = expiration.value === 'custom';
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    showAlert(alert, null);
    const scopes = [...form.querySelectorAll<HTMLInputElement>('input[name="scopes"]:checked')].map((i) => i.value);
    if (scopes.length === 0) return showAlert(alert, 'Choose at least one scope.');
    const choice = expiration.value;
    const expirationValue = choice === 'custom' ? customDate.value : choice === 'none' ? 'none' : Number(choice);
    void whileBusy(byId<HTMLButtonElement>('create-token'), async () => {
      try {
        const created = await api.send<ApiToken & { token: string }>('POST', '/api/v1/me/tokens', { name: byId<HTMLInputElement>('token-name').value.trim(), scopes, expiration: expirationValue });
        const panel = byId('new-token');
        byId<HTMLInputElement>('new-token-value').value = created.token;
        setText(byId('copy-status'), '');
        panel.hidden = false;
        panel.focus();
        form.reset();
        customField.hidden = true;
        customDate.required = false;
        await load();
      } catch (err) {
        showAlert(alert, messageOf(err));
      }
    });
  });

  byId('copy-token').addEventListener('click', () => {
    const value = byId<HTMLInputElement>('new-token-value');
    const done = () => setText(byId('copy-status'), 'Copied to the clipboard.');
    // navigator.clipboard exists only on secure origins (https, localhost).
    (navigator.clipboard?.writeText(value.value) ?? Promise.reject(new Error('no clipboard'))).then(done, () => {
      // Without clipboard permission: select it so Ctrl+C / long-press copies it.
      value.select();
      setText(byId('copy-status'), 'Selected: press Ctrl+C (or ⌘C) to copy.');
    });
  });

  await load();
}
