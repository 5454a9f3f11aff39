import { ApiError, createApi, messageOf, type Api } from './api.js';
import { showAlert } from './dom.js';
import { PAGE_NAMES, type PageName } from './ids/page-names.js';
import { SHELL_IDS } from './ids/shell-ids.js';
import { auditPage } from './pages/audit-page.js';
import { optionsPage } from './pages/options-page.js';
import { patPage } from './pages/pat-page.js';
import { policiesPage } from './pages/policies-page.js';
import { repositoriesPage } from './pages/repositories-page.js';
import { runPage } from './pages/run-page.js';
import { runsPage } from './pages/runs-page.js';
import { tokensPage } from './pages/tokens-page.js';
import type { Session } from './wire-types.js';

/** Each page's code by its `data-page`; sign-in has none. */
const PAGES: Partial<Record<PageName, (api: Api, session: Session) => Promise<void>>> = {
  [PAGE_NAMES.repositories]: repositoriesPage,
  [PAGE_NAMES.runs]: runsPage,
  [PAGE_NAMES.run]: runPage,
  [PAGE_NAMES.policies]: policiesPage,
  [PAGE_NAMES.settingsPat]: patPage,
  [PAGE_NAMES.settingsOptions]: optionsPage,
  [PAGE_NAMES.settingsTokens]: tokensPage,
  [PAGE_NAMES.audit]: auditPage,
};

async function start(): Promise<void> {
  const page = PAGES[document.body.dataset.page as PageName];
  if (!page) return;
  try {
    // The session answers with the CSRF token every change must carry.
    const res = await fetch('/api/v1/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.status === 401) {
      window.location.assign(`/sign-in?return_to=${encodeURIComponent(window.location.pathname)}`);
      return;
    }
    if (!res.ok)
      throw new ApiError(
        res.status,
        'session_unavailable',
        'Rampart could not load your session; reload the page in a moment.',
      );
    const session = (await res.json()) as Session;
    const api = createApi(session.csrf_token);
    document.getElementById(SHELL_IDS.signOut)?.addEventListener('click', () => {
      api.send('POST', '/auth/logout').then(
        () => window.location.assign('/sign-in'),
        (err: unknown) => {
          const region = document.getElementById(SHELL_IDS.alert);
          if (region) showAlert(region, messageOf(err));
        },
      );
    });
    await page(api, session);
  } catch (err) {
    const region = document.getElementById(SHELL_IDS.alert);
    if (region) showAlert(region, messageOf(err));
  }
}

void start();
