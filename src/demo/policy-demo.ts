import type { DemoRun } from './orchestrate-demo.js';

/** How long after a push the demo's policies start their run (production waits longer for a burst to end). */
export const DEMO_PUSH_DEBOUNCE_MS = 2000;

/** What a developer pushes in the demo: a new workflow with unpinned actions and no permissions block. */
export const DEMO_PUSHED_WORKFLOW = {
  path: '.github/workflows/release.yml',
  text: [
    'name: Release',
    'on:',
    '  push:',
    "    tags: ['v*']",
    'jobs:',
    '  publish:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v6',
    '      - uses: actions/setup-node@v6',
    '        with:',
    '          node-version: 24',
    '      - run: npm publish',
    '',
  ].join('\n'),
};

export interface PolicyDemo {
  policy: { id: string; name: string };
  repository: string;
  commit: string;
  run: DemoRun & { trigger?: string };
}

/**
 * `rampart demo --run`, second act: a policy that keeps every repository hardened on push; then a developer pushes a
 * new workflow (through the emulator's control API, as `git push` would), GitHub's signed `push` webhook reaches the
 * API, and the policy's run hardens it. Resolves when that run is final.
 */
export async function policyDemo(
  apiUrl: string,
  emulatorUrl: string,
  token: string,
  repository: string,
  timeoutMs = 120_000,
): Promise<PolicyDemo> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${apiUrl}/api/v1/policies`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: 'Keep workflows hardened',
      repositories: 'all',
      triggers: { schedule: 'weekly', push: true, new_repositories: true },
    }),
  });
  if (created.status !== 201) throw new Error(`policy refused: HTTP ${created.status} ${await created.text()}`);
  const policy = (await created.json()) as { id: string; name: string };

  const pushed = await fetch(`${emulatorUrl}/_emulator/repos/${repository}/commits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      files: { [DEMO_PUSHED_WORKFLOW.path]: DEMO_PUSHED_WORKFLOW.text },
      message: 'Add a release workflow',
    }),
  });
  if (pushed.status !== 201)
    throw new Error(`the emulator refused the push: HTTP ${pushed.status} ${await pushed.text()}`);
  const { commit } = (await pushed.json()) as { commit: string };

  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${apiUrl}/api/v1/orchestrations?policy_id=${encodeURIComponent(policy.id)}`, { headers });
    const { orchestrations } = (await res.json()) as { orchestrations: PolicyDemo['run'][] };
    const run = orchestrations.find((r) => r.trigger === 'push');
    if (run && (run.status === 'completed' || run.status === 'cancelled')) return { policy, repository, commit, run };
    if (Date.now() > until) throw new Error(`the policy's run was not final after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What the demo prints about it; repository lines are indented further than the first run's summary. */
export function policyDemoSummary(d: PolicyDemo): string {
  const lines = d.run.repositories.map((r) => {
    const detail = r.pull_request
      ? `PR #${r.pull_request.number} ${r.pull_request.url}`
      : r.error
        ? r.error.message
        : (r.note ?? '');
    return `    ${r.repository}  ${r.status}  ${detail}`;
  });
  return [
    `Policy "${d.policy.name}" (${d.policy.id}): weekly, on push, and for new repositories.`,
    `A developer pushed ${DEMO_PUSHED_WORKFLOW.path} to ${d.repository} (${d.commit.slice(0, 7)}); GitHub's push webhook started run ${d.run.id}: ${d.run.status}`,
    ...lines,
    '',
  ].join('\n');
}
