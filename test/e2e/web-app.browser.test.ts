/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Functions passed to page.evaluate run in the browser.
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../integration/api/support/harness.js';
import { fineGrainedToken, TOKENS } from '../integration/api/support/seed.js';
import {
  CI_WORKFLOW,
  hardenedFiles,
  seedActionRepos,
  startTestWorker,
  testAppCredentials,
} from '../integration/orchestrate/support/orchestrate-fixture.js';
import { RULES } from '../../src/harden/rules/registry.js';
import { OPTIONS_PAGE_IDS } from '../../src/web/client/ids/options-page-ids.js';
import { PAT_PAGE_IDS } from '../../src/web/client/ids/pat-page-ids.js';
import { REPOSITORIES_PAGE_IDS } from '../../src/web/client/ids/repositories-page-ids.js';
import { RUN_PAGE_IDS } from '../../src/web/client/ids/run-page-ids.js';
import { RUNS_PAGE_IDS } from '../../src/web/client/ids/runs-page-ids.js';
import { SHELL_IDS } from '../../src/web/client/ids/shell-ids.js';
import { TOKENS_PAGE_IDS } from '../../src/web/client/ids/tokens-page-ids.js';
import { launchBrowser, unlabelledControls, type TestBrowser } from './support/browser.js';

const DAY_MS = 24 * 3600 * 1000;
/** A fine-grained PAT for the three repositories, expiring in 10 days: the page must warn. */
const SOON_PAT = fineGrainedToken('aliceSoonExpiring');
const REPOS = ['alice/svc-a', 'alice/svc-b', 'alice/svc-hardened'];

/**
 * The web app end to end in Debian's Chromium: sign-in through the emulator's OAuth page, the PAT settings with
 * GitHub's refusals, the permission check, options, orchestrating three repositories and watching the run live,
 * API tokens, removing the PAT, phone width, and bull-board. One browser session walks through in order, as a
 * user would; each step leaves a screenshot.
 */
