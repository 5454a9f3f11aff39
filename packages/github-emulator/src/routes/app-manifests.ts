import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { scope } from '../http/scope.js';
import { appJson } from '../json/apps.js';
import type { App } from '../model.js';
import { escapeHtml, htmlPage } from '../oauth/authorize-page.js';

const DOCS = 'https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest';
// GitHub: the code must be exchanged within one hour of its creation.
const CODE_TTL_MS = 60 * 60_000;

const level = z.enum(['read', 'write', 'admin']);
/** The manifest fields of GitHub's "Registering a GitHub App from a manifest"; `url` and `hook_attributes.url` are required. */
const manifestSchema = z.object({
  name: z.string().min(1).max(34).optional(),
  url: z.string().url(),
  description: z.string().optional(),
  hook_attributes: z.object({ url: z.string().url(), active: z.boolean().default(true) }),
  redirect_url: z.string().url().optional(),
  callback_urls: z.array(z.string().url()).max(10).default([]),
  setup_url: z.string().url().optional(),
  public: z.boolean().default(false),
  default_events: z.array(z.string().min(1)).default([]),
  default_permissions: z.record(z.string(), level).default({}),
  request_oauth_on_install: z.boolean().optional(),
  setup_on_update: z.boolean().optional(),
});
type Manifest = z.output<typeof manifestSchema>;

function field(req: Request, name: string): string | undefined {
  const sources: unknown[] = [req.body, req.query];
  for (const source of sources) {
    const v = typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[name] : undefined;
    if (typeof v === 'string') return v;
  }
  return undefined;
}

function page(res: Response, status: number, title: string, body: string): void {
  res.status(status).type('html').send(htmlPage(title, body));
}

function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `POST /settings/apps/new` and `/organizations/{org}/settings/apps/new` with a `manifest` form field: GitHub's page
 * where the person names the App and creates it; then the browser goes to the manifest's `redirect_url` with `code`
 * and `state`. Emulator extra, as for OAuth: a `login` field creates the App as that user without the page.
 */
function registerFromManifest(ctx: EmulatorContext, req: Request, res: Response, orgLogin: string | null): void {
  let manifest: Manifest;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(field(req, 'manifest') ?? ''));
    if (!parsed.success)
      return page(
        res,
        422,
        'Invalid manifest',
        `<h1>Invalid GitHub App manifest</h1><pre>${escapeHtml(z.prettifyError(parsed.error))}</pre>`,
      );
    manifest = parsed.data;
  } catch {
    return page(res, 400, 'Invalid manifest', '<h1>The manifest is not JSON.</h1>');
  }
  const org = orgLogin === null ? undefined : ctx.state.org(orgLogin);
  if (orgLogin !== null && !org) return page(res, 404, 'Not Found', '<h1>Not Found</h1>');
  const state = field(req, 'state');
  const name = field(req, 'name') ?? manifest.name;
  const login = field(req, 'login');
  const user = login ? ctx.state.user(login) : undefined;
  if (!user || !name) return page(res, 200, 'Create GitHub App', confirmPage(ctx, req, manifest, name ?? '', state));
  if (org && org.members.get(user.login.toLowerCase())?.role !== 'admin') {
    return page(
      res,
      403,
      'Forbidden',
      `<h1>${escapeHtml(user.login)} cannot register GitHub Apps for ${escapeHtml(org.login)}</h1>`,
    );
  }
  const slug = slugOf(name);
  if (slug === '' || [...ctx.state.apps.values()].some((a) => a.slug === slug) || ctx.state.account(slug)) {
    return page(res, 422, 'Name taken', `<h1>Name "${escapeHtml(name)}" is already taken</h1>`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const id = Math.max(100_000, ...ctx.state.apps.keys()) + 1;
  const app: App = {
    id,
    slug,
    name,
    clientId: `Iv23li${randomBytes(7).toString('hex')}`,
    clientSecret: randomBytes(20).toString('hex'),
    publicKey: createPublicKey(publicKey),
    webhookSecret: randomBytes(20).toString('hex'),
    webhookUrl: manifest.hook_attributes.active ? manifest.hook_attributes.url : null,
    callbackUrl: manifest.callback_urls[0] ?? null,
    // GitHub turns "Expire user authorization tokens" on for new Apps: 8-hour user tokens with refresh tokens.
    userTokenLifetimeSeconds: 8 * 3600,
    permissions: manifest.default_permissions,
    events: manifest.default_events,
    ownerLogin: org?.login ?? user.login,
    createdAt: ctx.state.nowIso(),
  };
  ctx.state.apps.set(id, app);
  const code = randomBytes(20).toString('hex');
  ctx.state.manifestCodes.set(code, { appId: id, privateKeyPem: privateKey, expiresAt: ctx.state.now() + CODE_TTL_MS });
  if (!manifest.redirect_url) return page(res, 201, 'GitHub App created', `<h1>Created ${escapeHtml(name)}</h1>`);
  const target = new URL(manifest.redirect_url);
  target.searchParams.set('code', code);
  if (state !== undefined) target.searchParams.set('state', state);
  res.redirect(302, target.toString());
}

function confirmPage(
  ctx: EmulatorContext,
  req: Request,
  manifest: Manifest,
  name: string,
  state: string | undefined,
): string {
  const action = escapeHtml(req.originalUrl);
  const perms = Object.entries(manifest.default_permissions).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`);
  const users = [...ctx.state.users.values()].sort((a, b) => a.login.localeCompare(b.login));
  const forms = users
    .map(
      (
        u,
      ) => `<form method="post" action="${action}"><input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}">
${state === undefined ? '' : `<input type="hidden" name="state" value="${escapeHtml(state)}">`}<input type="hidden" name="login" value="${escapeHtml(u.login)}">
<label>GitHub App name <input name="name" value="${escapeHtml(name)}" required></label>
<button type="submit" data-login="${escapeHtml(u.login)}">Create GitHub App as ${escapeHtml(u.login)}</button></form>`,
    )
    .join('\n');
  return `<h1>Create GitHub App</h1>
<p class="note">GitHub emulator: permissions ${perms.join(', ') || 'none'}; events ${manifest.default_events.map(escapeHtml).join(', ') || 'none'}; webhook ${escapeHtml(manifest.hook_attributes.url)}.</p>
${forms || '<p>No users are seeded.</p>'}`;
}

/** The registration pages; mounted before the API pipeline, like the OAuth pages. */
export function appManifestPages(ctx: EmulatorContext): Router {
  const router = Router();
  const paths = ['/settings/apps/new', '/organizations/:org/settings/apps/new'];
  router.use(paths, express.urlencoded({ extended: false }));
  router.post('/settings/apps/new', (req, res) => registerFromManifest(ctx, req, res, null));
  router.post('/organizations/:org/settings/apps/new', (req, res) =>
    registerFromManifest(ctx, req, res, String(req.params.org)),
  );
  return router;
}

/** `POST /app-manifests/{code}/conversions`: no authentication; the code works once and for an hour. */
export function appManifestRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.post('/app-manifests/:code/conversions', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS });
    const code = s.param('code');
    const pending = ctx.state.manifestCodes.get(code);
    const app = pending ? ctx.state.apps.get(pending.appId) : undefined;
    if (!pending || !app || pending.expiresAt <= ctx.state.now()) throw s.notFound();
    ctx.state.manifestCodes.delete(code);
    s.json(201, {
      ...appJson(ctx, app),
      client_id: app.clientId,
      client_secret: app.clientSecret,
      webhook_secret: app.webhookSecret,
      pem: pending.privateKeyPem,
    });
  });
  return router;
}
