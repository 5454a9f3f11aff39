import { PAGE_NAMES } from '../client/ids/page-names.js';
import { RUN_PAGE_IDS as ID } from '../client/ids/run-page-ids.js';
import { SHELL_IDS } from '../client/ids/shell-ids.js';
import { html } from '../html.js';
import type { Page } from '../page-shell.js';

export function runPage(runId: string): Page {
  return {
    id: PAGE_NAMES.run,
    title: `Run ${runId}`,
    body: html`<p class="breadcrumb"><a href="/runs">Runs</a></p>
<h1>Run <code id="${ID.runId}" data-run-id="${runId}">${runId}</code></h1>
<div class="notice error" id="${SHELL_IDS.alert}" role="alert" hidden></div>
<div class="run-summary">
  <p>Status: <strong id="${ID.status}" class="badge">loading</strong></p>
  <p id="${ID.counts}"></p>
  <button type="button" class="danger" id="${ID.cancel}" hidden>Cancel run</button>
</div>
<p id="${ID.live}" class="hint" role="status" aria-live="polite" tabindex="-1"></p>
<ul class="cards" id="${ID.repositories}" aria-label="Repositories in this run"></ul>`,
  };
}