describe('the web app in a real browser', () => {
  let h: Harness;
  let b: TestBrowser;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness({ env: { RAMPART_OPERATOR_LOGINS: 'alice:1001' } });
    seedActionRepos(h);
    h.emulator.control.seed({
      repositories: [
        {
          owner: 'alice',
          name: 'svc-a',
          private: true,
          default_branch: 'main',
          files: { '.github/workflows/ci.yml': CI_WORKFLOW },
        },
        {
          owner: 'alice',
          name: 'svc-b',
          private: true,
          default_branch: 'main',
          files: { '.github/workflows/ci.yml': CI_WORKFLOW },
        },
        { owner: 'alice', name: 'svc-hardened', private: true, default_branch: 'main', files: await hardenedFiles() },
      ],
      tokens: [
        {
          token: SOON_PAT,
          kind: 'fine-grained',
          user: 'alice',
          repositories: REPOS,
          permissions: { contents: 'write', pull_requests: 'write', workflows: 'write', metadata: 'read' },
          expires_at: new Date(Date.now() + 10 * DAY_MS).toISOString(),
        },
      ],
    });
    worker = await startTestWorker(h, testAppCredentials(h));
    b = await launchBrowser('web-app');
    page = b.page;
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await worker?.closeAll();
    await h?.close();
  });

  const alertText = () => page.locator(`#${SHELL_IDS.alert}`).innerText();
  const patField = () => page.getByRole('textbox', { name: 'Personal Access Token' });
  /** Waits until the element shows the text: pages update after their API calls return. */
  const shows = (selector: string, text: string | RegExp) =>
    page.locator(selector, { hasText: text }).first().waitFor();
  const expectLabelled = async () => expect(await unlabelledControls(page)).toEqual([]);

  test('signs in with GitHub through the OAuth page', async () => {
    await page.goto(`${h.url}/settings/pat`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await b.screenshot('sign-in');
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.waitForURL(`${h.emulator.url}/**`);
    await b.screenshot('github-authorize');
    await page.getByRole('button', { name: 'Sign in as alice' }).click();
    await page.waitForURL(`${h.url}/settings/pat`);
    await expect(page.getByTestId('signed-in-as').innerText()).resolves.toBe('alice');
    await shows(`#${PAT_PAGE_IDS.status}`, 'No PAT is saved yet');
    expect(await page.getByLabel('Email').inputValue()).toBe('alice@example.com');
  });

  test('refuses tokens of the wrong kind, of another user, without scopes, or unknown to GitHub, in plain words', async () => {
    const attempt = async (token: string) => {
      await page.getByLabel('PAT Name').fill('laptop');
      await patField().fill(token);
      await page.getByRole('button', { name: 'Update PAT' }).click();
      await page.locator(`#${SHELL_IDS.alert}:not([hidden])`).waitFor();
      const text = await alertText();
      await page.locator(`#${SHELL_IDS.alert}`).evaluate((n) => n.setAttribute('hidden', ''));
      return text;
    };
    expect(await attempt(`gho_${'A'.repeat(36)}`)).toMatch(/You pasted a GitHub OAuth app token/);
    await b.screenshot('pat-refused-wrong-kind');
    expect(await attempt(TOKENS.bobClassic)).toMatch(/belongs to GitHub user bob, but you are signed in as alice/);
    expect(await attempt(TOKENS.aliceNoWorkflow)).toMatch(/lacks the workflow scope/);
    expect(await attempt(TOKENS.unknownClassic)).toMatch(/GitHub does not accept/);
    expect(await h.store.credentials.get((await accountId())!)).toBeNull();
  });

  test('saves a PAT and shows its login, kind, expiry warning and last four characters, never the token', async () => {
    await page.getByLabel('Email').fill('alice+rampart@example.com');
    await page.getByLabel('PAT Name').fill('rampart laptop');
    await patField().fill(SOON_PAT);
    await page.getByRole('button', { name: 'Update PAT' }).click();
    await shows(`#${PAT_PAGE_IDS.status}`, 'Saved. The token belongs to alice');
    await page.locator(`#${PAT_PAGE_IDS.current}:not([hidden])`).waitFor();
    await expect(page.locator(`#${PAT_PAGE_IDS.login}`).innerText()).resolves.toBe('alice');
    await expect(page.locator(`#${PAT_PAGE_IDS.kind}`).innerText()).resolves.toBe('Fine-grained');
    await expect(page.locator(`#${PAT_PAGE_IDS.last4}`).innerText()).resolves.toBe(SOON_PAT.slice(-4));
    await expect(page.locator(`#${PAT_PAGE_IDS.currentEmail}`).innerText()).resolves.toBe('alice+rampart@example.com');
    await expect(page.locator(`#${PAT_PAGE_IDS.expiryWarning}`).innerText()).resolves.toMatch(/expires in 10 day\(s\)/);
    expect(await patField().inputValue()).toBe('');
    expect(await page.content()).not.toContain(SOON_PAT);
    await expectLabelled();
    await b.screenshot('pat-saved');
  });

  test('checks the permissions on chosen repositories and shows each answer', async () => {
    await page.locator(`#${PAT_PAGE_IDS.checkRepositories} input`).first().waitFor();
    const offered = await page
      .locator(`#${PAT_PAGE_IDS.checkRepositories} input[type="checkbox"]`)
      .evaluateAll((boxes) => boxes.map((x) => (x as HTMLInputElement).value));
    expect(offered).toEqual(expect.arrayContaining(REPOS));
    for (const repo of REPOS) await page.getByLabel(repo, { exact: true }).check();
    await page.getByRole('button', { name: 'Check permissions' }).click();
    await page.locator(`#${PAT_PAGE_IDS.checkTable}`).waitFor();
    const levels = await page
      .locator(`#${PAT_PAGE_IDS.checkTable} td`)
      .evaluateAll((cells) =>
        cells.map(
          (c) =>
            `${c.closest('tr')?.dataset.repository} ${(c as HTMLElement).dataset.permission}=${(c as HTMLElement).dataset.level}`,
        ),
      );
    // The first repositories come ticked; alice/dotfiles is public, so the token reads it but was not given it.
    expect(levels).toEqual([
      'alice/dotfiles contents=read',
      'alice/dotfiles pull_requests=read',
      'alice/dotfiles workflows=unknown',
      ...REPOS.flatMap((r) => [`${r} contents=write`, `${r} pull_requests=write`, `${r} workflows=unknown`]),
    ]);
    await expect(page.locator(`#${PAT_PAGE_IDS.checkTable}`).innerText()).resolves.toMatch(/Unknown until a write/);
    await b.screenshot('pat-permissions-checked');
  });

  test('saves Orchestrate Options', async () => {
    await page.getByRole('link', { name: 'Orchestrate Options' }).click();
    await page.locator(`#${OPTIONS_PAGE_IDS.form}:not([hidden])`).waitFor();
    // One switch per rule of the registry, each showing the rule's severity and whether it fixes or reports.
    const shown = await page
      .locator(`#${OPTIONS_PAGE_IDS.ruleList} li`)
      .evaluateAll((items) =>
        items.map((li) => [
          li.querySelector('input')?.value,
          li.querySelector('[data-severity]')?.getAttribute('data-severity'),
          li.querySelector('[data-action]')?.getAttribute('data-action'),
        ]),
      );
    expect(shown).toEqual(RULES.map((r) => [r.id, r.severity, r.action]));
    await page.getByLabel('dependabot-actions').uncheck();
    await page.getByLabel('PR title').fill('Harden CI (Rampart)');
    await page.getByLabel('Open draft pull requests').check();
    await page.getByLabel('Report findings Rampart does not fix').selectOption('none');
    await expectLabelled();

    // block without endpoints: the server's sentence appears under the field, which is marked invalid.
    await page.getByLabel('Egress policy').selectOption('block');
    await page.getByRole('button', { name: 'Save options' }).click();
    await shows(`#${OPTIONS_PAGE_IDS.allowedEndpointsError}`, 'egress-policy block needs allowed_endpoints');
    const endpoints = page.getByLabel('Allowed endpoints');
    await expect(endpoints.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(endpoints.evaluate((n) => n === document.activeElement)).resolves.toBe(true);
    await b.screenshot('options-block-refused');
    await endpoints.fill('github.com:443\nnot an endpoint');
    await page.getByRole('button', { name: 'Save options' }).click();
    await shows(`#${OPTIONS_PAGE_IDS.allowedEndpointsError}`, '“not an endpoint” must be host:port');
    // Back to audit for the run below; the endpoints stay saved for a later block.
    await endpoints.fill('github.com:443\n*.blob.core.windows.net:443');
    await expect(endpoints.getAttribute('aria-invalid')).resolves.toBeNull();
    await page.getByLabel('Egress policy').selectOption('audit');
    await page.getByRole('button', { name: 'Save options' }).click();
    await shows(`#${SHELL_IDS.status}`, /^Saved\./);
    expect(await page.locator(`#${SHELL_IDS.alert}`).isHidden()).toBe(true);
    await page.reload();
    await page.locator(`#${OPTIONS_PAGE_IDS.form}:not([hidden])`).waitFor();
    await expect(page.getByLabel('dependabot-actions').isChecked()).resolves.toBe(false);
    await expect(page.getByLabel('pin-actions').isChecked()).resolves.toBe(true);
    expect(await page.getByLabel('PR title').inputValue()).toBe('Harden CI (Rampart)');
    expect(await page.getByLabel('Allowed endpoints').inputValue()).toBe('github.com:443\n*.blob.core.windows.net:443');
    expect(await page.getByLabel('Report findings Rampart does not fix').inputValue()).toBe('none');
    await b.screenshot('options-saved');
  });

  test('orchestrates three repositories and follows the run live to pull requests that exist', async () => {
    await page.getByRole('link', { name: 'Repositories', exact: true }).click();
    await page.locator(`#${REPOSITORIES_PAGE_IDS.form}:not([hidden])`).waitFor();
    await page.getByLabel('Search').fill('svc-');
    await expect(page.locator(`#${REPOSITORIES_PAGE_IDS.table} tbody tr:not([hidden])`).count()).resolves.toBe(3);
    await page.getByLabel('Select all shown').check();
    await shows(`#${REPOSITORIES_PAGE_IDS.selectionCount}`, '3 selected.');
    await expectLabelled();
    await b.screenshot('repositories-selected');
    await page.getByRole('button', { name: 'Orchestrate' }).click();
    await page.waitForURL(/\/runs\/run_/);
    // A marker that a reload would wipe: the page must reach the end through its event stream alone.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.locator(`#${RUN_PAGE_IDS.status}`, { hasText: 'Completed' }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

    const status = async (repo: string) => page.locator(`li[data-repository="${repo}"]`).getAttribute('data-status');
    expect(await status('alice/svc-a')).toBe('pr-opened');
    expect(await status('alice/svc-b')).toBe('pr-opened');
    expect(await status('alice/svc-hardened')).toBe('clean');
    for (const repo of ['alice/svc-a', 'alice/svc-b']) {
      const card = page.locator(`li[data-repository="${repo}"]`);
      const href = await card.locator('a.pr-link').getAttribute('href');
      const [owner, name] = repo.split('/') as [string, string];
      const pulls = h.emulator.control.pulls(owner, name);
      expect(pulls).toHaveLength(1);
      expect(href).toBe(`${h.emulator.url}/${repo}/pull/${pulls[0]!.number}`);
      expect((await fetch(href!)).status).toBe(200);
      await card.locator('summary').click();
      const changes = await card.locator('.changes').innerText();
      expect(changes).toMatch(/pin-actions/);
      expect(changes).not.toMatch(/dependabot-actions/);
    }
    expect(await page.locator(`#${SHELL_IDS.alert}`).isHidden()).toBe(true);
    await b.screenshot('run-completed');

    await page.getByRole('link', { name: 'Runs', exact: true }).first().click();
    await page.locator(`#${RUNS_PAGE_IDS.table}:not([hidden])`).waitFor();
    await expect(page.locator(`#${RUNS_PAGE_IDS.table} tbody tr`).count()).resolves.toBe(1);
    await shows(`#${RUNS_PAGE_IDS.table}`, 'Completed');
    await b.screenshot('runs');
  }, 180_000);

  test('creates an API token shown once with Copy, lists its last use, and revokes it', async () => {
    await page.goto(`${h.url}/settings/tokens`);
    await shows(`#${SHELL_IDS.status}`, 'You have no API tokens.');
    await page.getByLabel('Name').fill('ci');
    await page.getByLabel('runs:read').check();
    await page.getByLabel('Expiration').selectOption('custom');
    const date = new Date(Date.now() + 20 * DAY_MS).toISOString().slice(0, 10);
    await page.getByLabel('Expires at the end of (UTC)').fill(date);
    await expectLabelled();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator(`#${TOKENS_PAGE_IDS.newToken}:not([hidden])`).waitFor();
    const token = await page.getByLabel('New API token').inputValue();
    expect(token).toMatch(/^rpat_/);
    await expect(page.locator(`#${TOKENS_PAGE_IDS.newToken}`).innerText()).resolves.toMatch(/will not show it again/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await shows(`#${TOKENS_PAGE_IDS.copyStatus}`, 'Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await b.screenshot('token-created');

    expect((await h.request('GET', '/api/v1/orchestrations', { token })).status).toBe(200);
    await page.reload();
    const row = page.locator('tr[data-token-name="ci"]');
    await row.waitFor();
    expect(await page.content()).not.toContain(token);
    await expect(row.locator('td[data-label="Last used"]').innerText()).resolves.not.toBe('Never used');
    await expect(row.locator('td[data-label="Expires"]').innerText()).resolves.not.toBe('Never');
    await b.screenshot('tokens-listed');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke ci' }).click();
    await shows(`#${SHELL_IDS.status}`, 'Revoked "ci".');
    expect(await page.locator(`#${SHELL_IDS.alert}`).isHidden()).toBe(true);
    await expect(row.count()).resolves.toBe(0);
    expect((await h.request('GET', '/api/v1/orchestrations', { token })).status).toBe(401);
  });

  test('Cancel stops a run; removing the PAT, after a confirmation, stops the automation that would use it', async () => {
    await worker.close(); // jobs now stay queued, as behind a busy worker
    const orchestrate = async (repo: string) => {
      await page.goto(`${h.url}/repositories`);
      await page.getByLabel(repo, { exact: true }).check();
      await page.getByRole('button', { name: 'Orchestrate' }).click();
      await page.waitForURL(/\/runs\/run_/);
      await page.locator(`li[data-repository="${repo}"][data-status="queued"]`).waitFor();
    };
    // Cancel, from the run page.
    await orchestrate('alice/svc-a');
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await shows(`#${RUN_PAGE_IDS.status}`, 'Cancelled');
    await page.locator('li[data-repository="alice/svc-a"][data-status="cancelled"]').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel run' }).isHidden()).toBe(true);
    await b.screenshot('run-cancelled');

    await orchestrate('alice/svc-b');
    const runUrl = page.url();

    await page.goto(`${h.url}/settings/pat`);
    await page.getByRole('button', { name: 'Remove PAT' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove your PAT?' });
    await expect(dialog.innerText()).resolves.toMatch(/Automation stops until you store a new PAT/);
    await b.screenshot('pat-remove-confirm');
    await dialog.getByRole('button', { name: 'Keep the PAT' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Escape closes it too, and must not count as the confirmation given earlier on this page.
    await page.getByRole('button', { name: 'Remove PAT' }).click();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForLoadState('networkidle');
    expect(await h.store.credentials.get((await accountId())!)).not.toBeNull();
    expect(await page.locator(`#${PAT_PAGE_IDS.current}`).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Remove PAT' }).click();
    await dialog.getByRole('button', { name: 'Remove PAT' }).click();
    await shows(`#${PAT_PAGE_IDS.status}`, 'PAT removed. Automation that would use it has stopped');
    const since = h.emulator.control.requests().lastSeq;
    expect(await page.locator(`#${PAT_PAGE_IDS.current}`).isHidden()).toBe(true);
    await b.screenshot('pat-removed');

    await page.goto(runUrl);
    const card = page.locator('li[data-repository="alice/svc-b"][data-status="cancelled"]');
    await card.waitFor();
    await expect(card.innerText()).resolves.toMatch(
      /The GitHub PAT was removed, so automation that would use it stopped/,
    );
    await b.screenshot('run-cancelled-by-pat-removal');
    await page.goto(`${h.url}/repositories`);
    await shows(`#${SHELL_IDS.status}`, 'No PAT is saved');
    expect(h.emulator.control.requests({ since, token: SOON_PAT }).entries).toEqual([]);
  });

  test('works at phone width', async () => {
    const phone = await b.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/repositories', '/runs', '/settings/pat', '/settings/options', '/settings/tokens']) {
      await phone.goto(`${h.url}${path}`);
      await phone.locator(`#${SHELL_IDS.status}, #${PAT_PAGE_IDS.status}`).first().waitFor();
      await phone.waitForLoadState('networkidle');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await b.screenshot(`phone${path.replace(/\//g, '-')}`, phone);
    }
    await phone.goto(`${h.url}/runs`);
    await phone.locator(`#${RUNS_PAGE_IDS.table} a`).first().click();
    await phone.locator(`#${RUN_PAGE_IDS.status}`, { hasText: /Completed|Cancelled/ }).waitFor();
    await b.screenshot('phone-run', phone);
    await phone.close();
  });

  test('bull-board opens for operators under the same Content-Security-Policy', async () => {
    await page.goto(`${h.url}/admin/queues`);
    await page.getByRole('link', { name: 'harden-repository' }).click();
    // The finished jobs of the run above are listed: the page's own script and its API calls work under the policy.
    await page
      .getByText(/^completed$/i)
      .first()
      .click();
    await page.getByText('alice/svc-a', { exact: false }).first().waitFor({ timeout: 15_000 });
    await b.screenshot('admin-queues');
  });

  test('signs out; pages then ask to sign in again', async () => {
    await page.goto(`${h.url}/runs`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${h.url}/sign-in`);
    await page.goto(`${h.url}/settings/tokens`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('return_to')).toBe('/settings/tokens');
  });

  test('no page broke the Content-Security-Policy or threw', () => {
    // bull-board's page asks Google for its fonts; the policy refuses that on purpose (nothing leaves this origin).
    expect(
      b.cspViolations.filter(
        (v) => !/\/admin\/queues: Loading the stylesheet 'https:\/\/fonts\.googleapis\.com\//.test(v),
      ),
    ).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });

  async function accountId(): Promise<string | null> {
    return (await h.store.accounts.findByLogin('alice'))?.id ?? null;
  }
});
