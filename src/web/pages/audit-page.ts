import { AUDIT_PAGE_IDS as ID } from '../client/ids/audit-page-ids.js';
import { PAGE_NAMES } from '../client/ids/page-names.js';
import { SHELL_IDS } from '../client/ids/shell-ids.js';
import { html } from '../html.js';
import type { Page } from '../page-shell.js';

/** The audit log: the signed-in user's own events; operators see every account's and the service's. */
export function auditPage(): Page {
  return {
    id: PAGE_NAMES.audit,
    title: 'Audit log',
    body: html`<h1>Audit log</h1>
<p class="hint" id="${ID.scopeNote}">What happened to your account: sign-ins, API tokens, your PAT saved, used and removed, options and policies changed.</p>
<div class="notice error" id="${SHELL_IDS.alert}" role="alert" hidden></div>
<p id="${SHELL_IDS.status}" role="status" aria-live="polite">Loading the audit log…</p>
<table class="data-table" id="${ID.table}" hidden>
  <caption class="visually-hidden">Audit events, newest first</caption>
  <thead><tr><th scope="col">When</th><th scope="col">Account</th><th scope="col">Event</th><th scope="col">By</th><th scope="col">Details</th></tr></thead>
  <tbody></tbody>
</table>
<p><button type="button" id="${ID.more}" hidden>Older events</button></p>`,
  };
}
