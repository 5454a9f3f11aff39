import { OPTIONS_PAGE_IDS as ID } from '../client/ids/options-page-ids.js';
import { PAGE_NAMES } from '../client/ids/page-names.js';
import { SHELL_IDS } from '../client/ids/shell-ids.js';
import { html } from '../html.js';
import { settingsPage, type Page } from '../page-shell.js';

export function optionsSettingsPage(): Page {
  return settingsPage(
    PAGE_NAMES.settingsOptions,
    'Orchestrate Options',
    html`<section aria-labelledby="${ID.heading}">
  <h2 id="${ID.heading}">Orchestrate Options</h2>
  <p>What every orchestration does unless you change it here. Each rule only touches what it names; the pull request lists every change and why.</p>
  <div class="notice error" id="${SHELL_IDS.alert}" role="alert" hidden></div>
  <p id="${SHELL_IDS.status}" role="status" aria-live="polite">Loading your options…</p>
  <form id="${ID.form}" class="stack" hidden>
    <fieldset>
      <legend>Rules</legend>
      <ul class="rule-list" id="${ID.ruleList}"></ul>
    </fieldset>
    <fieldset>
      <legend>harden-runner</legend>
      <div class="field">
        <label for="${ID.egressPolicy}">Egress policy</label>
        <select id="${ID.egressPolicy}" aria-describedby="${ID.egressHelp}">
          <option value="audit">audit: record every outbound connection</option>
          <option value="block">block: allow only the endpoints you list</option>
        </select>
        <p class="hint" id="${ID.egressHelp}">Start with audit; block stops builds that reach endpoints not on the job's list.</p>
      </div>
      <div class="field">
        <label for="${ID.allowedEndpoints}">Allowed endpoints</label>
        <textarea id="${ID.allowedEndpoints}" rows="4" spellcheck="false" autocomplete="off" aria-describedby="${ID.allowedEndpointsHelp} ${ID.allowedEndpointsError}"></textarea>
        <p class="hint" id="${ID.allowedEndpointsHelp}">One <code>host:port</code> per line, e.g. <code>github.com:443</code> or <code>*.blob.core.windows.net:443</code>. Needed with block: without them every outbound call of the jobs is blocked.</p>
        <p class="field-error" id="${ID.allowedEndpointsError}" aria-live="polite"></p>
      </div>
    </fieldset>
    <fieldset>
      <legend>Findings</legend>
      <div class="field">
        <label for="${ID.reportFindings}">Report findings Rampart does not fix</label>
        <select id="${ID.reportFindings}" aria-describedby="${ID.reportFindingsHelp}">
          <option value="pull-request">In the pull request body</option>
          <option value="issue">In one issue per repository, labelled rampart</option>
          <option value="none">Not on GitHub</option>
        </select>
        <p class="hint" id="${ID.reportFindingsHelp}">Every run's results list all findings either way. The issue is updated by later runs and closed when nothing is left.</p>
      </div>
    </fieldset>
    <fieldset>
      <legend>Pull requests</legend>
      <div class="field">
        <label for="${ID.branch}">Branch name</label>
        <input id="${ID.branch}" required maxlength="200" autocomplete="off" spellcheck="false">
      </div>
      <div class="field">
        <label for="${ID.prTitle}">PR title</label>
        <input id="${ID.prTitle}" required maxlength="256">
      </div>
      <label class="check"><input type="checkbox" id="${ID.draft}"> Open draft pull requests</label>
    </fieldset>
    <button type="submit" class="primary" id="${ID.save}">Save options</button>
  </form>
</section>`,
  );
}
