import { ApiError, messageOf, type Api } from '../api.js';
import { byId, el, setText, showAlert, whileBusy } from '../dom.js';
import { OPTIONS_PAGE_IDS as ID } from '../ids/options-page-ids.js';
import { SHELL_IDS } from '../ids/shell-ids.js';
import type {
  OrchestrateOptions,
  OrchestrateOptionsInput,
  OrchestrateOptionsReply,
  RuleCatalog,
} from '../wire-types.js';

type Rule = RuleCatalog['rules'][number];
type ReportFindings = OrchestrateOptions['report_findings'];

/** The server names each problem `body.<path>: <sentence>`; these are the allowed endpoints'. */
const ENDPOINTS_PATH = /^body\.allowed_endpoints(?:\.(\d+))?: /;
const SEVERITY_TONE: Partial<Record<Rule['severity'], string>> = { critical: 'bad', high: 'bad', medium: 'warn' };
const REPORT_FINDINGS: readonly ReportFindings[] = ['none', 'pull-request', 'issue'];

/** Settings → Orchestrate Options: the saved defaults, edited and written back whole. */
export async function optionsPage(api: Api): Promise<void> {
  const [{ rules }, reply] = await Promise.all([
    api.get<RuleCatalog>('/api/v1/rules'),
    api.get<OrchestrateOptionsReply>('/api/v1/me/orchestrate-options'),
  ]);
  let options = reply.options;
  const status = byId(SHELL_IDS.status);
  const alert = byId(SHELL_IDS.alert);
  const form = byId<HTMLFormElement>(ID.form);
  const egress = byId<HTMLSelectElement>(ID.egressPolicy);
  const endpoints = byId<HTMLTextAreaElement>(ID.allowedEndpoints);
  const endpointsError = byId(ID.allowedEndpointsError);
  const report = byId<HTMLSelectElement>(ID.reportFindings);
  const branch = byId<HTMLInputElement>(ID.branch);
  const title = byId<HTMLInputElement>(ID.prTitle);
  const draft = byId<HTMLInputElement>(ID.draft);

  const showEndpointsError = (message: string | null) => {
    setText(endpointsError, message ?? '');
    if (message) endpoints.setAttribute('aria-invalid', 'true');
    else endpoints.removeAttribute('aria-invalid');
  };

  const fill = (o: OrchestrateOptions, updatedAt: string | null) => {
    byId(ID.ruleList).replaceChildren(...rules.map((r) => ruleSwitch(r, o.harden.rules[r.id] ?? r.default_enabled)));
    egress.value = o.harden.hardenRunner.egressPolicy;
    endpoints.value = o.allowed_endpoints.join('\n');
    report.value = o.report_findings;
    branch.value = o.branch;
    title.value = o.pr_title;
    draft.checked = o.draft;
    showEndpointsError(null);
    setText(
      status,
      updatedAt
        ? `Saved options, last changed ${new Date(updatedAt).toLocaleString()}.`
        : 'The defaults: you have not saved options yet.',
    );
  };
  fill(options, reply.updated_at);
  form.hidden = false;
  endpoints.addEventListener('input', () => showEndpointsError(null));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    showAlert(alert, null);
    showEndpointsError(null);
    const ruleSwitches = Object.fromEntries(
      [...form.querySelectorAll<HTMLInputElement>('input[name="rule"]')].map((i) => [i.value, i.checked]),
    );
    const allowed = endpoints.value
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const next = {
      ...options,
      harden: {
        ...options.harden,
        rules: ruleSwitches,
        hardenRunner: { ...options.harden.hardenRunner, egressPolicy: egress.value === 'block' ? 'block' : 'audit' },
      },
      allowed_endpoints: allowed,
      report_findings: REPORT_FINDINGS.find((v) => v === report.value) ?? options.report_findings,
      branch: branch.value.trim(),
      pr_title: title.value.trim(),
      draft: draft.checked,
    } satisfies OrchestrateOptionsInput;
    void whileBusy(byId<HTMLButtonElement>(ID.save), async () => {
      try {
        const saved = await api.send<OrchestrateOptionsReply>('PUT', '/api/v1/me/orchestrate-options', next);
        options = saved.options;
        fill(saved.options, saved.updated_at);
        setText(status, 'Saved. New orchestrations use these options.');
      } catch (err) {
        const { field, rest } = endpointProblems(err, allowed);
        // The endpoints' problems (the server's own sentences) go under the field; anything else to the alert.
        if (field.length > 0) {
          showEndpointsError(field.join(' '));
          endpoints.focus();
        }
        if (field.length === 0 || rest.length > 0) showAlert(alert, rest.length > 0 ? rest.join('; ') : messageOf(err));
      }
    });
  });
}

/** One rule's switch: its id as the label; severity, whether it fixes or reports, and what it does as the description. */
function ruleSwitch(r: Rule, checked: boolean): HTMLLIElement {
  const described = `rule-${r.id}`;
  return el(
    'li',
    {},
    el(
      'label',
      { class: 'check' },
      el('input', { type: 'checkbox', name: 'rule', value: r.id, checked, 'aria-describedby': described }),
      el('code', {}, r.id),
    ),
    el(
      'p',
      { class: 'hint', id: described },
      el(
        'span',
        { class: `badge ${SEVERITY_TONE[r.severity] ?? ''}`.trim(), 'data-severity': r.severity },
        r.severity,
        el('span', { class: 'visually-hidden' }, ' severity,'),
      ),
      ' ',
      el('span', { class: 'badge', 'data-action': r.action }, r.action === 'fix' ? 'fixes' : 'reports'),
      el('span', { class: 'rule-title' }, r.title),
    ),
  );
}

/** Splits a refusal into the allowed endpoints' problems, each as a sentence about the entry, and the others. */
function endpointProblems(err: unknown, sent: string[]): { field: string[]; rest: string[] } {
  if (!(err instanceof ApiError) || err.code !== 'invalid_request') return { field: [], rest: [] };
  const field: string[] = [];
  const rest: string[] = [];
  for (const problem of err.message.split('; ')) {
    const match = ENDPOINTS_PATH.exec(problem);
    if (!match) rest.push(problem);
    else {
      const sentence = problem.slice(match[0].length);
      const entry = match[1] === undefined ? undefined : sent[Number(match[1])];
      field.push(entry === undefined ? sentence : `“${entry}” ${sentence}.`);
    }
  }
  return { field, rest };
}
