/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Functions passed to page.evaluate run in the browser.
import type { Page } from 'playwright-core';
import { POLICIES_PAGE_IDS as ID } from '../../src/web/client/ids/policies-page-ids.js';
import { SHELL_IDS } from '../../src/web/client/ids/shell-ids.js';
import { startHarness, type Harness } from '../integration/api/support/harness.js';
import { APP, TOKENS } from '../integration/api/support/seed.js';
import {
  CI_WORKFLOW,
  seedAliceWithPat,
  startTestWorker,
  testAppCredentials,
} from '../integration/orchestrate/support/orchestrate-fixture.js';
import { launchBrowser, unlabelledControls, type TestBrowser } from './support/browser.js';

/**
 * The Policies page in Debian's Chromium (after `npm run build`): sign in, create a policy, refuse one that could not
 * run, edit it, pause and resume it, run it now and follow its run, see a policy paused by the PAT's removal with the
 * reason, delete one. One session in order; each step leaves a screenshot.
 */
describe('the Policies page in a real browser', () => {
  let h: Harness;
  let b: TestBrowser;
  let page: Page;
  let token: string;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, [
      { name: 'svc-a', files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
    ]);
    h.emulator.control.addInstallation({ app_id: APP.id, account: 'alice', repositories: 'all' });
    worker = await startTestWorker(h, testAppCredentials(h));
    b = await launchBrowser('policies');
    page = b.page;
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await worker?.closeAll();
    await h?.close();
  });

  const row = (name: string) => page.locator(`#${ID.table} tr[data-policy-name="${name}"]`);
  const shows = (selector: string, text: string | RegExp) =>
    page.locator(selector, { hasText: text }).first().waitFor();

  test('signs in and finds Policies in the main navigation', async () => {
    await page.goto(`${h.url}/repositories`);
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.getByRole('button', { name: 'Sign in as alice' }).click();
    await page.waitForURL(`${h.url}/repositories`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
    await page.waitForURL(`${h.url}/policies`);
    await shows(`#${SHELL_IDS.status}`, 'You have no policies yet.');
    expect(await page.getByRole('link', { name: 'Policies' }).getAttribute('aria-current')).toBe('page');
    expect(await unlabelledControls(page)).toEqual([]);
    await b.screenshot('policies-empty');
  });

  test('creates a policy for named repositories on a weekly schedule and on pushes', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Keep svc-a hardened');
    await page.getByLabel('These repositories').check();
    await page.getByLabel('Repositories, one owner/name per line').fill('alice/svc-a');
    await page.getByLabel('Schedule').selectOption('weekly');
    await page.getByLabel(/When a push to the default branch/).check();
    await page.getByLabel('Pull requests').selectOption('true');
    await page.getByRole('button', { name: 'Create policy' }).click();
    await shows(`#${SHELL_IDS.status}`, 'Created “Keep svc-a hardened”.');
    const created = row('Keep svc-a hardened');
    await expect(created.innerText()).resolves.toMatch(/alice\/svc-a[\s\S]*weekly, on push[\s\S]*Active/);
    await expect(created.locator('td[data-label="Next run"]').innerText()).resolves.not.toBe('—');
    const [stored] = await h.store.policies.listForAccount(await accountOf(token));
    expect(stored).toMatchObject({
      repositories: ['alice/svc-a'],
      options: { draft: true },
      triggers: { schedule: 'weekly', push: true, new_repositories: false },
    });
    await b.screenshot('policy-created');
  });

  test('refuses, in the API’s words, new repositories for a named list', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Named and new');
    await page.getByLabel('These repositories').check();
    await page.getByLabel('Repositories, one owner/name per line').fill('alice/svc-a');
    await page.getByLabel(/For each new repository/).check();
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.locator(`#${SHELL_IDS.alert}:not([hidden])`).waitFor();
    await expect(page.locator(`#${SHELL_IDS.alert}`).innerText()).resolves.toMatch(
      /new_repositories needs repositories "all"/,
    );
    await b.screenshot('policy-refused');
    await page.getByLabel('All repositories your PAT may write').check();
    await page.getByRole('button', { name: 'Create policy' }).click();
    await shows(`#${SHELL_IDS.status}`, 'Created “Named and new”.');
    await expect(row('Named and new').innerText()).resolves.toMatch(/All your PAT may write[\s\S]*new repositories/);
  });

  test('edits a policy in the same form', async () => {
    await row('Keep svc-a hardened').getByRole('button', { name: 'Edit Keep svc-a hardened' }).click();
    await shows(`#${ID.formHeading}`, 'Edit “Keep svc-a hardened”');
    expect(await page.getByLabel('Repositories, one owner/name per line').inputValue()).toBe('alice/svc-a');
    expect(await page.getByLabel('Schedule').inputValue()).toBe('weekly');
    await page.getByLabel('Name', { exact: true }).fill('svc-a, daily');
    await page.getByLabel('Schedule').selectOption('daily');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await shows(`#${SHELL_IDS.status}`, 'Saved “svc-a, daily”.');
    await expect(row('svc-a, daily').innerText()).resolves.toMatch(/daily, on push/);
    await expect(page.locator(`#${ID.formHeading}`).innerText()).resolves.toBe('New policy');
  });

  test('pauses and resumes a policy', async () => {
    await row('svc-a, daily').getByRole('button', { name: 'Pause svc-a, daily' }).click();
    await shows(`#${SHELL_IDS.status}`, 'Paused “svc-a, daily”.');
    await expect(row('svc-a, daily').innerText()).resolves.toMatch(/Paused[\s\S]*Paused by you\./);
    await expect(row('svc-a, daily').locator('td[data-label="Next run"]').innerText()).resolves.toBe('—');
    await b.screenshot('policy-paused');
    await row('svc-a, daily').getByRole('button', { name: 'Resume svc-a, daily' }).click();
    await shows(`#${SHELL_IDS.status}`, 'Resumed “svc-a, daily”.');
    expect(await row('svc-a, daily').getAttribute('data-policy-status')).toBe('active');
  });

  test('runs a policy now and links its run', async () => {
    await row('svc-a, daily').getByRole('button', { name: 'Run now svc-a, daily' }).click();
    await shows(`#${SHELL_IDS.status}`, /Started run run_[\w-]+ of “svc-a, daily”\./);
    const link = row('svc-a, daily').locator('td[data-label="Last run"] a');
    await expect(row('svc-a, daily').locator('td[data-label="Last run"]').innerText()).resolves.toMatch(/run by hand/);
    await link.click();
    await page.waitForURL(/\/runs\/run_/);
    await page.getByText('alice/svc-a').first().waitFor();
    await b.screenshot('policy-run');
    await page.goBack();
  });

  test('shows a policy paused because the PAT was removed, with the reason', async () => {
    expect((await h.request('DELETE', '/api/v1/me/github-pat', { token })).status).toBe(204);
    await page.goto(`${h.url}/policies`);
    await row('Named and new').waitFor();
    await expect(row('Named and new').innerText()).resolves.toMatch(/Paused[\s\S]*PAT its runs need was removed/);
    expect(await row('svc-a, daily').getAttribute('data-policy-status')).toBe('active');
    await row('Named and new').getByRole('button', { name: 'Resume Named and new' }).click();
    await page.locator(`#${SHELL_IDS.alert}:not([hidden])`).waitFor();
    await expect(page.locator(`#${SHELL_IDS.alert}`).innerText()).resolves.toMatch(/needs your GitHub PAT/);
    await b.screenshot('policy-paused-pat-removed');
  });

  test('deletes a policy after asking', async () => {
    page.once('dialog', (d) => void d.accept());
    await row('Named and new').getByRole('button', { name: 'Delete Named and new' }).click();
    await shows(`#${SHELL_IDS.status}`, 'Deleted “Named and new”.');
    expect(await row('Named and new').count()).toBe(0);
    expect(b.cspViolations).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });

  /** The account behind an API token, as the store knows it. */
  async function accountOf(apiToken: string): Promise<string> {
    const me = await h.request('GET', '/api/v1/me', { token: apiToken });
    return me.json.user.id as string;
  }
});
