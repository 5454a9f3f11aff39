import type { PermissionLevel, PermissionScope } from '../../knowledge/action-permissions.js';
import type { Need } from './needs.js';

type Grant = [PermissionScope, PermissionLevel, string];

const PR_WRITE: Grant = ['pull-requests', 'write', 'to change pull requests'];
const PR_READ: Grant = ['pull-requests', 'read', 'to read pull requests'];
const ISSUES_WRITE: Grant = ['issues', 'write', 'to change issues'];
const ISSUES_READ: Grant = ['issues', 'read', 'to read issues'];
const CONTENTS_WRITE: Grant = ['contents', 'write', 'to change releases and commits'];
const CONTENTS_READ: Grant = ['contents', 'read', 'to read the repository'];
const ACTIONS_WRITE: Grant = ['actions', 'write', 'to manage workflow runs'];
const ACTIONS_READ: Grant = ['actions', 'read', 'to read workflow runs'];

/** `gh <group> <command>` → what it needs; a command missing here leaves the job unknown. */
const GH: Record<string, Record<string, Grant[]>> = {
  pr: {
    create: [PR_WRITE],
    edit: [PR_WRITE],
    comment: [PR_WRITE],
    close: [PR_WRITE],
    reopen: [PR_WRITE],
    ready: [PR_WRITE],
    review: [PR_WRITE],
    lock: [PR_WRITE],
    unlock: [PR_WRITE],
    merge: [PR_WRITE, ['contents', 'write', 'to merge pull requests']],
    'update-branch': [PR_WRITE, ['contents', 'write', 'to update pull request branches']],
    view: [PR_READ],
    list: [PR_READ],
    diff: [PR_READ],
    checks: [PR_READ],
    status: [PR_READ],
    checkout: [PR_READ, CONTENTS_READ],
  },
  issue: {
    create: [ISSUES_WRITE],
    edit: [ISSUES_WRITE],
    comment: [ISSUES_WRITE],
    close: [ISSUES_WRITE],
    reopen: [ISSUES_WRITE],
    delete: [ISSUES_WRITE],
    lock: [ISSUES_WRITE],
    unlock: [ISSUES_WRITE],
    pin: [ISSUES_WRITE],
    unpin: [ISSUES_WRITE],
    transfer: [ISSUES_WRITE],
    view: [ISSUES_READ],
    list: [ISSUES_READ],
    status: [ISSUES_READ],
  },
  release: {
    create: [CONTENTS_WRITE],
    upload: [CONTENTS_WRITE],
    edit: [CONTENTS_WRITE],
    delete: [CONTENTS_WRITE],
    'delete-asset': [CONTENTS_WRITE],
    view: [CONTENTS_READ],
    list: [CONTENTS_READ],
    download: [CONTENTS_READ],
  },
  label: {
    create: [ISSUES_WRITE],
    edit: [ISSUES_WRITE],
    delete: [ISSUES_WRITE],
    clone: [ISSUES_WRITE],
    list: [ISSUES_READ],
  },
  workflow: {
    run: [ACTIONS_WRITE],
    enable: [ACTIONS_WRITE],
    disable: [ACTIONS_WRITE],
    view: [ACTIONS_READ],
    list: [ACTIONS_READ],
  },
  run: {
    rerun: [ACTIONS_WRITE],
    cancel: [ACTIONS_WRITE],
    delete: [ACTIONS_WRITE],
    view: [ACTIONS_READ],
    list: [ACTIONS_READ],
    watch: [ACTIONS_READ],
    download: [ACTIONS_READ],
  },
  cache: { delete: [ACTIONS_WRITE], list: [ACTIONS_READ] },
  repo: { view: [CONTENTS_READ], clone: [CONTENTS_READ] },
  auth: { status: [], login: [], 'setup-git': [] },
};

const REASONS: Partial<Record<string, string>> = {
  'pr create': 'to open a pull request',
  'pr comment': 'to comment on pull requests',
  'pr merge': 'to merge pull requests',
  'pr review': 'to review pull requests',
  'pr edit': 'to edit pull requests',
  'pr close': 'to close pull requests',
  'issue create': 'to open issues',
  'issue comment': 'to comment on issues',
  'issue close': 'to close issues',
  'issue edit': 'to edit issues',
  'release create': 'to create a release',
  'release upload': 'to upload release assets',
  'release edit': 'to edit a release',
  'release delete': 'to delete a release',
  'workflow run': 'to start a workflow',
  'run rerun': 'to re-run workflow runs',
  'run cancel': 'to cancel workflow runs',
  'cache delete': 'to delete caches',
  'label create': 'to create labels',
};

/** GET endpoints under `repos/<owner>/<repo>/` whose scope is plain. */
const API_READ: [RegExp, PermissionScope][] = [
  [/^(pulls)(\/|$)/, 'pull-requests'],
  [/^(issues)(\/|$)/, 'issues'],
  [/^(actions)(\/|$)/, 'actions'],
  [/^(releases|contents|commits|git|tags|branches|compare|readme)(\/|$)/, 'contents'],
];

export type GhResult = { needs: Need[] } | { unknown: string };

/** What one `gh` invocation (its arguments after `gh`) needs; unknown for anything not plainly understood. */
export function ghNeeds(args: readonly string[]): GhResult {
  const [group, command] = args;
  if (group === undefined || group === '--version' || group === 'version' || group === '--help' || group === 'help')
    return { needs: [] };
  if (group === 'api') return ghApiNeeds(args.slice(1));
  const label = `gh ${group} ${command ?? ''}`.trim();
  const grants = command === undefined ? undefined : GH[group]?.[command];
  if (!grants) return { unknown: `\`${label}\`` };
  const reason = REASONS[`${group} ${command}`];
  return {
    needs: grants.map(([scope, level, generic], i) => ({
      scope,
      level,
      source: label,
      reason: i === 0 && reason ? reason : generic,
    })),
  };
}

function ghApiNeeds(args: readonly string[]): GhResult {
  let method = 'GET';
  let fields = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-X' || a === '--method') method = (args[++i] ?? '').toUpperCase();
    else if (a.startsWith('--method=')) method = a.slice('--method='.length).toUpperCase();
    else if (/^-X\w+$/.test(a)) method = a.slice(2).toUpperCase();
    else if (['-f', '-F', '--field', '--raw-field', '--input'].includes(a)) {
      fields = true;
      i++;
    } else if (
      ['-H', '--header', '-q', '--jq', '-t', '--template', '--hostname', '--cache', '-p', '--preview'].includes(a)
    )
      i++;
    else if (!a.startsWith('-')) positional.push(a);
  }
  const endpoint = positional[0];
  if (endpoint === undefined) return { unknown: '`gh api` without a plain endpoint' };
  const label = `gh api ${endpoint}`;
  // Fields without an explicit method make gh send a POST.
  if (method !== 'GET' || (fields && !args.some((a) => /^(-X|--method)/.test(a))))
    return { unknown: `\`${label}\` (a write call)` };
  const m = /^\/?repos\/[^/]+\/[^/]+\/?(.*)$/.exec(endpoint.replace(/[?#].*$/, ''));
  if (!m) return { unknown: `\`${label}\`` };
  const rest = m[1]!;
  if (rest === '') return { needs: [] };
  const hit = API_READ.find(([re]) => re.test(rest));
  if (!hit) return { unknown: `\`${label}\`` };
  return { needs: [{ scope: hit[1], level: 'read', source: 'gh api', reason: `to read ${rest.split('/')[0]}` }] };
}
