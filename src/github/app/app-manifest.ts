import { z } from 'zod';
import { classifyGitHubError } from '../classify-github-error.js';
import { createOctokit, type GitHubLogger } from '../octokit-factory.js';
import { APP_SUBSCRIBED_EVENTS } from './app-events.js';

/**
 * What Rampart's App may do, and nothing more. Each entry says why; docs/deploy.md lists the same.
 * Issues is added only when findings are reported as issues (Orchestrate Options `report_findings: issue`).
 */
export const APP_PERMISSIONS = {
  contents: { level: 'write', why: 'read workflow files and action metadata; create the branch and the commit' },
  pull_requests: { level: 'write', why: 'open and update the pull request; learn from webhooks whether it was merged' },
  workflows: { level: 'write', why: 'GitHub refuses any commit that touches .github/workflows/ without it' },
  metadata: { level: 'read', why: 'mandatory for every App: repository names, default branches, collaborators' },
} as const;
export const ISSUES_PERMISSION = {
  level: 'write',
  why: 'open, update and close the findings issue of each repository',
} as const;

/** The fields of GitHub's App manifest that Rampart sets (docs.github.com: "Registering a GitHub App from a manifest"). */
export interface AppManifest {
  name: string;
  url: string;
  description: string;
  hook_attributes: { url: string; active: boolean };
  redirect_url: string;
  callback_urls: string[];
  public: boolean;
  default_permissions: Record<string, 'read' | 'write'>;
  default_events: string[];
  request_oauth_on_install: boolean;
}

export interface AppManifestOptions {
  /** Where users reach Rampart (RAMPART_PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  /** Where GitHub sends the browser, with `code` and `state`, once the App exists. */
  redirectUrl: string;
  /** GitHub App names are unique across GitHub and at most 34 characters. */
  name?: string | undefined;
  findingsIssues?: boolean;
  /** Installable by other accounts than its owner. */
  public?: boolean;
}

export const WEBHOOK_PATH = '/api/v1/github/webhooks';
export const SIGN_IN_CALLBACK_PATH = '/auth/github/callback';

export function defaultAppName(publicUrl: string): string {
  return `Rampart ${new URL(publicUrl).host}`.slice(0, 34);
}

export function buildAppManifest(options: AppManifestOptions): AppManifest {
  const permissions: Record<string, 'read' | 'write'> = {};
  for (const [name, p] of Object.entries(APP_PERMISSIONS)) permissions[name] = p.level;
  if (options.findingsIssues) permissions.issues = ISSUES_PERMISSION.level;
  return {
    name: options.name ?? defaultAppName(options.publicUrl),
    url: options.publicUrl,
    description:
      'Rampart hardens the GitHub Actions workflows of your repositories and delivers every change as a pull request.',
    hook_attributes: { url: `${options.publicUrl}${WEBHOOK_PATH}`, active: true },
    redirect_url: options.redirectUrl,
    callback_urls: [`${options.publicUrl}${SIGN_IN_CALLBACK_PATH}`],
    public: options.public ?? false,
    default_permissions: permissions,
    default_events: [...APP_SUBSCRIBED_EVENTS],
    request_oauth_on_install: false,
  };
}

/** Where the manifest is POSTed (as the `manifest` form field): the signed-in user's account, or an organization's. */
export function manifestFormAction(webUrl: string, state: string, org?: string): string {
  const path = org ? `/organizations/${encodeURIComponent(org)}/settings/apps/new` : '/settings/apps/new';
  const url = new URL(path, `${webUrl}/`);
  url.searchParams.set('state', state);
  return url.toString();
}

const conversionSchema = z.object({
  id: z.number().int().positive(),
  slug: z.string().optional(),
  name: z.string(),
  html_url: z.string(),
  owner: z.object({ login: z.string() }).nullable().optional(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  webhook_secret: z.string().nullable(),
  pem: z.string().includes('PRIVATE KEY'),
});

/** The new App's settings, as Rampart reads them from the environment. Secret: never print them. */
export interface CreatedApp {
  id: number;
  slug: string | null;
  name: string;
  htmlUrl: string;
  owner: string | null;
  clientId: string;
  clientSecret: string;
  webhookSecret: string | null;
  privateKeyPem: string;
}

export class ManifestConversionError extends Error {
  override name = 'ManifestConversionError';
}

/** `POST /app-manifests/{code}/conversions`: unauthenticated; the code works once, within an hour of its creation. */
export async function convertManifestCode(
  settings: { apiUrl: string; fetch?: typeof globalThis.fetch; log?: GitHubLogger },
  code: string,
): Promise<CreatedApp> {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(code))
    throw new ManifestConversionError(
      'That is not a code from GitHub (it is the code parameter of the address GitHub sent your browser back to).',
    );
  const gh = createOctokit({
    baseUrl: settings.apiUrl,
    throttleId: 'app-manifest',
    fetch: settings.fetch,
    log: settings.log,
    retries: 0,
  });
  let data: unknown;
  try {
    data = (await gh.request('POST /app-manifests/{code}/conversions', { code })).data;
  } catch (err) {
    const e = classifyGitHubError(err);
    if (e.status === 404 || e.status === 422) {
      throw new ManifestConversionError(
        `GitHub does not know this code (${e.status}): it was already used, mistyped, or is older than an hour. The App itself exists: generate a private key and client secret in its settings and set them by hand (docs/deploy.md), or delete it and start again.`,
      );
    }
    throw new ManifestConversionError(`GitHub did not convert the code (${e.status ?? 'no answer'}: ${e.message}).`);
  }
  const parsed = conversionSchema.safeParse(data);
  if (!parsed.success)
    throw new ManifestConversionError('GitHub answered the conversion without the App credentials Rampart needs.');
  const d = parsed.data;
  return {
    id: d.id,
    slug: d.slug ?? null,
    name: d.name,
    htmlUrl: d.html_url,
    owner: d.owner?.login ?? null,
    clientId: d.client_id,
    clientSecret: d.client_secret,
    webhookSecret: d.webhook_secret,
    privateKeyPem: d.pem,
  };
}
