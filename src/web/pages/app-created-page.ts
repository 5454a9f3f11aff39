import { PAGE_NAMES } from '../client/ids/page-names.js';
import { html } from '../html.js';
import type { Page } from '../page-shell.js';

const CODE = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * Where GitHub sends the browser once it created the App from the manifest `rampart admin app-manifest` printed:
 * the code is only shown, with the command that converts it on the server. Rampart itself does nothing with it.
 */
export function appCreatedPage(code: string | null): Page {
  const body =
    code !== null && CODE.test(code)
      ? html`<p>GitHub created the App. On the server, within an hour, finish with:</p>
<pre><code>rampart admin app-manifest --code ${code}</code></pre>
<p class="hint">It writes the App's ID, private key, client ID and secret and webhook secret to <code>.env</code> (mode 0600); with Docker see docs/deploy.md. Then restart Rampart and install the App.</p>`
      : html`<p class="notice error" role="alert">This page shows the code GitHub sends back after creating Rampart's App from its manifest; there is none here. Start with <code>rampart admin app-manifest</code>.</p>`;
  return {
    id: PAGE_NAMES.setupGithubApp,
    title: 'GitHub App created',
    body: html`<h1>Rampart's GitHub App</h1>\n${body}`,
  };
}
