import { PAGE_NAMES } from '../client/ids/page-names.js';
import { RUNS_PAGE_IDS as ID } from '../client/ids/runs-page-ids.js';
import { SHELL_IDS } from '../client/ids/shell-ids.js';
import { html } from '../html.js';
import type { Page } from '../page-shell.js';

export function runsPage(): Page {
  return {
    id: PAGE_NAMES.runs,
    title: 'Runs',
    body: html`<h1>Runs</h1>
<div class="notice error" id="${SHELL_IDS.alert}" role="alert" hidden></div>
<p id="${SHELL_IDS.status}" role="status" aria-live="polite">Loading your runs…</p>
<table class="data-table" id="${ID.table}" hidden>
  <caption class="visually-hidden">Your orchestrations, newest first</caption>
  <thead><tr><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Repositories</th></tr></thead>
  <tbody></tbody>
</table>`,
  };
}
