import type { Format } from '../harden/harden-flags.js';
import type { ReportView } from './report-view.js';
import type { TextOptions } from './text-report.js';

/** Where SARIF readers learn about Rampart: the Action's own repository when run as the Action, else its npm page. */
export function informationUri(env: Record<string, string | undefined>): string {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.RAMPART_ACTION_REPOSITORY;
  if (server && repo && /^[\w.-]+\/[\w.-]+$/.test(repo)) return `${server.replace(/\/+$/, '')}/${repo}`;
  return 'https://www.npmjs.com/package/rampart';
}

/** Each format's code is loaded only when it is asked for: start-up is most of a small run. */
export async function renderOutput(
  format: Format,
  view: ReportView,
  text: TextOptions,
  env: Record<string, string | undefined>,
): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../render-report.js')).renderJson(view.result);
    case 'sarif': {
      const [{ renderSarif }, { RULES }, { packageVersion }] = [
        await import('./sarif-report.js'),
        await import('../../harden/rules/registry.js'),
        await import('../../package-version.js'),
      ];
      return renderSarif(view, { version: packageVersion(), informationUri: informationUri(env), rules: RULES });
    }
    case 'github':
      return (await import('./github-annotations.js')).renderGithubAnnotations(view);
    case 'text':
      return (await import('./text-report.js')).renderTextReport(view, text);
  }
}
