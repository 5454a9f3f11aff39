import { messageOf, type Api } from '../api.js';
import type { OrchestrateOptions, RuleInfo } from '../api-types.js';
import { byId, el, setText, showAlert, whileBusy } from '../dom.js';

type OptionsReply = { options: OrchestrateOptions; updated_at: string | null };

/** Settings → Orchestrate Options: the saved defaults, edited and written back whole. */
export async function optionsPage(api: Api): Promise<void> {
  const [{ rules }, reply] = await Promise.all([api.get<{ rules: RuleInfo[] }>('/api/v1/rules'), api.get<OptionsReply>('/api/v1/me/orchestrate-options')]);
  let options = reply.options;
  const status = byId('page-status');
  const alert = byId('page-alert');
  const form = byId<HTMLFormElement>('options-form');
  const egress = byId<HTMLSelectElement>('egress-policy');
  const branch = byId<HTMLInputElement>('branch-name');
  const title = byId<HTMLInputElement>('pr-title');
  const draft = byId<HTMLInputElement>('draft-prs');

  const fill = (o: OrchestrateOptions, updatedAt: string | null) => {
    byId('rule-list').replaceChildren(
      ...rules.map((r) =>
        el(
          'li',
          {},
          el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'rule', value: r.id, checked: o.harden.rules[r.id] ?? r.default_enabled, 'aria-describedby': `rule-${r.id}` }), el('code', {}, r.id)),
          el('p', { class: 'hint', id: `rule-${r.id}` }, r.title),
        ),
      ),
    );
    egress.value = o.harden.hardenRunner.egressPolicy;
    branch.value = o.branch;
    title.value = o.pr_title;
    draft.checked = o.draft;
    setText(status, updatedAt ? `Saved options, last changed ${new Date(updatedAt).toLocaleString()}.` : 'The defaults: you have not saved options yet.');
  };
  fill(options, reply.updated_at);
  form.hidden = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    showAlert(alert, null);
    const ruleSwitches = Object.fromEntries([...form.querySelectorAll<HTMLInputElement>('input[name="rule"]')].map((i) => [i.value, i.checked]));
    const next: OrchestrateOptions = {
      ...options,
      harden: { ...options.harden, rules: ruleSwitches, hardenRunner: { ...options.harden.hardenRunner, egressPolicy: egress.value === 'block' ? 'block' : 'audit' } },
      branch: branch.value.trim(),
      pr_title: title.value.trim(),
      draft: draft.checked,
    };
    void whileBusy(byId<HTMLButtonElement>('save-options'), async () => {
      try {
        const saved = await api.send<OptionsReply>('PUT', '/api/v1/me/orchestrate-options', next);
        options = saved.options;
        fill(saved.options, saved.updated_at);
        setText(status, 'Saved. New orchestrations use these options.');
      } catch (err) {
        showAlert(alert, messageOf(err));
      }
    });
  });
}
