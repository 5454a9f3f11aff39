import { html } from '../html.js';
import type { Page } from '../page-shell.js';

export function repositoriesPage(): Page {
  return {
    id: 'repositories',
    title: 'Repositories',
    body: html`<h1>Repositories</h1>
<p>Pick repositories and press Orchestrate: Rampart opens one pull request in each repository whose workflows need hardening, using your <a href="/settings/options">Orchestrate Options</a>.</p>
<div class="notice error" id="page-alert" role="alert" hidden></div>
<p id="page-status" role="status" aria-live="polite">Loading the repositories your credentials reach…</p>
<form id="orchestrate-form" hidden>
  <div class="toolbar">
    <div class="field">
      <label for="repo-search">Search</label>
      <input type="search" id="repo-search" autocomplete="off" placeholder="owner/name">
    </div>
    <label class="check"><input type="checkbox" id="select-all"> Select all shown</label>
  </div>
  <table class="data-table" id="repo-table">
    <caption class="visually-hidden">Repositories your saved PAT reaches</caption>
    <thead><tr><th scope="col"><span class="visually-hidden">Select</span></th><th scope="col">Repository</th><th scope="col">Credential</th></tr></thead>
    <tbody></tbody>
  </table>
  <p id="no-match" hidden>No repository matches your search.</p>
  <details class="by-name">
    <summary>Add a repository by name</summary>
    <p class="hint">For repositories your PAT does not list, which only the GitHub App can reach.</p>
    <div class="inline-field">
      <label for="repo-by-name">Repository (owner/name)</label>
      <input id="repo-by-name" autocomplete="off" aria-describedby="repo-by-name-error">
      <button type="button" id="add-by-name">Add</button>
    </div>
    <p class="field-error" id="repo-by-name-error" aria-live="polite"></p>
  </details>
  <div class="actions">
    <p id="selection-count" aria-live="polite">No repository selected.</p>
    <button type="submit" class="primary" id="orchestrate">Orchestrate</button>
  </div>
</form>`,
  };
}
