import { API_SCOPES, SCOPE_DESCRIPTIONS } from '../../accounts/scopes.js';
import { EXPIRATION_DAYS } from '../../accounts/token-expiration.js';
import { html } from '../html.js';
import { settingsPage, type Page } from '../page-shell.js';

export function tokensSettingsPage(): Page {
  const scopes = API_SCOPES.map(
    (s) => html`<li><label class="check"><input type="checkbox" name="scopes" value="${s}"> <code>${s}</code></label> <span class="hint">${SCOPE_DESCRIPTIONS[s]}</span></li>`,
  );
  const days = EXPIRATION_DAYS.map((d) => html`<option value="${d}"${d === 30 ? html` selected` : ''}>${d} days</option>`);
  return settingsPage('settings-tokens', 'API tokens', html`<section aria-labelledby="tokens-heading">
  <h2 id="tokens-heading">API tokens</h2>
  <p>Tokens let scripts and CI call Rampart's API (<a href="/api/v1/openapi.json">OpenAPI</a>) as you, with only the scopes you give them.</p>
  <div class="notice error" id="page-alert" role="alert" hidden></div>
  <form id="token-form" class="stack">
    <div class="field">
      <label for="token-name">Name</label>
      <input id="token-name" required maxlength="100" autocomplete="off">
    </div>
    <fieldset>
      <legend>Scopes</legend>
      <ul class="scope-list">${scopes}</ul>
    </fieldset>
    <div class="field">
      <label for="token-expiration">Expiration</label>
      <select id="token-expiration">${days}<option value="custom">Custom date…</option><option value="none" id="expiration-none">No expiration</option></select>
    </div>
    <div class="field" id="custom-date-field" hidden>
      <label for="token-expiration-date">Expires at the end of (UTC)</label>
      <input type="date" id="token-expiration-date">
    </div>
    <button type="submit" class="primary" id="create-token">Create token</button>
  </form>
  <div class="panel success" id="new-token" role="region" hidden tabindex="-1" aria-labelledby="new-token-heading">
    <h3 id="new-token-heading">Your new token</h3>
    <p><strong>Copy it now: Rampart will not show it again.</strong></p>
    <div class="inline-field">
      <label for="new-token-value" class="visually-hidden">New API token</label>
      <input id="new-token-value" readonly spellcheck="false">
      <button type="button" id="copy-token">Copy</button>
    </div>
    <p id="copy-status" role="status" aria-live="polite"></p>
  </div>
</section>
<section aria-labelledby="token-list-heading">
  <h2 id="token-list-heading">Your tokens</h2>
  <p id="page-status" role="status" aria-live="polite" tabindex="-1">Loading your tokens…</p>
  <table class="data-table" id="token-table" hidden>
    <caption class="visually-hidden">Your API tokens</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody></tbody>
  </table>
</section>`);
}
