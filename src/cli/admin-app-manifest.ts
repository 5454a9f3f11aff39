import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { envSchema } from '../config/env-schema.js';
import {
  buildAppManifest,
  convertManifestCode,
  ManifestConversionError,
  manifestFormAction,
  type AppManifest,
  type AppManifestOptions,
  type CreatedApp,
} from '../github/app/app-manifest.js';
import { UsageError, type CliIo } from './cli-io.js';
import { fileMode, writeEnvSettings } from './env-file.js';

/** Where Rampart's own page shows a code GitHub sent back (the printed flow); see web/pages/app-created-page.ts. */
export const APP_CREATED_PATH = '/setup/github-app';

interface ManifestFlags {
  url?: string;
  org?: string;
  name?: string;
  findingsIssues?: boolean;
  public?: boolean;
  open?: boolean;
  host: string;
  port: string;
  code?: string;
  envFile: string;
}

export interface AppManifestDeps {
  /** Told the local page's address once it listens (tests follow it like a browser). */
  onListening?: (url: string) => void;
  fetch?: typeof globalThis.fetch;
}

const githubUrls = envSchema.pick({ GITHUB_API_URL: true, GITHUB_WEB_URL: true, RAMPART_PUBLIC_URL: true });

/**
 * `rampart admin app-manifest`: GitHub's App-manifest flow. Without --code it prints the manifest (or, with --open,
 * serves a page that posts it to GitHub and takes the code GitHub sends back); with a code it converts it and writes
 * the App's settings to an env file with mode 0600. Secrets go to that file only, never to stdout.
 */
