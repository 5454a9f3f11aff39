import { messageOf, type Api } from '../api.js';
import { byId, el, formatDate, setText, showAlert, whileBusy } from '../dom.js';
import { SHELL_IDS } from '../ids/shell-ids.js';
import { TOKENS_PAGE_IDS as ID } from '../ids/tokens-page-ids.js';
import type { ApiToken, ApiTokenList, CreatedApiToken, NewApiToken } from '../wire-types.js';

/** Settings → API tokens: create (shown once, with Copy), list with last use, revoke. */
export async function tokensPage(api: Api): Promise<void> {
  const alert = byId(SHELL_IDS.alert);
  const status = byId(SHELL_IDS.status);
  const form = byId<HTMLFormElement>(ID.form);
  const expiration = byId<HTMLSelectElement>(ID.expiration);
  const customField = byId(ID.customDateField);
  const customDate = byId<HTMLInputElement>(ID.customDate);
  const table = byId(ID.table);

  const load = async () => {
    const list = await api.get<ApiTokenList>('/api/v1/me/tokens');
    // "No expiration" only where the operator allows it; custom dates stop at the allowed maximum.
    byId(ID.expirationNone).hidden = list.max_lifetime_days !== null;
    byId<HTMLOptionElement>(ID.expirationNone).disabled = list.max_lifetime_days !== null;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    customDate.min = tomorrow;
    customDate.max =
      list.max_lifetime_days === null
        ? ''
        : new Date(Date.now() + list.max_lifetime_days * 86_400_000).toISOString().slice(0, 10);
    setText(
      status,
      list.tokens.length === 0
        ? 'You have no API tokens.'
        : `${list.tokens.length} token${list.tokens.length === 1 ? '' : 's'}.`,
    );
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
      el(
        'td',
        { 'data-label': 'Expires' },
        t.expires_at ? formatDate(t.expires_at) : 'Never',
        t.expired ? el('span', { class: 'badge bad' }, ' expired') : null,
      ),
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
    const scopes = [...form.querySelectorAll<HTMLInputElement>(`input[name="${ID.scopeInputName}"]:checked`)].map(
      (i) => i.value as NewApiToken['scopes'][number],
    );
    if (scopes.length === 0) return showAlert(alert, 'Choose at least one scope.');
    const choice = expiration.value;
    // The day counts are the options the page was served with (the API's own list).
    const expirationValue: NewApiToken['expiration'] =
      choice === 'custom'
        ? customDate.value
        : choice === 'none'
          ? 'none'
          : (Number(choice) as Extract<NewApiToken['expiration'], number>);
    void whileBusy(byId<HTMLButtonElement>(ID.create), async () => {
      try {
        const body = {
          name: byId<HTMLInputElement>(ID.name).value.trim(),
          scopes,
          expiration: expirationValue,
        } satisfies NewApiToken;
        const created = await api.send<CreatedApiToken>('POST', '/api/v1/me/tokens', body);
        const panel = byId(ID.newToken);
        byId<HTMLInputElement>(ID.newTokenValue).value = created.token;
        setText(byId(ID.copyStatus), '');
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

  byId(ID.copy).addEventListener('click', () => {
    const value = byId<HTMLInputElement>(ID.newTokenValue);
    const done = () => setText(byId(ID.copyStatus), 'Copied to the clipboard.');
    // navigator.clipboard exists only on secure origins (https, localhost).
    (navigator.clipboard?.writeText(value.value) ?? Promise.reject(new Error('no clipboard'))).then(done, () => {
      // Without clipboard permission: select it so Ctrl+C / long-press copies it.
      value.select();
      setText(byId(ID.copyStatus), 'Selected: press Ctrl+C (or ⌘C) to copy.');
    });
  });

  await load();
}
