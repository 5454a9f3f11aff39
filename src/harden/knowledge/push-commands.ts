import { z } from 'zod';
import { permissionNeedSchema } from './action-permissions.js';

/**
 * Command-line tools that push to the repository (with the credential actions/checkout persisted, or a token in their
 * environment) without a literal `git push` in the workflow. Each entry cites the tool's own documentation.
 */
export const pushCommandSchema = z
  .object({
    /** How reports name it, e.g. "mkdocs gh-deploy". */
    label: z.string().min(1),
    /** Program base names that run it (`npx`, `poetry run`, `python -m` … are unwrapped first). */
    programs: z.array(z.string().min(1)).min(1),
    /** The first argument that is not an option must be one of these; none means any invocation. */
    subcommands: z.array(z.string().min(1)).optional(),
    /** Only when some argument matches (mike pushes only with --push). */
    requires: z.instanceof(RegExp).optional(),
    /** Not when some argument matches (--no-push, --dry-run). */
    unless: z.instanceof(RegExp).optional(),
    /** It runs git push itself, so it needs `contents: write` and the persisted credential (or a token in its remote). */
    pushesWithGit: z.boolean(),
    /** Environment variables it reads a GitHub token from. */
    tokenEnv: z.array(z.string().min(1)).default([]),
    /** What it needs from GITHUB_TOKEN when the token is in one of `tokenEnv`. */
    withToken: z.array(permissionNeedSchema.omit({ when: true })).default([]),
    source: z.url({ protocol: /^https$/ }),
  })
  .strict();
export type PushCommand = z.output<typeof pushCommandSchema>;

const CONTENTS_PUSH = { scope: 'contents', level: 'write', reason: 'to push commits and tags' } as const;
const RELEASE = { scope: 'contents', level: 'write', reason: 'to create the GitHub release' } as const;

const table: z.input<typeof pushCommandSchema>[] = [
  {
    label: 'mkdocs gh-deploy',
    programs: ['mkdocs'],
    subcommands: ['gh-deploy'],
    pushesWithGit: true,
    source: 'https://www.mkdocs.org/user-guide/deploying-your-docs/',
  },
  {
    label: 'mike --push',
    programs: ['mike'],
    subcommands: ['deploy', 'delete', 'alias', 'set-default', 'retitle'],
    requires: /^(--push|-p)$/,
    pushesWithGit: true,
    source: 'https://github.com/jimporter/mike/blob/HEAD/README.md',
  },
  {
    label: 'ghp-import --push',
    programs: ['ghp-import'],
    requires: /^(--push|-[a-z]*p[a-z]*)$/,
    pushesWithGit: true,
    source: 'https://github.com/c-w/ghp-import/blob/HEAD/README.md',
  },
  {
    label: 'gh-pages',
    programs: ['gh-pages'],
    unless: /^--no-push$/,
    pushesWithGit: true,
    source: 'https://github.com/tschaub/gh-pages/blob/HEAD/readme.md',
  },
  {
    label: 'semantic-release',
    programs: ['semantic-release'],
    unless: /^(--dry-run|-d|--noop)$/,
    pushesWithGit: true,
    tokenEnv: ['GITHUB_TOKEN', 'GH_TOKEN'],
    withToken: [
      RELEASE,
      { scope: 'issues', level: 'write', reason: 'to comment on released issues' },
      { scope: 'pull-requests', level: 'write', reason: 'to comment on released pull requests' },
    ],
    source:
      'https://github.com/semantic-release/semantic-release/blob/HEAD/docs/recipes/ci-configurations/github-actions.md',
  },
  {
    label: 'changeset publish',
    programs: ['changeset'],
    subcommands: ['publish', 'tag'],
    pushesWithGit: true,
    source: 'https://github.com/changesets/changesets/blob/HEAD/packages/cli/README.md',
  },
  {
    label: 'release-it',
    programs: ['release-it'],
    unless: /^(--dry-run|-d|--no-git\.push)$/,
    pushesWithGit: true,
    tokenEnv: ['GITHUB_TOKEN'],
    withToken: [RELEASE],
    source: 'https://github.com/release-it/release-it/blob/HEAD/docs/git.md',
  },
  {
    label: 'lerna version/publish',
    programs: ['lerna'],
    subcommands: ['version', 'publish'],
    unless: /^--no-push$/,
    pushesWithGit: true,
    tokenEnv: ['GH_TOKEN', 'GITHUB_TOKEN'],
    withToken: [RELEASE],
    source: 'https://github.com/lerna/lerna/blob/HEAD/libs/commands/version/README.md',
  },
  {
    label: 'cargo release',
    programs: ['cargo'],
    subcommands: ['release'],
    requires: /^(--execute|-x)$/,
    pushesWithGit: true,
    source: 'https://github.com/crate-ci/cargo-release/blob/HEAD/docs/reference.md',
  },
  {
    label: 'tbump',
    programs: ['tbump'],
    unless: /^(--no-push|--dry-run|--only-patch)$/,
    pushesWithGit: true,
    source: 'https://github.com/your-tools/tbump/blob/HEAD/README.md',
  },
  {
    label: 'mvn release:prepare',
    programs: ['mvn', 'mvnw'],
    requires: /^release:(prepare|perform|branch)$/,
    unless: /^-DdryRun=true$/,
    pushesWithGit: true,
    source: 'https://maven.apache.org/maven-release/maven-release-plugin/examples/prepare-release.html',
  },
  {
    label: 'goreleaser release',
    programs: ['goreleaser'],
    // Bare `goreleaser` releases too; its other subcommands publish nothing.
    unless:
      /^(--snapshot|--skip=publish|--skip-publish|build|check|init|healthcheck|changelog|completion|jsonschema|help|--help|-h|--version|-v)$/,
    pushesWithGit: false,
    tokenEnv: ['GITHUB_TOKEN'],
    withToken: [RELEASE],
    source: 'https://goreleaser.com/ci/actions/',
  },
];

/** The push-command knowledge base, validated when the module loads. */
export const PUSH_COMMANDS: readonly PushCommand[] = Object.freeze(
  table.map((entry) => pushCommandSchema.parse(entry)),
);
