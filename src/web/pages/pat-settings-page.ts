import { PAGE_NAMES } from '../client/ids/page-names.js';
import { PAT_PAGE_IDS as ID } from '../client/ids/pat-page-ids.js';
import { SHELL_IDS } from '../client/ids/shell-ids.js';
import { html } from '../html.js';
import { settingsPage, type Page } from '../page-shell.js';

const PERMISSIONS = [
  ['Contents', 'Read and write', 'read the workflows, commit the hardened files to a branch'],
  ['Pull requests', 'Read and write', 'open and update the pull request'],
  ['Workflows', 'Read and write', 'GitHub refuses any commit that changes .github/workflows without it'],
] as const;

export function patSettingsPage(githubWebUrl: string): Page {
  return settingsPage(
    PAGE_NAMES.settingsPat,
    'Personal Access Token',
    html`<section aria-labelledby="${ID.heading}">
  <h2 id="${ID.heading}">Personal Access Token</h2>
  <p>Rampart uses your GitHub personal access token to open pull requests as you. It is encrypted at rest and never shown, logged or sent anywhere but GitHub.</p>
  <div class="notice error" id="${SHELL_IDS.alert}" role="alert" hidden></div>
  <p id="${ID.status}" role="status" aria-live="polite" tabindex="-1"></p>
  <div id="${ID.current}" class="panel" hidden>
    <h3>Saved token</h3>
    <dl class="facts">
      <dt>Name</dt><dd id="${ID.currentName}"></dd>
      <dt>GitHub login</dt><dd id="${ID.login}"></dd>
      <dt>Kind</dt><dd id="${ID.kind}"></dd>
      <dt>Expires</dt><dd id="${ID.expiry}"></dd>
      <dt>Last four characters</dt><dd><code id="${ID.last4}"></code></dd>
      <dt>Email</dt><dd id="${ID.currentEmail}"></dd>
    </dl>
    <p class="notice warning" id="${ID.expiryWarning}" role="alert" hidden></p>
  </div>
  <form id="${ID.form}" class="stack" autocomplete="off">
    <div class="field">
      <label for="${ID.email}">Email</label>
      <input id="${ID.email}" type="email" autocomplete="email" required maxlength="320" aria-describedby="${ID.emailHelp}">
      <p class="hint" id="${ID.emailHelp}">Where Rampart may write to you about this token (for example before it expires).</p>
    </div>
    <div class="field">
      <label for="${ID.name}">PAT Name</label>
      <input id="${ID.name}" required maxlength="100" aria-describedby="${ID.nameHelp}">
      <p class="hint" id="${ID.nameHelp}">Your own name for it, such as the name you gave it on GitHub.</p>
    </div>
    <div class="field">
      <label for="${ID.token}">Personal Access Token</label>
      <input id="${ID.token}" type="password" required maxlength="1000" autocomplete="off" spellcheck="false" aria-describedby="${ID.tokenHelp}">
      <p class="hint" id="${ID.tokenHelp}">A fine-grained token (github_pat_…) or a classic token (ghp_…) with the repo and workflow scopes. Saving replaces the token stored before.</p>
    </div>
    <button type="submit" class="primary" id="${ID.save}" disabled>Update PAT</button>
  </form>
</section>
<section aria-labelledby="${ID.permissionsHeading}">
  <h2 id="${ID.permissionsHeading}">Recommended permissions</h2>
  <p>Create a <a href="${`${githubWebUrl}/settings/personal-access-tokens/new`}" rel="noopener noreferrer">fine-grained token</a> for the repositories Rampart should harden, with these repository permissions (Metadata: read comes with them):</p>
  <table class="data-table compact">
    <caption class="visually-hidden">Recommended fine-grained permissions</caption>
    <thead><tr><th scope="col">Permission</th><th scope="col">Access</th><th scope="col">Why</th></tr></thead>
    <tbody>${PERMISSIONS.map(([name, access, why]) => html`<tr><th scope="row">${name}</th><td>${access}</td><td>${why}</td></tr>`)}</tbody>
  </table>
  <form id="${ID.checkForm}" class="stack" hidden>
    <fieldset>
      <legend>Check the saved token on these repositories (up to 20)</legend>
      <div id="${ID.checkRepositories}" class="check-grid"></div>
    </fieldset>
    <button type="submit" id="${ID.check}">Check permissions</button>
  </form>
  <p id="${ID.checkStatus}" role="status" aria-live="polite"></p>
  <div id="${ID.checkResults}"></div>
</section>
<section aria-labelledby="${ID.removeHeading}" id="${ID.removeSection}" hidden>
  <h2 id="${ID.removeHeading}">Remove PAT</h2>
  <p>Removing the token stops all automation that would use it, at once.</p>
  <button type="button" class="danger" id="${ID.remove}">Remove PAT</button>
  <dialog id="${ID.removeDialog}" aria-labelledby="${ID.removeDialogTitle}" aria-describedby="${ID.removeDialogText}">
    <form method="dialog">
      <h2 id="${ID.removeDialogTitle}">Remove your PAT?</h2>
      <p id="${ID.removeDialogText}">Automation stops until you store a new PAT: queued repositories that would use it are cancelled, and running ones stop before their next GitHub request.</p>
      <div class="actions">
        <button value="cancel" autofocus>Keep the PAT</button>
        <button value="confirm" class="danger" id="${ID.confirmRemove}">Remove PAT</button>
      </div>
    </form>
  </dialog>
</section>`,
  );
}
