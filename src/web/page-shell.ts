import { PAGE_NAMES, type PageName } from './client/ids/page-names.js';
import { SHELL_IDS } from './client/ids/shell-ids.js';
import { html, type Html } from './html.js';

export interface Page {
  id: PageName;
  title: string;
  body: Html;
}

const NAV: Array<{ href: string; label: string; pages: PageName[] }> = [
  { href: '/repositories', label: 'Repositories', pages: [PAGE_NAMES.repositories] },
  { href: '/runs', label: 'Runs', pages: [PAGE_NAMES.runs, PAGE_NAMES.run] },
  { href: '/policies', label: 'Policies', pages: [PAGE_NAMES.policies] },
  { href: '/audit', label: 'Audit log', pages: [PAGE_NAMES.audit] },
  {
    href: '/settings/pat',
    label: 'Settings',
    pages: [PAGE_NAMES.settingsPat, PAGE_NAMES.settingsOptions, PAGE_NAMES.settingsTokens],
  },
];

const SETTINGS_NAV: Array<{ href: string; label: string; page: PageName }> = [
  { href: '/settings/pat', label: 'Personal Access Token', page: PAGE_NAMES.settingsPat },
  { href: '/settings/options', label: 'Orchestrate Options', page: PAGE_NAMES.settingsOptions },
  { href: '/settings/tokens', label: 'API tokens', page: PAGE_NAMES.settingsTokens },
];

/** Settings pages share a heading and a second navigation row. */
export function settingsPage(id: PageName, title: string, content: Html): Page {
  const links = SETTINGS_NAV.map(
    (l) => html`<li><a href="${l.href}"${l.page === id ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
  );
  return {
    id,
    title,
    body: html`<h1>Settings</h1>\n<nav class="subnav" aria-label="Settings"><ul>${links}</ul></nav>\n${content}`,
  };
}

/**
 * Every page: the same head (one stylesheet, one script module, both from this origin, so the CSP can forbid
 * everything else), a skip link, the main navigation, and the page's own markup, which the script fills in
 * from the API. The script decides what to do from `data-page`.
 */
export function renderPage(page: Page, user: { login: string } | null): string {
  const nav = user
    ? html`<nav class="main-nav" aria-label="Main"><ul>${NAV.map(
        (l) =>
          html`<li><a href="${l.href}"${l.pages.includes(page.id) ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
      )}</ul></nav>
      <div class="who"><span>Signed in as <strong data-testid="signed-in-as">${user.login}</strong></span>
      <button type="button" class="link-button" id="${SHELL_IDS.signOut}">Sign out</button></div>`
    : '';
  return `<!doctype html>${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Rampart</title>
<link rel="stylesheet" href="/assets/rampart.css">
<script type="module" src="/assets/js/app.js"></script>
</head>
<body data-page="${page.id}">
<a class="skip-link" href="#${SHELL_IDS.main}">Skip to content</a>
<header class="site-header">
<a class="brand" href="/">Rampart</a>
${nav}
</header>
<main id="${SHELL_IDS.main}" tabindex="-1">
${page.body}
</main>
<noscript><p class="notice error">Rampart's pages need JavaScript (served by this Rampart, nothing from elsewhere). Everything they do is also in the API: see /api/v1/openapi.json.</p></noscript>
</body>
</html>`.text
  }`;
}
