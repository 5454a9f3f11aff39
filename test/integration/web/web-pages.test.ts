import { request as httpRequest } from 'node:http';
import { renderPage } from '../../../src/web/page-shell.js';
import { html } from '../../../src/web/html.js';
import { startHarness, type Harness } from '../api/support/harness.js';
import { signIn, type SignedIn } from '../api/support/sign-in.js';

/** The pages over plain HTTP: who may see them, what they may load, and what they refuse. The browser test drives them. */
describe('web pages', () => {
  let h: Harness;
  let alice: SignedIn;

  beforeAll(async () => {
    h = await startHarness();
    alice = await signIn(h, 'alice');
  });
  afterAll(async () => {
    await h.close();
  });

  test.each(['/repositories', '/runs', '/runs/run_abc', '/settings/pat', '/settings/options', '/settings/tokens'])(
    '%s sends strangers to sign in and back',
    async (path) => {
      const res = await h.request('GET', path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/sign-in?return_to=${encodeURIComponent(path)}`);
    },
  );

  test('a signed-in user gets the page, with a strict Content-Security-Policy and no caching', async () => {
    const res = await h.request('GET', '/settings/pat', { cookie: alice.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split(';').map((d) => d.trim())).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ]),
    );
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.text).toContain('<body data-page="settings-pat">');
    expect(res.text).toContain('<label for="pat-token">Personal Access Token</label>');
    // Only this origin's script and stylesheet, nothing inline.
    expect([...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([
      '<script type="module" src="/assets/js/app.js">',
    ]);
    expect(res.text).not.toMatch(/\sstyle=|<style|\son[a-z]+=/);
  });

  test('sign-in returns only to paths on this site', async () => {
    const page = await h.request('GET', `/sign-in?return_to=${encodeURIComponent('//evil.example/x')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/auth/github/login?return_to=%2Frepositories"');
    const back = await h.request('GET', `/sign-in?return_to=${encodeURIComponent('/runs')}`, { cookie: alice.cookie });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/runs');
    expect((await h.request('GET', '/', { cookie: alice.cookie })).headers.get('location')).toBe('/repositories');
    expect((await h.request('GET', '/')).headers.get('location')).toBe('/sign-in');
  });

  test('a malformed run id is a 404, not a page', async () => {
    const res = await h.request('GET', `/runs/${encodeURIComponent('<script>')}`, { cookie: alice.cookie });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  test('serves the built script and the stylesheet, and nothing outside them', async () => {
    const js = await h.request('GET', '/assets/js/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.text).toContain("from './api.js'");
    const css = await h.request('GET', '/assets/rampart.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    // Raw request lines: fetch would normalise the dots away before they reached the server.
    for (const path of [
      '/assets/js/../../../../package.json',
      '/assets/js/..%2f..%2f..%2f..%2fpackage.json',
      '/assets/js/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/assets/js/nope.js',
      '/assets/other.css',
    ]) {
      expect({ path, status: await rawStatus(path) }).toEqual({ path, status: 404 });
    }
  });

  test('the page shell escapes what it shows', () => {
    const page = renderPage(
      { id: 'runs', title: '<b>t</b>', body: html`<p>${'<img src=x onerror=alert(1)>'}</p>` },
      { login: '"><script>x</script>' },
    );
    expect(page).not.toMatch(/<img|<script>x|<b>t/);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&quot;&gt;&lt;script&gt;x&lt;/script&gt;');
  });

  function rawStatus(path: string): Promise<number> {
    const url = new URL(h.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  }
});
