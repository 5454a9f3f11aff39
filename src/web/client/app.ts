import { ApiError, createApi, messageOf, type Api } from './api.js';
import type { Session } from './api-types.js';
import { showAlert } from './dom.js';
import { optionsPage } from './pages/options-page.js';
import { patPage } from './pages/pat-page.js';
import { repositoriesPage } from './pages/repositories-page.js';
import { runPage } from './pages/run-page.js';
import { runsPage } from './pages/runs-page.js';
import { tokensPage } from './pages/tokens-page.js';

const PAGES: Record<string, (api: Api, session: Session) => Promise<void>> = {
  repositories: repositoriesPage,
  runs: runsPage,
  run: runPage,
  'settings-pat': patPage,
  'settings-options': optionsPage,
  'settings-tokens': tokensPage,
};

async function start(): Promise<void> {
  const page = PAGES[document.body.dataset.page ?? ''];
  if (!page) return;
  try {
    // The session answers with the CSRF token every change must carry.
    const res = await fetch('/api/v1/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.status === 401) {
      window.location.assign(`/sign-in?return_to=${encodeURIComponent(window.location.pathname)}`);
      return;
    }
    if (!res.ok) throw new ApiError(res.status, 'session_unavailable', 'Rampart could not load your session; reload the page in a moment.');
    const session = (await res.json()) as Session;
    const api = createApi(session.csrf_token);
    document.getElementById('sign-out')?.addEventListener('click', () => {
      api.send('POST', '/auth/logout').then(
        () => window.location.assign('/sign-in'),
        (err: unknown) => {
          const region = document.getElementById('page-alert');
          if (region) showAlert(region, messageOf(err));
        },
      );
    });
    await page(api, session);
  } catch (err) {
    const region = document.getElementById('page-alert');
    if (region) showAlert(region, messageOf(err));
  }
}

void start();
