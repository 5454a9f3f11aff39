/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Functions passed to page.evaluate run in the browser.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; playwright-core never downloads a browser. Overridable for other machines. */
export const CHROMIUM_PATH = process.env.RAMPART_TEST_CHROMIUM ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console messages where Chromium refused something under the Content-Security-Policy. */
  cspViolations: string[];
  /** Uncaught errors in the pages' own script. */
  pageErrors: string[];
  /** Saves a full-page screenshot as `<n>-<name>.png` in the run's folder; returns its path. */
  screenshot(name: string, page?: Page): Promise<string>;
  screenshotDir: string;
  close(): Promise<void>;
}

/** A headless Chromium and a screenshot folder that the test run prints. */
export async function launchBrowser(label: string): Promise<TestBrowser> {
  const screenshotDir = join(
    process.cwd(),
    'test-output',
    'screenshots',
    `${label}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
  );
  mkdirSync(screenshotDir, { recursive: true });
  process.stdout.write(`\nbrowser screenshots: ${screenshotDir}\n`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Playwright gives every launch a fresh temporary profile; these keep Chromium from reaching the network itself.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(`${p.url()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
  };
  context.on('page', watch);
  const page = await context.newPage();
  let n = 0;
  return {
    browser,
    context,
    page,
    cspViolations,
    pageErrors,
    screenshotDir,
    async screenshot(name, target = page) {
      const path = join(screenshotDir, `${String(++n).padStart(2, '0')}-${name}.png`);
      await target.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close();
    },
  };
}

/** The names of form controls a screen reader could not name: no label, no aria-label(ledby). */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
        'input, select, textarea',
      ),
    ]
      .filter((c) => c.type !== 'hidden' && !(c.closest('[hidden]') ?? null))
      .filter(
        (c) => (c.labels?.length ?? 0) === 0 && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'),
      )
      .map((c) => c.id || c.name || c.outerHTML.slice(0, 80)),
  );
}
