import { ApiError, messageOf, type Api } from '../api.js';
import { byId, el, formatDate, setText, showAlert, whileBusy } from '../dom.js';
import { PAT_PAGE_IDS as ID } from '../ids/pat-page-ids.js';
import { SHELL_IDS } from '../ids/shell-ids.js';
import type {
  CheckGitHubPat,
  GitHubPat,
  GitHubPatCheck,
  GitHubPatRepositories,
  SaveGitHubPat,
  Session,
} from '../wire-types.js';
import { renderPatCheck } from './pat-check.js';

const DAY_MS = 24 * 3600 * 1000;
const WARN_DAYS = 14;
const MAX_CHECK = 20;

/** Settings → Personal Access Token: save (validated by the API against GitHub), inspect, check, remove. */
export async function patPage(api: Api, session: Session): Promise<void> {
  const alert = byId(SHELL_IDS.alert);
  const status = byId(ID.status);
  const form = byId<HTMLFormElement>(ID.form);
  const email = byId<HTMLInputElement>(ID.email);
  const name = byId<HTMLInputElement>(ID.name);
  const token = byId<HTMLInputElement>(ID.token);

  const showSaved = async (pat: GitHubPat | null) => {
    byId(ID.current).hidden = pat === null;
    byId(ID.removeSection).hidden = pat === null;
    byId(ID.checkForm).hidden = pat === null;
    if (!pat) {
      setText(byId(ID.checkResults), '');
      return;
    }
    setText(byId(ID.currentName), pat.name);
    setText(byId(ID.login), pat.login);
    setText(
      byId(ID.kind),
      pat.kind === 'fine-grained' ? 'Fine-grained' : `Classic (scopes: ${(pat.scopes ?? []).join(', ') || 'none'})`,
    );
    setText(byId(ID.expiry), pat.expires_at ? formatDate(pat.expires_at) : 'Never');
    setText(byId(ID.last4), pat.last4);
    setText(byId(ID.currentEmail), pat.email);
    const warning = byId(ID.expiryWarning);
    const left = pat.expires_at ? Date.parse(pat.expires_at) - Date.now() : Infinity;
    if (left <= 0)
      showAlert(
        warning,
        'This token has expired: GitHub refuses it, so automation is stopped. Generate a new token on GitHub and save it here.',
      );
    else if (left <= WARN_DAYS * DAY_MS)
      showAlert(
        warning,
        `This token expires in ${Math.ceil(left / DAY_MS)} day(s). Generate a new one on GitHub and save it here before then, or automation stops.`,
      );
    else showAlert(warning, null);
    name.value = pat.name;
    email.value = pat.email;
    await loadCheckChoices(api);
  };

  // Listeners first: the form is on screen before the saved PAT loads, and a submit must never fall to the browser.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    showAlert(alert, null);
    void whileBusy(byId<HTMLButtonElement>(ID.save), async () => {
      try {
        const body = {
          email: email.value.trim(),
          name: name.value.trim(),
          token: token.value.trim(),
        } satisfies SaveGitHubPat;
        const pat = await api.send<GitHubPat>('PUT', '/api/v1/me/github-pat', body);
        token.value = '';
        setText(status, `Saved. The token belongs to ${pat.login}; it is encrypted and will not be shown again.`);
        await showSaved(pat);
      } catch (err) {
        showAlert(alert, messageOf(err));
        token.focus();
      }
    });
  });

  byId(ID.checkForm).addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = [...byId(ID.checkRepositories).querySelectorAll<HTMLInputElement>('input:checked')].map(
      (i) => i.value,
    );
    const checkStatus = byId(ID.checkStatus);
    if (chosen.length === 0 || chosen.length > MAX_CHECK) {
      setText(checkStatus, `Choose between 1 and ${MAX_CHECK} repositories.`);
      return;
    }
    setText(checkStatus, `Checking ${chosen.length} repositor${chosen.length === 1 ? 'y' : 'ies'} with GitHub…`);
    void whileBusy(byId<HTMLButtonElement>(ID.check), async () => {
      try {
        const check = await api.send<GitHubPatCheck>('POST', '/api/v1/me/github-pat/check', {
          repositories: chosen,
        } satisfies CheckGitHubPat);
        byId(ID.checkResults).replaceChildren(renderPatCheck(check));
        setText(checkStatus, 'Checked. Each answer says how GitHub showed it.');
      } catch (err) {
        setText(checkStatus, messageOf(err));
      }
    });
  });

  const dialog = byId<HTMLDialogElement>(ID.removeDialog);
  byId(ID.remove).addEventListener('click', () => {
    // Escape closes without a value, leaving the last one: start from none so only the button confirms.
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'confirm') return;
    void whileBusy(byId<HTMLButtonElement>(ID.remove), async () => {
      try {
        await api.send('DELETE', '/api/v1/me/github-pat').catch((err: unknown) => {
          // Already gone (another tab, an earlier try): the outcome the user asked for.
          if (!(err instanceof ApiError && err.status === 404)) throw err;
        });
        setText(status, 'PAT removed. Automation that would use it has stopped; save a new PAT to start again.');
        await showSaved(null);
        name.value = '';
        status.focus();
      } catch (err) {
        showAlert(alert, messageOf(err));
      }
    });
  });

  // Shipped disabled, so Enter before this script is ready submits nothing to the browser itself.
  byId<HTMLButtonElement>(ID.save).disabled = false;
  let saved: GitHubPat | null = null;
  try {
    saved = await api.get<GitHubPat>('/api/v1/me/github-pat');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  email.value = session.user.email ?? '';
  setText(
    status,
    saved ? '' : 'No PAT is saved yet: Rampart cannot open pull requests with your token until you save one.',
  );
  await showSaved(saved);
}

/** The repositories the PAT reaches, as checkboxes for the permission check; the first few are ticked. */
async function loadCheckChoices(api: Api): Promise<void> {
  const box = byId(ID.checkRepositories);
  try {
    const list = await api.get<GitHubPatRepositories>('/api/v1/me/github-pat/repositories');
    const usable = list.repositories.filter((r) => !r.archived);
    box.replaceChildren(
      ...usable.map((r, i) =>
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', name: 'check-repository', value: r.full_name, checked: i < 3 }),
          r.full_name,
        ),
      ),
    );
    if (usable.length === 0) box.replaceChildren(el('p', {}, 'The token reaches no repository.'));
  } catch (err) {
    box.replaceChildren(el('p', { class: 'field-error' }, messageOf(err)));
  }
}
