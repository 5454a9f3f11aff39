import { readFileSync } from 'node:fs';
import {
  actionPermissionsEntrySchema,
  actionPermissionsFileSchema,
  actionPermissionsTable,
  lookupActionPermissions,
} from '../../../../src/harden/knowledge/action-permissions.js';

const raw: unknown = JSON.parse(
  readFileSync(new URL('../../../../src/harden/knowledge/action-permissions.json', import.meta.url), 'utf8'),
);

const needsOf = (key: string) =>
  lookupActionPermissions(key)
    ?.needs.map((n) => `${n.scope}:${n.level}${n.when ? '?' : ''}`)
    .sort();

describe('action-permissions knowledge base', () => {
  test('the file on disk validates against the schema and holds at least 80 actions', () => {
    const parsed = actionPermissionsFileSchema.parse(raw);
    expect(Object.keys(parsed.actions).length).toBeGreaterThanOrEqual(80);
    expect(actionPermissionsTable().size).toBe(Object.keys(parsed.actions).length);
  });

  test('every entry cites an https source and is keyed in lower case', () => {
    for (const [key, entry] of actionPermissionsTable()) {
      expect(key).toBe(key.toLowerCase());
      expect(new URL(entry.source).protocol).toBe('https:');
    }
  });

  test('covers every action of the hardening-rules table and the most used actions of the corpus', () => {
    const expected = [
      'actions/checkout',
      'actions/setup-node',
      'actions/setup-python',
      'actions/setup-go',
      'actions/setup-java',
      'actions/setup-dotnet',
      'ruby/setup-ruby',
      'pnpm/action-setup',
      'actions/cache',
      'actions/cache/save',
      'actions/cache/restore',
      'swatinem/rust-cache',
      'actions/upload-artifact',
      'actions/upload-pages-artifact',
      'actions/download-artifact',
      'actions/github-script',
      'github/codeql-action/init',
      'github/codeql-action/analyze',
      'github/codeql-action/upload-sarif',
      'github/codeql-action/autobuild',
      'docker/login-action',
      'docker/build-push-action',
      'docker/metadata-action',
      'docker/setup-buildx-action',
      'docker/setup-qemu-action',
      'peter-evans/create-pull-request',
      'peter-evans/create-or-update-comment',
      'marocchino/sticky-pull-request-comment',
      'softprops/action-gh-release',
      'ncipollo/release-action',
      'actions/stale',
      'actions/labeler',
      'actions/first-interaction',
      'actions/dependency-review-action',
      'codecov/codecov-action',
      'actions/deploy-pages',
      'actions/configure-pages',
      'jamesives/github-pages-deploy-action',
      'peaceiris/actions-gh-pages',
      'stefanzweifel/git-auto-commit-action',
      'release-drafter/release-drafter',
      'changesets/action',
      'aws-actions/configure-aws-credentials',
      'google-github-actions/auth',
      'azure/login',
      'pypa/gh-action-pypi-publish',
      'actions/attest-build-provenance',
      'actions/attest',
      'ossf/scorecard-action',
      'golangci/golangci-lint-action',
      'goreleaser/goreleaser-action',
      'enricomi/publish-unit-test-result-action',
      'amannn/action-semantic-pull-request',
      'dependabot/fetch-metadata',
      'github/super-linter',
      'actions/create-github-app-token',
      'step-security/harden-runner',
      'slackapi/slack-github-action',
      'trufflesecurity/trufflehog',
      'sigstore/cosign-installer',
      'astral-sh/setup-uv',
      'dtolnay/rust-toolchain',
      'taiki-e/install-action',
      'gradle/actions/setup-gradle',
      'docker/bake-action',
      'pyo3/maturin-action',
      'denoland/setup-deno',
      'azure/cli',
      'dessant/lock-threads',
      'zizmorcore/zizmor-action',
    ];
    expect(expected.filter((k) => !lookupActionPermissions(k))).toEqual([]);
  });

  test('spot checks of what actions need', () => {
    expect(needsOf('actions/checkout')).toEqual(['contents:read']);
    expect(needsOf('actions/setup-node')).toEqual([]);
    expect(needsOf('softprops/action-gh-release')).toEqual(['contents:write', 'discussions:write?']);
    expect(needsOf('actions/stale')).toEqual(['contents:write?', 'issues:write', 'pull-requests:write']);
    expect(needsOf('peter-evans/create-pull-request')).toEqual(['contents:write', 'pull-requests:write']);
    expect(needsOf('actions/deploy-pages')).toEqual(['id-token:write', 'pages:write']);
    expect(needsOf('codecov/codecov-action')).toEqual(['id-token:write?']);
    expect(needsOf('docker/login-action')).toEqual(['packages:write?']);
    expect(lookupActionPermissions('docker/login-action')).toMatchObject({
      tokenInput: 'password',
      tokenDefault: false,
    });
    expect(lookupActionPermissions('actions/stale')?.needs.find((n) => n.scope === 'contents')?.when).toEqual({
      input: 'delete-branch',
      equals: 'true',
    });
    expect(lookupActionPermissions('stefanzweifel/git-auto-commit-action')?.needsPersistedCredentials).toBe(true);
    expect(lookupActionPermissions('actions/checkout')?.needsPersistedCredentials).toBe(false);
    expect(lookupActionPermissions('actions/github-script')).toMatchObject({
      tokenInput: 'github-token',
      analysis: 'github-script',
    });
    expect(lookupActionPermissions('goreleaser/goreleaser-action')).toMatchObject({
      tokenInput: null,
      tokenEnv: ['GITHUB_TOKEN'],
    });
  });

  test('lookup ignores case and knows nothing of unlisted actions', () => {
    expect(lookupActionPermissions('Actions/Checkout')).toBe(lookupActionPermissions('actions/checkout'));
    expect(lookupActionPermissions('some-org/unknown-action')).toBeUndefined();
  });

  test('the schema refuses entries that cannot be right', () => {
    const base = { source: 'https://github.com/o/r/blob/HEAD/action.yml', tokenInput: 'token', needs: [] };
    expect(actionPermissionsEntrySchema.safeParse(base).success).toBe(true);
    expect(actionPermissionsEntrySchema.safeParse({ ...base, source: 'http://github.com/o/r' }).success).toBe(false);
    expect(
      actionPermissionsEntrySchema.safeParse({
        ...base,
        needs: [{ scope: 'contents', level: 'admin', reason: 'to x' }],
      }).success,
    ).toBe(false);
    expect(
      actionPermissionsEntrySchema.safeParse({ ...base, needs: [{ scope: 'code', level: 'read', reason: 'to x' }] })
        .success,
    ).toBe(false);
    // A need for a GITHUB_TOKEN scope with no way for the token to arrive is a mistake in the entry.
    expect(
      actionPermissionsEntrySchema.safeParse({
        ...base,
        tokenInput: null,
        needs: [{ scope: 'contents', level: 'write', reason: 'to push' }],
      }).success,
    ).toBe(false);
    expect(
      actionPermissionsEntrySchema.safeParse({
        ...base,
        tokenInput: null,
        needs: [{ scope: 'id-token', level: 'write', reason: 'to sign' }],
      }).success,
    ).toBe(true);
    expect(
      actionPermissionsEntrySchema.safeParse({
        ...base,
        needs: [
          { scope: 'contents', level: 'write', reason: 'to x', when: { input: 'a', equals: 'x', notEquals: 'y' } },
        ],
      }).success,
    ).toBe(false);
  });
});
