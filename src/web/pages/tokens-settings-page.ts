import { API_SCOPES, SCOPE_DESCRIPTIONS } from '../../store/api-scopes.js';
import { EXPIRATION_DAYS } from '../../accounts/token-expiration.js';
import { PAGE_NAMES } from '../client/ids/page-names.js';
import { SHELL_IDS } from '../client/ids/shell-ids.js';
import { TOKENS_PAGE_IDS as ID } from '../client/ids/tokens-page-ids.js';
import { html } from '../html.js';
import { settingsPage, type Page } from '../page-shell.js';

export function tokensSettingsPage(): Page {
  const scopes = API_SCOPES.map(
    (s) =>
      html`<li><label class="check"><input type="checkbox" name="${ID.scopeInputName}" value="${s}"> <code>${s}</code></label> <span class="hint">${SCOPE_DESCRIPTIONS[s]}</span></li>`,
  );
  const days = EXPIRATION_DAYS.map(
    (d) => html`<option value="${d}"${d === 30 ? html` selected` : ''}>${d} days</option>`,
  );
  return settingsPage(
    PAGE_NAMES.settingsTokens,
    'API tokens',
    html`<section aria-labelledby="${ID.heading}">
  <h2 id="${ID.heading}">API tokens</h2>
  <p>Tokens let scripts and CI call Rampart's API (<a href="/api/v1/openapi.json">OpenAPI</a>) as you, with only the scopes you give them.</p>
  <div class="notice error" id="${SHELL_IDS.alert}" role="alert" hidden></div>
  <form id="${ID.form}" class="stack">
    <div class="field">
      <label for="${ID.name}">Name</label>
      <input id="${ID.name}" required maxlength="100" autocomplete="off">
    </div>
    <fieldset>
      <legend>Scopes</legend>
      <ul class="scope-list">${scopes}</ul>
    </fieldset>
    <div class="field">
      <label for="${ID.expiration}">Expiration</label>
      <select id="${ID.expiration}">${days}<option value="custom">Custom date…</option><option value="none" id="${ID.expirationNone}">No expiration</option></select>
    </div>
    <div class="field" id="${ID.customDateField}" hidden>
      <label for="${ID.customDate}">Expires at the end of (UTC)</label>
      <input type="date" id="${ID.customDate}">
    </div>
    <button type="submit" class="primary" id="${ID.create}">Create token</button>
  </form>
  <div class="panel success" id="${ID.newToken}" role="region" hidden tabindex="-1" aria-labelledby="${ID.newTokenHeading}">
    <h3 id="${ID.newTokenHeading}">Your new token</h3>
    <p><strong>Copy it now: Rampart will not show it again.</strong></p>
    <div class="inline-field">
      <label for="${ID.newTokenValue}" class="visually-hidden">New API token</label>
      <input id="${ID.newTokenValue}" readonly spellcheck="false">
      <button type="button" id="${ID.copy}">Copy</button>
    </div>
    <p id="${ID.copyStatus}" role="status" aria-live="polite"></p>
  </div>
</section>
<section aria-labelledby="${ID.listHeading}">
  <h2 id="${ID.listHeading}">Your tokens</h2>
  <p id="${SHELL_IDS.status}" role="status" aria-live="polite" tabindex="-1">Loading your tokens…</p>
  <table class="data-table" id="${ID.table}" hidden>
    <caption class="visually-hidden">Your API tokens</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody></tbody>
  </table>
</section>`,
  );
}
