import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIT_PAGE_IDS } from '../../../src/web/client/ids/audit-page-ids.js';
import { OPTIONS_PAGE_IDS } from '../../../src/web/client/ids/options-page-ids.js';
import { PAT_PAGE_IDS } from '../../../src/web/client/ids/pat-page-ids.js';
import { REPOSITORIES_PAGE_IDS } from '../../../src/web/client/ids/repositories-page-ids.js';
import { RUN_PAGE_IDS } from '../../../src/web/client/ids/run-page-ids.js';
import { RUNS_PAGE_IDS } from '../../../src/web/client/ids/runs-page-ids.js';
import { SHELL_IDS } from '../../../src/web/client/ids/shell-ids.js';
import { TOKENS_PAGE_IDS } from '../../../src/web/client/ids/tokens-page-ids.js';
import { renderPage, type Page } from '../../../src/web/page-shell.js';
import { appCreatedPage } from '../../../src/web/pages/app-created-page.js';
import { auditPage } from '../../../src/web/pages/audit-page.js';
import { optionsSettingsPage } from '../../../src/web/pages/options-settings-page.js';
import { patSettingsPage } from '../../../src/web/pages/pat-settings-page.js';
import { repositoriesPage } from '../../../src/web/pages/repositories-page.js';
import { runPage } from '../../../src/web/pages/run-page.js';
import { runsPage } from '../../../src/web/pages/runs-page.js';
import { signInPage } from '../../../src/web/pages/sign-in-page.js';
import { tokensSettingsPage } from '../../../src/web/pages/tokens-settings-page.js';

const CLIENT = new URL('../../../src/web/client/', import.meta.url).pathname;

/** Each page with the ids module its shell and script share. */
const PAGES: Array<[string, Page, Record<string, string>]> = [
  ['sign-in', signInPage('/repositories', true), {}],
  ['repositories', repositoriesPage(), REPOSITORIES_PAGE_IDS],
  ['runs', runsPage(), RUNS_PAGE_IDS],
  ['run', runPage('run_abc'), RUN_PAGE_IDS],
  ['settings-pat', patSettingsPage('https://github.com'), PAT_PAGE_IDS],
  ['settings-options', optionsSettingsPage(), OPTIONS_PAGE_IDS],
  ['settings-tokens', tokensSettingsPage(), TOKENS_PAGE_IDS],
  ['audit', auditPage(), AUDIT_PAGE_IDS],
  ['setup-github-app', appCreatedPage('abc'), {}],
];

const values = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].flatMap((m) => m[1]!.split(/\s+/));

async function clientSources(dir = CLIENT): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await clientSources(path)));
    else if (entry.name.endsWith('.ts'))
      out.push({ file: path.slice(CLIENT.length), text: await readFile(path, 'utf8') });
  }
  return out;
}

describe('page ids: one constant per page, shared by the HTML shell and its script', () => {
  test.each(PAGES)(
    '%s: every id comes from its ids module or the shell’s, once, and every reference finds its element',
    (_name, page, ids) => {
      const html = renderPage(page, { login: 'alice' });
      const found = values(/\sid="([^"]*)"/g, html);
      expect(found.filter((id, i) => found.indexOf(id) !== i)).toEqual([]);
      const declared = new Set([...Object.values(SHELL_IDS), ...Object.values(ids)]);
      expect(found.filter((id) => !declared.has(id))).toEqual([]);
      const referenced = [
        ...values(/\s(?:for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"/g, html),
        ...values(/\shref="#([^"]*)"/g, html),
      ];
      expect(referenced.filter((id) => !found.includes(id))).toEqual([]);
    },
  );

  test('the scripts name elements only through the ids modules', async () => {
    const literal =
      /(?:byId|getElementById)(?:<[^>]*>)?\(\s*['"`]|querySelector(?:All)?(?:<[^>]*>)?\(\s*['"`][^'"`]*#|\bid:\s*'[a-z]/g;
    const offenders = (await clientSources())
      .filter(({ file }) => !file.startsWith('ids/'))
      .flatMap(({ file, text }) => [...text.matchAll(literal)].map((m) => `${file}: ${m[0]}`));
    expect(offenders).toEqual([]);
  });

  test('no two pages’ modules give one name two ids, and no id names two things on one page', () => {
    for (const [, , ids] of PAGES) {
      const all = [...Object.values(SHELL_IDS), ...Object.values(ids)];
      expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual([]);
    }
  });
});
