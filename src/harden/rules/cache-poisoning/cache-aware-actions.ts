import type { Coordinate } from './cache-controls.js';

const optIn = (input: string, type: 'boolean' | 'string', byDefault: boolean) => ({
  input,
  type,
  toggle: 'in' as const,
  byDefault,
});
const optOut = (input: string, byDefault = true) => ({
  input,
  type: 'boolean' as const,
  toggle: 'out' as const,
  byDefault,
});

/**
 * Actions that restore a cache, and the input that turns it on or off: zizmor's list
 * (crates/zizmor/src/audit/cache_poisoning.rs, KNOWN_CACHE_AWARE_ACTIONS), each read from the action's own action.yml
 * (https://github.com/<action>/blob/HEAD/action.yml). `actions/cache/restore` is added: it only restores, which is
 * the poisoning step itself.
 */
export const CACHE_AWARE_ACTIONS: readonly Coordinate[] = [
  { action: 'actions/cache', control: optOut('lookup-only') },
  { action: 'actions/cache/restore', control: optOut('lookup-only') },
  { action: 'actions/setup-java', control: optIn('cache', 'string', false) },
  { action: 'actions/setup-go', control: optIn('cache', 'boolean', true) },
  // setup-node v5 caches npm by default when package.json names its package manager.
  {
    action: 'actions/setup-node',
    control: { any: [optIn('cache', 'string', false), optIn('package-manager-cache', 'boolean', true)] },
  },
  { action: 'actions/setup-python', control: optIn('cache', 'string', false) },
  { action: 'actions/setup-dotnet', control: optIn('cache', 'boolean', false) },
  { action: 'astral-sh/setup-uv', control: optIn('enable-cache', 'boolean', true) },
  { action: 'swatinem/rust-cache', control: optOut('lookup-only') },
  { action: 'ruby/setup-ruby', control: optIn('bundler-cache', 'boolean', false) },
  { action: 'pyo3/maturin-action', control: optIn('sccache', 'boolean', false) },
  { action: 'mlugg/setup-zig', control: optIn('use-cache', 'boolean', true) },
  { action: 'oven-sh/setup-bun', control: optOut('no-cache') },
  { action: 'determinatesystems/magic-nix-cache-action', control: optIn('use-gha-cache', 'boolean', true) },
  { action: 'graalvm/setup-graalvm', control: optIn('cache', 'string', false) },
  { action: 'gradle/actions/setup-gradle', control: optOut('cache-disabled') },
  {
    action: 'docker/setup-buildx-action',
    control: { all: [optIn('cache-binary', 'boolean', true), optIn('version', 'string', false)] },
  },
  { action: 'actions-rust-lang/setup-rust-toolchain', control: optIn('cache', 'boolean', true) },
  { action: 'mozilla-actions/sccache-action' },
  { action: 'nix-community/cache-nix-action' },
  { action: 'jdx/mise-action', control: optIn('cache', 'boolean', true) },
];

/**
 * Actions that publish what the job built: zizmor's KNOWN_PUBLISHER_ACTIONS (same file). `docker/build-push-action`
 * counts unless `push: false`, as zizmor reads it.
 */
export const PUBLISHER_ACTIONS: readonly Coordinate[] = [
  { action: 'pypa/gh-action-pypi-publish' },
  { action: 'rubygems/release-gem' },
  { action: 'jreleaser/release-action' },
  { action: 'goreleaser/goreleaser-action' },
  { action: 'softprops/action-gh-release' },
  { action: 'release-drafter/release-drafter' },
  { action: 'googleapis/release-please-action' },
  { action: 'docker/build-push-action', control: optIn('push', 'boolean', true) },
  { action: 'redhat-actions/push-to-registry' },
  { action: 'aws-actions/amazon-ecs-deploy-task-definition' },
  { action: 'aws-actions/aws-cloudformation-github-deploy' },
  { action: 'azure/aci-deploy' },
  { action: 'azure/container-apps-deploy-action' },
  { action: 'azure/functions-action' },
  { action: 'azure/sql-action' },
  { action: 'cloudflare/wrangler-action' },
  { action: 'google-github-actions/deploy-appengine' },
  { action: 'google-github-actions/deploy-cloudrun' },
  { action: 'google-github-actions/deploy-cloud-functions' },
];

/** Commands that publish a package, image or release from a `run:` step (beyond zizmor, which reads actions only). */
export const PUBLISH_COMMAND =
  /\b(?:(?:npm|yarn|pnpm|poetry|uv|cargo|flit|hatch|gradlew?)[^\S\n]+(?:\S+[^\S\n]+){0,4}publish|twine[^\S\n]+upload|gem[^\S\n]+push|docker[^\S\n]+(?:image[^\S\n]+)?push|gh[^\S\n]+release[^\S\n]+(?:create|upload)|mvn[^\S\n]+(?:\S+[^\S\n]+){0,4}deploy|goreleaser[^\S\n]+release)\b/;
