import type { Harness } from './harness.js';

function unescapeHtml(s: string): string {
  return s.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
  );
}

/** `name=value` pairs from Set-Cookie headers, by name. */
export function cookiesFrom(headers: Headers): Map<string, { pair: string; attributes: string }> {
  const out = new Map<string, { pair: string; attributes: string }>();
  for (const line of headers.getSetCookie()) {
    const [pair = '', ...rest] = line.split(';');
    const name = pair.slice(0, pair.indexOf('='));
    out.set(name, { pair: pair.trim(), attributes: rest.join(';').trim() });
  }
  return out;
}

/** Presses "Sign in as <login>" on the emulator's authorization page: plain HTTP, no browser. */
export async function approveOnGitHub(authorizeUrl: string, login: string): Promise<string> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${html}`);
  const form = [...html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)].find((m) =>
    m[2]?.includes(`data-login="${login}"`),
  );
  if (!form) throw new Error(`no sign-in button for ${login}`);
  const fields = new URLSearchParams();
  for (const input of (form[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.set(unescapeHtml(input[1] ?? ''), unescapeHtml(input[2] ?? ''));
  const granted = await fetch(new URL(unescapeHtml(form[1] ?? ''), authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  const location = granted.headers.get('location');
  if (granted.status !== 302 || !location) throw new Error(`authorization answered ${granted.status}`);
  return location;
}

export interface SignedIn {
  /** `rampart_session=…`, ready for a Cookie header. */
  cookie: string;
  csrf: string;
  /** Where the callback redirected. */
  landing: string;
  sessionCookieAttributes: string;
}

/** The whole GitHub sign-in, following each redirect by hand. */
export async function signIn(h: Harness, login: string, returnTo?: string): Promise<SignedIn> {
  const start = await h.request(
    'GET',
    `/auth/github/login${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`,
  );
  if (start.status !== 302) throw new Error(`login answered ${start.status}: ${start.text}`);
  const stateCookie = cookiesFrom(start.headers).get('rampart_oauth_state');
  const callback = new URL(await approveOnGitHub(start.headers.get('location') ?? '', login));
  const done = await h.request('GET', `${callback.pathname}${callback.search}`, { cookie: stateCookie?.pair ?? '' });
  if (done.status !== 303) throw new Error(`callback answered ${done.status}: ${done.text}`);
  const session = cookiesFrom(done.headers).get('rampart_session');
  if (!session) throw new Error('no session cookie');
  const info = await h.request('GET', '/api/v1/session', { cookie: session.pair });
  return {
    cookie: session.pair,
    csrf: String(info.json.csrf_token),
    landing: done.headers.get('location') ?? '',
    sessionCookieAttributes: session.attributes,
  };
}
