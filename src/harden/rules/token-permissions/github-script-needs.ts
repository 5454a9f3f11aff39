import type { PermissionLevel, PermissionScope } from '../../knowledge/action-permissions.js';
import type { Need } from './needs.js';

type Grant = [PermissionScope, PermissionLevel];

export type ScriptResult = { needs: Need[]; unknown: string[] };

const WRITE =
  /^(create|update|delete|add|remove|set|merge|lock|unlock|request|dismiss|submit|rerequest|cancel|reRun|rerun|enable|disable|upload|approve|transfer|replace|pin|unpin|mark|force|review|dispatch|move|convert)/;
const READ = /^(get|list|check|compare|download|search)/;

/** Namespaces whose every method reads or writes one scope. */
const NAMESPACE: Record<string, PermissionScope> = {
  issues: 'issues',
  pulls: 'pull-requests',
  actions: 'actions',
  checks: 'checks',
  git: 'contents',
  packages: 'packages',
  codeScanning: 'security-events',
};

/** `repos` methods, which span several scopes; one not listed leaves the job unknown. */
const REPOS: Record<string, Grant | null> = {
  get: null,
  listLanguages: null,
  listTopics: null,
  listContributors: null,
  listCollaborators: null,
  getCollaboratorPermissionLevel: null,
  checkCollaborator: null,
  listForOrg: null,
  listForUser: null,
  getContent: ['contents', 'read'],
  getReadme: ['contents', 'read'],
  listCommits: ['contents', 'read'],
  getCommit: ['contents', 'read'],
  compareCommits: ['contents', 'read'],
  compareCommitsWithBasehead: ['contents', 'read'],
  listTags: ['contents', 'read'],
  listBranches: ['contents', 'read'],
  getBranch: ['contents', 'read'],
  listReleases: ['contents', 'read'],
  getRelease: ['contents', 'read'],
  getLatestRelease: ['contents', 'read'],
  getReleaseByTag: ['contents', 'read'],
  listReleaseAssets: ['contents', 'read'],
  getReleaseAsset: ['contents', 'read'],
  downloadZipballArchive: ['contents', 'read'],
  downloadTarballArchive: ['contents', 'read'],
  createRelease: ['contents', 'write'],
  updateRelease: ['contents', 'write'],
  deleteRelease: ['contents', 'write'],
  uploadReleaseAsset: ['contents', 'write'],
  updateReleaseAsset: ['contents', 'write'],
  deleteReleaseAsset: ['contents', 'write'],
  generateReleaseNotes: ['contents', 'write'],
  createOrUpdateFileContents: ['contents', 'write'],
  deleteFile: ['contents', 'write'],
  merge: ['contents', 'write'],
  createDispatchEvent: ['contents', 'write'],
  createCommitComment: ['contents', 'write'],
  listCommitStatusesForRef: ['statuses', 'read'],
  getCombinedStatusForRef: ['statuses', 'read'],
  createCommitStatus: ['statuses', 'write'],
  listDeployments: ['deployments', 'read'],
  getDeployment: ['deployments', 'read'],
  listDeploymentStatuses: ['deployments', 'read'],
  createDeployment: ['deployments', 'write'],
  createDeploymentStatus: ['deployments', 'write'],
  deleteDeployment: ['deployments', 'write'],
  listPullRequestsAssociatedWithCommit: ['pull-requests', 'read'],
  getPages: ['pages', 'read'],
};

const SOURCE = 'actions/github-script';

/**
 * Maps the `github.rest.<namespace>.<method>` calls of an actions/github-script `script` to scopes. Anything that
 * could call the API some other way (`github.request`, `github.graphql`, the client handed to other code, a script
 * loaded from a file) makes the result unknown rather than a guess.
 */
export function githubScriptNeeds(script: string): ScriptResult {
  const needs: Need[] = [];
  const unknown = new Set<string>();
  // Workflow expressions are filled in before the script runs; they are not calls.
  const code = script.replace(/\$\{\{[\s\S]*?\}\}/g, '0');
  const calls = /\bgithub\s*\.\s*(?:rest\s*\.\s*)?(\w+)\s*\.\s*(\w+)/g;
  const covered: [number, number][] = [];
  for (const m of code.matchAll(calls)) {
    const [, ns, method] = m as unknown as [string, string, string];
    if (ns === 'rest' || ns === 'paginate') {
      covered.push([m.index, m.index + m[0].length]);
      continue;
    }
    const grants = scopeOf(ns, method);
    if (grants === undefined) unknown.add(`\`github.rest.${ns}.${method}\` in actions/github-script is not understood`);
    for (const [scope, level] of grants ?? [])
      needs.push({ scope, level, source: SOURCE, reason: `to call ${ns}.${method}` });
    covered.push([m.index, m.index + m[0].length]);
  }
  for (const m of code.matchAll(/(?<![\w.$'"/@-])github(?![\w-])/g)) {
    if (covered.some(([s, e]) => m.index >= s && m.index < e)) continue;
    const after = code.slice(m.index + m[0].length, m.index + m[0].length + 24);
    if (/^\s*\.\s*paginate\s*\(/.test(after)) continue;
    if (/^\.(com|io)\b/.test(after)) continue;
    if (/^\s*\.\s*(request|graphql)\b/.test(after))
      unknown.add(
        'actions/github-script calls github.request or github.graphql, which Rampart does not map to permissions',
      );
    else unknown.add('actions/github-script hands the API client to code Rampart cannot follow');
  }
  if (
    /\b(require|import)\s*\(\s*[`'"]\.{0,2}\//.test(code) ||
    /\b(require|import)\s*\(\s*[`'"][^`'"]*\$\{?\s*process\.env\.GITHUB_WORKSPACE/.test(code)
  ) {
    unknown.add('actions/github-script runs code from a file of the repository');
  }
  return { needs, unknown: [...unknown] };
}

/** The grants a call needs; empty for metadata reads, undefined when the call is not understood. */
function scopeOf(ns: string, method: string): Grant[] | undefined {
  // Search results are limited to what the token can see; no scope is asked for.
  if (ns === 'search') return [];
  if (ns === 'repos') {
    const grant = REPOS[method];
    return grant === undefined ? undefined : grant === null ? [] : [grant];
  }
  if (ns === 'reactions') {
    const level: PermissionLevel = WRITE.test(method) ? 'write' : 'read';
    if (/PullRequestReviewComment/.test(method)) return [['pull-requests', level]];
    if (/Issue/.test(method)) return [['issues', level]];
    if (/CommitComment|Release/.test(method)) return [['contents', level]];
    return undefined;
  }
  const scope = NAMESPACE[ns];
  if (!scope) return undefined;
  if (ns === 'pulls' && /^(merge|updateBranch)$/.test(method))
    return [
      [scope, 'write'],
      ['contents', 'write'],
    ];
  if (WRITE.test(method)) return [[scope, 'write']];
  if (READ.test(method)) return [[scope, 'read']];
  return undefined;
}
