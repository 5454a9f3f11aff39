import { el } from '../dom.js';
import type { Finding, RepositoryState } from '../wire-types.js';

const SEVERITY_ORDER: Finding['severity'][] = ['critical', 'high', 'medium', 'low', 'info'];
const SEVERITY_TONE: Record<Finding['severity'], string> = {
  critical: 'bad',
  high: 'bad',
  medium: 'warn',
  low: '',
  info: '',
};

/** Only web links: a URL the page did not expect (javascript:, data:) is shown as text, never followed. */
export function safeLink(
  url: string | undefined,
  text: string,
  attrs: Record<string, string> = {},
): HTMLElement | string {
  return url && /^https?:\/\//.test(url) ? el('a', { href: url, rel: 'noopener noreferrer', ...attrs }, text) : text;
}

function lineLink(r: RepositoryState, f: Finding): HTMLElement | string {
  const path = f.path.split('/').map(encodeURIComponent).join('/');
  const url = r.source_url ? `${r.source_url}/${path}#L${f.line}` : undefined;
  return el('code', {}, safeLink(url, `${f.path}:${f.line}`, { class: 'finding-line' }));
}

function findingItem(r: RepositoryState, f: Finding): HTMLElement {
  return el(
    'li',
    { class: 'finding', 'data-severity': f.severity, 'data-rule': f.rule, 'data-fixed': String(f.fixed) },
    el('span', { class: `badge ${SEVERITY_TONE[f.severity]}` }, f.severity),
    ' ',
    lineLink(r, f),
    ' ',
    el('strong', {}, f.rule),
    f.fixed ? ' (fixed)' : '',
    `: ${f.message}`,
    f.help && !f.fixed ? el('p', { class: 'hint' }, `To fix by hand: ${f.help}`) : null,
  );
}

/** A repository's findings by severity, each linked to its file and line on GitHub; those left for a person open. */
export function findingsList(r: RepositoryState): HTMLElement | null {
  const findings = r.findings ?? [];
  if (findings.length === 0) return null;
  // As the server counts: `info` findings are information, not something to review.
  const toReview = findings.filter((f) => !f.fixed && f.severity !== 'info').length;
  const fixed = findings.filter((f) => f.fixed).length;
  const info = findings.length - toReview - fixed;
  const omitted = r.findings_omitted ? `, ${r.findings_omitted} more not shown` : '';
  const groups = SEVERITY_ORDER.map((severity) => ({
    severity,
    items: findings.filter((f) => f.severity === severity),
  })).filter((g) => g.items.length > 0);
  return el(
    'details',
    { class: 'findings', open: toReview > 0 },
    el(
      'summary',
      {},
      `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${toReview} to review, ${fixed} fixed${info > 0 ? `, ${info} for information` : ''}${omitted}`,
    ),
    el(
      'div',
      { class: 'changes' },
      ...groups.map((g) =>
        el(
          'section',
          { class: 'severity-group', 'data-severity': g.severity },
          el('h3', {}, `${g.severity.charAt(0).toUpperCase()}${g.severity.slice(1)} (${g.items.length})`),
          // Those left for a person first within a severity; the server already orders by file and line.
          el('ul', {}, ...[...g.items].sort((a, b) => Number(a.fixed) - Number(b.fixed)).map((f) => findingItem(r, f))),
        ),
      ),
    ),
  );
}