export function appManifestCommand(io: CliIo, setExit: (code: number) => void, deps: AppManifestDeps = {}): Command {
  return new Command('app-manifest')
    .description(
      "Create Rampart's GitHub App from a manifest (GitHub's App-manifest flow) and write its settings to an env file",
    )
    .option('--url <url>', "Rampart's public URL (default RAMPART_PUBLIC_URL): webhooks and sign-in point there")
    .option('--org <org>', 'create the App in this organization (you must own it) instead of your user account')
    .option('--name <name>', 'the App name, unique on GitHub, at most 34 characters (default "Rampart <host>")')
    .option(
      '--findings-issues',
      'also ask for Issues: write, to report findings as issues (Orchestrate Options report_findings: issue)',
    )
    .option('--public', 'let accounts other than its owner install the App (needed for several organizations)')
    .option('--open', 'serve a local page that posts the manifest to GitHub and receives the code back')
    .option('--host <host>', 'with --open: the interface to listen on', '127.0.0.1')
    .option('--port <port>', 'with --open: the port to listen on (0: any free one)', '0')
    .option('--code <code>', 'convert the code GitHub sent back (within an hour) and write the settings')
    .option('--env-file <path>', 'where the settings are written (mode 0600)', '.env')
    .action(async (flags: ManifestFlags) => {
      const urls = githubUrls.safeParse(io.env);
      if (!urls.success)
        throw new UsageError(
          `GITHUB_API_URL, GITHUB_WEB_URL or RAMPART_PUBLIC_URL is not an http(s) URL: ${urls.error.issues.map((i) => i.path.join('.')).join(', ')}`,
        );
      const envFile = resolve(io.cwd, flags.envFile);
      const github = { apiUrl: urls.data.GITHUB_API_URL, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
      if (flags.code !== undefined) {
        setExit(await convertAndWrite(io, github, flags.code, envFile));
        return;
      }
      const publicUrl = publicUrlOf(flags.url ?? urls.data.RAMPART_PUBLIC_URL);
      const options = {
        publicUrl,
        name: flags.name,
        findingsIssues: flags.findingsIssues === true,
        public: flags.public === true,
      };
      if (options.name !== undefined && (options.name.length === 0 || options.name.length > 34))
        throw new UsageError('--name must be 1 to 34 characters (GitHub’s limit)');
      if (!flags.open) {
        const state = randomBytes(16).toString('hex');
        const manifest = buildAppManifest({ ...options, redirectUrl: `${publicUrl}${APP_CREATED_PATH}` });
        io.stdout(printedFlow(manifest, manifestFormAction(urls.data.GITHUB_WEB_URL, state, flags.org)));
        setExit(0);
        return;
      }
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port ${flags.port} is not a port number`);
      const code = await serveManifestPage(
        io,
        { ...options, webUrl: urls.data.GITHUB_WEB_URL, org: flags.org, host: flags.host, port },
        deps,
      );
      setExit(await convertAndWrite(io, github, code, envFile));
    });
}

function publicUrlOf(url: string | undefined): string {
  if (!url)
    throw new UsageError(
      'give --url https://rampart.example.com (or set RAMPART_PUBLIC_URL): the App sends webhooks and sign-ins there',
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${url} is not a URL`);
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash)
    throw new UsageError(`--url ${url} must be an http(s) URL without query or fragment`);
  return parsed.toString().replace(/\/+$/, '');
}

function printedFlow(manifest: AppManifest, action: string): string {
  return [
    "Rampart's GitHub App manifest (GitHub's App-manifest flow). POST it as the form field `manifest` to:",
    `  ${action}`,
    'from a browser signed in to GitHub as the App’s future owner; the easiest way is `--open`, which serves that form.',
    `GitHub then sends the browser to ${manifest.redirect_url}?code=…, which shows the command that finishes:`,
    '  rampart admin app-manifest --code <code>',
    '',
    JSON.stringify(manifest, null, 2),
    '',
  ].join('\n');
}

/** Serves the form that posts the manifest to GitHub, and resolves to the code GitHub sends the browser back with. */
async function serveManifestPage(
  io: CliIo,
  options: Omit<AppManifestOptions, 'redirectUrl'> & {
    webUrl: string;
    org?: string | undefined;
    host: string;
    port: number;
  },
  deps: AppManifestDeps,
): Promise<string> {
  const state = randomBytes(16).toString('hex');
  let manifest: AppManifest | null = null;
  let finish: (code: string) => void = () => undefined;
  const received = new Promise<string>((resolveCode) => (finish = resolveCode));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-security-policy', "default-src 'none'; form-action *; style-src 'unsafe-inline'");
    if (req.method === 'GET' && url.pathname === '/' && manifest) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(formPage(manifest, manifestFormAction(options.webUrl, state, options.org)));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/callback') {
      const code = url.searchParams.get('code');
      if (url.searchParams.get('state') !== state || !code) {
        res
          .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            page('Not this flow', '<p>This answer does not belong to the page this command served; start again.</p>'),
          );
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          page(
            'GitHub App created',
            '<p>GitHub created the App. The command line finishes the setup; you can close this page.</p>',
          ),
        );
      finish(code);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  // GitHub sends the browser here, so it must be the browser's view of this server (an ssh tunnel keeps the port).
  manifest = buildAppManifest({ ...options, redirectUrl: `http://127.0.0.1:${port}/callback` });
  const local = `http://127.0.0.1:${port}/`;
  io.stdout(
    `Open ${local} in a browser signed in to GitHub as the App's future owner${options.org ? ` (an owner of ${options.org})` : ''}, and create the App there.\n`,
  );
  deps.onListening?.(local);
  try {
    return await received;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}

async function convertAndWrite(
  io: CliIo,
  github: { apiUrl: string; fetch?: typeof globalThis.fetch },
  code: string,
  envFile: string,
): Promise<number> {
  let app: CreatedApp;
  try {
    app = await convertManifestCode(github, code);
  } catch (err) {
    if (!(err instanceof ManifestConversionError)) throw err;
    io.stderr(`rampart: ${err.message}\n`);
    return 1;
  }
  const settings: Record<string, string> = {
    GITHUB_APP_ID: String(app.id),
    GITHUB_APP_CLIENT_ID: app.clientId,
    GITHUB_APP_CLIENT_SECRET: app.clientSecret,
    GITHUB_APP_PRIVATE_KEY: app.privateKeyPem,
  };
  if (app.webhookSecret) settings.GITHUB_APP_WEBHOOK_SECRET = app.webhookSecret;
  const { existed } = await writeEnvSettings(envFile, settings);
  const mode = (await fileMode(envFile)).toString(8).padStart(4, '0');
  io.stdout(
    [
      `Created the GitHub App "${app.name}" (id ${app.id}${app.owner ? `, owned by ${app.owner}` : ''}): ${app.htmlUrl}`,
      `${existed ? 'Updated' : 'Wrote'} ${envFile} (mode ${mode}) with ${Object.keys(settings).join(', ')}.`,
      `Next: install the App on the accounts whose repositories Rampart may change (${app.htmlUrl}/installations/new), then restart Rampart.`,
      '',
    ].join('\n'),
  );
  return 0;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

function formPage(manifest: AppManifest, action: string): string {
  const permissions = Object.entries(manifest.default_permissions)
    .map(([k, v]) => `<li>${escape(k)}: ${escape(v)}</li>`)
    .join('');
  return page(
    'Create the Rampart GitHub App',
    `<p>GitHub will show the App <strong>${escape(manifest.name)}</strong> for you to confirm. It asks for:</p><ul>${permissions}</ul>
<p>Webhooks go to <code>${escape(manifest.hook_attributes.url)}</code>; sign-in returns to <code>${escape(manifest.callback_urls[0] ?? '')}</code>.</p>
<form method="post" action="${escape(action)}"><input type="hidden" name="manifest" value="${escape(JSON.stringify(manifest))}"><button type="submit">Create the GitHub App on GitHub</button></form>`,
  );
}
