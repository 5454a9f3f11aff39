import { PAGE_NAMES } from '../client/ids/page-names.js';
import { POLICIES_PAGE_IDS as ID } from '../client/ids/policies-page-ids.js';
import { SHELL_IDS } from '../client/ids/shell-ids.js';
import { html } from '../html.js';
import type { Page } from '../page-shell.js';

/** Policies: keep repositories hardened on a schedule, on pushes and for new repositories; list, create, edit, pause, delete. */
export function policiesPage(): Page {
  return {
    id: PAGE_NAMES.policies,
    title: 'Policies',
    body: html`<h1>Policies</h1>
<p>A policy runs an orchestration again by itself: daily or weekly, when a push to a default branch changes a workflow or an action, or when a repository is new. Each run is listed under Runs and uses your credentials like any run.</p>
<div class="notice error" id="${SHELL_IDS.alert}" role="alert" hidden></div>
<section aria-labelledby="${ID.formHeading}">
  <h2 id="${ID.formHeading}">New policy</h2>
  <form id="${ID.form}" class="stack">
    <div class="field">
      <label for="${ID.name}">Name</label>
      <input id="${ID.name}" required maxlength="100" autocomplete="off">
    </div>
    <fieldset>
      <legend>Repositories</legend>
      <label class="check"><input type="radio" name="${ID.scopeInputName}" id="${ID.scopeAll}" value="all" checked> All repositories your PAT may write</label>
      <label class="check"><input type="radio" name="${ID.scopeInputName}" id="${ID.scopeListed}" value="listed"> These repositories</label>
      <div class="field" id="${ID.repositoriesField}" hidden>
        <label for="${ID.repositories}">Repositories, one owner/name per line</label>
        <textarea id="${ID.repositories}" rows="4" spellcheck="false" autocomplete="off"></textarea>
      </div>
    </fieldset>
    <fieldset>
      <legend>Run</legend>
      <div class="field">
        <label for="${ID.schedule}">Schedule</label>
        <select id="${ID.schedule}">
          <option value="">Not on a schedule</option>
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
        </select>
      </div>
      <label class="check"><input type="checkbox" id="${ID.push}"> When a push to the default branch changes a workflow, an action or Dependabot's configuration</label>
      <label class="check"><input type="checkbox" id="${ID.newRepositories}"> For each new repository (needs all repositories)</label>
      <p class="hint">Pushes and new repositories reach Rampart through its GitHub App's webhooks.</p>
    </fieldset>
    <div class="field">
      <label for="${ID.draft}">Pull requests</label>
      <select id="${ID.draft}">
        <option value="">As your Orchestrate Options say</option>
        <option value="true">Open drafts</option>
        <option value="false">Ready for review</option>
      </select>
    </div>
    <div class="actions">
      <button type="submit" class="primary" id="${ID.save}">Create policy</button>
      <button type="button" id="${ID.cancelEdit}" hidden>Cancel editing</button>
    </div>
  </form>
</section>
<section aria-labelledby="${ID.listHeading}">
  <h2 id="${ID.listHeading}">Your policies</h2>
  <p id="${SHELL_IDS.status}" role="status" aria-live="polite" tabindex="-1">Loading your policies…</p>
  <table class="data-table" id="${ID.table}" hidden>
    <caption class="visually-hidden">Your policies</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Repositories</th><th scope="col">Runs when</th><th scope="col">Status</th><th scope="col">Next run</th><th scope="col">Last run</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody></tbody>
  </table>
</section>`,
  };
}
