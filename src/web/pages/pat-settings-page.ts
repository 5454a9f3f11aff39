import { html } from '../html.js';
import { settingsPage, type Page } from '../page-shell.js';

const PERMISSIONS = [
  ['Contents', 'Read and write', 'read the workflows, commit the hardened files to a branch'],
  ['Pull requests', 'Read and write', 'open and update the pull request'],
  ['Workflows', 'Read and write', 'GitHub refuses any commit that changes .github/workflows without it'],
] as const;

export function patSettingsPage(githubWebUrl: string): Page {
  return settingsPage('settings-pat', 'Personal Access Token', html`<section aria-labelledby="pat-heading">
  <h2 id="pat-heading">Personal Access Token</h2>
  <p>Rampart uses your GitHub personal access token to open pull requests as you. It is encrypted at rest and never shown, logged or sent anywhere but GitHub.</p>
  <div class="notice error" id="page-alert" role="alert" hidden></div>
  <p id="pat-status" role="status" aria-live="polite" tabindex="-1"></p>
  <div id="pat-current" class="panel" hidden>
    <h3>Saved token</h3>
    <dl class="facts">
      <dt>Name</dt><dd id="pat-current-name"></dd>
      <dt>GitHub login</dt><dd id="pat-login"></dd>
      <dt>Kind</dt><dd id="pat-kind"></dd>
      <dt>Expires</dt><dd id="pat-expiry"></dd>
      <dt>Last four characters</dt><dd><code id="pat-last4"></code></dd>
      <dt>Email</dt><dd id="pat-current-email"></dd>
    </dl>
    <p class="notice warning" id="pat-expiry-warning" role="alert" hidden></p>
  </div>
  <form id="pat-form" class="stack" autocomplete="off">
    <div class="field">
      <label for="pat-email">Email</label>
      <input id="pat-email" type="email" autocomplete="email" required maxlength="320" aria-describedby="pat-email-help">
      <p class="hint" id="pat-email-help">Where Rampart may write to you about this token (for example before it expires).</p>
    </div>
    <div class="field">
      <label for="pat-name">PAT Name</label>
      <input id="pat-name" required maxlength="100" aria-describedby="pat-name-help">
      <p class="hint" id="pat-name-help">Your own name for it, such as the name you gave it on GitHub.</p>
    </div>
    <div class="field">
      <label for="pat-token">Personal Access Token</label>
      <input id="pat-token" type="password" required maxlength="1000" autocomplete="off" spellcheck="false" aria-describedby="pat-token-help">
      <p class="hint" id="pat-token-help">A fine-grained token (github_pat_…) or a classic token (ghp_…) with the repo and workflow scopes. Saving replaces the token stored before.</p>
    </div>
    <button type="submit" class="primary" id="save-pat" disabled>Update PAT</button>
  </form>
</section>
<section aria-labelledby="permissions-heading">
  <h2 id="permissions-heading">Recommended permissions</h2>
  <p>Create a <a href="${`${githubWebUrl}/settings/personal-access-tokens/new`}" rel="noopener noreferrer">fine-grained token</a> for the repositories Rampart should harden, with these repository permissions (Metadata: read comes with them):</p>
  <table class="data-table compact">
    <caption class="visually-hidden">Recommended fine-grained permissions</caption>
    <thead><tr><th scope="col">Permission</th><th scope="col">Access</th><th scope="col">Why</th></tr></thead>
    <tbody>${PERMISSIONS.map(([name, access, why]) => html`<tr><th scope="row">${name}</th><td>${access}</td><td>${why}</td></tr>`)}</tbody>
  </table>
  <form id="check-form" class="stack" hidden>
    <fieldset>
      <legend>Check the saved token on these repositories (up to 20)</legend>
      <div id="check-repositories" class="check-grid"></div>
    </fieldset>
    <button type="submit" id="check-pat">Check permissions</button>
  </form>
  <p id="check-status" role="status" aria-live="polite"></p>
  <div id="check-results"></div>
</section>
<section aria-labelledby="remove-heading" id="remove-section" hidden>
  <h2 id="remove-heading">Remove PAT</h2>
  <p>Removing the token stops all automation that would use it, at once.</p>
  <button type="button" class="danger" id="remove-pat">Remove PAT</button>
  <dialog id="remove-dialog" aria-labelledby="remove-dialog-title" aria-describedby="remove-dialog-text">
    <form method="dialog">
      <h2 id="remove-dialog-title">Remove your PAT?</h2>
      <p id="remove-dialog-text">Automation stops until you store a new PAT: queued repositories that would use it are cancelled, and running ones stop before their next GitHub request.</p>
      <div class="actions">
        <button value="cancel" autofocus>Keep the PAT</button>
        <button value="confirm" class="danger" id="confirm-remove">Remove PAT</button>
      </div>
    </form>
  </dialog>
</section>`);
}
