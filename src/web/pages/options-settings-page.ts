import { html } from '../html.js';
import { settingsPage, type Page } from '../page-shell.js';

export function optionsSettingsPage(): Page {
  return settingsPage('settings-options', 'Orchestrate Options', html`<section aria-labelledby="options-heading">
  <h2 id="options-heading">Orchestrate Options</h2>
  <p>What every orchestration does unless you change it here. Each rule only touches what it names; the pull request lists every change and why.</p>
  <div class="notice error" id="page-alert" role="alert" hidden></div>
  <p id="page-status" role="status" aria-live="polite">Loading your options…</p>
  <form id="options-form" class="stack" hidden>
    <fieldset>
      <legend>Rules</legend>
      <ul class="rule-list" id="rule-list"></ul>
    </fieldset>
    <fieldset>
      <legend>harden-runner</legend>
      <div class="field">
        <label for="egress-policy">Egress policy</label>
        <select id="egress-policy" aria-describedby="egress-help">
          <option value="audit">audit: record every outbound connection</option>
          <option value="block">block: allow only the endpoints you list</option>
        </select>
        <p class="hint" id="egress-help">Start with audit; block stops builds that reach endpoints not on the job's list.</p>
      </div>
    </fieldset>
    <fieldset>
      <legend>Pull requests</legend>
      <div class="field">
        <label for="branch-name">Branch name</label>
        <input id="branch-name" required maxlength="200" autocomplete="off" spellcheck="false">
      </div>
      <div class="field">
        <label for="pr-title">PR title</label>
        <input id="pr-title" required maxlength="256">
      </div>
      <label class="check"><input type="checkbox" id="draft-prs"> Open draft pull requests</label>
    </fieldset>
    <button type="submit" class="primary" id="save-options">Save options</button>
  </form>
</section>`);
}
