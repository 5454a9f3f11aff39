import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Seed } from '@rampart/github-emulator';
import { harden } from '../harden/harden.js';
import { staticActionResolver } from '../harden/resolver/static-action-resolver.js';
import {
  BABEL_REPL,
  CHECKOUT_CHECK_DIST,
  ESLINT_DOCS_CI,
  MALFORMED,
  OKHTTP_DOCS,
  TOKIO_AUDIT,
} from './demo-workflows.js';

export const DEMO_LOGIN = 'octocat';
/** octocat's GitHub user id in the demo's emulator; operators are bound to ids. */
export const DEMO_USER_ID = 583231;
export const DEMO_APP = { id: 90210, slug: 'rampart-demo', clientId: 'Iv1.rampartDemoApp', installationId: 777001 };

/** Popular action repositories with tags on the commits GitHub really has for them (as pinned across the corpus). */
const ACTION_TAGS: Record<string, Record<string, string>> = {
  'actions/checkout': {
    v7: '3d3c42e5aac5ba805825da76410c181273ba90b1',
    'v7.0.1': '3d3c42e5aac5ba805825da76410c181273ba90b1',
    v6: 'de0fac2e4500dabe0009e67214ff5f5447ce83dd',
    'v6.0.2': 'de0fac2e4500dabe0009e67214ff5f5447ce83dd',
  },
  'actions/setup-node': {
    v7: '820762786026740c76f36085b0efc47a31fe5020',
    'v7.0.0': '820762786026740c76f36085b0efc47a31fe5020',
    v6: '48b55a011bda9f5d6aeb4c2d9c7362e8dae4041e',
    'v6.4.0': '48b55a011bda9f5d6aeb4c2d9c7362e8dae4041e',
  },
  'actions/cache': {
    v6: '55cc8345863c7cc4c66a329aec7e433d2d1c52a9',
    'v6.1.0': '55cc8345863c7cc4c66a329aec7e433d2d1c52a9',
  },
  'actions/upload-artifact': {
    v7: '043fb46d1a93c77aae656e7c1c64a875d1fc6a0a',
    'v7.0.1': '043fb46d1a93c77aae656e7c1c64a875d1fc6a0a',
  },
  'actions/setup-python': {
    v6: 'a309ff8b426b58ec0e2a45f0f869d46889d02405',
    'v6.2.0': 'a309ff8b426b58ec0e2a45f0f869d46889d02405',
  },
  'actions/setup-java': {
    v5: 'b6effb05e454b25005698d916606bdc6ffcbf961',
    'v5.7.0': 'b6effb05e454b25005698d916606bdc6ffcbf961',
  },
  'actions/github-script': {
    v8: 'ed597411d8f924073f98dfc5c65a23a2325f34cd',
    'v8.0.0': 'ed597411d8f924073f98dfc5c65a23a2325f34cd',
  },
  'step-security/harden-runner': {
    v2: '9af89fc71515a100421586dfdb3dc9c984fbf411',
    'v2.19.4': '9af89fc71515a100421586dfdb3dc9c984fbf411',
  },
};

/** The demo's repositories, all private to the demo user; the names say what each one shows. */
export const DEMO_REPOSITORIES = [
  'web-frontend',
  'action-toolkit',
  'android-sdk',
  'repl-bot',
  'audited-service',
  'nightly-builds',
].map((n) => `${DEMO_LOGIN}/${n}`);

export interface DemoSeed {
  seed: Seed;
  /** The demo user's classic PAT (repo + workflow); saved through the API, never printed. */
  pat: string;
  appPrivateKeyPem: string;
  appClientSecret: string;
  appWebhookSecret: string;
}

const secret = (bytes: number) => randomBytes(bytes).toString('hex');

