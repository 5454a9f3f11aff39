import type { EmulatorContext } from '../context.js';
import type { Advisory } from '../model.js';

/** `global-advisory`: the seeded fields, with the links, identifiers and empty lists GitHub always sends. */
export function globalAdvisoryJson(ctx: EmulatorContext, a: Advisory): Record<string, unknown> {
  const identifiers = [{ type: 'GHSA', value: a.ghsa_id }, ...(a.cve_id ? [{ type: 'CVE', value: a.cve_id }] : [])];
  // [I] the source code location of an `actions` advisory is the action's repository.
  const pkg = a.vulnerabilities[0]?.package;
  const source = pkg?.ecosystem === 'actions' ? `${ctx.htmlUrl}/${pkg.name.split('/').slice(0, 2).join('/')}` : null;
  return {
    ghsa_id: a.ghsa_id,
    cve_id: a.cve_id,
    url: `${ctx.url}/advisories/${a.ghsa_id}`,
    html_url: `${ctx.htmlUrl}/advisories/${a.ghsa_id}`,
    repository_advisory_url: null,
    summary: a.summary,
    description: a.description,
    type: a.type,
    severity: a.severity,
    source_code_location: source,
    identifiers,
    references: [`${ctx.htmlUrl}/advisories/${a.ghsa_id}`],
    published_at: a.published_at,
    updated_at: a.updated_at,
    github_reviewed_at: a.type === 'reviewed' ? a.published_at : null,
    nvd_published_at: null,
    withdrawn_at: a.withdrawn_at,
    vulnerabilities: a.vulnerabilities.map((v) => ({ ...v, vulnerable_functions: [] })),
    cvss: null,
    cvss_severities: null,
    epss: null,
    cwes: [],
    credits: [],
  };
}
