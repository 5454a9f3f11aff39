import { html } from '../html.js';
import type { Page } from '../page-shell.js';

export function runsPage(): Page {
  return {
    id: 'runs',
    title: 'Runs',
    body: html`<h1>Runs</h1>
<div class="notice error" id="page-alert" role="alert" hidden></div>
<p id="page-status" role="status" aria-live="polite">Loading your runs…</p>
<table class="data-table" id="runs-table" hidden>
  <caption class="visually-hidden">Your orchestrations, newest first</caption>
  <thead><tr><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Repositories</th></tr></thead>
  <tbody></tbody>
</table>`,
  };
}
