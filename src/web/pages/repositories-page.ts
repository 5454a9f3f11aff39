import { REPOSITORIES_PAGE_IDS as ID } from '../client/ids/repositories-page-ids.js';
import { PAGE_NAMES } from '../client/ids/page-names.js';
import { SHELL_IDS } from '../client/ids/shell-ids.js';
import { html } from '../html.js';
import type { Page } from '../page-shell.js';

export function repositoriesPage(): Page {
  return {
    id: PAGE_NAMES.repositories,
    title: 'Repositories',
    body: html`<h1>Repositories</h1>
<p>Pick repositories and press Orchestrate: Rampart opens one pull request in each repository whose workflows need hardening, using your <a href="/settings/options">Orchestrate Options</a>.</p>
<div class="notice error" id="${SHELL_IDS.alert}" role="alert" hidden></div>
<p id="${SHELL_IDS.status}" role="status" aria-live="polite">Loading the repositories your credentials reach…</p>
<form id="${ID.form}" hidden>
  <div class="toolbar">
    <div class="field">
      <label for="${ID.search}">Search</label>
      <input type="search" id="${ID.search}" autocomplete="off" placeholder="owner/name">
    </div>
    <label class="check"><input type="checkbox" id="${ID.selectAll}"> Select all shown</label>
  </div>
  <table class="data-table" id="${ID.table}">
    <caption class="visually-hidden">Repositories your saved PAT reaches</caption>
    <thead><tr><th scope="col"><span class="visually-hidden">Select</span></th><th scope="col">Repository</th><th scope="col">Credential</th><th scope="col">Latest state</th></tr></thead>
    <tbody></tbody>
  </table>
  <p id="${ID.noMatch}" hidden>No repository matches your search.</p>
  <details class="by-name">
    <summary>Add a repository by name</summary>
    <p class="hint">For repositories your PAT does not list, which only the GitHub App can reach.</p>
    <div class="inline-field">
      <label for="${ID.byName}">Repository (owner/name)</label>
      <input id="${ID.byName}" autocomplete="off" aria-describedby="${ID.byNameError}">
      <button type="button" id="${ID.addByName}">Add</button>
    </div>
    <p class="field-error" id="${ID.byNameError}" aria-live="polite"></p>
  </details>
  <div class="actions">
    <p id="${ID.selectionCount}" aria-live="polite">No repository selected.</p>
    <button type="submit" class="primary" id="${ID.orchestrate}">Orchestrate</button>
  </div>
</form>`,
  };
}
