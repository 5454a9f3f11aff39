/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../integration/api/support/harness.js';
import { TOKENS } from '../integration/api/support/seed.js';
import {
  CI_WORKFLOW,
  hardenedFiles,
  noApp,
  seedAliceWithPat,
  startTestWorker,
  waitForRun,
} from '../integration/orchestrate/support/orchestrate-fixture.js';
import { REPOSITORIES_PAGE_IDS } from '../../src/web/client/ids/repositories-page-ids.js';
import { RUN_PAGE_IDS } from '../../src/web/client/ids/run-page-ids.js';
import { launchBrowser, unlabelledControls, type TestBrowser } from './support/browser.js';

const PWN_REQUEST = [
  'name: PR checks',
  'on: pull_request_target',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '        with:',
  '          ref: ${{ github.event.pull_request.head.sha }}',
  '      - run: npm test',
  '  call:',
  '    uses: octo-org/reusable/.github/workflows/x.yml@v1',
  '    secrets: inherit',
  '',
].join('\n');

/**
 * Findings on the run page, in Debian's Chromium: a report-only repository lists what it needs reviewed by severity,
 * each linked to its file and line on GitHub; a fixed one lists its fixes; the Repositories page shows where each stands.
 */
describe('findings on the run page in a real browser', () => {
  let h: Harness;
  let b: TestBrowser;
  let page: Page;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let runId: string;
  let token: string;

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, [
      { name: 'svc-report', files: await hardenedFiles({ '.github/workflows/pr.yml': PWN_REQUEST }) },
      { name: 'svc-fix', files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
    ]);
    worker = await startTestWorker(h, noApp);
    const started = await h.request('POST', '/api/v1/orchestrations', {
      token,
      json: { repositories: ['alice/svc-report', 'alice/svc-fix'] },
    });
    runId = (await waitForRun(h, token, started.json.id)).id;
    b = await launchBrowser('run-findings');
    page = b.page;
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await worker?.closeAll();
    await h?.close();
  });

  test('signs in and opens the run', async () => {
    await page.goto(`${h.url}/runs/${runId}`);
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.getByRole('button', { name: 'Sign in as alice' }).click();
    await page.waitForURL(`${h.url}/runs/${runId}`);
    await page.locator(`#${RUN_PAGE_IDS.status}`, { hasText: 'Completed' }).waitFor();
  });

  test('a report-only repository shows “Needs review” and its findings by severity, each linked to its line on GitHub', async () => {
    const card = page.locator('li[data-repository="alice/svc-report"]');
    await expect(card.getAttribute('data-status')).resolves.toBe('needs-review');
    await expect(card.locator('.card-head .badge').innerText()).resolves.toBe('Needs review');
    const details = card.locator('details.findings');
    // Findings to review are shown without a click.
    await expect(details.getAttribute('open')).resolves.toBe('');
    await expect(details.locator('summary').innerText()).resolves.toMatch(
      /^\d+ findings: [1-9]\d* to review, 0 fixed(, \d+ for information)?$/,
    );
    const severities = await details
      .locator('section.severity-group')
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.severity));
    expect(severities[0]).toBe('critical');
    expect(severities).toEqual(
      [...severities].sort(
        (a, c) =>
          ['critical', 'high', 'medium', 'low', 'info'].indexOf(a!) -
          ['critical', 'high', 'medium', 'low', 'info'].indexOf(c!),
      ),
    );
    await expect(details.locator('section[data-severity="critical"] h3').innerText()).resolves.toMatch(
      /^Critical \(\d+\)$/,
    );

    const run = (await h.request('GET', `/api/v1/orchestrations/${runId}`, { token })).json;
    const result = run.repositories.find((r: { repository: string }) => r.repository === 'alice/svc-report');
    const secrets = result.findings.find((f: { rule: string }) => f.rule === 'secrets-inherit');
    const item = details.locator('li.finding[data-rule="secrets-inherit"]');
    await expect(item.locator('.badge').innerText()).resolves.toBe(secrets.severity);
    await expect(item.locator('a.finding-line').innerText()).resolves.toBe(`.github/workflows/pr.yml:${secrets.line}`);
    await expect(item.locator('a.finding-line').getAttribute('href')).resolves.toBe(
      `${result.source_url}/.github/workflows/pr.yml#L${secrets.line}`,
    );
    expect(result.source_url).toMatch(/\/alice\/svc-report\/blob\/[0-9a-f]{40}$/);
    await expect(item.innerText()).resolves.toContain('To fix by hand:');
    expect(await unlabelledControls(page)).toEqual([]);
    await b.screenshot('run-findings-report-only');
  });

  test('a repository with a pull request lists its fixes as fixed, next to the pull request link', async () => {
    const card = page.locator('li[data-repository="alice/svc-fix"]');
    await expect(card.getAttribute('data-status')).resolves.toBe('pr-opened');
    await expect(card.locator('a.pr-link').innerText()).resolves.toBe('Pull request #1');
    // The list starts folded unless something is left to review; a click unfolds it.
    const details = card.locator('details.findings');
    const toReview = Number(/(\d+) to review/.exec(await details.locator('summary').innerText())?.[1]);
    expect(await details.getAttribute('open')).toBe(toReview > 0 ? '' : null);
    if (toReview === 0) await details.locator('summary').click();
    const fixed = card.locator('li.finding[data-fixed="true"]');
    expect(await fixed.count()).toBeGreaterThan(0);
    await expect(fixed.first().innerText()).resolves.toContain('(fixed)');
    await expect(card.locator('li.finding[data-rule="pin-actions"]').first().innerText()).resolves.toMatch(
      /pinned actions\/checkout@v4/,
    );
    await b.screenshot('run-findings-fixed');
  });

  test('the Repositories page shows each repository’s latest state: its pull request, or the findings to review', async () => {
    await page.getByRole('link', { name: 'Repositories', exact: true }).click();
    await page.locator(`#${REPOSITORIES_PAGE_IDS.form}:not([hidden])`).waitFor();
    const state = (repo: string) => page.locator(`tr[data-repository="${repo}"] td.latest-state`);
    await expect(state('alice/svc-fix').innerText()).resolves.toMatch(/Pull request #1 open/);
    await expect(state('alice/svc-fix').locator('a.pr-link').getAttribute('href')).resolves.toBe(
      `${h.emulator.url}/alice/svc-fix/pull/1`,
    );
    await expect(state('alice/svc-report').innerText()).resolves.toMatch(/^Needs review: \d+ findings?\s+Last run /);
    await expect(state('alice/svc-report').locator('a').last().getAttribute('href')).resolves.toBe(`/runs/${runId}`);
    await b.screenshot('repositories-latest-state');
  });

  test('no page broke the Content-Security-Policy or threw', () => {
    expect(b.cspViolations).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
