/**
 * Contexts whose text someone outside the repository's writers can choose, and so can smuggle shell syntax into a
 * `run:` script when expanded there. A deny-list (zizmor#1878) rather than an allow-list of safe contexts, so SHAs,
 * numbers, ids, logins and `steps.*.outcome` never raise a finding. `*` stands for any one key or index.
 * Left out on purpose: values only repository writers or triagers can set (release notes, labels, milestones, base
 * branch names) and values GitHub restricts to a safe alphabet (logins, repo names). `inputs.*` depend on the file
 * (its declared inputs and their types) and are added per file, with low confidence, by input-sources.ts.
 */
export const DANGEROUS_CONTEXTS: readonly { path: string; reason: string }[] = [
  { path: 'github.event.issue.title', reason: 'anyone who can open an issue writes it' },
  { path: 'github.event.issue.body', reason: 'anyone who can open an issue writes it' },
  { path: 'github.event.pull_request.title', reason: 'the author of a pull request, fork included, writes it' },
  { path: 'github.event.pull_request.body', reason: 'the author of a pull request, fork included, writes it' },
  { path: 'github.event.pull_request.head.ref', reason: "a fork's branch name, which may hold $( ) and quotes" },
  { path: 'github.event.pull_request.head.label', reason: "owner:branch of the fork's branch, named by its owner" },
  {
    path: 'github.event.pull_request.head.repo.default_branch',
    reason: "the fork's default branch, named by its owner",
  },
  { path: 'github.event.pull_request.head.repo.description', reason: "the fork's description, written by its owner" },
  { path: 'github.event.pull_request.head.repo.homepage', reason: "the fork's homepage field, written by its owner" },
  { path: 'github.event.changes.title.from', reason: 'the previous title of an edited issue or pull request' },
  { path: 'github.event.changes.body.from', reason: 'the previous body of an edited issue, pull request or comment' },
  { path: 'github.event.comment.body', reason: 'anyone who can comment writes it' },
  { path: 'github.event.review.body', reason: 'any reviewer, not only maintainers, writes it' },
  { path: 'github.event.review_comment.body', reason: 'any reviewer, not only maintainers, writes it' },
  { path: 'github.event.discussion.title', reason: 'anyone who can start a discussion writes it' },
  { path: 'github.event.discussion.body', reason: 'anyone who can start a discussion writes it' },
  { path: 'github.event.pages.*.page_name', reason: 'wiki page names, editable by any user on open wikis' },
  { path: 'github.event.commits.*.message', reason: 'commit messages come from whoever authored the commits' },
  { path: 'github.event.commits.*.author.email', reason: 'git author fields are free text set by the committer' },
  { path: 'github.event.commits.*.author.name', reason: 'git author fields are free text set by the committer' },
  { path: 'github.event.commits.*.committer.email', reason: 'git committer fields are free text' },
  { path: 'github.event.commits.*.committer.name', reason: 'git committer fields are free text' },
  { path: 'github.event.head_commit.message', reason: 'commit messages come from whoever authored the commit' },
  { path: 'github.event.head_commit.author.email', reason: 'git author fields are free text set by the committer' },
  { path: 'github.event.head_commit.author.name', reason: 'git author fields are free text set by the committer' },
  { path: 'github.event.head_commit.committer.email', reason: 'git committer fields are free text' },
  { path: 'github.event.head_commit.committer.name', reason: 'git committer fields are free text' },
  {
    path: 'github.event.merge_group.head_commit.message',
    reason: 'built from the queued pull request title and commits',
  },
  { path: 'github.event.merge_group.head_commit.author.email', reason: 'git author fields of a queued pull request' },
  { path: 'github.event.merge_group.head_commit.author.name', reason: 'git author fields of a queued pull request' },
  { path: 'github.event.workflow_run.head_branch', reason: 'branch of the triggering run, possibly a fork branch' },
  {
    path: 'github.event.workflow_run.display_title',
    reason: 'the title of the triggering run: a PR title or commit message',
  },
  {
    path: 'github.event.workflow_run.head_commit.message',
    reason: 'commit message of the triggering run, possibly from a fork',
  },
  {
    path: 'github.event.workflow_run.head_commit.author.email',
    reason: 'git author fields of a possibly forked commit',
  },
  {
    path: 'github.event.workflow_run.head_commit.author.name',
    reason: 'git author fields of a possibly forked commit',
  },
  {
    path: 'github.event.workflow_run.head_commit.committer.email',
    reason: 'git committer fields of a possibly forked commit',
  },
  {
    path: 'github.event.workflow_run.head_commit.committer.name',
    reason: 'git committer fields of a possibly forked commit',
  },
  {
    path: 'github.event.workflow_run.head_repository.description',
    reason: "the fork's description, written by its owner",
  },
  {
    path: 'github.event.workflow_run.pull_requests.*.head.ref',
    reason: 'branch name of a pull request, possibly a fork branch',
  },
  { path: 'github.event.check_suite.head_branch', reason: 'branch of the checked commit, possibly a fork branch' },
  {
    path: 'github.event.check_run.check_suite.head_branch',
    reason: 'branch of the checked commit, possibly a fork branch',
  },
  { path: 'github.head_ref', reason: 'the head branch of a pull request, named by its author' },
];

/**
 * Contexts whose value the runner already exports under a default variable (the same value, for the same events),
 * so a script can read that variable and no `env:` entry is needed.
 */
export const RUNNER_DEFAULT_VARIABLES: ReadonlyMap<string, string> = new Map([['github.head_ref', 'GITHUB_HEAD_REF']]);

/** Default variables the runner sets; a generated name must not shadow one of them. */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set([
  'CI',
  'GITHUB_ACTION',
  'GITHUB_ACTION_PATH',
  'GITHUB_ACTION_REPOSITORY',
  'GITHUB_ACTIONS',
  'GITHUB_ACTOR',
  'GITHUB_ACTOR_ID',
  'GITHUB_API_URL',
  'GITHUB_BASE_REF',
  'GITHUB_ENV',
  'GITHUB_EVENT_NAME',
  'GITHUB_EVENT_PATH',
  'GITHUB_GRAPHQL_URL',
  'GITHUB_HEAD_REF',
  'GITHUB_JOB',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_REF_PROTECTED',
  'GITHUB_REF_TYPE',
  'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_ID',
  'GITHUB_REPOSITORY_OWNER',
  'GITHUB_REPOSITORY_OWNER_ID',
  'GITHUB_RETENTION_DAYS',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_SERVER_URL',
  'GITHUB_SHA',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_TRIGGERING_ACTOR',
  'GITHUB_WORKFLOW',
  'GITHUB_WORKFLOW_REF',
  'GITHUB_WORKFLOW_SHA',
  'GITHUB_WORKSPACE',
  'RUNNER_ARCH',
  'RUNNER_DEBUG',
  'RUNNER_ENVIRONMENT',
  'RUNNER_NAME',
  'RUNNER_OS',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE',
]);
