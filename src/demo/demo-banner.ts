import type { DemoSession } from './start-demo.js';
import type { DemoRun } from './orchestrate-demo.js';

/** What to open and what to run, with the session's real URLs and token so every command can be pasted as is. */
export function demoBanner(
  s: Pick<DemoSession, 'apiUrl' | 'emulatorUrl' | 'redis' | 'redisPrefix' | 'login' | 'token' | 'repositories'>,
): string {
  const auth = `-H "Authorization: Bearer $RAMPART_TOKEN"`;
  const first = s.repositories[0] ?? `${s.login}/web-frontend`;
  return [
    '',
    'Rampart demo is running.',
    '',
    `  Open ${s.apiUrl}/ in a browser: "Sign in with GitHub", then "Sign in as ${s.login}" on the emulator's page.`,
    '  The PAT is saved already: Settings shows it; Repositories → select → Orchestrate; Runs update live.',
    '',
    `  API              ${s.apiUrl}            (OpenAPI: ${s.apiUrl}/api/v1/openapi.json)`,
    `  GitHub emulator  ${s.emulatorUrl}   (user ${s.login}, ${s.repositories.length} private repositories, a GitHub App installed)`,
    `  Redis            ${s.redis.origin === 'REDIS_URL' ? s.redis.url.replace(/\/\/[^@]*@/, '//***@') : `${s.redis.url} (private, stopped with the demo)`}, keys under ${s.redisPrefix}`,
    `  Metrics          ${s.apiUrl}/metrics`,
    `  Queues           ${s.apiUrl}/admin/queues   (operators only: signed in as ${s.login} in the browser, or with the token below)`,
    '',
    `Your API token for ${s.login} (generated for this demo, shown only here):`,
    '',
    `  export RAMPART_TOKEN=${s.token}`,
    '',
    'Then, in another terminal:',
    '',
    '  # harden every repository the saved PAT can write to; note the "id" in the answer',
    `  curl -s -X POST ${auth} -H 'content-type: application/json' \\`,
    `    -d '{"repositories":"all"}' ${s.apiUrl}/api/v1/orchestrations`,
    '',
    '  # follow the run as it happens (server-sent events), or read it once',
    `  curl -N ${auth} ${s.apiUrl}/api/v1/orchestrations/<id>/events`,
    `  curl -s ${auth} ${s.apiUrl}/api/v1/orchestrations/<id>`,
    '',
    '  # the pull requests Rampart opened, as the emulator holds them',
    `  curl -s ${s.emulatorUrl}/_emulator/repos/${first}/pulls`,
    `  open ${s.emulatorUrl}/${first}/pull/1`,
    '',
    '  # a policy: the same again weekly, and whenever a push changes a workflow (Policies page in the browser)',
    `  curl -s -X POST ${auth} -H 'content-type: application/json' \\`,
    `    -d '{"name":"Keep hardened","repositories":"all","triggers":{"schedule":"weekly","push":true}}' ${s.apiUrl}/api/v1/policies`,
    '',
    "  # push a new workflow as a developer would: GitHub's push webhook starts the policy's run",
    `  curl -s -X POST -H 'content-type: application/json' \\`,
    `    -d '{"message":"Add lint","files":{".github/workflows/lint.yml":"on: push\\njobs:\\n  lint:\\n    runs-on: ubuntu-latest\\n    steps:\\n      - uses: actions/checkout@v6\\n"}}' \\`,
    `    ${s.emulatorUrl}/_emulator/repos/${first}/commits`,
    `  curl -s ${auth} '${s.apiUrl}/api/v1/orchestrations?policy_id=<policy id>'`,
    '',
    'Press Ctrl-C to stop everything (the demo deletes its keys on the way out).',
    '',
  ].join('\n');
}

/** One line per repository: its final status and, when Rampart opened or updated one, the pull request. */
export function demoSummary(run: DemoRun): string {
  const width = Math.max(...run.repositories.map((r) => r.repository.length));
  const lines = run.repositories.map((r) => {
    const detail = r.pull_request
      ? `PR #${r.pull_request.number} ${r.pull_request.url}`
      : r.error
        ? r.error.message
        : (r.note ?? '');
    return `  ${r.repository.padEnd(width)}  ${r.status.padEnd(10)}  ${detail}`;
  });
  return [`Run ${run.id}: ${run.status}`, ...lines, ''].join('\n');
}
