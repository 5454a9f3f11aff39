import { Router } from 'express';
import { versionInRange } from '../advisories/advisory-range.js';
import { globalAdvisoryJson } from '../advisories/advisory-json.js';
import type { EmulatorContext } from '../context.js';
import { validationFailed } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import type { Advisory } from '../model.js';

const DOCS = 'https://docs.github.com/rest/security-advisories/global-advisories#list-global-security-advisories';
const ECOSYSTEMS = new Set([
  'rubygems',
  'npm',
  'pip',
  'maven',
  'nuget',
  'composer',
  'go',
  'rust',
  'erlang',
  'actions',
  'pub',
  'other',
  'swift',
]);
const SEVERITIES = new Set(['unknown', 'low', 'medium', 'high', 'critical']);
const TYPES = new Set(['reviewed', 'malware', 'unreviewed']);
const MAX_AFFECTS = 1000;

/** A query parameter given once, as a comma list, or as `name[]=` repeated (GitHub's documented forms for `affects`). */
function listParam(s: Scope, name: string): string[] | undefined {
  const q = s.req.query as Record<string, unknown>;
  const raw = q[name] ?? q[`${name}[]`];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** `package` or `package@version`; the version is after the last `@` (action names hold none). */
function affectsFilter(entry: string): { name: string; version?: string } {
  const at = entry.lastIndexOf('@');
  return at > 0 ? { name: entry.slice(0, at), version: entry.slice(at + 1) } : { name: entry };
}

const cursorOf = (a: Advisory) => Buffer.from(`advisory:${a.ghsa_id}`).toString('base64url');

/**
 * `GET /advisories`: GitHub's global security advisories, from the seed. Filters: `ghsa_id`, `cve_id`, `type`
 * (default `reviewed`), `ecosystem`, `severity`, `is_withdrawn`, `affects` (packages, `package@version` matched against
 * each vulnerable range); `sort` `published`|`updated`, `direction`, `per_page` (≤ 100) and cursor paging with
 * `after`/`before`, whose cursors come only in the `Link` header. [I] A vulnerability must match the ecosystem and an
 * `affects` entry together; package names match without regard to case.
 */
export function advisoryRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/advisories', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS, scopes: '', permissions: '' });
    const type = s.query('type') ?? 'reviewed';
    const ecosystem = s.query('ecosystem');
    const severity = s.query('severity');
    const withdrawn = s.query('is_withdrawn');
    const affects = listParam(s, 'affects');
    // GitHub documents this 422 as "Validation Error Simple": `errors` are strings. [I] their wording.
    const invalid = (field: string) =>
      validationFailed(DOCS, [`${field} is not a valid value: ${s.query(field) ?? ''}`.trim()]);
    if (!TYPES.has(type)) throw invalid('type');
    if (ecosystem !== undefined && !ECOSYSTEMS.has(ecosystem)) throw invalid('ecosystem');
    if (severity !== undefined && !SEVERITIES.has(severity)) throw invalid('severity');
    if (affects && affects.length > MAX_AFFECTS) throw invalid('affects');
    const packages = affects?.map(affectsFilter);
    const vulnerabilityMatches = (v: Advisory['vulnerabilities'][number]) =>
      (ecosystem === undefined || v.package.ecosystem === ecosystem) &&
      (!packages ||
        packages.some(
          (p) =>
            p.name.toLowerCase() === v.package.name.toLowerCase() &&
            (p.version === undefined || versionInRange(p.version, v.vulnerable_version_range) === true),
        ));
    const ghsa = s.query('ghsa_id');
    const cve = s.query('cve_id');
    const sort = s.query('sort') === 'updated' ? 'updated_at' : 'published_at';
    const direction = s.query('direction') === 'asc' ? 1 : -1;
    const all = [...ctx.state.advisories.values()]
      .filter((a) => a.type === type)
      .filter((a) => (ghsa === undefined || a.ghsa_id === ghsa) && (cve === undefined || a.cve_id === cve))
      .filter((a) => severity === undefined || a.severity === severity)
      .filter((a) =>
        withdrawn === 'true' ? a.withdrawn_at !== null : withdrawn === 'false' ? a.withdrawn_at === null : true,
      )
      .filter((a) => (ecosystem === undefined && !packages) || a.vulnerabilities.some(vulnerabilityMatches))
      .sort((a, b) => (a[sort] < b[sort] ? -1 : a[sort] > b[sort] ? 1 : a.ghsa_id < b.ghsa_id ? -1 : 1) * direction);
    const perPage = Math.min(100, Math.max(1, Number.parseInt(s.query('per_page') ?? '', 10) || 30));
    const after = s.query('after');
    const before = s.query('before');
    let start = 0;
    let end = all.length;
    if (after !== undefined) start = all.findIndex((a) => cursorOf(a) === after) + 1;
    if (before !== undefined)
      end = Math.max(
        0,
        all.findIndex((a) => cursorOf(a) === before),
      );
    const page =
      before !== undefined && after === undefined
        ? all.slice(Math.max(0, end - perPage), end)
        : all.slice(start, Math.min(end, start + perPage));
    const links: string[] = [];
    const link = (param: 'after' | 'before', a: Advisory, rel: string) => {
      const url = new URL(req.originalUrl, ctx.url);
      url.searchParams.delete('after');
      url.searchParams.delete('before');
      url.searchParams.set(param, cursorOf(a));
      links.push(`<${url.toString()}>; rel="${rel}"`);
    };
    const first = page[0];
    const last = page.at(-1);
    if (first && all.indexOf(first) > 0) link('before', first, 'prev');
    if (last && all.indexOf(last) < all.length - 1) link('after', last, 'next');
    s.json(
      200,
      page.map((a) => globalAdvisoryJson(ctx, a)),
      links.length > 0 ? { link: links.join(', ') } : {},
    );
  });
  return router;
}
