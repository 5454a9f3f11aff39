/// <reference lib="dom" />
import { AUDIT_PAGE_IDS } from '../../src/web/client/ids/audit-page-ids.js';
import { SHELL_IDS } from '../../src/web/client/ids/shell-ids.js';
import { startHarness, type Harness } from '../integration/api/support/harness.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';

// The Audit log page in Chromium: a person sees their own events; an operator sees everyone's, page by page.
describe('the Audit log page', () => {
  let h: Harness;
  let b: TestBrowser;
  beforeAll(async () => {
    h = await startHarness({ env: { RAMPART_OPERATOR_LOGINS: 'alice:1001' } });
    b = await launchBrowser('audit-page');
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await h?.close();
  });

  const signInAs = async (login: string) => {
    await b.context.clearCookies();
    await b.page.goto(`${h.url}/audit`);
    await b.page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await b.page.getByRole('button', { name: `Sign in as ${login}` }).click();
    await b.page.waitForURL(`${h.url}/audit`);
  };
  const rows = () => b.page.locator(`#${AUDIT_PAGE_IDS.table} tbody tr`);

  test('a user sees their own events, newest first', async () => {
    await signInAs('bob');
    await b.page
      .locator(`#${SHELL_IDS.status}`)
      .getByText(/events? shown/)
      .waitFor();
    const types = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-type')));
    expect(types).toEqual(['session.signed_in', 'account.created']);
    expect(await b.page.getByRole('link', { name: 'Audit log' }).getAttribute('aria-current')).toBe('page');
    await b.screenshot('own-events');
  });

  test('an operator sees every account’s events and loads older ones on demand', async () => {
    for (let i = 0; i < 60; i++)
      await h.store.audit.recordService(
        'signin.refused',
        { via: 'github-sign-in' },
        { github_login: `stranger${i}`, github_id: 9000 + i },
      );
    await signInAs('alice');
    await b.page.locator(`#${SHELL_IDS.status}`).getByText('50 events shown').waitFor();
    await expect(b.page.locator(`#${AUDIT_PAGE_IDS.scopeNote}`).innerText()).resolves.toMatch(
      /As an operator you see every account/,
    );
    await b.page.getByRole('button', { name: 'Older events' }).click();
    await b.page
      .locator(`#${SHELL_IDS.status}`)
      .getByText(/6\d events shown/)
      .waitFor();
    const accounts = await rows().evaluateAll((trs) => trs.map((tr) => tr.children[1]?.textContent ?? ''));
    expect(new Set(accounts)).toEqual(new Set(['alice', 'Rampart', 'bob']));
    expect(b.pageErrors).toEqual([]);
    expect(b.cspViolations).toEqual([]);
    await b.screenshot('operator-events');
  });
});
