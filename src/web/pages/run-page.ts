import { html } from '../html.js';
import type { Page } from '../page-shell.js';

export function runPage(runId: string): Page {
  return {
    id: 'run',
    title: `Run ${runId}`,
    body: html`<p class="breadcrumb"><a href="/runs">Runs</a></p>
<h1>Run <code id="run-id" data-run-id="${runId}">${runId}</code></h1>
<div class="notice error" id="page-alert" role="alert" hidden></div>
<div class="run-summary">
  <p>Status: <strong id="run-status" class="badge">loading</strong></p>
  <p id="run-counts"></p>
  <button type="button" class="danger" id="cancel-run" hidden>Cancel run</button>
</div>
<p id="live-status" class="hint" role="status" aria-live="polite" tabindex="-1"></p>
<ul class="cards" id="run-repositories" aria-label="Repositories in this run"></ul>`,
  };
}