/** A fresh seed per demo: the PAT and the App's key and secrets are generated, so nothing secret is in the repository. */
export async function demoSeed(): Promise<DemoSeed> {
  // 36 characters after ghp_, the classic PAT format.
  const pat = `ghp_${randomBytes(27)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, '0')
    .slice(0, 36)}`;
  const appPrivateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  const appClientSecret = secret(20);
  const appWebhookSecret = secret(20);
  const files = (workflows: Record<string, string>, readme: string) => ({
    'README.md': `${readme}\n`,
    ...Object.fromEntries(Object.entries(workflows).map(([name, text]) => [`.github/workflows/${name}`, text])),
  });
  const repo = (name: string, description: string, f: Record<string, string>, defaultBranch = 'main') => ({
    owner: DEMO_LOGIN,
    name,
    private: true,
    description,
    default_branch: defaultBranch,
    files: f,
  });
  const seed: Seed = {
    users: [{ login: DEMO_LOGIN, id: DEMO_USER_ID, email: 'octocat@example.com', name: 'The Octocat' }],
    orgs: [
      { login: 'actions', id: 44036562, members: {} },
      { login: 'step-security', id: 76474930, members: {} },
    ],
    repositories: [
      ...Object.entries(ACTION_TAGS).map(([full, tags]) => {
        const [owner, name] = full.split('/') as [string, string];
        return {
          owner,
          name,
          private: false,
          default_branch: 'main',
          files: { 'action.yml': `name: ${name}\nruns:\n  using: node24\n  main: dist/index.js\n` },
          tags: Object.fromEntries(Object.entries(tags).map(([t, sha]) => [t, { sha }])),
        };
      }),
      repo('web-frontend', 'Docs site: Node CI', files({ 'docs-ci.yml': ESLINT_DOCS_CI }, '# web-frontend')),
      repo(
        'action-toolkit',
        'A JavaScript action with a dist check',
        files({ 'check-dist.yml': CHECKOUT_CHECK_DIST }, '# action-toolkit'),
      ),
      repo('android-sdk', 'Gradle docs build', files({ 'docs.yml': OKHTTP_DOCS }, '# android-sdk')),
      repo('repl-bot', 'A pull_request_target bot', files({ 'repl.yml': BABEL_REPL }, '# repl-bot')),
      repo('audited-service', 'Already hardened by Rampart', {
        'README.md': '# audited-service\n',
        ...(await hardenedFiles()),
      }),
      repo(
        'nightly-builds',
        'One good workflow, one malformed',
        files({ 'ci.yml': ESLINT_DOCS_CI, 'nightly.yml': MALFORMED }, '# nightly-builds'),
        'trunk',
      ),
    ],
    tokens: [
      {
        token: pat,
        kind: 'classic',
        user: DEMO_LOGIN,
        scopes: ['repo', 'workflow', 'read:org'],
        expires_at: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
      },
    ],
    apps: [
      {
        id: DEMO_APP.id,
        slug: DEMO_APP.slug,
        name: 'Rampart (demo)',
        owner: DEMO_LOGIN,
        client_id: DEMO_APP.clientId,
        client_secret: appClientSecret,
        private_key_pem: appPrivateKeyPem,
        webhook_secret: appWebhookSecret,
        permissions: { contents: 'write', pull_requests: 'write', workflows: 'write', metadata: 'read' },
        installations: [{ id: DEMO_APP.installationId, account: DEMO_LOGIN, repositories: 'all' }],
      },
    ],
  };
  return { seed, pat, appPrivateKeyPem, appClientSecret, appWebhookSecret };
}

/** What Rampart itself makes of a corpus workflow, so one repository starts out already hardened. */
async function hardenedFiles(): Promise<Record<string, string>> {
  const resolver = staticActionResolver(
    Object.fromEntries(Object.entries(ACTION_TAGS).map(([full, tags]) => [full, { tags }])),
  );
  const path = '.github/workflows/audit.yml';
  const result = await harden({ files: new Map([[path, new TextEncoder().encode(TOKIO_AUDIT)]]), resolver });
  const out: Record<string, string> = { [path]: TOKIO_AUDIT };
  for (const [p, bytes] of result.changes) out[p] = new TextDecoder().decode(bytes);
  return out;
}
